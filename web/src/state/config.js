// The playground's configuration: one plain object, and one declarative table
// (PARAMS) that drives the form controls, validation, the share link and the
// Python export. Pure: no DOM, testable under node.
//
// config = {
//   data:      { generator, n_samples, noise, factor, centers, cluster_std, n_features, seed,
//                testFraction, standardize, derived: ['x2', ...], edits: { added: [[...]], removed: [i, ...] },
//                csv: null | { name, task, nFeatures, nClasses, classNames, nSamples, targetName, targetColumn,
//                       hasHeader, delimiter, imageShape, featureNames } (the loaded CSV
//                file's facts; its rows live in data/tables.js, and a link cannot carry them) },
//   model:     scikit-learn's MLP parameters under their own names,
//   precision: 'float64' | 'float32',
//   train:     { speed: 1 | 5 | 20 | 60 | 'max' (epochs per second while playing), stopAtFit },
//   view:      { discretize, showTest, logScale },
//   embed:     { enabled, show: [ids], lock: [ids], autoplay },
// }

/**
 * The share link's format. 1: values that differ from DEFAULTS (one set for every dataset);
 * 2: values that differ from the link's dataset's own defaults (state/dataset-defaults.js).
 * Links of format 1, and links without a version, are still read with DEFAULTS.
 */
export const FORMAT_VERSION = 2;
export const MAX_LAYERS = 10;
export const MAX_UNITS = 512;
export const MAX_SAMPLES = 20000;
export const MAX_SEED = 2 ** 32 - 1;
export const SOLVERS = ['adam', 'sgd', 'lbfgs'];
export const DERIVED = ['x2', 'y2', 'xy', 'sinx', 'siny'];
export const DERIVED_LABELS = { x2: 'x²', y2: 'y²', xy: 'x·y', sinx: 'sin x', siny: 'sin y' };

/**
 * The datasets. core: the engine's generator name (for a table: scikit-learn's loader);
 * params: the data fields it uses; nFeatures: raw input columns; sklearn: scikit-learn
 * has the same generator. table: rows loaded whole and split by the engine (the bundled
 * iris and digits, the user's CSV file: data/tables.js), not generated.
 */
export const GENERATORS = {
  moons: { label: 'Moons', core: 'make_moons', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'noise'] },
  circles: { label: 'Circles', core: 'make_circles', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'noise', 'factor'] },
  blobs: { label: 'Blobs', core: 'make_blobs', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'centers', 'cluster_std'] },
  xor: { label: 'XOR', core: 'xor', task: 'classification', nFeatures: 2, params: ['n_samples', 'noise'] },
  spirals: { label: 'Spirals', core: 'spirals', task: 'classification', nFeatures: 2, params: ['n_samples', 'noise'] },
  gaussian: { label: 'Gaussian', core: 'gaussian', task: 'classification', nFeatures: 2,
    params: ['n_samples', 'noise'] },
  regression: { label: 'Regression', core: 'make_regression', task: 'regression', nFeatures: null, sklearn: true,
    params: ['n_samples', 'n_features', 'noise'] },
  plane: { label: 'Plane', core: 'plane', task: 'regression', nFeatures: 2, params: ['n_samples', 'noise'] },
  sine: { label: 'Sine (1-D)', core: 'sine', task: 'regression', nFeatures: 1, params: ['n_samples', 'noise'] },
  iris: { label: 'Iris', core: 'load_iris', task: 'classification', nFeatures: 4, nClasses: 3, nSamples: 150, sklearn: true, table: 'iris',
    params: [], inputs: ['sepal length', 'sepal width', 'petal length', 'petal width'] },
  digits: { label: 'Digits 8x8', core: 'load_digits', task: 'classification', nFeatures: 64, nClasses: 10, nSamples: 1797, sklearn: true,
    table: 'digits', params: [], imageShape: [8, 8] },
  csv: { label: 'Your CSV', core: 'read_csv', task: null, nFeatures: null, table: 'csv', params: [] },
};

/** scikit-learn 1.2.1's defaults (the Python export writes what differs from them). */
export const SKLEARN_DEFAULTS = {
  hidden_layer_sizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 0.0001,
  batch_size: 'auto',
  learning_rate: 'constant',
  learning_rate_init: 0.001,
  power_t: 0.5,
  max_iter: 200,
  shuffle: true,
  random_state: null,
  tol: 0.0001,
  momentum: 0.9,
  nesterovs_momentum: true,
  early_stopping: false,
  validation_fraction: 0.1,
  beta_1: 0.9,
  beta_2: 0.999,
  epsilon: 1e-8,
  n_iter_no_change: 10,
  max_fun: 15000,
};

const ALL = SOLVERS;
const STOCHASTIC = ['sgd', 'adam'];

