// "Export to Python" of a run: the script trains exactly the epochs the page
// trained (max_iter, the n_iter_no_change rule) and says in comments what
// happened. Pure: the text only, no Python needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defaultConfig } from '../../web/src/state/config.js';
import { runFacts, toPython } from '../../web/src/state/python.js';

const TOL_STOP = 'Training loss did not improve more than tol=0.000100 for 10 consecutive epochs. Stopping.';
const RATE_STOP = 'Training loss did not improve more than tol=0.000100 for 10 consecutive epochs. Learning rate too small. Stopping.';
const VALIDATION_STOP = 'Validation score did not improve more than tol=0.000100 for 10 consecutive epochs. Stopping.';
const maxIterStop = (n) => `Stochastic Optimizer: Maximum iterations (${n}) reached and the optimization hasn't converged yet.`;

/** The page's defaults (adam, (8, 8) relu, lr 0.01, max_iter 1000) with model changes. */
function config(model = {}, data = {}) {
  const c = defaultConfig();
  Object.assign(c.model, model);
  Object.assign(c.data, data);
  return c;
}

const run = (fields) => ({ fitStop: null, patienceEpoch: null, bestEpoch: null, loss: 0.0812345, trainScore: 0.97333, testScore: 0.96, ...fields });

/** The estimator's argument lines, without indentation, a note after two spaces. */
function args(py) {
  const body = /MLP(?:Classifier|Regressor)\(\n([\s\S]*?)\n {0,4}\)/.exec(py)[1];
  return body.split('\n').map((l) => l.trim().replace(/ +#/, '  #'));
}

/** The script's comments as one text (their line breaks are only wrapping). */
const said = (py) => py.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2)).join(' ');

/** The comment paragraph(s) right above `model = `, as one text. */
function above(py) {
  const lines = py.split('\n');
  let k = lines.findIndex((l) => l.startsWith('model = '));
  const out = [];
  while (k > 0 && lines[k - 1].startsWith('# ')) out.unshift(lines[--k].slice(2));
  return out.join(' ');
}

const PRINTS = 'print("n_iter_:", model.n_iter_, "loss_:", model.loss_)';

