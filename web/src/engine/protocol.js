// The messages between the page and the training worker, used by both sides.
//
// Every message is a plain object keyed on `type` and carries a `runId`. A run
// starts with init, configure, data and reset: the worker then adopts the
// request's runId, or its own runId + 1 if that is larger, and tags every reply
// with it. The client bumps its runId before sending such a request and drops
// replies from older runs (createRunTracker).
//
// Requests (page -> worker):
//   init       { moduleUrl? }                          creates the module; replies ready
//   configure  { estimator, params?, precision? }      params: the estimator's hyper-parameters under
//                                                      scikit-learn's names (never its trained weights)
//   data       { generate: { generator, params? } }   params: the generator's, under scikit-learn's names
//           or { arrays: { nFeatures, nTargets?, xTrain, yTrain, xTest?, yTest? } }  (row-major)
//              split?: { test_size, random_state? }  all rows are split as train_test_split(test_size=,
//                         random_state=) would (random_state: 0 if not given); generate splits its rows
//                         with test_size 0.25 when no split is given, arrays keep their own parts
//              features?: { derived?: ['x2'|'y2'|'xy'|'sinx'|'siny'], standardize?: bool }
//                         the model's inputs; the data (and the grid rectangle) stay in raw x, y
//              names?: { features?: [string], classes?: [string] | [number] }  a table's column names
//                         and the labels of its class codes 0..k-1 (y holds the codes): the exported
//                         model's feature_names_in_ and classes_
//              pca?: true  the data reply also carries the plane of the first two principal
//                         components of the training rows (for data with more than two columns)
//           or { images: { url, set, nTrain, nTest } }   an image set the worker fetches itself (Fashion-MNIST:
//                         url the folder of its assets, set 'quick' or 'full'; nTrain, nTest the counts the page
//                         expects, for its memory estimate): manifest.json, then the raw uint8 files streamed
//                         straight into the engine's buffers, pixels / 255, with loading replies on the way; its
//                         split is fixed (the files' own: no split, no features). A failed fetch is an error of
//                         request 'data', parameter 'dataset', worded as a network problem when it is one
//   cancel     {}                                       stops the image set being fetched (answered at once, like
//                                                      ping): the data request fails with 'loading cancelled'
//   play       { until?, stopAtFit? }                   trains until paused; or until epoch `until`; or, with
//                                                      stopAtFit, at the epoch where scikit-learn's fit() stops
//   pause
//   step       { epochs?, stopAtFit? }                  pauses, then trains `epochs` (default 1), one at a time
//                                                      (stopAtFit: no further than fit()'s stop)
//   reset      { random_state? }                        fresh initial weights; a random_state re-seeds
//   grid       { xMin, xMax, yMin, yMax, nx, ny, units?, plane? }  the grid sent with every update from now on;
//                                                      units: { nx, ny } adds every hidden unit's picture;
//                                                      plane: [origin..., u..., v...] (one value per data column
//                                                      each) puts grid point (a, b) at origin + a u + b v
//                                                      (for data with more inputs); without it (x, y, 0, ...)
//   test       { enabled }                              from now on every update also evaluates the
//                                                      test rows (for data with more than two inputs);
//                                                      enabling it drops the grid until the next grid request
//   export     {}                                       replies model
//   import     { json }                                 a model from export; a new run, trained no further
//   trace      { point, target? }                       follows one input through the current model (issue 14):
//                                                      point: one row of the data's raw columns (number[]: x, y
//                                                      for the plane); target: a class code (a classifier's),
//                                                      number[] of 0/1 per output (multilabel) or one value per
//                                                      output (a regressor); without it the model's prediction.
//                                                      Replies trace; answered between training chunks while
//                                                      playing (a failed trace does not stop play). The model
//                                                      is not changed.
//   ping       {}                                       replies pong at once, even between training chunks
//   sync       { token }                                replies synced { token } in turn, after every earlier
//                                                      request: everything they send comes before it
//                                                      (the page's heartbeat: supervisor.js)
// Replies (worker -> page):
//   ready      {}
//   progress   { epoch, samples, loss, validationScore, finished, stopReason, fitStop, patienceEpoch,
//                ruleStopEpoch, bestEpoch, diverged }   the session trains past fit()'s stop: fitStop is null
//                until it is passed, then { epoch, reason (scikit-learn's words), best? } (best: with
//                early stopping, { epoch, train, test }: the scores of the weights fit() returns);
//                finished: training has ended for good (diverged, or lbfgs converged), stopReason says why
//   data       { nFeatures, nTargets, xTrain, yTrain, xTest, yTest }   the data as loaded (raw columns;
//                                                      Float64Arrays, row-major), after every data request
//                with pca asked: pca { mean, components: [pc1, pc2], explained: [ratio1, ratio2], trainXY,
//                testXY }, PCA(n_components=2) of xTrain (data/pca.js) and both parts' rows on it, (x, y) pairs
//                for an image set: xTrain is empty (the pixels stay in the worker), xTest the test images' raw
//                bytes (Uint8Array, row-major: value / pixelMax is the model's input), yTrain and yTest the class
//                codes (Float64Array), and images { set, nTrain, nTest, imageShape, pixelMax, classNames, credit,
//                licence, title, memoryBytes (the engine's session once they are in) }
//   update     { epoch, layerUnits, weights, historyFrom, metricsEvery, lossCurve, validationScores, gradientNorms,
//                metrics, trainScore, testScore, trainLoss, testLoss, grid, test }   one per refresh: everything the
//                views draw, of one epoch. weights: the trained coefs_ and intercepts_, packed (Float64Array); the
//                arrays are transferred; losses are the data term on each whole part. The histories hold epochs
//                historyFrom + 1 .. epoch only (what earlier updates of the run did not carry); metrics: 5 per
//                epoch (train score, test score, train loss, test loss, share of training rows given the most
//                predicted class), measured every metricsEvery epochs.
//                grid (null unless a grid was asked for): { xMin, xMax, yMin, yMax, nx, ny, channels, values }
//                values: Float32Array, point (i, j) channel c at values[(j * nx + i) * channels + c], row 0 at
//                yMax; with units requested also { unitsNx, unitsNy, units }: hidden unit u (through every hidden
//                layer in order) at units[(u * unitsNy + j) * unitsNx + i]
//                test (null unless test is enabled): { nTest, channels, values, units }   the model on the test
//                rows: values (Float32Array) row r channel c at values[r * channels + c]; hidden unit u on row r
//                at units[u * nTest + r]
//                A grid or test that cannot be evaluated is null, followed by an error for 'grid' or 'test'.
//   model      { json }                                 the model in scikit-learn's layout
//   stopped    { epoch, reason, finished, at? }         play (or a step) ended: paused, 'until', at fit()'s stop
//                                                      (at: 'fit', reason: scikit-learn's words), finished, failed
//   error      { request, parameter, value, message }   as the core reports it, parameter named as the page's
//                                                      control for it: scikit-learn's name (a generator's
//                                                      parameter as n_samples, the split's test_size, ...), and
//                                                      data_random_state for a data request's random_state (the
//                                                      generator's and the split's: the data's seed), since
//                                                      random_state is the estimator's
//   trace      { precision, point, input, layers, output, weights, gradients, loss, step }   the engine's trace
//                of the point, every number from the engine in the model's precision (float32 widened to
//                Float64Array): point (number[]) as asked; input: a(0), the network's inputs after the feature
//                step (derived features, scaler); layers: l = 1..L, the output layer last, each
//                { activation: 'identity'|'logistic'|'tanh'|'relu'|'leaky_relu'|'softmax', z, a, delta }
//                with z = a(l-1) W(l) + b(l), a = activation(z), delta = dLoss/dz (a(L) - Y for the output);
//                output { kind: 'binary'|'multiclass'|'multilabel'|'regression', values, predicted, target }:
//                values = a(L), predict_proba's row (binary: the one logistic output, P(class 1)) or predict's,
//                bit for bit; predicted: the class code (binary, multiclass), a 0/1 per output (multilabel) or
//                the values (regression); target: the Y row the backward pass used (one-hot for multiclass);
//                weights and gradients: { coefs: Float64Array[], intercepts: Float64Array[] }, coefs[l]
//                row-major n_in x n_out (i * n_out + j) as coefs_; the gradients are scikit-learn's _backprop
//                for a batch of this one sample (a(l-1)^T delta(l) + alpha W(l), and delta(l)), the training's
//                own; loss { data, penalty, total }: the sample's loss, penalty = alpha/2 sum W^2 (n_samples
//                = 1; with l1 also l1 sum |W|); step { learningRate, loss, values }: one plain sgd step
//                W - learningRate * gradient at the optimizer's current rate (learning_rate_init before
//                training), the sample's loss and a(L) after it
//   loading    { set, loaded, total }                   bytes of an image set fetched so far (a few a second)
//   pong       {}                                       the answer to a ping (the worker is alive)
//   synced     { token }                                the answer to a sync