const solverNote = (solvers) => (config) => {
  const solver = config.model.solver;
  return solvers.includes(solver) ? null : `ignored by ${solver}`;
};

/**
 * Every control. id: the control's (and embed show/lock) name; path: where it
 * lives in the config; key: its short, stable key in the share link (never
 * change one: old links use it); names: other keys accepted when reading a link.
 * type: enum | int | real | bool | layers | batch | patience | features | seed.
 * ignoredWhy(config): a note when the current settings make the engine ignore it.
 */
export const PARAMS = [
  // ---- data
  { id: 'generator', path: 'data.generator', key: 'g', group: 'data', type: 'enum', label: 'Dataset', aliases: ['dataset'],
    options: Object.keys(GENERATORS), optionLabels: Object.fromEntries(Object.entries(GENERATORS).map(([k, g]) => [k, g.label])),
    default: 'moons', help: 'The data to learn. Classification sets train an MLPClassifier, regression sets an MLPRegressor.' },
  { id: 'n_samples', path: 'data.n_samples', key: 'n', group: 'data', type: 'int', label: 'n_samples', min: 10,
    max: MAX_SAMPLES, sliderMax: 3000, step: 10, default: 300, help: 'Number of points generated (training and test together).',
    hiddenWhy: (c) => (GENERATORS[c.data.generator].params.includes('n_samples') ? null : 'fixed by the dataset') },
  { id: 'noise', path: 'data.noise', key: 'nz', group: 'data', type: 'real', label: 'noise', min: 0,
    max: (c) => (c.data.generator === 'regression' ? 100 : 2), step: (c) => (c.data.generator === 'regression' ? 1 : 0.01),
    sliderMax: (c) => (c.data.generator === 'regression' ? 50 : 1), default: 0.2,
    help: 'Standard deviation of the Gaussian noise added to the points (to the target for regression sets).',
    hiddenWhy: (c) => (GENERATORS[c.data.generator].params.includes('noise') ? null : 'not used by this dataset') },
  { id: 'factor', path: 'data.factor', key: 'f', group: 'data', type: 'real', label: 'factor', min: 0, max: 1,
    minOpen: true, maxOpen: true, step: 0.01, default: 0.5, help: 'make_circles: scale of the inner circle relative to the outer one.',
    hiddenWhy: (c) => (c.data.generator === 'circles' ? null : 'circles only') },
  { id: 'centers', path: 'data.centers', key: 'c', group: 'data', type: 'int', label: 'centers', min: 2, max: 5,
    step: 1, default: 3, help: 'make_blobs: number of clusters (classes).',
    hiddenWhy: (c) => (c.data.generator === 'blobs' ? null : 'blobs only') },
  { id: 'cluster_std', path: 'data.cluster_std', key: 'cs', group: 'data', type: 'real', label: 'cluster_std', min: 0,
    max: 10, minOpen: true, step: 0.1, sliderMax: 5, default: 1.5, help: 'make_blobs: standard deviation of each cluster.',
    hiddenWhy: (c) => (c.data.generator === 'blobs' ? null : 'blobs only') },
  { id: 'n_features', path: 'data.n_features', key: 'nf', group: 'data', type: 'enum', label: 'n_features',
    options: [1, 2], default: 1, help: 'make_regression: number of input features (1 draws a curve, 2 a surface).',
    hiddenWhy: (c) => (c.data.generator === 'regression' ? null : 'regression only') },
  { id: 'data_seed', path: 'data.seed', key: 'ds', group: 'data', type: 'seed', label: 'random_state (data)',
    default: 0, help: 'Seed of the data generator and of the train/test split (train_test_split random_state).' },
  { id: 'test_fraction', path: 'data.testFraction', key: 'tf', group: 'data', type: 'real', label: 'test_size',
    min: 0, max: 0.9, step: 0.05, default: 0.25, help: 'Fraction of the points held out as test data (train_test_split test_size).' },
  { id: 'standardize', path: 'data.standardize', key: 'sc', group: 'data', type: 'bool', label: 'StandardScaler',
    default: false, help: 'Standardise every input column (mean 0, variance 1, fitted on the training rows) before the network.' },
  { id: 'features', path: 'data.derived', key: 'fx', group: 'data', type: 'features', label: 'Derived features',
    default: [], help: 'Extra inputs computed from x and y, appended after them.' },
  // ---- architecture
  { id: 'hidden_layer_sizes', path: 'model.hidden_layer_sizes', key: 'h', group: 'architecture', type: 'layers',
    label: 'hidden_layer_sizes', default: [8, 8],
    help: `Neurons in each hidden layer (0 to ${MAX_LAYERS} layers of 1 to ${MAX_UNITS} neurons).` },
  { id: 'activation', path: 'model.activation', key: 'act', group: 'architecture', type: 'enum', label: 'activation',
    options: ['identity', 'logistic', 'tanh', 'relu', 'leaky_relu'], optionLabels: { leaky_relu: 'leaky_relu (beyond sklearn)' },
    default: 'relu', help: 'Activation function of the hidden layers (leaky_relu is beyond scikit-learn).' },
  // ---- solver
  { id: 'solver', path: 'model.solver', key: 'sol', group: 'solver', type: 'enum', label: 'solver', options: SOLVERS,
    default: 'adam', help: 'adam: stochastic Adam; sgd: stochastic gradient descent; lbfgs: quasi-Newton on the whole set.' },
  { id: 'batch_size', path: 'model.batch_size', key: 'bs', group: 'solver', type: 'batch', label: 'batch_size', min: 1,
    max: 100000, default: 'auto', help: "Minibatch size: 'auto' is min(200, n_samples).", ignoredWhy: solverNote(STOCHASTIC) },
  { id: 'learning_rate', path: 'model.learning_rate', key: 'lr', group: 'solver', type: 'enum', label: 'learning_rate',
    options: ['constant', 'invscaling', 'adaptive'], default: 'constant',
    help: 'Schedule of the sgd step size: constant, invscaling (decays with power_t) or adaptive (divided by 5 on plateaus).',
    ignoredWhy: solverNote(['sgd']) },
  { id: 'learning_rate_init', path: 'model.learning_rate_init', key: 'lri', group: 'solver', type: 'real',
    label: 'learning_rate_init', min: 0, minOpen: true, max: 10, step: 0.001, default: 0.01, log: true,
    help: 'Initial step size of sgd and adam.', ignoredWhy: solverNote(STOCHASTIC) },
  { id: 'power_t', path: 'model.power_t', key: 'pt', group: 'solver', type: 'real', label: 'power_t', min: 0, max: 10,
    step: 0.05, default: 0.5, help: "Exponent of the 'invscaling' schedule: rate = learning_rate_init / t^power_t.",
    ignoredWhy: (c) => solverNote(['sgd'])(c) ?? (c.model.learning_rate === 'invscaling' ? null : `ignored unless learning_rate is 'invscaling'`) },
  { id: 'momentum', path: 'model.momentum', key: 'mo', group: 'solver', type: 'real', label: 'momentum', min: 0, max: 1,
    step: 0.05, default: 0.9, help: 'Momentum of the sgd updates (0 to 1).', ignoredWhy: solverNote(['sgd']) },
  { id: 'nesterovs_momentum', path: 'model.nesterovs_momentum', key: 'nm', group: 'solver', type: 'bool',
    label: 'nesterovs_momentum', default: true, help: "Use Nesterov's momentum (sgd with momentum > 0).",
    ignoredWhy: (c) => solverNote(['sgd'])(c) ?? (c.model.momentum > 0 ? null : 'ignored when momentum is 0') },
  { id: 'beta_1', path: 'model.beta_1', key: 'b1', group: 'solver', type: 'real', label: 'beta_1', min: 0, max: 1,
    maxOpen: true, step: 0.01, default: 0.9, help: "Adam's decay rate of the first-moment estimate, in [0, 1).",
    ignoredWhy: solverNote(['adam']) },
  { id: 'beta_2', path: 'model.beta_2', key: 'b2', group: 'solver', type: 'real', label: 'beta_2', min: 0, max: 1,
    maxOpen: true, step: 0.001, default: 0.999, help: "Adam's decay rate of the second-moment estimate, in [0, 1).",
    ignoredWhy: solverNote(['adam']) },
  { id: 'epsilon', path: 'model.epsilon', key: 'eps', group: 'solver', type: 'real', label: 'epsilon', min: 0,
    minOpen: true, max: 1, default: 1e-8, log: true, help: "Adam's numerical-stability term (> 0).",
    ignoredWhy: solverNote(['adam']) },
  { id: 'max_fun', path: 'model.max_fun', key: 'mf', group: 'solver', type: 'int', label: 'max_fun', min: 1,
    max: 1e9, default: 15000, help: 'lbfgs: maximum number of loss-function calls.', ignoredWhy: solverNote(['lbfgs']) },
  // ---- regularisation
  { id: 'alpha', path: 'model.alpha', key: 'a', group: 'regularisation', type: 'real', label: 'alpha', min: 0, max: 100,
    default: 0.0001, log: true, help: 'Strength of the L2 penalty on the weights (larger: smoother boundary).' },
  // ---- beyond scikit-learn: the engine's opt-in extensions (sent to it only when not at their defaults)
  { id: 'leaky_slope', path: 'model.leaky_slope', key: 'lks', group: 'beyond', type: 'real', label: 'leaky_slope',
    min: 0, max: 1, minOpen: true, maxOpen: true, step: 0.01, default: 0.01, log: true, beyond: true,
    teach: 'Teaches: negative inputs keep a small gradient, so no unit dies.',
    help: 'Slope of leaky_relu for negative inputs: a unit never goes fully silent, so no units die (unlike relu).',
    hiddenWhy: (c) => (c.model.activation === 'leaky_relu' ? null : 'leaky_relu only') },
  { id: 'init', path: 'model.init', key: 'ini', group: 'beyond', type: 'enum', label: 'init',
    options: ['glorot', 'he', 'zeros'], optionLabels: { glorot: 'glorot (= scikit-learn)', he: 'he', zeros: 'zeros' },
    default: 'glorot', beyond: true,
    teach: 'Teaches: He init suits relu; all-zeros init shows the symmetry failure.',
    help: "Initial weights: glorot is scikit-learn's; he suits relu; zeros shows the symmetry failure (all units of a layer stay identical)." },
  { id: 'l1', path: 'model.l1', key: 'l1', group: 'beyond', type: 'real', label: 'l1', min: 0, max: 100, default: 0,
    log: true, beyond: true,
    teach: 'Teaches: L1 drives weights to exact zeros (a sparse network).', help: 'Strength of an L1 penalty on the weights: its proximal step drives weights to exact zeros.' },
  { id: 'dropout', path: 'model.dropout', key: 'do', group: 'beyond', type: 'real', label: 'dropout', min: 0, max: 1,
    maxOpen: true, step: 0.05, default: 0, beyond: true,
    teach: 'Teaches: dropping hidden units in training regularises.',
    help: 'Fraction of hidden units dropped at random in each training step: regularises (sgd and adam only).',
    ignoredWhy: solverNote(STOCHASTIC) },
  // ---- stopping
  { id: 'max_iter', path: 'model.max_iter', key: 'mi', group: 'stopping', type: 'int', label: 'max_iter', min: 1,
    max: 1e7, default: 1000, help: 'Maximum number of epochs (iterations for lbfgs).' },
  { id: 'tol', path: 'model.tol', key: 'tol', group: 'stopping', type: 'real', label: 'tol', min: 0, max: 10,
    default: 0.0001, log: true, help: 'Improvement below tol for n_iter_no_change epochs stops training.' },
  { id: 'n_iter_no_change', path: 'model.n_iter_no_change', key: 'nic', group: 'stopping', type: 'patience',
    label: 'n_iter_no_change', min: 1, max: 1e6, default: 10,
    help: "Epochs without an improvement of tol before stopping ('inf' never stops early).",
    ignoredWhy: solverNote(STOCHASTIC) },
  { id: 'early_stopping', path: 'model.early_stopping', key: 'es', group: 'stopping', type: 'bool',
    label: 'early_stopping', default: false,
    help: 'Hold out validation_fraction of the training data and stop when its score stops improving.',
    ignoredWhy: solverNote(STOCHASTIC) },
  { id: 'validation_fraction', path: 'model.validation_fraction', key: 'vf', group: 'stopping', type: 'real',
    label: 'validation_fraction', min: 0, max: 1, minOpen: true, maxOpen: true, step: 0.05, default: 0.1,
    help: 'Fraction of the training data held out for early stopping.',
    ignoredWhy: (c) => solverNote(STOCHASTIC)(c) ?? (c.model.early_stopping ? null : 'used only with early_stopping') },
  // ---- reproducibility
  { id: 'random_state', path: 'model.random_state', key: 'rs', group: 'reproducibility', type: 'seed',
    label: 'random_state', default: 0, help: 'Seed of the initial weights, the shuffles and the validation split.' },
  { id: 'shuffle', path: 'model.shuffle', key: 'sh', group: 'reproducibility', type: 'bool', label: 'shuffle',
    default: true, help: 'Shuffle the training data every epoch.', ignoredWhy: solverNote(STOCHASTIC) },
  { id: 'precision', path: 'precision', key: 'p', group: 'reproducibility', type: 'enum', label: 'precision',
    options: ['float64', 'float32'], optionLabels: { float64: 'float64 (as scikit-learn)', float32: 'float32 (fast)' },
    default: 'float64', help: "float64 reproduces scikit-learn's sgd and adam runs exactly (weights, shuffles, loss curve); " +
      "lbfgs follows the engine's own L-BFGS, close to scipy's but not the same path. float32 trains faster.",
    noteWhy: (c) => (c.model.solver === 'lbfgs' ? "lbfgs: the engine's own L-BFGS; n_iter_ and loss_ differ from scikit-learn's" : null) },
  // ---- training: how the page trains (a change never restarts the run)
  { id: 'speed', path: 'train.speed', key: 'sp', group: 'training', type: 'enum', label: 'Speed',
    options: [1, 5, 20, 60, 'max'],
    optionLabels: { 1: '1 epoch/s', 5: '5 epochs/s', 20: '20 epochs/s', 60: '60 epochs/s', max: 'Fastest' },
    default: 20, help: 'Epochs trained per second while playing. Up to 20 a second every epoch is drawn (the boundary, ' +
      'the curves, the network); Fastest trains as fast as the machine can and draws about ten times a second.' },
  { id: 'stop_at_fit', path: 'train.stopAtFit', key: 'saf', group: 'training', type: 'bool', label: 'Stop where fit() stops',
    default: false, help: "Pause where scikit-learn's fit() would stop (its tol / n_iter_no_change rule, or max_iter). " +
      'Unticked, training goes on past that point and the loss chart marks it. Either way Play or Step carries on ' +
      'from the current weights.' },
  // ---- view
  { id: 'discretize', path: 'view.discretize', key: 'dz', group: 'view', type: 'bool', label: 'Discretize output',
    default: false, help: 'Show the predicted class (or rounded value) instead of the probability.' },
  { id: 'show_test', path: 'view.showTest', key: 'st', group: 'view', type: 'bool', label: 'Show test data',
    default: false, help: 'Draw the test points (outlined) as well as the training points.' },
  { id: 'log_scale', path: 'view.logScale', key: 'ls', group: 'view', type: 'bool', label: 'Log scale',
    default: false, help: 'Loss chart on a logarithmic scale.' },
];