test('no run, or an untrained one: the configuration as fit() trains it, n_iter_ and loss_ printed', () => {
  const c = config();
  const plain = toPython(c);
  assert.match(plain, /^# MLP Playground: this configuration as scikit-learn code/);
  assert.deepEqual(args(plain), ['hidden_layer_sizes=(8, 8),', 'learning_rate_init=0.01,', 'max_iter=1000,', 'random_state=0,']);
  assert.ok(plain.includes(`print("test accuracy:", model.score(X_test, y_test))\n${PRINTS}\n`));
  assert.doesNotMatch(plain, /# the page:|paused|fit\(\) alone/);
  for (const r of [undefined, null, { epochs: 0, loss: NaN }, run({ epochs: 0 }), 'x', 42, [], { epochs: -3 }, { epochs: 2.5 },
    { epochs: '12' }, { epochs: NaN }]) {
    assert.equal(toPython(c, { run: r }), plain, JSON.stringify(r));
  }
  assert.equal(runFacts({ epochs: 0 }), null);
});

test('a run that ends where fit() stops: the parameters unchanged, the page\'s figures beside the prints', () => {
  const py = toPython(config(), { run: run({ epochs: 260, fitStop: { epoch: 260, reason: TOL_STOP }, patienceEpoch: 260, loss: 0.10222978671645354, trainScore: 0.9688888888888889, testScore: 0.9733333333333334 }) });
  assert.match(py, /^# MLP Playground: the page's run \(260 epochs\) as scikit-learn code/);
  assert.deepEqual(args(py), ['hidden_layer_sizes=(8, 8),', 'learning_rate_init=0.01,', 'max_iter=1000,', 'random_state=0,']);
  assert.ok(above(py).startsWith('The page trained 260 epochs, and fit() with these parameters stops there by itself ("Training loss did not improve more than tol=0.000100 for 10 consecutive epochs. Stopping."): the parameters are yours, unchanged.'), above(py));
  assert.doesNotMatch(py, /ConvergenceWarning|n_iter_no_change/);
  assert.ok(py.endsWith(`${PRINTS}\n# the page: n_iter_ = 260, loss_ = 0.102230, train accuracy 0.9689, test accuracy 0.9733\n`));
});

test('a run paused by hand: max_iter=E, said to warn ConvergenceWarning', () => {
  const py = toPython(config(), { run: run({ epochs: 37, loss: 0.3375114891564349, trainScore: 0.8755555555555555, testScore: 0.8266666666666667 }) });
  assert.deepEqual(args(py), ['hidden_layer_sizes=(8, 8),', 'learning_rate_init=0.01,',
    'max_iter=37,  # the page was paused by hand at epoch 37 (yours: 1000)', 'random_state=0,']);
  assert.equal(above(py), 'The page was paused by hand at epoch 37, before fit() would stop: max_iter=37 trains exactly 37 epochs. scikit-learn will warn ConvergenceWarning (maximum iterations reached): that is expected.');
  assert.match(py, /# the page: n_iter_ = 37, loss_ = 0\.337511, train accuracy 0\.8756, test accuracy 0\.8267\n$/);
  // max_iter is written even when it equals scikit-learn's default (200).
  assert.ok(args(toPython(config(), { run: run({ epochs: 200 }) })).includes('max_iter=200,  # the page was paused by hand at epoch 200 (yours: 1000)'));
  // E = the config's own max_iter: fit() stops there, nothing to change.
  const atMax = toPython(config({ max_iter: 50 }), { run: run({ epochs: 50 }) });
  assert.ok(args(atMax).includes('max_iter=50,'));
  assert.match(said(atMax), /stops there by itself \("max_iter=50 reached"\): the parameters are yours, unchanged\./);
});

test('a run continued past a tol stop: max_iter=E and the n_iter_no_change rule switched off', () => {
  const py = toPython(config(), { run: run({ epochs: 410, fitStop: { epoch: 260, reason: TOL_STOP }, patienceEpoch: 260 }) });
  assert.deepEqual(args(py), ['hidden_layer_sizes=(8, 8),', 'learning_rate_init=0.01,',
    'max_iter=410,  # the page trained on to epoch 410 (yours: 1000)', 'random_state=0,',
    'n_iter_no_change=np.inf,  # yours: 10; that rule fires at epoch 260']);
  assert.ok(above(py).startsWith(`fit() alone would stop at epoch 260 ("${TOL_STOP}"); the page trained on to epoch 410, one single fit`), above(py));
  assert.ok(above(py).endsWith('max_iter=410 and n_iter_no_change=np.inf (the tol/n_iter_no_change rule, which fires at epoch 260, can no longer stop it) train the same 410 epochs. scikit-learn will warn ConvergenceWarning (maximum iterations reached): that is expected.'), above(py));
  assert.match(py, /# the page: n_iter_ = 410,/);
  // sgd (constant or invscaling) likewise; past a max_iter stop with the rule never firing: max_iter alone.
  for (const lr of ['constant', 'invscaling']) {
    const sgd = toPython(config({ solver: 'sgd', learning_rate: lr }), { run: run({ epochs: 216, fitStop: { epoch: 116, reason: TOL_STOP }, patienceEpoch: 116 }) });
    assert.ok(args(sgd).includes('n_iter_no_change=np.inf,  # yours: 10; that rule fires at epoch 116'), lr);
  }
  const pastMax = toPython(config({ max_iter: 50 }), { run: run({ epochs: 120, fitStop: { epoch: 50, reason: maxIterStop(50) } }) });
  assert.ok(args(pastMax).includes('max_iter=120,  # the page trained on to epoch 120 (yours: 50)'));
  assert.doesNotMatch(pastMax, /n_iter_no_change=/);
  // ... and with the rule firing after max_iter's stop: switched off too.
  const later = toPython(config({ max_iter: 50 }), { run: run({ epochs: 250, fitStop: { epoch: 50, reason: maxIterStop(50) }, patienceEpoch: 200 }) });
  assert.ok(args(later).includes('n_iter_no_change=np.inf,  # yours: 10; that rule fires at epoch 200'));
  // A patience 'inf' already: nothing to switch off.
  const inf = toPython(config({ n_iter_no_change: Infinity, max_iter: 50 }), { run: run({ epochs: 90, fitStop: { epoch: 50, reason: maxIterStop(50) } }) });
  assert.ok(args(inf).includes('n_iter_no_change=np.inf,'));
});

test("learning_rate='adaptive': the rule is the schedule, never switched off; past its final stop only a comment", () => {
  const adaptive = { solver: 'sgd', learning_rate: 'adaptive', learning_rate_init: 0.1 };
  const py = toPython(config(adaptive), { run: run({ epochs: 260, fitStop: { epoch: 210, reason: RATE_STOP }, patienceEpoch: 100 }) });
  assert.deepEqual(args(py), ['hidden_layer_sizes=(8, 8),', "solver='sgd',", "learning_rate='adaptive',", 'learning_rate_init=0.1,',
    'max_iter=1000,', 'random_state=0,']);
  assert.ok(above(py).startsWith(`fit() stops at epoch 210 ("${RATE_STOP}"): its learning rate had fallen to 1e-6 or less. The page kept training at that tiny rate for 50 more epochs, to epoch 260.`), above(py));
  assert.ok(above(py).includes("learning_rate='adaptive' the n_iter_no_change rule is the schedule, so it stays on), so this code trains to epoch 210: its n_iter_, loss_ and scores are those of epoch 210, the page's those of epoch 260."), above(py));
  assert.match(py, /# the page: n_iter_ = 260,/);
  // Past a max_iter stop: max_iter=E is exact; the rule stays on.
  const pastMax = toPython(config({ ...adaptive, max_iter: 60 }), { run: run({ epochs: 300, fitStop: { epoch: 60, reason: maxIterStop(60) }, patienceEpoch: 120 }) });
  assert.ok(args(pastMax).includes('max_iter=300,  # the page trained on to epoch 300 (yours: 60)'));
  assert.doesNotMatch(pastMax, /n_iter_no_change=/);
  assert.ok(above(pastMax).includes("with learning_rate='adaptive' the n_iter_no_change rule stays on: it is the schedule (it divides the rate by 5)"), above(pastMax));
  assert.match(pastMax, /"Learning rate too small"/);
});

test('early_stopping past its stop: scikit-learn restores the best validation weights, the page shows the last', () => {
  const c = config({ early_stopping: true });
  const py = toPython(c, { run: run({ epochs: 62, fitStop: { epoch: 22, reason: VALIDATION_STOP }, patienceEpoch: 22, bestEpoch: 11 }) });
  assert.ok(args(py).includes('max_iter=62,  # the page trained on to epoch 62 (yours: 1000)'));
  assert.ok(args(py).includes('n_iter_no_change=np.inf,  # yours: 10; that rule fires at epoch 22'));
  assert.ok(args(py).includes('early_stopping=True,'));
  assert.ok(above(py).endsWith("early_stopping: at the end of fit() scikit-learn restores the weights of the best validation score (epoch 11); the page shows the weights of its last epoch (62), so the scores below can differ from the page's (loss_ and n_iter_ are not restored)."), above(py));
  // Paused by hand, best epoch unknown: said in general terms.
  const paused = toPython(c, { run: run({ epochs: 15 }) });
  assert.ok(above(paused).includes('restores the weights of the best validation score; the page shows the weights of its last epoch (15)'), above(paused));
  // At fit()'s own stop: fit() ends with the best weights, nothing more to say than that.
  const atStop = toPython(c, { run: run({ epochs: 22, fitStop: { epoch: 22, reason: VALIDATION_STOP }, patienceEpoch: 22, bestEpoch: 11 }) });
  assert.ok(above(atStop).endsWith('early_stopping: fit() ends with the weights of its best validation score (epoch 11).'), above(atStop));
  assert.ok(args(atStop).includes('max_iter=1000,'));
  // Best epoch = the last: the same weights, no comment.
  assert.doesNotMatch(toPython(c, { run: run({ epochs: 15, bestEpoch: 15 }) }), /restores/);
});

test('lbfgs: the header says the page\'s L-BFGS is its own; max_iter=E when E differs', () => {
  const c = config({ solver: 'lbfgs' });
  const honest = "lbfgs: the page's L-BFGS is its own (two-loop recursion, Moré-Thuente line search, scipy's stopping rules). Its path is close to that of scipy's L-BFGS-B, which scikit-learn calls, but not identical, so scikit-learn's n_iter_ and loss_ will differ from the page's";
  assert.ok(said(toPython(c)).includes(honest), 'said without a run too');
  const paused = toPython(c, { run: run({ epochs: 40 }) });
  assert.match(paused, /^# MLP Playground: the page's run \(40 iterations\) as scikit-learn code/);
  assert.ok(said(paused).includes(honest));
  assert.ok(args(paused).includes('max_iter=40,  # the page was paused by hand at iteration 40 (yours: 1000)'));
  assert.match(said(paused), /lbfgs failed to converge/);
  assert.match(paused, /# the page: n_iter_ = 40, loss_ = 0\.081235,/);
  const atStop = toPython(c, { run: run({ epochs: 45, fitStop: { epoch: 45, reason: 'lbfgs: CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH' } }) });
  assert.ok(args(atStop).includes('max_iter=1000,'));
  assert.match(said(atStop), /scipy's L-BFGS-B may stop at a slightly different iteration/);
  const past = toPython(c, { run: run({ epochs: 80, fitStop: { epoch: 45, reason: 'lbfgs: CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH' } }) });
  assert.ok(args(past).includes('max_iter=80,  # the page iterated on to 80 (yours: 1000)'));
  assert.doesNotMatch(past, /n_iter_no_change=/);
  assert.match(said(past), /n_iter_ may come out smaller/);
});

test('float32: said not bit-identical; a pipeline prints its last step\'s n_iter_ and loss_', () => {
  const f32 = config();
  f32.precision = 'float32';
  assert.match(toPython(f32, { run: run({ epochs: 100 }) }), /^# float32: the page trained in its fast float32 mode, which is not bit-identical to scikit-learn/m);
  assert.doesNotMatch(toPython(config()), /bit-identical/);
  const scaled = config({}, { standardize: true });
  const py = toPython(scaled, { run: run({ epochs: 60 }) });
  assert.match(py, /make_pipeline\(\n {4}StandardScaler\(\),\n {4}MLPClassifier\(/);
  assert.ok(args(py).includes('max_iter=60,  # the page was paused by hand at epoch 60 (yours: 1000)'));
  assert.ok(py.includes('model.fit(X_train, y_train)\n'));
  assert.ok(py.includes('print("n_iter_:", model[-1].n_iter_, "loss_:", model[-1].loss_)\n# the page: n_iter_ = 60,'));
  assert.ok(toPython(scaled).includes('print("n_iter_:", model[-1].n_iter_, "loss_:", model[-1].loss_)\n'));
  // A regression without a test set: R^2, no test figure.
  const sine = config({}, { generator: 'sine', test_size: 0 });
  const reg = toPython(sine, { run: run({ epochs: 5, loss: 1.5e-7, trainScore: -0.25, testScore: NaN }) });
  assert.match(reg, /# the page: n_iter_ = 5, loss_ = 1\.50000e-7, train R\^2 -0\.2500\n$/);
});

test('bad run facts never crash the export', () => {
  const c = config();
  const weird = [
    { epochs: 10, fitStop: 'x' },
    { epochs: 10, fitStop: { epoch: 50, reason: TOL_STOP } }, // after E: dropped, so paused by hand
    { epochs: 10, fitStop: { epoch: 3 } },
    { epochs: 10, fitStop: { epoch: 3, reason: 42 }, patienceEpoch: 'x', bestEpoch: -1 },
    { epochs: 10, fitStop: { epoch: 3, reason: 'line\nbreak' }, patienceEpoch: 99 },
    { epochs: 10, loss: 'x', trainScore: null, testScore: undefined },
    { epochs: 1e7, loss: Infinity },
  ];
  for (const r of weird) {
    const py = toPython(c, { run: r });
    assert.match(py, /model\.fit\(X_train, y_train\)/, JSON.stringify(r));
    assert.doesNotMatch(py, /undefined|NaN|\[object/, JSON.stringify(r));
  }
  assert.match(toPython(c, { run: weird[1] }), /paused by hand at epoch 10/);
  assert.doesNotMatch(toPython(c, { run: weird[4] }), /line\nbreak|n_iter_no_change=/, 'a patience epoch after E is ignored');
  assert.match(toPython(c, { run: weird[5] }), /# the page: n_iter_ = 10, loss_ = nan, train accuracy nan, test accuracy nan/);
  // A config with an odd max_iter still exports.
  assert.match(toPython(config({ max_iter: 'x' }), { run: run({ epochs: 5 }) }), /max_iter=5, +# the page was paused by hand at epoch 5\n/);
});

test('Fashion-MNIST: the script reads the same IDX files (the set\'s own split, pixels / 255) and ends with the course\'s 4x4 picture', () => {
  for (const [generator, nTrain, nTest] of [['fashion', 10000, 2000], ['fashion-full', 60000, 10000]]) {
    const c = defaultConfig();
    c.data.generator = generator;
    c.model = { ...c.model, hidden_layer_sizes: [50], solver: 'sgd', learning_rate_init: 0.1, max_iter: 10, random_state: 1 };
    const py = toPython(c);
    assert.match(py, /^import gzip$/m);
    assert.match(py, /DATA = "\/usr\/share\/datasets\/fashion-mnist"/);
    assert.ok(py.includes(`X_train = load_idx("train-images-idx3")[:${nTrain}] / 255.0`), py);
    assert.ok(py.includes(`y_train = load_idx("train-labels-idx1")[:${nTrain}]`));
    assert.ok(py.includes(`X_test = load_idx("t10k-images-idx3")[:${nTest}] / 255.0`));
    assert.ok(py.includes(`y_test = load_idx("t10k-labels-idx1")[:${nTest}]`));
    assert.doesNotMatch(py, /train_test_split|make_fashion|fashion_mnist\(/, 'no split and no generator: the set is read as it is split');
    assert.match(py, /hidden_layer_sizes=\(50,\)/);
    assert.match(py, /Fashion-MNIST \(Zalando Research.*MIT licence\)/);
    // The course's picture: the first 16 columns of coefs_[0] on a 4x4 grid, vmin/vmax at half the min/max.
    assert.match(py, /fig, axes = plt\.subplots\(4, 4\)/);
    assert.match(py, /ax\.matshow\(coef\.reshape\(28, 28\), cmap=plt\.cm\.gray, vmin=0\.5 \* vmin, vmax=0\.5 \* vmax\)/);
    assert.ok(py.indexOf('model.fit(X_train, y_train)') < py.indexOf('plt.subplots'), 'the picture after the fit');
  }
});
