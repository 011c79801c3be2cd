// The hyper-parameter table (PARAMS): one row per control, which drives the form controls,
// validation, the share link and the Python export; the limits it refers to and
// scikit-learn's defaults. Pure: no DOM.
import { GENERATORS } from './generators.js';

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

/** The solvers that train by epochs of minibatches. */
export const STOCHASTIC = ['sgd', 'adam'];

const solverNote = (solvers) => (config) => {
  const solver = config.model.solver;
  return solvers.includes(solver) ? null : `ignored by ${solver}`;
};

/**
 * Every control. id: the control's name (in embed show/lock, and in an engine error's `parameter`):
 * scikit-learn's where it has one, else the page's own (speed, stopAtFit: the protocol's too); path:
 * where it lives in the config, under the same name (data.random_state's id is data_random_state,
 * since model.random_state has the plain one); key: its short, stable key in the share link (never change
 * one: old links use it). A link may also name a control by its id, its path's last part, its label,
 * formerIds (the ids it had before: still read in show= and lock=) and aliases (other names once read).
 * type: enum | int | real | bool | layers | batch | patience | features | seed.
 * ignoredWhy(config): a note when the current settings make the engine ignore it.
 */
/** Why an image set (Fashion-MNIST) hides test_size and the data's seed. */
const FIXED_SPLIT = "the files' own train/test split (60,000/10,000, or the quick subset's 10,000/2,000): test_size does not apply";

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
  { id: 'data_random_state', path: 'data.random_state', key: 'ds', group: 'data', type: 'seed', label: 'random_state (data)',
    formerIds: ['data_seed'], aliases: ['seed'],
    default: 0, help: 'Seed of the data generator and of the train/test split (train_test_split random_state).',
    hiddenWhy: (c) => (GENERATORS[c.data.generator].images ? FIXED_SPLIT : null) },
  { id: 'test_size', path: 'data.test_size', key: 'tf', group: 'data', type: 'real', label: 'test_size',
    formerIds: ['test_fraction'], aliases: ['testFraction'],
    min: 0, max: 0.9, step: 0.05, default: 0.25, help: 'Fraction of the points held out as test data (train_test_split test_size).',
    hiddenWhy: (c) => (GENERATORS[c.data.generator].images ? FIXED_SPLIT : null) },
  { id: 'standardize', path: 'data.standardize', key: 'sc', group: 'data', type: 'bool', label: 'StandardScaler',
    default: false, help: 'Standardise every input column (mean 0, variance 1, fitted on the training rows) before the network.',
    hiddenWhy: (c) => (GENERATORS[c.data.generator].images ? 'the pixels / 255, as the course scales them' : null) },
  { id: 'derived', path: 'data.derived', key: 'fx', group: 'data', type: 'features', label: 'Derived features',
    formerIds: ['features'],
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
  { id: 'stopAtFit', path: 'train.stopAtFit', key: 'saf', group: 'training', type: 'bool', label: 'Stop where fit() stops',
    formerIds: ['stop_at_fit'], default: false,
    help: "Pause where scikit-learn's fit() would stop (its tol / n_iter_no_change rule, or max_iter). " +
      'Unticked, training goes on past that point and the loss chart marks it. Either way Play or Step carries on ' +
      'from the current weights.' },
  // ---- view
  { id: 'discretize', path: 'view.discretize', key: 'dz', group: 'view', type: 'bool', label: 'Discretize output',
    default: false, help: 'Show the predicted class (or rounded value) instead of the probability.' },
  { id: 'showTest', path: 'view.showTest', key: 'st', group: 'view', type: 'bool', label: 'Show test data', formerIds: ['show_test'],
    default: false, help: 'Draw the test points (outlined) as well as the training points.' },
  { id: 'logScale', path: 'view.logScale', key: 'ls', group: 'view', type: 'bool', label: 'Log scale', formerIds: ['log_scale'],
    default: false, help: 'Loss chart on a logarithmic scale.' },
  { id: 'weightMode', path: 'view.weightMode', key: 'wm', group: 'view', type: 'enum', label: 'Weight images',
    options: ['all', 'course'], optionLabels: { all: 'All units, symmetric scale', course: 'As in the course (4\u00d74, vmin/vmax = \u00bd min/max)' },
    default: 'all', help: "The first layer's weights drawn as images (image data): every unit on the symmetric scale of plus or " +
      'minus the largest absolute weight, or as the course draws them: the first 16 units on a 4 by 4 grid, vmin and vmax half ' +
      "the smallest and largest weight. Fashion-MNIST opens on the course's picture." },
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
/** The ids controls had before (old links' show= and lock= name them) -> their ids now. */
export const FORMER_IDS = Object.fromEntries(PARAMS.flatMap((p) => (p.formerIds ?? []).map((old) => [old, p.id])));