export const PARAM_BY_ID = Object.fromEntries(PARAMS.map((p) => [p.id, p]));
export const GROUPS = {
  data: 'Data',
  architecture: 'Architecture',
  solver: 'Solver',
  regularisation: 'Regularisation',
  stopping: 'Stopping',
  reproducibility: 'Reproducibility',
  beyond: 'Beyond scikit-learn',
  training: 'Training',
  view: 'View',
};

/** Controls that are not parameters but can be shown/locked in embed mode. */
export const ACTION_IDS = ['play', 'step', 'reset', 'reseed', 'edit'];
export const CONTROL_IDS = [...PARAMS.map((p) => p.id), ...ACTION_IDS];
export const EMBED_DEFAULT_SHOW = ['generator', 'noise', 'hidden_layer_sizes', 'activation', 'learning_rate_init'];
/** The panels an embed can show (show=plane,loss,...): the data plane, the loss chart, the network, the lesson's text. */
export const PANEL_IDS = ['plane', 'loss', 'network', 'lesson'];
/** The training bar's buttons an embed can show (show=play,step,...). */
export const BUTTON_IDS = ['play', 'step', 'reset', 'reseed'];
/** Without panels in show: the plane, and a lesson's text unfolded. */
export const EMBED_DEFAULT_PANELS = ['plane', 'lesson'];
/** Without buttons in show: Play, Step and Reset (a new seed is a choice of the teacher's). */
export const EMBED_DEFAULT_BUTTONS = ['play', 'step', 'reset'];