export const REQUESTS = ['init', 'configure', 'data', 'play', 'pause', 'step', 'reset', 'grid', 'test', 'export', 'import',
  'trace', 'ping', 'sync', 'cancel'];
export const REPLIES = ['ready', 'progress', 'data', 'update', 'model', 'stopped', 'error', 'trace', 'pong', 'synced', 'loading'];
/** The image sets a data request's images.set may name. */
export const IMAGE_SETS = ['quick', 'full'];
/** Requests that start a new run (and so bump the runId). */
export const RUN_STARTERS = ['init', 'configure', 'data', 'reset', 'import'];
/** The derived input features a data request may ask for. */
export const DERIVED_FEATURES = ['x2', 'y2', 'xy', 'sinx', 'siny'];

export const DEFAULT_PRECISION = 'float64';
/** A generate request's test share when it gives no split (train_test_split's default). */
export const DEFAULT_TEST_SIZE = 0.25;
/** The name errors give a data request's random_state (the page's control for the data's seed). */
export const DATA_RANDOM_STATE = 'data_random_state';

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isCount = (v) => Number.isSafeInteger(v) && v >= 0;
const isNumberArray = (v) =>
  (Array.isArray(v) && v.every((x) => typeof x === 'number')) ||
  v instanceof Float64Array ||
  v instanceof Float32Array;
