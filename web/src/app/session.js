// Glue between the config, the training worker and the views: turns config
// changes into requests (configure, data, grid) and replies into view updates
// and a status object for the training bar.
import {
  axisNames,
  changeKind,
  engineParams,
  estimatorOf,
  featuresRequest,
  generateRequest,
  imageShapeOf,
  inputLabels,
  isPlanar,
  nClassesOf,
  nFeaturesOf,
  outputLabels,
  sameValue,
  tableOf,
  taskOf,
} from '../state/config.js';
import { awaitsFile, copyInSteps, loadTable, tableNames, takeEngineCopy } from '../data/tables.js';
import { majorityShare, runProblem } from '../state/health.js';
import { SERIES_KEYS, createRunHistory } from './run-history.js';
import { predictedClasses } from '../data/metrics.js';
import { createPca2, pcaBasis } from '../data/pca.js';
import { MAX_PINS, pinDifference, pinLabel } from '../state/url.js';
import { applyEdits, dataRect } from './edits.js';
import { createFrameScheduler } from './frames.js';
import { sampleOutputs } from '../views/output-tiles.js';
import { regressionScale } from '../views/palette.js';

const GRID_2D = { nx: 200, ny: 200 };
const GRID_1D = { nx: 400, ny: 2 };
const UNITS = { nx: 24, ny: 24 };
const RATE_WINDOW_MS = 1500;
// The rate counts from the moment the page asks for training (not from the first reply, which
// may come a few milliseconds before the next: that burst read as 68.6M samples/s), and is
// shown only once it spans this long (a shorter run shows none).
const RATE_MIN_MS = 250;
const PIN_COLORS = ['#CC79A7', '#56B4E9', '#E69F00']; // Okabe-Ito: apart from train, test and validation
const PIN_SAMPLES = 150; // a pinned loss curve keeps at most this many epochs (the link carries them)
const PIN_POINTS = 300; // and its boundary at most this many points
const STATUS_MS = 100; // the training bar's numbers, at most this often while training plays
// Paced play (a speed in epochs per second): the page asks for one epoch at a time. Up to this
// speed it waits until the last epoch is drawn (the boundary, the network, the chart) before it
// asks for the next, so that every epoch is seen; a drawing that takes longer than DRAW_WAIT_MS
// (a hidden view, a slow machine) does not hold training up.
export const DRAW_EVERY_EPOCH_UP_TO = 20;
const DRAW_WAIT_MS = 400;
// Data with more inputs are drawn in the plane of their first two principal components when
// those hold at least this share of the variance (iris: 98%); else only the test set's views
// (digits: 29%), because a boundary in a plane that misses most of the data would mislead.
export const PLANE_MIN_EXPLAINED = 0.8;

/**
 * createSession({ client, store, views: { boundary, chart, network, gradients?, features?, testset?, weights?, activating? },
 *   onStatus(status), onError(error), onRunStart(), frames? })
 * Data with more than two inputs (a table: iris, digits, a CSV file) have no plane to draw:
 * the engine then evaluates the test rows with every update, for testset (the confusion
 * matrix and a PCA plane), weights (first-layer weight images) and activating (the test
 * inputs that most activate each unit).
 * onRunStart: a new run has started (the engine accepted the configuration and the data).
 * onDataFailed({ key, error }): a bundled table (iris, digits) could not load (error.network: the
 *   server could not be reached). Until a table has loaded, the engine is told nothing of the
 *   config that needs it (no configuration, no data): it keeps the previous run, which the page
 *   may go back to, and Step, Reset and trainTo wait. retryData() loads it again.
 * frames: the frame scheduler that draws the views (default: one of its own, see frames.js).
 * Returns { play(), pause(), toggle(), step(), reset(), trainTo(epoch), exportModel(): Promise<string>, status,
 *   run, display, ... }.
 *
 * Training goes on past the epoch where scikit-learn's fit() stops (the worker reports that
 * epoch, status.fitStop) unless the config's train.stopAtFit pauses it there; Play and Step
 * always carry on from the current weights and optimizer state. The config's train.speed sets
 * the pace: 'max' lets the worker train as fast as it can; a number of epochs per second has
 * the page ask for one epoch at a time (see DRAW_EVERY_EPOCH_UP_TO).
 *
 * Training replies are not drawn as they come: each view is marked dirty and drawn in a later
 * animation frame, one view per frame, from the latest grid and parameters (so replies that
 * come faster than the views can draw are skipped, and no frame draws all three views).
 */