/**
 * What an embed shows, from its show= list: { controls, panels, buttons }. Panels and buttons
 * named in the list are the only ones shown; a list without any keeps their defaults (the panels
 * `mentioned` by a lesson step's text added); controls (parameters and the point editor) default
 * to EMBED_DEFAULT_SHOW when the list is empty.
 */
export function embedLayout(show = [], { mentioned = [] } = {}) {
  // A lesson step's text may name panels (the loss chart, the Network panel): without a choice of
  // the teacher's, they are shown too.
  const chosen = show.filter((id) => PANEL_IDS.includes(id));
  const panels = chosen.length ? chosen : PANEL_IDS.filter((id) => EMBED_DEFAULT_PANELS.includes(id) || mentioned.includes(id));
  const buttons = show.filter((id) => BUTTON_IDS.includes(id));
  const controls = show.filter((id) => !PANEL_IDS.includes(id) && !BUTTON_IDS.includes(id));
  return {
    controls: show.length ? controls : [...EMBED_DEFAULT_SHOW],
    panels,
    buttons: buttons.length ? buttons : [...EMBED_DEFAULT_BUTTONS],
  };
}

// ---- paths

export function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** A copy of obj with path set to value (copies only the objects on the path). */
export function setPath(obj, path, value) {
  const [head, ...rest] = path.split('.');
  return { ...obj, [head]: rest.length ? setPath(obj[head] ?? {}, rest.join('.'), value) : value };
}

