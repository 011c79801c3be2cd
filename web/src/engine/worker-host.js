// The worker's logic: owns the module and one Session, answers requests (see
// protocol.js) and, while playing, trains about one frame of work per tick. The session
// keeps training past the point where scikit-learn's fit() stops (it reports that epoch);
// a play or step may ask to stop there.
// No Worker globals here: everything comes in as arguments, so node tests can
// drive it directly.
import { DATA_RANDOM_STATE, DEFAULT_PRECISION, DEFAULT_TEST_SIZE, RUN_STARTERS, validateRequest } from './protocol.js';
import { principalPlane } from '../data/pca.js';
import { traceReply } from './trace-reply.js';
import { loadImageSet } from './image-load.js';

/**
 * The largest cadence that still measures a play about 8 times before its known end (the epoch it
 * was asked to reach, or max_iter when it stops where fit() stops): a short run on big data (the
 * course's 10 epochs on 60,000 images) gets its curves and scores to its last epoch, whatever
 * measuring costs. Infinity when the end is unknown or behind (training on past it).
 */
export function cadenceCap(epoch, end) {
  const left = end - epoch;
  return Number.isFinite(left) && left > 0 ? 2 ** Math.floor(Math.log2(Math.max(1, left / 8))) : Infinity;
}

/** Playing as fast as it can, the worker keeps measuring the scores below this share of the training time (3%). */
export const METRICS_BUDGET = 0.03;

/**
 * How often to measure, given what a measurement costs against an epoch (the session's
 * metricsCost()): every epoch when that fits the budget, else every 2nd, 4th, ... (at most 64th).
 */
export function cadenceFor(cost, budget = METRICS_BUDGET) {
  if (!(cost > budget)) return 1;
  return Math.min(64, 2 ** Math.ceil(Math.log2(cost / budget)));
}

/** Playing fast, each call into the engine trains about this long (more epochs a call when they are quick). */
const CALL_MS = 2;
const MAX_CHUNK = 1024;

/** A copy of a view on the module's memory, which the caller can transfer. */
const copyOf = (view) => view.slice();

/**
 * The protocol's name (protocol.js, error) for a setting of a data request the core names in its
 * own words: its job runner's dataset.params.<name> and dataset.generator, and its Session's
 * test_size and random_state arguments (a data request's random_state is the data's).
 */
export function dataParameter(name) {
  const own = String(name ?? '').replace(/^dataset\.(params\.)?(?=.)/, '');
  return own === 'random_state' ? DATA_RANDOM_STATE : own;
}

/**
 * createModule(initRequest): the Emscripten module (or a promise of it).
 * post(message, transfer): sends a reply. now(): milliseconds. defer(fn): runs fn
 * soon, after pending messages (setTimeout 0 or a MessageChannel).
 * frameMs: training time per tick; updateMs: at most one update per updateMs. fetch: what an
 * image set is fetched with (data request images; the node tests pass a fake). yieldNow(): a
 * promise that resolves after pending messages (an image set's Step yields between calls).
 * pageFrameMs: the pause after an image set's data reply, while the page shows the set.
 * @param {{ createModule: (init: object) => any, post: (message: object, transfer?: Transferable[]) => void,
 *   now?: () => number, defer?: (fn: () => void) => void, frameMs?: number, updateMs?: number,
 *   fetch?: typeof globalThis.fetch, yieldNow?: () => Promise<void>, pageFrameMs?: number }} options
 */