export function createSession({ client, store, views, onStatus, onError, onRunStart, onDataFailed, frames = createFrameScheduler() }) {
  let ready = false;
  let base = null; // the engine's data reply for the generated set
  let baseRun = -1; // the runId of the last generate request
  let lastDataWasGenerate = false;
  let display = null; // { arrays, origin, trainCount }
  let rect = null;
  let gridSpec = null;
  let lastParams = null;
  let lastUnits = null;
  let lastOutputs = null; // the output units over the plane, sampled from the latest grid (output-tiles.js)
  let currentRun = -1;
  let history = null;
  let rateSamples = [];
  let rateFrom = null; // [time, samples] when the page last asked the worker to train
  let pendingExport = null;
  let autoplay = false;
  let pendingGrid = null; // the latest grid reply not drawn yet
  let lastCommand = ''; // the last of play, pause and step sent to the worker
  let table = null; // the table behind the data (iris, digits, CSV), when the data are one
  let dataToken = 0; // bumped by every data change: a table that loads late is dropped
  let testEnabled = false; // the worker evaluates the test rows with every update
  let lastTest = null; // the latest test reply
  let basis = null; // the principal components of the training rows (for the test set's plane)
  let tableJob = null; // showTable's work still to do: (deadline) -> true while more remains
  let testXY = null; // the test rows on the two principal components (x, y pairs), for the test set's plot
  let plane = null; // { explained, axes: [origin..., u..., v...] }: the boundary drawn in the PCA plane
  let awaitingUnits = false; // params came in; the grid with the hidden units' pictures follows
  let networkStale = false; // an update came in since the network view was last given one
  let majority = NaN; // the largest class's share of the training rows (for the collapse test)
  let lastProgress = null; // the latest progress reply of the current run
  let untilWaiters = []; // trainTo promises: { epoch, resolve, reject }
  let awaitingFile = false; // the dataset is the user's CSV and no file is loaded yet: nothing goes to the engine
  let configurePending = false; // a configuration held back while awaiting a file or a table
  let afterTable = []; // trainTo calls waiting for a table's data to reach the engine
  // Paced play: whether it runs, a step is awaited, when the next epoch is due, when the last reply came.
  const pacer = { active: false, waiting: false, due: 0, repliedAt: 0, frame: 0 };
  let tablesStage = 0; // the tables task's turn: 0 update, 1 prepare, 2-4 render testset, weights, activating
  let tablesStale = false; // an update came since the tables task last read them
  const requestTables = () => {
    tablesStale = true;
    draw.tables.request();
  };
  const requestNetwork = () => {
    networkStale = true;
    draw.network.request();
  };

  const draw = {
    // The data plane in turns: the new grid's heatmap and contour, a few rows per turn (each
    // turn stops at its deadline), then the picture.
    boundary: frames.task('boundary', (deadline) => {
      if (pendingGrid) views.boundary?.setGrid(pendingGrid);
      pendingGrid = null;
      if (views.boundary?.prepare?.(deadline)) return true;
      views.boundary?.render();
      return Boolean(views.boundary?.busy); // a newer grid came while painting: its turn next
    }),
    // The network in a few turns: the thumbnails, then the links, a unit's links at a time
    // until the turn's deadline (prepare), then the picture.
    network: frames.task('network', (deadline) => {
      if (networkStale) {
        networkStale = false;
        updateNetwork();
      }
      if (views.network?.prepare?.(deadline)) return true;
      views.network?.render();
      return Boolean(views.network?.busy); // newer weights came while drawing: their turn next
    }),
    // The hidden features panel (when shown): its tiles until the turn's deadline, then the picture.
    features: frames.task('features', (deadline) => {
      if (views.features?.prepare?.(deadline)) return true;
      views.features?.render();
      return false;
    }),
    // Data with more than two inputs: the test set's numbers and the weight pictures.
    // One view per turn (a big test set's tables and scatter take a few milliseconds each); an
    // update that comes meanwhile starts the sequence again at its end.
    tables: frames.task('tables', (deadline) => {
      if (tablesStage === 0) {
        tablesStale = false;
        updateTables();
        tablesStage = 1;
        return true; // the scores of a big test set are a turn's work: the rest in the next turns
      }
      if (tablesStage === 1) {
        const more = [views.testset, views.weights, views.activating].map((v) => v?.prepare?.(deadline)).some(Boolean);
        if (more) return true;
        tablesStage = 2;
      }
      const view = [views.testset, views.weights, views.activating][tablesStage - 2];
      view?.render?.();
      tablesStage = tablesStage === 4 ? 0 : tablesStage + 1;
      return tablesStage !== 0 || tablesStale;
    }),
    // A table's principal components, a turn at a time (showTable).
    pca: frames.task('pca', (deadline) => Boolean(tableJob?.(deadline))),
    chart: frames.task('chart', () => {
      updateChart();
      views.chart?.render();
    }),
    // The gradient norms per layer: one more view taking its turn.
    gradients: frames.task('gradients', () => {
      updateGradients();
      views.gradients?.render();
    }),
  };

  const status = {
    ready: false,
    playing: false,
    finished: false,
    epoch: 0,
    samples: 0,
    rate: NaN,
    loss: NaN,
    validationScore: NaN,
    trainScore: NaN,
    testScore: NaN,
    trainLoss: NaN,
    testLoss: NaN,
    stopReason: '',
    scoredEpoch: -1, // the epoch of the last params reply (the scores and losses shown)
    fitStop: null, // { epoch, reason, best? }: where scikit-learn's fit() stops, once passed
    patienceEpoch: 0,
    ruleStopEpoch: 0,
    bestEpoch: 0,
    stoppedAt: '', // 'fit' when play paused where fit() stops, 'until' at the epoch asked for
    problem: null, // a diverged, collapsed or stalled run: { kind, title, text, fixes, pauses } (state/health.js)
    // The training worker lost and restarted (engine/client.js): { state: 'restarting' | 'failed' | 'restored',
    // cause, title, text, epoch } while it matters (until the next Play, Step or new run), else null.
    engine: null,
    metricsEvery: 1, // the scores and losses of the curves are measured every this many epochs
    task: taskOf(store.get()),
    solver: store.get().model.solver,
  };

  // The training bar takes its turn with the views too: each change costs a style, layout and
  // paint pass of the page. While training plays, the progress replies (dozens a second) are
  // shown about ten times a second; anything else at once.
  let statusShownAt = -Infinity;
  let statusTimer = 0;
  const statusTask = frames.task('status', () => {
    statusShownAt = performance.now();
    onStatus?.({ ...status });
  });
  const emit = () => {
    clearTimeout(statusTimer);
    statusTimer = 0;
    statusTask.request();
  };
  const emitProgress = () => {
    if (statusTask.dirty || statusTimer) return;
    const wait = statusShownAt + STATUS_MS - performance.now();
    if (wait <= 0) statusTask.request();
    else {
      statusTimer = setTimeout(() => {
        statusTimer = 0;
        statusTask.request();
      }, wait);
    }
  };

  const newHistory = createRunHistory;

  /** A reply from a run we have not seen yet: forget the old run's numbers. */
  function enterRun(runId) {
    if (runId === currentRun) return;
    currentRun = runId;
    history = newHistory();
    lastParams = null;
    if (views.gradients) draw.gradients.request();
    status.epoch = 0;
    status.samples = 0;
    status.finished = false;
    status.stopReason = '';
    status.loss = NaN;
    status.validationScore = NaN;
    status.trainScore = status.testScore = status.trainLoss = status.testLoss = NaN;
    status.scoredEpoch = -1;
    status.fitStop = null;
    status.patienceEpoch = status.ruleStopEpoch = status.bestEpoch = 0;
    status.stoppedAt = '';
    status.problem = null;
    // A restored run's message is out of date once another run starts (not the engine's first load's).
    if (status.engine?.state === 'restored' && status.engine.restoring) status.engine = null;
    lastProgress = null;
    rateSamples = [];
    if (rateFrom) rateFrom = [rateFrom[0], 0]; // a reset run counts its samples from 0
    status.rate = NaN;
    onRunStart?.();
  }

  // ---- requests

  /** The config's dataset is a bundled table (iris, digits) that is not loaded (yet, or failed). */
  const tableMissing = (config) => {
    const key = tableOf(config);
    return Boolean(key) && key !== 'csv' && table?.name !== key;
  };

  function sendConfigure(config) {
    // A model for a table not loaded yet waits for it: the engine keeps the previous model
    // with the previous data (a classifier for iris would not take the sine curve's targets).
    configurePending = awaitsFile(tableOf(config)) || tableMissing(config);
    if (configurePending) return;
    client.send('configure', { estimator: estimatorOf(config), params: engineParams(config), precision: config.precision });
  }

  function sendGenerate(config, { retry = false } = {}) {
    // New data: a trainTo that waited for a table's data is for data no longer asked for.
    if (!retry) for (const go of afterTable.splice(0)) go(new Error('the data changed before they loaded'));
    // A grid over a table's plane (iris: 4 columns) would not fit other data (digits' 64, the
    // moons' 2): the worker drops it first ('test' on does), and the new data get their own.
    if (gridSpec?.plane) {
      gridSpec = null;
      client.send('test', { enabled: true });
      testEnabled = true;
    }
    base = null;
    display = null;
    plane = null;
    tableJob = null;
    dataToken += 1;
    awaitingFile = awaitsFile(tableOf(config));
    if (awaitingFile) return awaitFile();
    if (tableOf(config)) return sendTable(config, dataToken);
    table = null;
    baseRun = client.send('data', { generate: generateRequest(config), features: featuresRequest(config) });
    lastDataWasGenerate = true;
    return undefined;
  }

  /** A table's rows, loaded (a bundled file is fetched once), then split by the engine as train_test_split does. */
  function sendTable(config, token) {
    const key = tableOf(config);
    table = null;
    loadTable(key).then(async (loaded) => {
      if (token !== dataToken || !loaded) return; // the data changed again meanwhile
      // The engine gets a copy (transferred); the table keeps its own, for the views and for the
      // client to send a fresh worker. A CSV file's first copy comes made by its parser's worker;
      // others are made here, a megabyte a task.
      const spare = takeEngineCopy(loaded);
      const [xTrain, yTrain] = spare ? [spare.X, spare.y] : [await copyInSteps(loaded.X), await copyInSteps(loaded.y)];
      if (token !== dataToken) return;
      table = loaded;
      const now = store.get();
      if (configurePending) sendConfigure(now);
      const request = (arrays) => ({
        arrays: { nFeatures: loaded.nFeatures, nTargets: 1, ...arrays },
        split: { testFraction: now.data.testFraction, splitSeed: now.data.seed },
        features: featuresRequest(now),
        ...namesOf(loaded),
        // Data with more columns are shown in the plane of their principal components: the engine's worker finds it.
        ...(isPlanar(now) ? {} : { pca: true }),
      });
      baseRun = client.send('data', request({ xTrain, yTrain }),
        { transfer: [xTrain.buffer, yTrain.buffer], keep: request({ xTrain: loaded.X, yTrain: loaded.y }) });
      lastDataWasGenerate = true;
      for (const go of afterTable.splice(0)) go();
      if (autoplay) play();
    }, (e) => {
      if (token !== dataToken) return;
      autoplay = false;
      if (onDataFailed) onDataFailed({ key, error: e });
      else onError?.({ request: 'data', parameter: 'dataset', value: key, message: `the ${key} data could not load: ${e.message}` });
      emit();
    });
  }

  // ---- a table's names, and the CSV file not loaded yet

  /** The data request's names: a table's columns and class labels (the exported model's). */
  function namesOf(t) {
    const names = tableNames(t);
    return names ? { names } : {};
  }

  /** The plane's axes, named: a CSV file's columns, or the principal components. */
  const planeAxes = (config) => (plane ? { x: 'PC1', y: 'PC2' } : axisNames(config));

  /**
   * "Your CSV" chosen before a file: nothing is sent to the engine (main.js and the Data panel
   * ask for the file). The last run's numbers and pictures go: they were of other data.
   */
  function awaitFile() {
    table = null;
    rect = null;
    gridSpec = null;
    pendingGrid = null;
    lastUnits = null;
    lastTest = null;
    enterRun(-2); // no run (runIds are never negative): the status and the curves start empty
    draw.chart.request();
    views.network?.update(null);
  }

  function sendArrays(config) {
    if (!base) return sendGenerate(config);
    display = applyEdits(base, config.data.edits);
    showData(config);
    const { arrays } = display;
    // Copies: the display keeps its own arrays for the views.
    const copy = {
      nFeatures: arrays.nFeatures,
      nTargets: 1,
      xTrain: arrays.xTrain.slice(),
      yTrain: arrays.yTrain.slice(),
      xTest: arrays.xTest.slice(),
      yTest: arrays.yTest.slice(),
    };
    lastDataWasGenerate = false;
    const request = (a) => ({ arrays: a, features: featuresRequest(config), ...namesOf(table) });
    client.send('data', request(copy), { transfer: [copy.xTrain.buffer, copy.yTrain.buffer, copy.xTest.buffer, copy.yTest.buffer],
      keep: request({ nFeatures: arrays.nFeatures, nTargets: 1, xTrain: arrays.xTrain, yTrain: arrays.yTrain, xTest: arrays.xTest, yTest: arrays.yTest }) });
    return undefined;
  }

  function sendGrid(config) {
    if (!rect) return;
    const res = nFeaturesOf(config) === 1 ? GRID_1D : GRID_2D;
    gridSpec = { ...rect, ...res, units: UNITS, ...(plane ? { plane: plane.axes } : {}) };
    client.send('grid', gridSpec);
  }

  function showData(config) {
    if (!display) return;
    if (!isPlanar(config) && !plane) return;
    views.boundary?.setData(display.arrays, { task: taskOf(config), nClasses: nClassesOf(config) ?? undefined,
      classNames: table?.classNames ?? undefined, axes: planeAxes(config) });
  }

  // ---- config changes

  store.subscribe((next, prev) => {
    const kind = changeKind(prev, next);
    status.task = taskOf(next);
    status.solver = next.model.solver;
    if (kind.view) applyViewOptions(next);
    if (!sameValue(prev.pins, next.pins)) applyPins(next);
    if (!ready) return emit();
    // A new speed while playing: go on at the new pace (paced steps, or the worker's own loop).
    if (kind.train && status.playing && !kind.model && !kind.data && String(prev.train.speed) !== String(next.train.speed)) {
      stopPlaying();
      startPlaying();
    }
    if (kind.model) sendConfigure(next);
    if (kind.data) sendGenerate(next);
    else if (kind.edits || kind.features) sendArrays(next);
    if (kind.model && views.gradients) draw.gradients.request(); // lbfgs: its note
    if (kind.model || kind.data || kind.edits || kind.features) {
      if (status.playing) stopPlaying(); // the new run waits for Play
      status.playing = false;
      status.finished = false;
      status.stopReason = '';
    }
    emit();
  });

  /** The pinned runs with their colours: { label, loss, ghost, color }. */
  const pinnedRuns = (config) => (config.pins ?? []).map((pin, k) => ({ ...pin, color: PIN_COLORS[k % PIN_COLORS.length] }));

  function applyPins(config) {
    views.boundary?.setGhosts?.(pinnedRuns(config).map((pin) => ({ lines: pin.ghost ?? [], color: pin.color })));
    draw.chart.request();
  }

  /** The current run as a pin: its loss curve (sampled) and decision boundary (thinned), labelled by its knobs. */
  function currentPin(config) {
    const loss = history?.series('lossCurve') ?? [];
    const curve = loss.length ? loss : history?.series('trainLosses') ?? [];
    const epochs = [];
    const values = [];
    const step = Math.max(1, Math.ceil(curve.length / PIN_SAMPLES));
    for (let i = 0; i < curve.length; i += 1) {
      if ((i % step !== 0 && i !== curve.length - 1) || !Number.isFinite(curve[i])) continue;
      epochs.push(i + 1);
      values.push(curve[i]);
    }
    if (!epochs.length) return null;
    const lines = (views.boundary?.boundaryLines?.() ?? []).sort((a, b) => b.length - a.length).slice(0, 12);
    const total = lines.reduce((sum, line) => sum + line.length / 2, 0);
    const every = Math.max(1, Math.ceil(total / PIN_POINTS));
    const ghost = lines
      .map((line) => line.filter((_, k) => Math.floor(k / 2) % every === 0 || k >= line.length - 2))
      .filter((line) => line.length >= 4);
    const label = pinLabel(runLabel(config));
    return { label, loss: { epochs, values }, ghost };
  }

  /** The knobs that tell runs apart, as words: a pin's label, and what the chart compares it with. */
  function runLabel(config) {
    const m = config.model;
    const words = [`(${m.hidden_layer_sizes.join(',')})`, m.activation, m.solver, `lr=${m.learning_rate_init}`,
      `alpha=${m.alpha}`, `batch=${m.batch_size}`];
    if (m.solver === 'sgd' && m.learning_rate !== 'constant') words.push(m.learning_rate);
    if (m.early_stopping) words.push('early_stopping');
    return words.join(' ');
  }

  function applyViewOptions(config) {
    views.boundary?.setOptions({ discretize: config.view.discretize, showTest: config.view.showTest, showTrain: true });
    views.chart?.setOptions?.({ logScale: config.view.logScale });
  }

  // ---- replies

  client.on('ready', () => {
    ready = true;
    status.ready = true;
    // The first load, after failures: the engine is there now.
    if (status.engine) status.engine = { ...status.engine, state: 'restored', epoch: 0 };
    const config = store.get();
    sendConfigure(config);
    sendGenerate(config);
    if (autoplay) play();
    emit();
  });

  // The worker was lost (engine/client.js restarts it): training stops; what was asked of it fails.
  client.on('lost', (m) => {
    ready = false;
    status.ready = false;
    stopPacer();
    status.playing = false;
    autoplay = false;
    settleWaiters(null, new Error(`${m.title}: ${m.text}`));
    pendingExport?.reject(new Error(m.title));
    pendingExport = null;
    status.engine = { state: m.giveUp ? 'failed' : 'restarting', cause: m.cause, title: m.title, text: m.text,
      restoring: m.restoring, epoch: status.epoch };
    emit();
  });

  // A fresh worker holds the run again (the same weights, at the epoch last drawn): its curves stay.
  client.on('restored', (m) => {
    const lost = status.engine;
    if (!m.fresh) {
      currentRun = m.runId;
      status.epoch = m.epoch;
    }
    ready = true;
    status.ready = true;
    status.finished = false;
    status.engine = lost ? { ...lost, state: 'restored', epoch: m.epoch } : null;
    if (autoplay) play();
    emit();
  });

  client.on('data', (m) => {
    if (awaitingFile) return; // of the data before the CSV choice
    const config = store.get();
    // Only the reply to the latest generate request is the base (not the echo of our own arrays).
    if (m.runId < baseRun || !lastDataWasGenerate) return;
    lastDataWasGenerate = false;
    base = m;
    majority = taskOf(config) === 'classification' ? majorityShare(m.yTrain) : NaN;
    setTestEnabled(!isPlanar(config));
    if (testEnabled) {
      showTable(config, m);
      return;
    }
    rect = dataRect(m, { equal: !table }); // a table's columns each span their own data
    views.boundary?.setRect(rect);
    sendGrid(config);
    const { edits } = config.data;
    if (edits.added.length || edits.removed.length) sendArrays(config);
    else {
      display = applyEdits(base, edits);
      showData(config);
    }
  });

  client.on('progress', (m) => {
    if (awaitingFile) return; // of the data before the CSV choice
    enterRun(m.runId);
    const now = performance.now();
    if (status.playing) {
      if (!rateSamples.length && rateFrom) rateSamples.push(rateFrom);
      rateSamples.push([now, m.samples]);
      while (rateSamples.length > 2 && now - rateSamples[1][0] >= RATE_WINDOW_MS) rateSamples.shift();
      if (rateSamples.length >= 2) {
        const [t0, s0] = rateSamples[0];
        const [t1, s1] = rateSamples.at(-1);
        status.rate = t1 - t0 >= RATE_MIN_MS ? ((s1 - s0) / (t1 - t0)) * 1000 : NaN;
      }
    }
    lastProgress = m;
    status.epoch = m.epoch;
    status.samples = m.samples;
    status.loss = m.loss;
    status.validationScore = m.validationScore;
    const passed = !status.fitStop && m.fitStop;
    status.fitStop = m.fitStop ?? null;
    status.patienceEpoch = m.patienceEpoch ?? 0;
    status.ruleStopEpoch = m.ruleStopEpoch ?? 0;
    status.bestEpoch = m.bestEpoch ?? 0;
    if (m.epoch > 0) status.stoppedAt = '';
    if (m.finished) {
      status.finished = true;
      status.stopReason = m.stopReason ?? status.stopReason;
    }
    checkHealth();
    if (passed) draw.chart.request(); // the marker
    if (status.playing && !m.finished && !passed) emitProgress();
    else emit();
  });

  client.on('params', (m) => {
    if (awaitingFile) return; // of the data before the CSV choice
    enterRun(m.runId);
    lastParams = m;
    status.scoredEpoch = m.epoch;
    status.trainScore = m.trainScore;
    status.testScore = m.testScore;
    status.trainLoss = m.trainLoss ?? NaN;
    status.testLoss = m.testLoss ?? NaN;
    history.append(m);
    status.metricsEvery = m.metricsEvery ?? 1;
    if (pacer.waiting) {
      pacer.waiting = false;
      pacer.repliedAt = performance.now();
    }
    checkHealth();
    draw.chart.request();
    if (views.gradients) draw.gradients.request();
    // The network is drawn once per update: with the units' and the outputs' pictures of the
    // same epoch, which come in the grid reply that follows (unless the grid reply of the last
    // params never came).
    const unitsFollow = Boolean(gridSpec);
    if (!unitsFollow || awaitingUnits) requestNetwork();
    awaitingUnits = unitsFollow;
    if (testEnabled) requestTables(); // the weight images
    // No data reply from this engine: draw over a default square so the model still shows.
    if (!rect && isPlanar(store.get())) {
      rect = nFeaturesOf(store.get()) === 1 ? { xMin: -1.2, xMax: 1.2, yMin: -1.5, yMax: 1.5 } : { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
      views.boundary?.setRect(rect);
      sendGrid(store.get());
    }
    emit();
  });

  client.on('grid', (m) => {
    if (awaitingFile) return; // of the data before the CSV choice
    pendingGrid = m;
    draw.boundary.request();
    if (m.units) lastUnits = { units: m.units, unitsNx: m.unitsNx, unitsNy: m.unitsNy };
    lastOutputs = sampleOutputs(m);
    requestNetwork();
    awaitingUnits = false;
  });

  client.on('test', (m) => {
    if (!testEnabled || awaitingFile) return;
    lastTest = m;
    requestTables();
  });

  client.on('stopped', (m) => {
    // The answer to a pause (or step) that a later play has overtaken: the worker trains again.
    // (It answers requests in order, so after a play only a later pause can stop it.)
    if (!m.finished && m.reason === 'paused' && lastCommand === 'play') return;
    stopPacer();
    status.playing = false; // the last rate stays on show
    if (m.finished) {
      status.finished = true;
      status.stopReason = m.reason;
    } else if (m.at === 'fit') {
      status.stoppedAt = 'fit';
    } else if (m.reason === 'until') {
      status.stoppedAt = 'until';
    } else if (m.reason !== 'paused') {
      status.stopReason = m.reason;
    }
    settleWaiters(m);
    emit();
  });

  client.on('error', (m) => {
    if (m.request === 'export') {
      pendingExport?.reject(new Error(m.message));
      pendingExport = null;
    }
    if (m.request === 'grid' && awaitingUnits) {
      awaitingUnits = false;
      requestNetwork();
    }
    if (m.request === 'play' || m.request === 'step' || m.request === 'worker' || m.request === 'init') {
      stopPacer();
      status.playing = false;
      settleWaiters(null, new Error(m.message));
    }
    if (m.request === 'worker' || m.request === 'init') {
      status.ready = false;
      status.stopReason = `The training engine could not load: ${m.message}`;
    }
    onError?.(m);
    emit();
  });

  client.on('model', (m) => {
    pendingExport?.resolve(m.json);
    pendingExport = null;
  });

  function updateChart() {
    const h = history ?? newHistory();
    views.chart?.setOptions?.({ scoreName: status.task === 'regression' ? 'R²' : 'accuracy', cadence: status.metricsEvery });
    const stop = status.fitStop;
    views.chart?.update({
      // Each pin is named by what sets it apart from the current run ("relu" after a switch to tanh).
      pinned: pinnedRuns(store.get()).map((pin) => ({ label: pinDifference(pin.label, runLabel(store.get())), loss: pin.loss,
        color: pin.color })),
      lossCurve: h.series('lossCurve'),
      validationScores: h.series('validationScores'),
      trainScores: h.series('trainScores'),
      testScores: h.series('testScores'),
      trainLosses: h.series('trainLosses'),
      testLosses: h.series('testLosses'),
      markers: stop ? [{ epoch: stop.epoch, label: 'fit() stops here', detail: stop.reason }] : [],
    });
  }

  /**
   * A diverged or collapsed run: named once, and training paused (Play would only make it
   * worse). A stalled one trains on, asked about again at every update: named while it lasts
   * (in the words of when it began: the bar's message is a live region), gone once it is not.
   */
  function checkHealth() {
    if (status.problem?.pauses || !history) return;
    const curves = { topShares: history.series('topShares'), trainLosses: history.series('trainLosses'),
      gradientNorms: history.gradientNorms(), nLayers: history.nLayers };
    const problem = runProblem({ config: store.get(), progress: lastProgress, history: curves, majorityShare: majority, task: status.task,
      previous: status.problem });
    if ((problem?.kind ?? null) === (status.problem?.kind ?? null)) return;
    status.problem = problem;
    if (problem?.pauses && status.playing) pause();
    emit();
  }

  /** The gradient chart: the last params reply's norms (epochs x weight layers), or its empty note. */
  function updateGradients() {
    if (!views.gradients) return;
    const lbfgs = store.get().model.solver === 'lbfgs';
    views.gradients.setOptions?.({ emptyText: lbfgs ? 'lbfgs reports no per-epoch gradients' : 'Press Play or Step to train' });
    const norms = history?.gradientNorms();
    const nLayers = history?.nLayers ?? 0;
    views.gradients.update(lbfgs || !norms?.length ? {} : { gradientNorms: norms, nLayers });
  }

  /**
   * Data with more inputs: the test set's views, and when the first two principal components of
   * the training rows hold most of the variance, the data and the boundary in their plane.
   */
  function showTable(config, m) {
    lastUnits = null; // pictures over the old plane
    lastOutputs = null;
    lastTest = null;
    basis = null;
    testXY = null;
    plane = null;
    display = null;
    rect = null;
    // The principal components and the rows in their plane come with the data (the worker finds
    // them: a big CSV file's 75,000 x 50 training rows take a few hundred milliseconds). Without
    // them (data asked for without pca) they are found here, a few milliseconds a turn.
    const given = m.pca ? { result: pcaBasis(m.pca.mean, m.pca.components, m.pca.explained), advance: () => false } : null;
    const pca = given ?? createPca2(m.xTrain, m.yTrain.length, m.nFeatures);
    let projections = null;
    tableJob = (deadline) => {
      if (pca.advance(deadline)) return true;
      if (!projections) {
        basis = pca.result;
        const explained = basis.explained[0] + basis.explained[1];
        plane = explained >= PLANE_MIN_EXPLAINED
          ? { explained: basis.explained, axes: [...basis.mean, ...basis.components[0], ...basis.components[1]] }
          : null;
        // The test rows in the plane, for the test set's plot (and with a plane, the training rows).
        const done = (xy) => ({ advance: () => false, result: xy });
        projections = given
          ? [done(m.pca.testXY), done(m.pca.trainXY)]
          : [basis.projectInSteps(m.xTest), ...(plane ? [basis.projectInSteps(m.xTrain)] : [])];
      }
      if (projections.some((job) => job.advance(deadline))) return true;
      testXY = projections[0].result;
      if (!plane) return finishTable(store.get(), m);
      return finishTable(store.get(), { ...m, nFeatures: 2, xTrain: projections[1].result, xTest: projections[0].result });
    };
    draw.pca.request();
  }

  /** showTable's end, once the components are known: the data (in the plane, if there is one) and the views. */
  function finishTable(config, shown) {
    tableJob = null;
    display = applyEdits(shown, { added: [], removed: [] });
    rect = plane ? dataRect(shown) : null;
    if (plane) {
      views.boundary?.setRect(rect);
      sendGrid(config);
      showData(config);
    }
    requestTables();
    return false;
  }

  function setTestEnabled(on) {
    if (on === testEnabled) return;
    testEnabled = on;
    if (on) gridSpec = null; // the worker drops its grid too
    client.send('test', { enabled: on });
  }

  /** The test set's view, the weight images and the most-activating inputs, from the latest replies. */
  function updateTables() {
    if (!testEnabled || !base || tableJob) return; // the components come first (showTable)
    const config = store.get();
    const classNames = table?.classNames ?? Array.from({ length: nClassesOf(config) ?? 0 }, (_, k) => String(k));
    const imageShape = imageShapeOf(config);
    const p = base.nFeatures;
    if (views.testset) {
      const fresh = lastTest && lastTest.runId === currentRun;
      views.testset.update({
        task: taskOf(config),
        classNames,
        yTest: base.yTest,
        predicted: fresh && taskOf(config) === 'classification'
          ? predictedClasses(lastTest.values, lastTest.nTest, lastTest.channels) : null,
        outputs: fresh ? lastTest.values : null,
        xTest: base.xTest,
        nFeatures: p,
        basis,
        testXY,
        epoch: fresh ? lastTest.epoch : 0,
      });
    }
    if (lastParams) views.weights?.update({ layerUnits: lastParams.layerUnits, values: lastParams.values, imageShape });
    if (lastTest && lastParams) {
      views.activating?.update({ layerUnits: lastParams.layerUnits, units: lastTest.units, nRows: lastTest.nTest,
        xTest: base.xTest, nFeatures: p, imageShape });
    }
  }

  function updateNetwork() {
    if (!lastParams) return;
    const config = store.get();
    const nOut = lastParams.layerUnits.at(-1);
    const task = taskOf(config);
    // The output tiles colour a prediction on the data plane's scale (the targets' range).
    const outputRange = task === 'regression' ? regressionScale(display?.arrays) : null;
    views.network?.update({
      layerUnits: lastParams.layerUnits,
      values: lastParams.values,
      ...(lastUnits ?? {}),
      inputLabels: inputLabels(config),
      outputLabels: outputLabels(config, nOut, table?.classNames ?? undefined),
      ...(lastOutputs ?? {}),
      task,
      outputRange,
    });
    views.legend?.update({ task, nClasses: nOut === 1 ? 2 : nOut, classNames: table?.classNames, range: outputRange,
      planar: isPlanar(config) || Boolean(plane), oneD: nFeaturesOf(config) === 1 });
    if (views.features) {
      views.features.update({ layerUnits: lastParams.layerUnits, ...(lastUnits ?? {}) });
      draw.features.request();
    }
  }

  // ---- commands

  const train = () => store.get().train ?? { speed: 'max', stopAtFit: false };
  const paced = () => train().speed !== 'max' && Number(train().speed) > 0;

  function play() {
    // Before the engine is up or while a table loads (digits, iris: fetched), play once the data are sent.
    if (!ready || (tableOf(store.get()) && !table && !awaitingFile)) {
      autoplay = true;
      emit();
      return;
    }
    autoplay = false;
    if (awaitingFile) return; // no data yet
    status.engine = null;
    if (status.finished) client.send('reset'); // ended for good (diverged, lbfgs converged): again from the start
    status.playing = true;
    status.stopReason = '';
    status.stoppedAt = '';
    rateSamples = [];
    rateFrom = [performance.now(), status.samples];
    startPlaying();
    emit();
  }

  /** Starts the worker's loop (Fastest) or the paced steps, up to `until` (an epoch) if given. */
  function startPlaying(until) {
    lastCommand = 'play';
    // Training to a given epoch (a link's ep=, a comparison) goes past fit()'s stop to get there.
    const stopAtFit = until === undefined && Boolean(train().stopAtFit);
    if (paced() && until === undefined) {
      pacer.active = true;
      pacer.waiting = false;
      pacer.due = performance.now();
      schedulePace();
      return;
    }
    client.send('play', { stopAtFit, ...(until !== undefined ? { until } : {}) });
  }

  /** Stops whichever loop runs (a step already asked for still comes back and is drawn). */
  function stopPlaying() {
    stopPacer();
    lastCommand = 'pause';
    client.send('pause');
  }

  function pause() {
    autoplay = false;
    stopPlaying();
    status.playing = false;
    emit();
  }

  function stopPacer() {
    pacer.active = false;
    if (pacer.frame) cancelAnimationFrame(pacer.frame);
    pacer.frame = 0;
  }

  function schedulePace() {
    if (pacer.active && !pacer.frame) pacer.frame = requestAnimationFrame(paceTick);
  }

  /** The views show the latest update (or have had long enough to). */
  function drawn() {
    const quiet = !draw.boundary.dirty && !draw.network.dirty && !draw.chart.dirty && !pendingGrid && !awaitingUnits;
    return quiet || performance.now() - pacer.repliedAt > DRAW_WAIT_MS;
  }

  /** One animation frame of paced play: ask for the next epoch when it is due (and the last one is drawn). */
  function paceTick() {
    pacer.frame = 0;
    if (!pacer.active) return;
    const speed = Number(train().speed);
    const interval = 1000 / speed;
    const now = performance.now();
    // 2 ms early is on time: frames come every ~16.7 ms, and 60 epochs a second is one a frame.
    if (!pacer.waiting && now >= pacer.due - 2 && (speed > DRAW_EVERY_EPOCH_UP_TO || drawn())) {
      pacer.waiting = true;
      pacer.due = Math.max(pacer.due + interval, now - interval);
      client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) });
    }
    schedulePace();
  }

  function settleWaiters(stopped, error) {
    const keep = [];
    for (const w of untilWaiters) {
      if (error) w.reject(error);
      else if (stopped && (stopped.epoch >= w.epoch || stopped.finished)) w.resolve(status.epoch);
      else if (stopped) w.reject(new Error(`training stopped at epoch ${stopped.epoch}: ${stopped.reason}`));
      else keep.push(w);
    }
    untilWaiters = keep;
  }

  applyViewOptions(store.get());
  applyPins(store.get());

  return {
    play,
    pause,
    toggle: () => (status.playing ? pause() : play()),
    step() {
      if (!ready || awaitingFile || tableMissing(store.get())) return;
      if (status.playing) stopPlaying();
      if (status.finished) client.send('reset');
      status.engine = null;
      status.playing = false;
      lastCommand = 'step';
      client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) });
      emit();
    },
    reset() {
      if (!ready || awaitingFile || tableMissing(store.get())) return;
      if (status.playing) stopPlaying();
      status.playing = false;
      client.send('reset');
      status.finished = false;
      status.stopReason = '';
      emit();
    },
    /**
     * Trains as fast as possible until `epoch` (from where the run is; from the start with
     * { fromStart: true }) and resolves there, with the epoch; rejects if training stops before.
     */
    trainTo(epoch, { fromStart = false } = {}) {
      return new Promise((resolve, reject) => {
        const go = (failed) => {
          if (failed) {
            reject(failed);
            return;
          }
          if (awaitingFile) {
            reject(new Error('no CSV file is loaded yet: choose one, drop it on the Data panel, or paste its text'));
            return;
          }
          if (tableMissing(store.get())) {
            afterTable.push(go); // the table's data first (sendTable runs go; new data fail it)
            return;
          }
          if (fromStart || status.finished) client.send('reset');
          if (status.playing) stopPlaying();
          untilWaiters.push({ epoch, resolve, reject });
          status.playing = true;
          status.stopReason = '';
          status.stoppedAt = '';
          rateSamples = [];
          rateFrom = [performance.now(), fromStart ? 0 : status.samples];
          startPlaying(epoch);
          emit();
        };
        if (ready) go();
        else client.on('ready', () => setTimeout(go, 0));
      });
    },
    /** What the Python export needs of the run shown: its epochs, fit()'s stop, the patience and best epochs, its numbers. */
    get run() {
      const stop = status.fitStop;
      return {
        epochs: status.epoch,
        fitStop: stop ? { epoch: stop.epoch, reason: stop.reason } : null,
        patienceEpoch: status.patienceEpoch || null,
        ruleStopEpoch: status.ruleStopEpoch || null,
        bestEpoch: status.bestEpoch || null,
        loss: status.loss,
        trainScore: status.trainScore,
        testScore: status.testScore,
      };
    },
    /** Pins the current run (its loss curve and boundary) for comparison; returns false with nothing to pin. */
    pin() {
      const config = store.get();
      const pin = currentPin(config);
      if (!pin) return false;
      store.set('pins', [...(config.pins ?? []), pin].slice(-MAX_PINS));
      return true;
    },
    clearPins() {
      store.set('pins', []);
    },
    /** The model as JSON text (the worker's export). */
    exportModel() {
      if (awaitingFile) return Promise.reject(new Error('no CSV file is loaded yet, so there is no model'));
      return new Promise((resolve, reject) => {
        pendingExport?.reject(new Error('superseded'));
        pendingExport = { resolve, reject };
        client.send('export');
        setTimeout(() => {
          if (pendingExport?.resolve === resolve) {
            pendingExport = null;
            reject(new Error('the engine did not answer the export request'));
          }
        }, 5000);
      });
    },
    get status() {
      return { ...status };
    },
    /** The run's curves by epoch - 1: { lossCurve, trainScores, testScores, trainLosses, testLosses, ... } (copies). */
    get history() {
      if (!history) return null;
      return Object.fromEntries(SERIES_KEYS.map((k) => [k, Array.from(history.series(k))]));
    },
    /** The data shown (after edits): { arrays, origin, trainCount } or null. */
    get display() {
      return display;
    },
    get rect() {
      return rect;
    },
    /** The current run's gradient norms per layer (a copy), or null before the first update. */
    gradients() {
      const norms = history?.gradientNorms();
      if (!norms?.length) return null;
      return { gradientNorms: norms.slice(), nLayers: history.nLayers };
    },
    /** The plane of the principal components the data are drawn in ({ explained: [r1, r2] }), or null. */
    get plane() {
      return plane ? { explained: plane.explained } : null;
    },
    /** The table behind the data (iris, digits, a CSV file), or null for generated data. */
    get table() {
      return table;
    },
    /** A fresh worker after an engine that could not load: the bar says it loads again; 'ready' resends the rest. */
    retryEngine() {
      if (ready) return;
      status.stopReason = '';
      client.retry();
      emit();
    },
    /** Loads the config's bundled table again after a failure (retry, or the network is back). */
    retryData() {
      const config = store.get();
      if (ready && tableMissing(config)) sendGenerate(config, { retry: true });
    },
    /** True while the dataset is the user's CSV and no file is loaded yet (nothing is sent to the engine). */
    get awaitingFile() {
      return awaitingFile;
    },
    /** Re-sends the view data (after a resize, or when the views appear). */
    refreshViews() {
      showData(store.get());
      requestTables();
      if (rect) views.boundary?.setRect(rect);
      updateChart();
      updateGradients();
      updateNetwork();
    },
  };
}