const clone = (v) => (typeof structuredClone === 'function' ? structuredClone(v) : JSON.parse(JSON.stringify(v)));

function buildDefaults() {
  let c = { data: { edits: { added: [], removed: [] }, csv: null }, model: {}, view: {}, pins: [], lesson: null, embed: { enabled: false, show: [], lock: [], autoplay: false } };
  for (const p of PARAMS) c = setPath(c, p.path, clone(p.default));
  return c;
}

/** The page's defaults (they differ from scikit-learn's where a playground needs it). */
export const DEFAULTS = Object.freeze(buildDefaults());

/** A fresh, mutable copy of the defaults. */
export const defaultConfig = () => clone(DEFAULTS);
export const cloneConfig = clone;

// ---- derived facts

export const generatorOf = (config) => GENERATORS[config.data.generator] ?? GENERATORS.moons;
export const taskOf = (config) => generatorOf(config).task ?? config.data.csv?.task ?? 'classification';
/** The table behind the dataset ('iris', 'digits', 'csv'), or null for a generator. */
export const tableOf = (config) => generatorOf(config).table ?? null;
export const estimatorOf = (config) => (taskOf(config) === 'regression' ? 'MLPRegressor' : 'MLPClassifier');

/** Raw input columns of the dataset (1 or 2 for the generators; a table's count; 0 before a CSV is loaded). */
export function nFeaturesOf(config) {
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nFeatures ?? 0;
  return g.nFeatures ?? config.data.n_features;
}

