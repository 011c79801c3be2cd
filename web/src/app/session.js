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
import { createRunState } from './run-state.js';
import { createPacer } from './pacer.js';
import { predictedClasses } from '../data/metrics.js';
import { createPca2, pcaBasis } from '../data/pca.js';
import { MAX_PINS, pinDifference } from '../state/url.js';
import { makePin, pinnedRuns, runLabel } from './pins.js';
import { applyEdits, dataRect } from './edits.js';
import { createFrameScheduler } from './frames.js';
import { sampleOutputs } from '../views/output-tiles.js';
import { regressionScale } from '../views/palette.js';

const GRID_2D = { nx: 200, ny: 200 };
const GRID_1D = { nx: 400, ny: 2 };
const UNITS = { nx: 24, ny: 24 };
const STATUS_MS = 100; // the training bar's numbers, at most this often while training plays
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
  let lastUpdate = null; // the latest update of the current run (its weights: lastUpdate.weights)
  let lastUnits = null;
  let lastOutputs = null; // the output units over the plane, sampled from the latest grid (output-tiles.js)
  let history = null;
  let pendingExport = null;
  let autoplay = false;
  let pendingGrid = null; // the latest grid reply not drawn yet
  let lastCommand = ''; // the last of play, pause and step sent to the worker
  let table = null; // the table behind the data (iris, digits, CSV), when the data are one
  let dataToken = 0; // bumped by every data change: a table that loads late is dropped
  let testEnabled = false; // the worker evaluates the test rows with every update
  let lastTest = null; // the latest update's test rows ({ nTest, channels, values, units, runId, epoch })
  let basis = null; // the principal components of the training rows (for the test set's plane)
  let tableJob = null; // showTable's work still to do: (deadline) -> true while more remains
  let testXY = null; // the test rows on the two principal components (x, y pairs), for the test set's plot
  let plane = null; // { explained, axes: [origin..., u..., v...] }: the boundary drawn in the PCA plane
  let networkStale = false; // an update came in since the network view was last given one
  let majority = NaN; // the largest class's share of the training rows (for the collapse test)
  let untilWaiters = []; // trainTo promises: { epoch, resolve, reject }
  let awaitingFile = false; // the dataset is the user's CSV and no file is loaded yet: nothing goes to the engine
  let configurePending = false; // a configuration held back while awaiting a file or a table
  const afterTable = [];
  const syncWaiters = new Map(); // settled() promises by their sync token
  let syncToken = 0; // trainTo calls waiting for a table's data to reach the engine
  // Paced play: one epoch at a time, each drawn before the next up to DRAW_EVERY_EPOCH_UP_TO a second.
  const pacer = createPacer({
    speed: () => Number(train().speed),
    askEpoch: () => client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) }),
    viewsQuiet: () => !draw.boundary.dirty && !draw.network.dirty && !draw.chart.dirty && !pendingGrid,
  });
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

  const run = createRunState({ task: taskOf(store.get()), solver: store.get().model.solver });
  const status = run.status;


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
    if (!run.enter(runId)) return;
    history = newHistory();
    lastUpdate = null;
    if (views.gradients) draw.gradients.request();
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
    run.configChanged(taskOf(next), next.model.solver);
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
      run.newRunAsked();
    }
    emit();
  });


  function applyPins(config) {
    views.boundary?.setGhosts?.(pinnedRuns(config).map((pin) => ({ lines: pin.ghost ?? [], color: pin.color })));
    draw.chart.request();
  }

  /** The current run as a pin: its loss curve (sampled) and decision boundary (thinned), labelled by its knobs. */
  function currentPin(config) {
    const loss = history?.series('lossCurve') ?? [];
    const curve = loss.length ? loss : history?.series('trainLosses') ?? [];
    return makePin(config, curve, views.boundary?.boundaryLines?.() ?? []);
  }

  function applyViewOptions(config) {
    views.boundary?.setOptions({ discretize: config.view.discretize, showTest: config.view.showTest, showTrain: true });
    views.chart?.setOptions?.({ logScale: config.view.logScale });
  }

  // ---- replies

  client.on('ready', () => {
    ready = true;
    run.ready(); // the first load, after failures too: the engine is there now
    const config = store.get();
    sendConfigure(config);
    sendGenerate(config);
    if (autoplay) play();
    emit();
  });

  // The worker was lost (engine/client.js restarts it): training stops; what was asked of it fails.
  client.on('lost', (m) => {
    ready = false;
    run.lost(m);
    pacer.stop();
    autoplay = false;
    settleWaiters(null, new Error(`${m.title}: ${m.text}`));
    pendingExport?.reject(new Error(m.title));
    pendingExport = null;
    emit();
  });

  // A fresh worker holds the run again (the same weights, at the epoch last drawn): its curves stay.
  client.on('restored', (m) => {
    run.restored(m);
    ready = true;
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
    const { passedFitStop: passed } = run.progress(m);
    checkHealth();
    if (passed) draw.chart.request(); // the marker
    if (status.playing && !m.finished && !passed) emitProgress();
    else emit();
  });

  // One update per refresh: the weights, the curves' new epochs, the scores, the grid and the test rows.
  client.on('update', (m) => {
    if (awaitingFile) return; // of the data before the CSV choice
    enterRun(m.runId);
    lastUpdate = m;
    run.update(m);
    history.append(m);
    pacer.replied();
    checkHealth();
    draw.chart.request();
    if (views.gradients) draw.gradients.request();
    if (m.grid) {
      const grid = { ...m.grid, epoch: m.epoch }; // the views name the epoch a picture is of
      pendingGrid = grid;
      draw.boundary.request();
      if (grid.units) lastUnits = { units: grid.units, unitsNx: grid.unitsNx, unitsNy: grid.unitsNy };
      lastOutputs = sampleOutputs(grid);
    }
    requestNetwork();
    if (m.test && testEnabled) lastTest = { ...m.test, runId: m.runId, epoch: m.epoch };
    if (testEnabled) requestTables(); // the weight images (and the test rows)
    // No data reply from this engine: draw over a default square so the model still shows.
    if (!rect && isPlanar(store.get())) {
      rect = nFeaturesOf(store.get()) === 1 ? { xMin: -1.2, xMax: 1.2, yMin: -1.5, yMax: 1.5 } : { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
      views.boundary?.setRect(rect);
      sendGrid(store.get());
    }
    emit();
  });

  client.on('stopped', (m) => {
    if (!run.stopped(m, lastCommand)) return; // a pause that a later play overtook: the worker trains again
    pacer.stop();
    settleWaiters(m);
    emit();
  });

  client.on('error', (m) => {
    if (m.request === 'export') {
      pendingExport?.reject(new Error(m.message));
      pendingExport = null;
    }
    if (m.request === 'play' || m.request === 'step' || m.request === 'worker' || m.request === 'init') {
      pacer.stop();
      run.stopPlaying();
      settleWaiters(null, new Error(m.message));
    }
    if (m.request === 'worker' || m.request === 'init') run.failedToLoad(m.message);
    onError?.(m);
    emit();
  });

  client.on('synced', (m) => {
    for (const [token, done] of syncWaiters) {
      if (token > m.token) continue;
      syncWaiters.delete(token);
      whenDrawn(done);
    }
  });

  /** Calls done once every view, and the bar, has drawn what came in (the frame tasks are idle). */
  function whenDrawn(done) {
    if (frames.idle && !statusTimer) done();
    else requestAnimationFrame(() => whenDrawn(done));
  }

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
    const problem = runProblem({ config: store.get(), progress: run.lastProgress, history: curves, majorityShare: majority, task: status.task,
      previous: status.problem });
    if ((problem?.kind ?? null) === (status.problem?.kind ?? null)) return;
    run.setProblem(problem);
    if (problem?.pauses && status.playing) pause();
    emit();
  }

  /** The gradient chart: the latest update's norms (epochs x weight layers), or its empty note. */
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
      const fresh = lastTest && lastTest.runId === run.runId;
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
    if (lastUpdate) views.weights?.update({ layerUnits: lastUpdate.layerUnits, values: lastUpdate.weights, imageShape });
    if (lastTest && lastUpdate) {
      views.activating?.update({ layerUnits: lastUpdate.layerUnits, units: lastTest.units, nRows: lastTest.nTest,
        xTest: base.xTest, nFeatures: p, imageShape });
    }
  }

  function updateNetwork() {
    if (!lastUpdate) return;
    const config = store.get();
    const nOut = lastUpdate.layerUnits.at(-1);
    const task = taskOf(config);
    // The output tiles colour a prediction on the data plane's scale (the targets' range).
    const outputRange = task === 'regression' ? regressionScale(display?.arrays) : null;
    views.network?.update({
      layerUnits: lastUpdate.layerUnits,
      values: lastUpdate.weights,
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
      views.features.update({ layerUnits: lastUpdate.layerUnits, ...(lastUnits ?? {}) });
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
    run.dismissEngine();
    if (status.finished) client.send('reset'); // ended for good (diverged, lbfgs converged): again from the start
    run.startPlaying();
    startPlaying();
    emit();
  }

  /** Starts the worker's loop (Fastest) or the paced steps, up to `until` (an epoch) if given. */
  function startPlaying(until) {
    lastCommand = 'play';
    // Training to a given epoch (a link's ep=, a comparison) goes past fit()'s stop to get there.
    const stopAtFit = until === undefined && Boolean(train().stopAtFit);
    if (paced() && until === undefined) {
      pacer.start();
      return;
    }
    client.send('play', { stopAtFit, ...(until !== undefined ? { until } : {}) });
  }

  /** Stops whichever loop runs (a step already asked for still comes back and is drawn). */
  function stopPlaying() {
    pacer.stop();
    lastCommand = 'pause';
    client.send('pause');
  }

  function pause() {
    autoplay = false;
    stopPlaying();
    run.stopPlaying();
    emit();
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
      run.dismissEngine();
      run.stopPlaying();
      lastCommand = 'step';
      client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) });
      emit();
    },
    reset() {
      if (!ready || awaitingFile || tableMissing(store.get())) return;
      if (status.playing) stopPlaying();
      client.send('reset');
      run.newRunAsked();
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
          run.startPlaying(fromStart ? 0 : status.samples);
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
      run.retrying();
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
    /**
     * Resolves once the worker has answered every request sent before (its replies all came in)
     * and the views and the bar have drawn them: a state to wait for (tests), not a time.
     */
    settled() {
      syncToken += 1;
      const token = syncToken;
      return new Promise((resolve) => {
        syncWaiters.set(token, resolve);
        client.send('sync', { token });
      });
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