export function createWorkerHost({
  createModule,
  post,
  now = () => performance.now(),
  defer = (fn) => setTimeout(fn, 0),
  frameMs = 12,
  updateMs = 100,
  fetch = (...args) => globalThis.fetch(...args),
  yieldNow = () => new Promise((resolve) => defer(resolve)),
  pageFrameMs = 100,
}) {
  let module = null;
  let session = null;
  let runId = 0;
  let playing = false;
  let tickPending = false;
  let configured = false;
  let hasData = false;
  let hasModel = false; // the session holds weights: an update can be read
  let epoch = 0;
  let lastUpdate = -Infinity;
  let updateCost = 0; // ms the last update took: updates get rarer when they are dear
  let gridSpec = null;
  let testEnabled = false; // every update also evaluates the test rows
  let sentEpochs = 0; // epochs of history already posted in this run (updates carry only the rest)
  let until = Infinity; // play stops after this epoch
  let maxIter = Infinity; // the configured max_iter: where fit() stops at the latest
  let stopAtFit = false; // play stops at the epoch where fit() stops
  let fitResult = null; // early stopping: the scores of the weights fit() returns, once it has stopped
  let metricsEvery = 1; // the per-epoch scores and losses are measured every this many epochs
  let cadenceFixed = false; // this play has chosen its cadence
  let chunk = 1; // epochs per call into the engine while playing fast
  let batchChunk = 1; // an image set's minibatches per call while playing
  let batchesLeft = 0; // minibatches left in the epoch under way (0: at an epoch's end, or not known)
  let epochBatches = 0; // an image set's minibatches per epoch (0 before the engine says)
  let queue = Promise.resolve();
  let loading = null; // the AbortController of the image set being fetched
  // An image set's data: the scores of an update are the last ones measured (at the metrics
  // cadence) instead of a pass over every training row (60,000 x 784) at every update.
  let imageSet = false;
  let lastScores = { train: NaN, test: NaN, trainLoss: NaN, testLoss: NaN };
  let lastScoresEpoch = -1; // the epoch lastScores are of

  const reply = (type, fields = {}, transfer = []) => post({ type, runId, ...fields }, transfer);
  /** An image set's training is at an epoch's end (or has not begun one). */
  const atImageEpochEnd = () => imageSet && batchesLeft === 0;

  function fail(request, { parameter, value, message }) {
    reply('error', { request, parameter, value, message });
    // A trace asked for while playing is a look at the model: its failure leaves training alone.
    if (playing && request !== 'trace') stop(message, false);
  }

  /** Play ends: paused, 'until' (the epoch asked for), at fit()'s stop (at: 'fit'), finished for good, or failed. */
  function stop(reason, finished, at = '') {
    playing = false;
    // An image set whose last epoch was not measured (metrics every 2nd, 4th... epoch while
    // playing): measured now, once, so that the scores shown at a pause are the model's.
    if (imageSet && hasModel && lastScoresEpoch < epoch) sendUpdates();
    reply('stopped', { epoch, reason, finished, ...(at ? { at } : {}) });
  }

  function sendProgress(p) {
    epoch = p.epoch;
    if (p.fitStopEpoch > 0 && p.bestEpoch > 0 && !fitResult) {
      const best = session.bestScores();
      if (best.status.ok) fitResult = { epoch: p.bestEpoch, train: best.train, test: best.test };
    }
    reply('progress', {
      epoch: p.epoch,
      samples: p.samples,
      loss: p.loss,
      validationScore: p.validationScore,
      finished: p.finished,
      fitStop: p.fitStopEpoch > 0 ? { epoch: p.fitStopEpoch, reason: p.fitStopReason, ...(fitResult ? { best: fitResult } : {}) } : null,
      patienceEpoch: p.patienceEpoch,
      ruleStopEpoch: p.ruleStopEpoch,
      bestEpoch: p.bestEpoch,
      diverged: p.diverged,
      batch: p.batch ?? 0,
      batches: p.batches ?? 0,
      stopReason: p.finished ? p.stopReason : '',
    });
  }

  /** True when this step reached the epoch where fit() stops (and the caller wants to stop there). */
  const atFitStop = (p, wanted) => wanted && p.fitStopEpoch > 0 && p.fitStopEpoch === p.epoch;

  const evaluateGrid = ({ xMin, xMax, yMin, yMax, nx, ny }) => session.evaluateGrid(xMin, xMax, yMin, yMax, nx, ny);
  /** Hidden units' pictures, if asked for and the net has hidden layers. */
  const evaluateUnits = ({ xMin, xMax, yMin, yMax, units }) =>
    units && session.layerUnits().length > 2 ? session.evaluateUnits(xMin, xMax, yMin, yMax, units.nx, units.ny) : null;

  /** Posts one update: the weights, the new part of the histories, the scores, the grid and the test rows. */
  function sendUpdates() {
    lastUpdate = now();
    if (!hasModel) return;
    try {
      postUpdate();
    } finally {
      updateCost = now() - lastUpdate;
    }
  }

  function postUpdate() {
    // Every call that may allocate (and so grow memory) comes before the views are taken.
    session.readParameters();
    const historyFrom = Math.min(sentEpochs, epoch);
    session.readHistory(historyFrom);
    const scores = imageSet ? measuredScores(historyFrom) : session.scores();
    const weights = copyOf(session.parameters());
    const lossCurve = copyOf(session.lossCurve());
    const validationScores = copyOf(session.validationScores());
    const gradientNorms = copyOf(session.gradientNorms());
    const metrics = copyOf(session.metrics());
    sentEpochs = epoch;
    const transfer = [weights.buffer, lossCurve.buffer, validationScores.buffer, gradientNorms.buffer, metrics.buffer];
    const problems = [];
    const grid = gridSpec ? readGrid(problems, transfer) : null;
    // An image set's test outputs (its 10,000 test images through the net, for the gallery, the
    // confusion matrix and the most-activating inputs) are read, while playing, at an epoch's
    // end, where its scores are measured: read at every update, they took a quarter of the time.
    const test = testEnabled && (!imageSet || !playing || atImageEpochEnd()) ? readTest(problems, transfer) : null;
    reply(
      'update',
      {
        epoch,
        layerUnits: session.layerUnits(),
        weights,
        historyFrom,
        metricsEvery,
        lossCurve,
        validationScores,
        gradientNorms,
        metrics,
        trainScore: scores.train,
        testScore: scores.test,
        trainLoss: scores.trainLoss,
        testLoss: scores.testLoss,
        grid,
        test,
      },
      transfer,
    );
    for (const [request, status] of problems) fail(request, status);
  }

  /**
   * The scores of the last epoch measured (metrics: 5 per epoch from historyFrom), kept across
   * updates; before any (epoch 0), one measurement on the whole of both parts.
   */
  function measuredScores(historyFrom) {
    const m = session.metrics();
    for (let at = m.length - 5; at >= 0; at -= 5) {
      if (Number.isFinite(m[at])) {
        lastScores = { train: m[at], test: m[at + 1], trainLoss: m[at + 2], testLoss: m[at + 3] };
        lastScoresEpoch = Math.max(lastScoresEpoch, historyFrom + at / 5 + 1);
        break;
      }
    }
    // Before the first epoch, and when play stops on an epoch not measured: the whole of both parts.
    if (epoch === 0 || (!playing && lastScoresEpoch < epoch)) {
      const s = session.scores();
      lastScores = { train: s.train, test: s.test, trainLoss: s.trainLoss, testLoss: s.testLoss };
      lastScoresEpoch = epoch;
    }
    return lastScores;
  }

  /** The outputs (and hidden units, if asked for) over the grid, copied; null with the problem noted. */
  function readGrid(problems, transfer) {
    const gridStatus = evaluateGrid(gridSpec);
    if (!gridStatus.ok) {
      problems.push(['grid', gridStatus]);
      return null;
    }
    const unitsStatus = evaluateUnits(gridSpec);
    const values = copyOf(session.grid());
    const units = unitsStatus?.ok ? copyOf(session.units()) : null;
    const { units: unitsSpec, ...rect } = gridSpec;
    transfer.push(values.buffer, ...(units ? [units.buffer] : []));
    const extra = units ? { unitsNx: unitsSpec.nx, unitsNy: unitsSpec.ny, units } : {};
    return { ...rect, channels: session.gridChannels, values, ...extra };
  }

  /** The model on the test rows (outputs and hidden units), after the grid: it reuses the grid's buffers. */
  function readTest(problems, transfer) {
    const status = session.evaluateTest();
    if (!status.ok) {
      problems.push(['test', status]);
      return null;
    }
    const values = copyOf(session.grid());
    const units = copyOf(session.units());
    transfer.push(values.buffer, units.buffer);
    return { nTest: session.nTest, channels: session.gridChannels, values, units };
  }

  /** A new run: fresh initial weights (when there are a configuration and data), shown at once. */
  function startRun(request, status) {
    hasModel = false;
    epoch = 0;
    lastScoresEpoch = -1;
    sentEpochs = 0;
    fitResult = null;
    if (!status.ok) return fail(request, status);
    if (!(configured && hasData)) return undefined;
    const p = session.step(0);
    if (!p.status.ok) return fail(request, p.status);
    hasModel = true;
    sendProgress(p);
    return sendUpdates();
  }

  /**
   * The data as loaded, transferred copies (the page draws them); with withPca, also the plane of
   * their first two principal components and both parts' rows in it (a big table's take a few
   * hundred milliseconds: here, not on the page's thread).
   */
  function sendData(withPca) {
    const [xTrain, yTrain, xTest, yTest] = [session.xTrain(), session.yTrain(), session.xTest(), session.yTest()].map(
      copyOf,
    );
    const { nFeatures, nTargets } = session;
    const pca = withPca ? principalPlane(xTrain, yTrain.length / nTargets, xTest, nFeatures) : null;
    const planes = pca ? [pca.mean.buffer, ...pca.components.map((c) => c.buffer), pca.trainXY.buffer, pca.testXY.buffer] : [];
    reply('data', { nFeatures, nTargets, xTrain, yTrain, xTest, yTest, ...(pca ? { pca } : {}) }, [
      xTrain.buffer,
      yTrain.buffer,
      xTest.buffer,
      yTest.buffer,
      ...planes,
    ]);
  }

  /**
   * An image set fetched into the session (image-load.js), with loading replies on the way; its
   * features are the pixels as they are (no derived features, no scaler). Resolves to a status;
   * the data reply's fields in `images`.
   */
  async function loadImages({ images }) {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    try {
      const got = await loadImageSet({
        url: images.url,
        set: images.set,
        session,
        fetch,
        signal: controller.signal,
        now,
        onProgress: ({ loaded, total }) => reply('loading', { set: images.set, loaded, total }),
      });
      const featured = session.setFeatures('[]', false);
      if (!featured.ok) return { status: featured };
      const named = session.setDataNames(JSON.stringify({ feature_names: null, class_labels: got.classNames.map((_, k) => k) }));
      return { status: named, got };
    } catch (e) {
      if (e?.status) return { status: e.status };
      return { status: { ok: false, parameter: 'dataset', value: images.set, message: String(e?.message ?? e) } };
    } finally {
      if (loading === controller) loading = null;
    }
  }

  /** The data reply of an image set: the test images' bytes and the labels (transferred); the training pixels stay here. */
  function sendImages(set, got) {
    const { xTest, yTrain, yTest, nTrain, nTest, nFeatures, imageShape, pixelMax, classNames, title, credit, licence } = got;
    const xTrain = new Float64Array(0);
    // What the engine holds once the set is in (its bytes, the labels, the model): said on the page.
    const memoryBytes = typeof session.memoryBytes === 'function' ? session.memoryBytes() : NaN;
    const images = { set, nTrain, nTest, imageShape, pixelMax, classNames, title, credit, licence, memoryBytes };
    reply('data', { nFeatures, nTargets: 1, xTrain, yTrain, xTest, yTest, images }, [xTest.buffer, yTrain.buffer, yTest.buffer]);
  }

  /** @param {{ generate?: object, arrays?: object, split?: object, features?: { derived?: string[], standardize?: boolean }, names?: object }} m */
  function loadData({ generate, arrays, split, features = {}, names }) {
    const loaded = loadRows({ generate, arrays, split });
    if (!loaded.ok) return loaded;
    if (split && arrays) {
      const status = session.splitData(split.test_size, split.random_state ?? 0);
      if (!status.ok) return status;
    }
    const featured = session.setFeatures(JSON.stringify(features.derived ?? []), features.standardize ?? false);
    if (!featured.ok || !names) return featured;
    // New data have no names: a table's come with every data request that loads it.
    return session.setDataNames(JSON.stringify({ feature_names: names.features ?? null, class_labels: names.classes ?? null }));
  }

  function loadRows({ generate, arrays, split }) {
    if (generate) {
      const { test_size = DEFAULT_TEST_SIZE, random_state = 0 } = split ?? {};
      return session.generate(generate.generator, JSON.stringify(generate.params ?? {}), test_size, random_state);
    }
    const { nFeatures, nTargets = 1, xTrain, yTrain, xTest = [], yTest = [] } = arrays;
    const sized = session.resizeData(yTrain.length / nTargets, yTest.length / nTargets, nFeatures, nTargets);
    if (!sized.ok) return sized;
    // The views are taken after resizeData (which allocates) and written at once.
    session.xTrain().set(xTrain);
    session.yTrain().set(yTrain);
    session.xTest().set(xTest);
    session.yTest().set(yTest);
    return session.commitData();
  }

  /**
   * An image set's next few minibatches (batchChunk, adapted so that a call takes about CALL_MS),
   * never past the end of the epoch under way: the epoch loop's checks (until, fit()'s stop, the
   * metrics) see every epoch's end. Returns the engine's Progress (batch, batches: within the epoch).
   */
  function stepImageBatches() {
    const t = now();
    const left = batchesLeft > 0 ? batchesLeft : epochBatches > 0 ? epochBatches : 1;
    const p = session.stepBatches(Math.max(1, Math.min(batchChunk, left)));
    if (p.batches > 0) epochBatches = p.batches;
    batchesLeft = p.batches > 0 ? p.batches - p.batch : 0;
    if (batchesLeft === p.batches) batchesLeft = 0; // at an epoch's end
    const took = now() - t;
    if (took < CALL_MS / 2) batchChunk = Math.min(MAX_CHUNK, batchChunk * 2);
    else if (took > 2 * CALL_MS) batchChunk = Math.max(1, batchChunk >> 1);
    return p;
  }

  /**
   * Step on an image set: `epochs` epochs a few minibatches at a time, yielding between calls (so
   * that pings are answered) and posting progress within the epoch at most every updateMs.
   */
  async function stepImages(epochs, wantFitStop) {
    const target = epoch + epochs;
    let p;
    let posted = now();
    do {
      p = stepImageBatches();
      if (!p.status.ok) return p;
      if (p.epoch < target && !p.finished && now() - posted >= updateMs) {
        sendProgress(p);
        posted = now();
      }
      await yieldNow();
    } while (!p.finished && !atFitStop(p, wantFitStop) && p.epoch < target);
    return p;
  }

  function tick() {
    tickPending = false;
    if (playing) guarded('play', train);
  }

  function setCadence(k) {
    if (k === metricsEvery) return;
    metricsEvery = k;
    session.setMetricsEvery(k);
  }

  function train() {
    // Before the first measurement of this play the cost is unknown: measure every epoch, then fix the cadence.
    if (!cadenceFixed) {
      const cost = session.metricsCost();
      if (Number.isFinite(cost) && epoch >= 3) {
        setCadence(Math.min(cadenceFor(cost), cadenceCap(epoch, Math.min(until, stopAtFit ? maxIter : Infinity))));
        cadenceFixed = true;
      } else setCadence(1);
    }
    session.setPauseAtFitStop(stopAtFit);
    const start = now();
    let p;
    let at = epoch;
    do {
      if (imageSet) {
        // Big epochs (300 minibatches of 200 images) go a few minibatches to a call, never past
        // the end of an epoch (where until, fit()'s stop and the metrics are checked).
        p = stepImageBatches();
      } else {
        // Small epochs go several to a call (one Progress across the binding for all of them).
        const t = now();
        p = session.step(Math.max(1, Math.min(chunk, until - at)));
        const took = now() - t;
        if (took < CALL_MS / 2) chunk = Math.min(MAX_CHUNK, chunk * 2);
        else if (took > 2 * CALL_MS) chunk = Math.max(1, chunk >> 1);
      }
      at = p.epoch;
      // (an image set's tick ends with its epoch: the update there has the test outputs)
    } while (p.status.ok && !p.finished && !atFitStop(p, stopAtFit) && p.epoch < until && now() - start < frameMs
      && !atImageEpochEnd());
    if (!p.status.ok) return fail('play', p.status);
    hasModel = true;
    sendProgress(p);
    const halt = p.finished || atFitStop(p, stopAtFit) || p.epoch >= until;
    // At most one update per updateMs, and at most a quarter of the time: a big grid on a big
    // net would otherwise leave little time to train. An image set's epoch end always has one.
    if (halt || atImageEpochEnd() || now() - lastUpdate >= Math.max(updateMs, 3 * updateCost)) sendUpdates();
    if (p.finished) return stop(p.stopReason, true);
    if (atFitStop(p, stopAtFit)) return stop(p.fitStopReason, false, 'fit');
    if (p.epoch >= until) return stop('until', false);
    tickPending = true;
    return defer(tick);
  }

  const handlers = {
    async init(m) {
      if (!module) {
        module = await createModule(m);
        session = new module.Session();
        session.setKeepTraining(true, 1);
      }
      reply('ready');
    },
    configure(m) {
      const status = session.configure(m.estimator, JSON.stringify(m.params ?? {}), m.precision ?? DEFAULT_PRECISION);
      if (status.ok) configured = true;
      maxIter = Number(m.params?.max_iter) > 0 ? Number(m.params.max_iter) : Infinity;
      startRun('configure', status);
    },
    async data(m) {
      if (m.images) {
        if (playing) stop('paused', false);
        const { status, got } = await loadImages(m);
        imageSet = status.ok;
        lastScores = { train: NaN, test: NaN, trainLoss: NaN, testLoss: NaN };
        lastScoresEpoch = -1;
        hasData ||= status.ok;
        if (status.ok) {
          sendImages(m.images.set, got);
          // The page shows the set (its panels, the test images) in the frames after this reply;
          // the first model (scores over 70,000 images: a second of work on one core) starts
          // after them, not beside them on a machine of two cores.
          await new Promise((resolve) => setTimeout(resolve, pageFrameMs));
        }
        return startRun('data', status);
      }
      imageSet = false;
      const loaded = loadData(m);
      const status = loaded.ok ? loaded : { ...loaded, parameter: dataParameter(loaded.parameter) };
      // After a failure, older data may or may not be left: the core says so when the run starts.
      hasData ||= status.ok;
      if (status.ok) sendData(m.pca === true);
      return startRun('data', status);
    },
    reset(m) {
      startRun('reset', m.random_state == null ? session.reset() : session.reset(m.random_state));
    },
    play(m) {
      until = m.until ?? Infinity;
      stopAtFit = Boolean(m.stopAtFit);
      cadenceFixed = false;
      chunk = 1;
      if (playing) return;
      playing = true;
      if (!tickPending) {
        tickPending = true;
        defer(tick);
      }
    },
    pause() {
      if (!playing) return;
      sendUpdates();
      stop('paused', false);
    },
    async step(m) {
      if (playing) handlers.pause();
      setCadence(1); // a step (the page's paced play) measures every epoch
      session.setPauseAtFitStop(Boolean(m.stopAtFit));
      const p = imageSet ? await stepImages(m.epochs ?? 1, Boolean(m.stopAtFit)) : session.step(m.epochs ?? 1);
      if (!p.status.ok) return fail('step', p.status);
      hasModel = true;
      sendProgress(p);
      sendUpdates();
      if (p.finished) return stop(p.stopReason, true);
      if (atFitStop(p, m.stopAtFit)) return stop(p.fitStopReason, false, 'fit');
      return undefined;
    },
    grid(m) {
      const { xMin, xMax, yMin, yMax, nx, ny, units, plane } = m;
      const status = session.setPlane(plane ? JSON.stringify(Array.from(plane)) : '');
      if (!status.ok) return fail('grid', status);
      gridSpec = { xMin, xMax, yMin, yMax, nx, ny, ...(units ? { units: { nx: units.nx, ny: units.ny } } : {}) };
      if (hasModel) sendUpdates();
      return undefined;
    },
    test(m) {
      testEnabled = m.enabled;
      if (testEnabled) gridSpec = null; // data with more than two inputs have no plane to draw
      if (hasModel && testEnabled) sendUpdates();
    },
    sync(m) {
      reply('synced', { token: m.token });
    },
    cancel() {
      // Handled at once by handle(); here only if it ever queues: nothing left to cancel.
    },
    export() {
      const json = hasModel ? session.exportModel() : '';
      if (!json) return fail('export', { parameter: 'model', value: '', message: 'nothing trained yet: no model to export' });
      return reply('model', { json });
    },
    trace(m) {
      const target = m.target === undefined ? [] : typeof m.target === 'number' ? [m.target] : Array.from(m.target);
      const status = session.trace(JSON.stringify(Array.from(m.point)), JSON.stringify(target));
      if (!status.ok) return fail('trace', status);
      // The views after the last call that allocates (traceJson), copied at once by traceReply.
      const core = JSON.parse(session.traceJson());
      const { fields, transfer } = traceReply(core, session.traceWeights(), session.traceGradients());
      return reply('trace', fields, transfer);
    },
    import(m) {
      if (playing) stop('paused', false);
      const status = session.importModel(m.json);
      if (!status.ok) return fail('import', status); // the core keeps the model it had
      epoch = 0;
      lastScoresEpoch = -1;
      sentEpochs = 0;
      fitResult = null;
      configured = true;
      hasModel = true;
      return sendUpdates();
    },
  };

  /** Runs fn; an exception (a bug, or a value Embind cannot convert) is posted as an error. */
  async function guarded(request, fn) {
    try {
      await fn();
    } catch (e) {
      try {
        fail(request, { parameter: 'worker', value: '', message: String(e?.message ?? e) });
      } catch {
        // post itself failed: nothing left to tell
      }
    }
  }

  async function dispatch(m) {
    const problem = validateRequest(m);
    if (problem) return fail(typeof m?.type === 'string' ? m.type : 'message', problem);
    if (!module && m.type !== 'init')
      return fail(m.type, { parameter: 'type', value: m.type, message: 'send init first' });
    if (RUN_STARTERS.includes(m.type)) runId = Math.max(m.runId, runId + 1);
    return handlers[m.type](m);
  }

  return {
    /**
     * Handles one request; requests are handled in order, except ping, answered at once (even while
     * the engine loads). Never throws: failures are posted as errors.
     */
    handle(message) {
      if (message?.type === 'ping' && validateRequest(message) === null) {
        post({ type: 'pong', runId });
        return queue;
      }
      // Cancel reaches the image set being fetched at once (not after it, in the queue).
      if (message?.type === 'cancel' && validateRequest(message) === null) {
        loading?.abort();
        return queue;
      }
      queue = queue.then(() => guarded(message?.type ?? 'message', () => dispatch(message)));
      return queue;
    },
    /** Frees the session (the module stays). */
    dispose() {
      playing = false;
      session?.delete();
      session = null;
      module = null;
    },
  };
}