/** True when the data are points of the plane (or a line): the boundary view and the point editor apply. */
export const isPlanar = (config) => {
  const n = nFeaturesOf(config);
  return n >= 1 && n <= 2;
};

/** The images' [rows, cols] when the features are pixels (digits, or a CSV with a square count), else null. */
export function imageShapeOf(config) {
  const g = generatorOf(config);
  if (g.imageShape) return g.imageShape;
  return g.table === 'csv' ? config.data.csv?.imageShape ?? null : null;
}

/** Number of classes a classification set has (null for regression). */
export function nClassesOf(config) {
  if (taskOf(config) !== 'classification') return null;
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nClasses ?? 2;
  if (g.nClasses) return g.nClasses;
  return config.data.generator === 'blobs' ? config.data.centers : 2;
}

/** The derived features that apply to this dataset (1-D data have no y). */
export function activeDerived(config) {
  if (!isPlanar(config)) return [];
  const oneD = nFeaturesOf(config) === 1;
  return DERIVED.filter((f) => config.data.derived.includes(f) && !(oneD && ['y2', 'xy', 'siny'].includes(f)));
}

/** The class names of the dataset when it has its own (a CSV file's labels as text), else null. */
export function classNamesOf(config) {
  if (taskOf(config) !== 'classification') return null;
  return tableOf(config) === 'csv' ? config.data.csv?.classNames ?? null : null;
}

/**
 * The names of the plane's axes: a CSV file's columns (with one column: the column and the
 * target), else null (the generated data's x and y stay unnamed).
 */
export function axisNames(config) {
  const none = { x: null, y: null };
  if (!isPlanar(config) || tableOf(config) !== 'csv') return none;
  const names = config.data.csv?.featureNames ?? [];
  const n = nFeaturesOf(config);
  if (names.length !== n) return none;
  return n === 1 ? { x: names[0], y: config.data.csv.targetName ?? null } : { x: names[0], y: names[1] };
}

/** The derived features written with the columns' names: x², y², x·y, sin x, sin y. */
const NAMED_DERIVED = {
  x2: (x) => `${x}²`,
  y2: (x, y) => `${y}²`,
  xy: (x, y) => `${x}·${y}`,
  sinx: (x) => `sin(${x})`,
  siny: (x, y) => `sin(${y})`,
};

/** A derived feature's label: x², x·y, ... or, with named columns, size², size·weight, sin(weight). */
export function derivedLabel(config, f) {
  const { x, y } = axisNames(config);
  if (!x) return DERIVED_LABELS[f];
  return NAMED_DERIVED[f](x, nFeaturesOf(config) === 1 ? 'y' : y ?? 'y');
}

/** Names of the network's inputs, in order. */
export function inputLabels(config) {
  const n = nFeaturesOf(config);
  if (!isPlanar(config)) {
    // Pixels by (row, column); other columns as f1, f2, ... (not x1: that names the plane's x).
    const shape = imageShapeOf(config);
    if (shape) return Array.from({ length: n }, (_, k) => `(${Math.floor(k / shape[1])},${k % shape[1]})`);
    const named = generatorOf(config).inputs ?? (tableOf(config) === 'csv' ? config.data.csv?.featureNames : null);
    return named?.length === n ? named : Array.from({ length: n }, (_, k) => `f${k + 1}`);
  }
  const { x, y } = axisNames(config);
  const raw = n === 1 ? [x ?? 'x'] : [x ?? 'x', y ?? 'y'];
  return [...raw, ...activeDerived(config).map((f) => derivedLabel(config, f))];
}

/**
 * Names of the network's outputs: ŷ for a regression; for a classifier the probability of each
 * class by its name (classNames: a table's, e.g. "P(setosa)"; "P(class 1)" without), one unit
 * for two classes (the second class's probability).
 */