const describe = (v) => {
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${/** @type {Float64Array} */ (v).length})`;
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
const problem = (parameter, value, message) => ({ parameter, value: describe(value), message });

/** Checks one field; returns a problem or null. */
function check(ok, parameter, value, message) {
  return ok ? null : problem(parameter, value, message);
}

function checkGenerate(g) {
  if (!isObject(g)) return problem('data.generate', g, 'data.generate must be an object');
  return (
    check(typeof g.generator === 'string', 'generator', g.generator, 'generator must be a string') ??
    check(g.params === undefined || isObject(g.params), 'params', g.params, 'params must be an object')
  );
}

function checkArrays(a) {
  if (!isObject(a)) return problem('data.arrays', a, 'data.arrays must be an object');
  const nTargets = a.nTargets ?? 1;
  const bad =
    check(Number.isSafeInteger(a.nFeatures) && a.nFeatures >= 1, 'nFeatures', a.nFeatures,
      'nFeatures must be a positive integer') ??
    check(Number.isSafeInteger(nTargets) && nTargets >= 1, 'nTargets', nTargets, 'nTargets must be a positive integer');
  if (bad) return bad;
  for (const name of ['xTrain', 'yTrain', 'xTest', 'yTest']) {
    const v = a[name];
    const optional = name.endsWith('Test');
    if (!(isNumberArray(v) || (optional && v === undefined)))
      return problem(name, v, `${name} must be an array of numbers (row-major)`);
  }
  for (const [x, y, part] of [[a.xTrain, a.yTrain, 'training'], [a.xTest ?? [], a.yTest ?? [], 'test']]) {
    const rows = y.length / nTargets;
    if (!Number.isInteger(rows) || x.length !== rows * a.nFeatures)
      return problem(part === 'training' ? 'xTrain' : 'xTest', `${x.length} and ${y.length} values`,
        `the ${part} data must hold rows * nFeatures inputs and rows * nTargets targets`);
  }
  return null;
}

function checkImages(i) {
  if (!isObject(i)) return problem('data.images', i, 'data.images must be an object { url, set, nTrain, nTest }');
  return (
    check(typeof i.url === 'string' && i.url.length > 0, 'images.url', i.url, "images.url must be the assets' folder (a URL)") ??
    check(IMAGE_SETS.includes(i.set), 'images.set', i.set, `images.set must be one of ${IMAGE_SETS.join(', ')}`) ??
    check(isCount(i.nTrain) && i.nTrain > 0, 'images.nTrain', i.nTrain, 'images.nTrain must be a positive integer') ??
    check(isCount(i.nTest), 'images.nTest', i.nTest, 'images.nTest must be a non-negative integer')
  );
}

function checkSplit(s) {
  if (s === undefined) return null;
  if (!isObject(s)) return problem('split', s, 'split must be an object { test_size, random_state }');
  return (
    check(typeof s.test_size === 'number', 'test_size', s.test_size, 'split.test_size must be a number') ??
    check(s.random_state === undefined || (isCount(s.random_state) && s.random_state < 2 ** 32), DATA_RANDOM_STATE,
      s.random_state, 'split.random_state must be an integer in [0, 2^32)')
  );
}

function checkFeatures(f) {
  if (f === undefined) return null;
  if (!isObject(f)) return problem('features', f, 'features must be an object { derived, standardize }');
  return (
    check(f.derived === undefined || (Array.isArray(f.derived) && f.derived.every((d) => DERIVED_FEATURES.includes(d))),
      'features.derived', f.derived, `features.derived must be a list of ${DERIVED_FEATURES.join(', ')}`) ??
    check(f.standardize === undefined || typeof f.standardize === 'boolean', 'features.standardize', f.standardize,
      'features.standardize must be true or false')
  );
}

function checkNames(n) {
  if (n === undefined || n === null) return null;
  if (!isObject(n)) return problem('names', n, 'names must be an object { features, classes }');
  const isLabel = (v) => typeof v === 'string' || Number.isFinite(v);
  return (
    check(n.features === undefined || (Array.isArray(n.features) && n.features.every((f) => typeof f === 'string')),
      'names.features', n.features, 'names.features must be a list of strings (one per column)') ??
    check(n.classes === undefined || (Array.isArray(n.classes) && n.classes.every(isLabel)), 'names.classes', n.classes,
      'names.classes must be a list of strings or numbers (the label of each class code)')
  );
}

function checkGrid(g) {
  const finite = ['xMin', 'xMax', 'yMin', 'yMax'].every((k) => Number.isFinite(g[k]));
  const resolution = (nx, ny, max) => [nx, ny].every((n) => Number.isSafeInteger(n) && n >= 2 && n <= max);
  return (
    check(finite && g.xMax > g.xMin && g.yMax > g.yMin, 'rectangle', [g.xMin, g.xMax, g.yMin, g.yMax],
      'the grid rectangle must be finite with xMax > xMin and yMax > yMin') ??
    check(resolution(g.nx, g.ny, 2048), 'resolution', [g.nx, g.ny], 'nx and ny must be integers in [2, 2048]') ??
    check(g.units === undefined || (isObject(g.units) && resolution(g.units.nx, g.units.ny, 128)), 'units', g.units,
      'units must be { nx, ny } with integers in [2, 128]') ??
    check(g.plane === undefined || (isNumberArray(g.plane) && g.plane.length > 0 && g.plane.length % 3 === 0 &&
      Array.from(g.plane).every(Number.isFinite)), 'plane', g.plane,
      'plane must be origin, u and v: 3 x n finite numbers')
  );
}

const requestChecks = {
  init: (m) => check(m.moduleUrl === undefined || typeof m.moduleUrl === 'string', 'moduleUrl', m.moduleUrl,
    'moduleUrl must be a string'),
  configure: (m) =>
    check(typeof m.estimator === 'string', 'estimator', m.estimator, 'estimator must be a string') ??
    check(m.params === undefined || isObject(m.params), 'params', m.params, 'params must be an object') ??
    check(m.precision === undefined || typeof m.precision === 'string', 'precision', m.precision,
      'precision must be a string'),
  data: (m) => {
    const given = ['generate', 'arrays', 'images'].filter((k) => m[k] !== undefined);
    if (given.length !== 1) return problem('data', Object.keys(m), 'data needs exactly one of generate, arrays or images');
    if (m.images !== undefined) return checkImages(m.images);
    return (m.generate !== undefined ? checkGenerate(m.generate) : checkArrays(m.arrays)) ?? checkSplit(m.split) ??
      checkFeatures(m.features) ?? checkNames(m.names) ??
      check(m.pca === undefined || typeof m.pca === 'boolean', 'pca', m.pca, 'pca must be true or false');
  },
  play: (m) =>
    check(m.until === undefined || (Number.isSafeInteger(m.until) && m.until >= 0), 'until', m.until,
      'until must be a non-negative integer (an epoch)') ??
    check(m.stopAtFit === undefined || typeof m.stopAtFit === 'boolean', 'stopAtFit', m.stopAtFit,
      'stopAtFit must be true or false'),
  pause: () => null,
  step: (m) =>
    check(m.epochs === undefined || (Number.isSafeInteger(m.epochs) && m.epochs >= 1 && m.epochs < 2 ** 31),
      'epochs', m.epochs, 'epochs must be a positive integer') ??
    check(m.stopAtFit === undefined || typeof m.stopAtFit === 'boolean', 'stopAtFit', m.stopAtFit,
      'stopAtFit must be true or false'),
  reset: (m) => check(m.random_state == null || (isCount(m.random_state) && m.random_state < 2 ** 32), 'random_state',
    m.random_state, 'random_state must be an integer in [0, 2^32)'),
  grid: checkGrid,
  test: (m) => check(typeof m.enabled === 'boolean', 'enabled', m.enabled, 'enabled must be true or false'),
  export: () => null,
  import: (m) => check(typeof m.json === 'string', 'json', m.json, 'json must be a model exported as a JSON string'),
  trace: (m) =>
    check(isNumberArray(m.point) && m.point.length > 0, 'point', m.point,
      "point must be a non-empty array of numbers (one row of the data's columns)") ??
    check(m.target === undefined || typeof m.target === 'number' || isNumberArray(m.target), 'target', m.target,
      'target must be a number (a class code) or an array of numbers'),
  ping: () => null,
  cancel: () => null,
  sync: (m) => check(isCount(m.token), 'token', m.token, 'token must be a non-negative integer'),
};

/** Checks a request from the page: null if it is well formed, else { parameter, value, message }. */
export function validateRequest(message) {
  if (!isObject(message)) return problem('message', message, 'a message must be an object');
  if (!REQUESTS.includes(message.type))
    return problem('type', message.type, `type must be one of ${REQUESTS.join(', ')}`);
  if (!isCount(message.runId)) return problem('runId', message.runId, 'runId must be a non-negative integer');
  return requestChecks[message.type](message);
}

/** True if `message` is a reply the page can handle (a known type and a runId). */
export function isReply(message) {
  return isObject(message) && REPLIES.includes(message.type) && isCount(message.runId);
}

/** A request object: `request('step', runId, { epochs: 5 })`. */
export function request(type, runId, fields = {}) {
  return { type, runId, ...fields };
}

/**
 * The page's view of the current run: next() before sending a run starter,
 * accept(reply) for every reply (false: drop it, it is from an older run).
 */
export function createRunTracker(runId = 0) {
  return {
    get runId() {
      return runId;
    },
    next() {
      runId += 1;
      return runId;
    },
    accept(reply) {
      if (!isReply(reply) || reply.runId < runId) return false;
      runId = reply.runId;
      return true;
    },
  };
}