export function outputLabels(config, nOut, classNames = classNamesOf(config)) {
  if (taskOf(config) === 'regression') return Array.from({ length: nOut }, (_, k) => (nOut === 1 ? 'ŷ' : `ŷ${k + 1}`));
  const name = (k) => classNames?.[k] ?? `class ${k}`;
  if (nOut === 1) return [`P(${name(1)})`];
  return Array.from({ length: nOut }, (_, k) => `P(${name(k)})`);
}

/** The note shown beside a control the current settings make the engine ignore, or null. */
export function ignoredWhy(param, config) {
  return param.ignoredWhy ? param.ignoredWhy(config) : null;
}

/** A note on how the current settings use a control (shown, not dimmed), or null. */
export function noteWhy(param, config) {
  return param.noteWhy ? param.noteWhy(config) : null;
}

/** True when the control does not apply to the current dataset and is hidden. */
export function isHidden(param, config) {
  return param.hiddenWhy ? param.hiddenWhy(config) !== null : false;
}

// ---- values: parse, check, format

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const resolve = (v, config) => (typeof v === 'function' ? v(config) : v);

/** Short readable text of a number ("0.0001", "1e-8"). */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  return String(v);
}

function parseNumber(text) {
  const t = String(text).trim().replace(/ /g, '+');
  return NUMBER.test(t) ? Number(t) : NaN;
}

/** What a parameter allows, in words ("a number in [0, 1)"). */
export function allowedText(param, config = DEFAULTS) {
  const min = resolve(param.min, config);
  const max = resolve(param.max, config);
  const range = () =>
    `${param.minOpen ? '(' : '['}${formatNumber(min)}, ${formatNumber(max)}${param.maxOpen ? ')' : ']'}`;
  switch (param.type) {
    case 'enum':
      return `one of ${param.options.map((o) => (typeof o === 'string' ? `'${o}'` : o)).join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'int':
      return `an integer from ${formatNumber(min)} to ${formatNumber(max)}`;
    case 'real':
      return `a number in ${range()}`;
    case 'seed':
      return `an integer from 0 to ${MAX_SEED}`;
    case 'batch':
      return `'auto' or an integer from ${min} to ${max}`;
    case 'patience':
      return `an integer from ${min} to ${max}, or 'inf'`;
    case 'layers':
      return `0 to ${MAX_LAYERS} layer sizes, each an integer from 1 to ${MAX_UNITS}`;
    case 'features':
      return `a list of ${DERIVED.join(', ')}`;
    default:
      return 'a valid value';
  }
}

function inRange(param, v, config) {
  const min = resolve(param.min, config);
  const max = resolve(param.max, config);
  if (min !== undefined && (param.minOpen ? !(v > min) : !(v >= min))) return false;
  if (max !== undefined && (param.maxOpen ? !(v < max) : !(v <= max))) return false;
  return true;
}

/** null if value is valid for param (under config), else a message naming the parameter and the value. */
export function checkValue(param, value, config = DEFAULTS) {
  const ok = (() => {
    switch (param.type) {
      case 'enum':
        return param.options.includes(value);
      case 'bool':
        return typeof value === 'boolean';
      case 'int':
        return Number.isSafeInteger(value) && inRange(param, value, config);
      case 'real':
        return typeof value === 'number' && Number.isFinite(value) && inRange(param, value, config);
      case 'seed':
        return Number.isSafeInteger(value) && value >= 0 && value <= MAX_SEED;
      case 'batch':
        return value === 'auto' || (Number.isSafeInteger(value) && inRange(param, value, config));
      case 'patience':
        return value === 'inf' || value === Infinity || (Number.isSafeInteger(value) && inRange(param, value, config));
      case 'layers':
        return Array.isArray(value) && value.length <= MAX_LAYERS &&
          value.every((u) => Number.isSafeInteger(u) && u >= 1 && u <= MAX_UNITS);
      case 'features':
        return Array.isArray(value) && value.every((f) => DERIVED.includes(f)) && new Set(value).size === value.length;
      default:
        return false;
    }
  })();
  return ok ? null : `${param.label} must be ${allowedText(param, config)}; got ${describeValue(value)}`;
}

function describeValue(v) {
  if (typeof v === 'string') return v === '' ? 'nothing' : `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/**
 * Reads a value typed by a user or found in a link: { value } or { error }.
 * Accepts a little more than the link writes (true/false, 'inf', lists separated by , _ . space).
 */
export function parseValue(param, text, config = DEFAULTS) {
  const t = String(text ?? '').trim();
  let value;
  switch (param.type) {
    case 'enum': {
      const match = param.options.find((o) => String(o).toLowerCase() === t.toLowerCase());
      value = match === undefined ? t : match;
      break;
    }
    case 'bool':
      value = { 1: true, true: true, yes: true, on: true, 0: false, false: false, no: false, off: false }[t.toLowerCase()];
      if (value === undefined) value = t;
      break;
    case 'int':
    case 'seed':
    case 'real':
      value = t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'batch':
      value = t.toLowerCase() === 'auto' ? 'auto' : t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'patience':
      value = ['inf', 'infinity', 'np.inf'].includes(t.toLowerCase()) ? 'inf' : t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'layers': {
      const parts = t.replace(/^[([]|[)\]]$/g, '').split(/[\s,_.;x-]+/).filter(Boolean);
      const nums = parts.map(parseNumber);
      value = t === '' || t === '0' || t.toLowerCase() === 'none' ? [] : nums.some(Number.isNaN) ? t : nums;
      break;
    }
    case 'features':
      value = t === '' || t.toLowerCase() === 'none' ? [] : t.split(/[\s,_.;]+/).filter(Boolean).map((f) => f.toLowerCase());
      break;
    default:
      value = t;
  }
  const error = checkValue(param, value, config);
  return error ? { error } : { value };
}

/** The value as link/input text. */
export function formatValue(param, value) {
  switch (param.type) {
    case 'bool':
      return value ? '1' : '0';
    case 'layers':
      return value.length ? value.join('_') : '0';
    case 'features':
      return value.join('_');
    case 'patience':
      return value === Infinity || value === 'inf' ? 'inf' : formatNumber(value);
    case 'int':
    case 'real':
    case 'seed':
      return formatNumber(value);
    default:
      return String(value);
  }
}

export function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every problem of a config: [{ id, message }] (empty when all is well). */
export function validateConfig(config) {
  const problems = [];
  for (const p of PARAMS) {
    const message = checkValue(p, getPath(config, p.path), config);
    if (message) problems.push({ id: p.id, message });
  }
  return problems;
}

// ---- what the engine gets

/** The engine's extensions beyond scikit-learn and their defaults (the engine's too). */
export const BEYOND_DEFAULTS = { leaky_slope: 0.01, init: 'glorot', l1: 0, dropout: 0 };

/**
 * The extensions beyond scikit-learn that change this run: { name: value } for
 * each one not at its default and not ignored by the current settings
 * (leaky_slope needs leaky_relu; dropout needs sgd or adam).
 */
export function beyondSettings(config) {
  const m = config.model;
  const out = {};
  if (m.activation === 'leaky_relu' && m.leaky_slope !== BEYOND_DEFAULTS.leaky_slope) out.leaky_slope = m.leaky_slope;
  if (m.init !== undefined && m.init !== BEYOND_DEFAULTS.init) out.init = m.init;
  if (m.l1 > 0) out.l1 = m.l1;
  if (m.dropout > 0 && STOCHASTIC.includes(m.solver)) out.dropout = m.dropout;
  return out;
}

/** The estimator's parameters as the worker's configure request wants them (the extensions only when set). */
export function engineParams(config) {
  const m = config.model;
  const params = {};
  for (const name of Object.keys(SKLEARN_DEFAULTS)) params[name] = m[name];
  params.n_iter_no_change = m.n_iter_no_change === Infinity ? 'inf' : m.n_iter_no_change;
  Object.assign(params, beyondSettings(config));
  return params;
}

/** The worker's data.generate request body for this config. */
export function generateRequest(config) {
  const d = config.data;
  const g = generatorOf(config);
  const params = { n_samples: d.n_samples, random_state: d.seed };
  if (g.params.includes('noise')) params.noise = d.noise;
  if (g.params.includes('factor')) params.factor = d.factor;
  if (g.params.includes('centers')) {
    params.centers = d.centers;
    params.cluster_std = d.cluster_std;
  }
  if (g.params.includes('n_features')) params.n_features = d.n_features;
  return { generator: g.core, params, testFraction: d.testFraction, splitSeed: d.seed };
}

/** The worker's `features` for this config. */
export function featuresRequest(config) {
  return { derived: activeDerived(config), standardize: config.data.standardize };
}

/** Which part of the engine's state a change from `a` to `b` touches: 'data', 'model', 'view' or none. */
export function changeKind(a, b) {
  const dataKeys = ['generator', 'n_samples', 'noise', 'factor', 'centers', 'cluster_std', 'n_features', 'seed', 'testFraction', 'csv'];
  const d = dataKeys.some((k) => !sameValue(a.data[k], b.data[k]));
  return {
    data: d,
    edits: !sameValue(a.data.edits, b.data.edits),
    features: a.data.standardize !== b.data.standardize || !sameValue(activeDerived(a), activeDerived(b)),
    model: !sameValue(a.model, b.model) || a.precision !== b.precision || estimatorOf(a) !== estimatorOf(b),
    train: !sameValue(a.train, b.train),
    view: !sameValue(a.view, b.view),
  };
}
