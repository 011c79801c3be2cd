// Glue between the config, the training worker and the views: turns config
// changes into requests (configure, data, grid) and replies into view updates
// and a status object for the training bar.
import { changeKind, imagesOf, isPlanar, nFeaturesOf, sameValue, tableOf, taskOf } from '../state/config.js';
import { isNetworkMessage } from '../data/network.js';
import { majorityShare, runProblem } from '../state/health.js';
import { MAX_PINS } from '../state/url.js';
import { sampleOutputs } from '../views/output-tiles.js';
import { applyEdits, dataRect } from './edits.js';
import { createFrameScheduler } from './frames.js';
import { createPacer } from './pacer.js';
import { makePin } from './pins.js';
import { SERIES_KEYS, createRunHistory } from './run-history.js';
import { createRunState } from './run-state.js';
import { createDataRequests } from './session-data.js';
import { createSessionState } from './session-state.js';
import { createSessionDrawing } from './session-drawing.js';
import { createViewFeeds } from './session-feeds.js';
import { taskQueue } from '../ui/tasks.js';

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
 * onDataShown(): a table's data are shown, in the plane of their principal components or in
 *   the test set's views only (session.plane says which), once the components are known.
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
 * animation frame, one view per frame, from the latest grid and weights (so replies that
 * come faster than the views can draw are skipped, and no frame draws all three views).
 */
export function createSession({ client, store, views, onStatus, onError, onRunStart, onDataFailed, onDataShown,
  frames = createFrameScheduler({ nextTask: taskQueue() }) }) {
  const s = createSessionState(); // the state its parts share

  const afterTable = []; // trainTo calls waiting for a table's data to reach the engine
  const syncWaiters = new Map(); // settled() promises by their sync token
  // Paced play: one epoch at a time, each drawn before the next up to DRAW_EVERY_EPOCH_UP_TO a second.
  const pacer = createPacer({
    speed: () => Number(train().speed),
    askEpoch: () => client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) }),
    viewsQuiet: () => !draw.boundary.dirty && !draw.network.dirty && !draw.chart.dirty && !s.pendingGrid,
  });
  const run = createRunState({ task: taskOf(store.get()), solver: store.get().model.solver });
  const status = run.status;
  const feeds = createViewFeeds({ s, views, store, run, requestFeatures: () => draw.features.request() });
  const { draw, requestTables, requestNetwork, emit, emitProgress, idle } = createSessionDrawing({ s, views, frames, feeds,
    showStatus: () => onStatus?.({ ...status }) });
  const { showData, applyViewOptions, updateChart, updateGradients, updateNetwork } = feeds;
  /** The pinned runs' boundaries on the plane, and their curves on the chart. */
  const applyPins = (config) => {
    feeds.applyPins(config);
    draw.chart.request();
  };
  const { tableMissing, sendConfigure, sendGenerate, sendArrays, sendGrid, showTable, showImages, setTestEnabled } = createDataRequests({
    s, client, store, views, draw, afterTable, showData, requestTables, emit, enterRun: (runId) => enterRun(runId),
    play: () => play(), onDataFailed, onError, onDataShown,
  });

  /** A reply from a run we have not seen yet: forget the old run's numbers. */
  function enterRun(runId) {
    if (!run.enter(runId)) return;
    s.history = createRunHistory();
    s.lastUpdate = null;
    if (views.gradients) draw.gradients.request();
    onRunStart?.();
  }

  // ---- config changes

  store.subscribe((next, prev) => {
    const kind = changeKind(prev, next);
    run.configChanged(taskOf(next), next.model.solver);
    if (kind.view) applyViewOptions(next);
    if (!sameValue(prev.pins, next.pins)) applyPins(next);
    if (!s.ready) return emit();
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


  /** The current run as a pin: its loss curve (sampled) and decision boundary (thinned), labelled by its knobs. */
  function currentPin(config) {
    const loss = s.history?.series('lossCurve') ?? [];
    const curve = loss.length ? loss : s.history?.series('trainLosses') ?? [];
    return makePin(config, curve, views.boundary?.boundaryLines?.() ?? []);
  }

  // ---- replies

  client.on('ready', () => {
    s.ready = true;
    run.ready(); // the first load, after failures too: the engine is there now
    const config = store.get();
    sendConfigure(config);
    sendGenerate(config);
    if (s.autoplay) play();
    emit();
  });

  // The worker was lost (engine/client.js restarts it): training stops; what was asked of it fails.
  client.on('lost', (m) => {
    s.ready = false;
    run.lost(m);
    pacer.stop();
    s.autoplay = false;
    settleWaiters(null, new Error(`${m.title}: ${m.text}`));
    s.pendingExport?.reject(new Error(m.title));
    s.pendingExport = null;
    emit();
  });

  // A fresh worker holds the run again (the same weights, at the epoch last drawn): its curves stay.
  client.on('restored', (m) => {
    run.restored(m);
    s.ready = true;
    if (s.autoplay) play();
    emit();
  });

  client.on('data', (m) => {
    if (s.awaitingFile) return; // of the data before the CSV choice
    const config = store.get();
    // Only the reply to the latest generate request is the base (not the echo of our own arrays).
    if (m.runId < s.baseRun || !s.lastDataWasGenerate) return;
    s.lastDataWasGenerate = false;
    s.base = m;
    s.majority = taskOf(config) === 'classification' ? majorityShare(m.yTrain) : NaN;
    setTestEnabled(!isPlanar(config));
    if (m.images) {
      showImages(config, m);
      return;
    }
    if (s.testEnabled) {
      showTable(config, m);
      return;
    }
    s.rect = dataRect(m, { equal: !s.table }); // a table's columns each span their own data
    views.boundary?.setRect(s.rect);
    sendGrid(config);
    const { edits } = config.data;
    if (edits.added.length || edits.removed.length) sendArrays(config);
    else {
      s.display = applyEdits(s.base, edits);
      showData(config);
    }
  });

  // An image set on its way into the worker: the bytes so far (the Data panel's progress bar).
  client.on('loading', (m) => {
    if (!s.imageLoad || m.runId < s.baseRun || m.set !== s.imageLoad.set) return;
    s.imageLoad = { set: m.set, loaded: m.loaded, total: m.total };
    emit();
  });

  client.on('progress', (m) => {
    if (s.awaitingFile) return; // of the data before the CSV choice
    enterRun(m.runId);
    const { passedFitStop: passed } = run.progress(m);
    checkHealth();
    if (passed) draw.chart.request(); // the marker
    if (status.playing && !m.finished && !passed) emitProgress();
    else emit();
  });

  // One update per refresh: the weights, the curves' new epochs, the scores, the grid and the test rows.
  client.on('update', (m) => {
    if (s.awaitingFile) return; // of the data before the CSV choice
    enterRun(m.runId);
    s.lastUpdate = m;
    run.update(m);
    s.history.append(m);
    pacer.replied();
    checkHealth();
    draw.chart.request();
    if (views.gradients) draw.gradients.request();
    if (m.grid) {
      const grid = { ...m.grid, epoch: m.epoch }; // the views name the epoch a picture is of
      s.pendingGrid = grid;
      draw.boundary.request();
      if (grid.units) s.lastUnits = { units: grid.units, unitsNx: grid.unitsNx, unitsNy: grid.unitsNy };
      s.lastOutputs = sampleOutputs(grid);
    }
    requestNetwork();
    if (m.test && s.testEnabled) s.lastTest = { ...m.test, runId: m.runId, epoch: m.epoch };
    if (s.testEnabled) requestTables(); // the weight images (and the test rows)
    // No data reply from this engine: draw over a default square so the model still shows.
    if (!s.rect && isPlanar(store.get())) {
      s.rect = nFeaturesOf(store.get()) === 1 ? { xMin: -1.2, xMax: 1.2, yMin: -1.5, yMax: 1.5 } : { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
      views.boundary?.setRect(s.rect);
      sendGrid(store.get());
    }
    emit();
  });

  client.on('stopped', (m) => {
    if (!run.stopped(m, s.lastCommand)) return; // a pause that a later play overtook: the worker trains again
    pacer.stop();
    settleWaiters(m);
    emit();
  });

  client.on('error', (m) => {
    // An image set that did not load (offline, cancelled): as a bundled table that did not (onDataFailed).
    if (m.request === 'data' && s.imageLoad && m.runId >= s.baseRun) {
      const key = store.get().data.generator;
      s.imageLoad = null;
      s.autoplay = false;
      const error = /** @type {Error & { network?: boolean, cancelled?: boolean }} */ (new Error(m.message));
      error.network = isNetworkMessage(m.message);
      error.cancelled = m.message === 'loading cancelled';
      if (onDataFailed) onDataFailed({ key, error });
      else onError?.(m);
      emit();
      return;
    }
    if (m.request === 'export') {
      s.pendingExport?.reject(new Error(m.message));
      s.pendingExport = null;
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
    if (idle()) done();
    else requestAnimationFrame(() => whenDrawn(done));
  }

  client.on('model', (m) => {
    s.pendingExport?.resolve(m.json);
    s.pendingExport = null;
  });

  /**
   * A diverged or collapsed run: named once, and training paused (Play would only make it
   * worse). A stalled one trains on, asked about again at every update: named while it lasts
   * (in the words of when it began: the bar's message is a live region), gone once it is not.
   */
  function checkHealth() {
    if (status.problem?.pauses || !s.history) return;
    const curves = { topShares: s.history.series('topShares'), trainLosses: s.history.series('trainLosses'),
      gradientNorms: s.history.gradientNorms(), nLayers: s.history.nLayers };
    const problem = runProblem({ config: store.get(), progress: run.lastProgress, history: curves, majorityShare: s.majority, task: status.task,
      previous: status.problem });
    if ((problem?.kind ?? null) === (status.problem?.kind ?? null)) return;
    run.setProblem(problem);
    if (problem?.pauses && status.playing) pause();
    emit();
  }

  // ---- commands

  const train = () => store.get().train ?? { speed: 'max', stopAtFit: false };
  const paced = () => train().speed !== 'max' && Number(train().speed) > 0;

  function play() {
    // Before the engine is up or while a table loads (digits, iris: fetched), play once the data are sent.
    if (!s.ready || (tableOf(store.get()) && !s.table && !s.awaitingFile) || (imagesOf(store.get()) && tableMissing(store.get()))) {
      s.autoplay = true;
      emit();
      return;
    }
    s.autoplay = false;
    if (s.awaitingFile) return; // no data yet
    run.dismissEngine();
    if (status.finished) client.send('reset'); // ended for good (diverged, lbfgs converged): again from the start
    run.startPlaying();
    startPlaying();
    emit();
  }

  /** Starts the worker's loop (Fastest) or the paced steps, up to `until` (an epoch) if given. */
  function startPlaying(until) {
    s.lastCommand = 'play';
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
    s.lastCommand = 'pause';
    client.send('pause');
  }

  function pause() {
    s.autoplay = false;
    stopPlaying();
    run.stopPlaying();
    emit();
  }

  function settleWaiters(stopped, error) {
    const keep = [];
    for (const w of s.untilWaiters) {
      if (error) w.reject(error);
      else if (stopped && (stopped.epoch >= w.epoch || stopped.finished)) w.resolve(status.epoch);
      else if (stopped) w.reject(new Error(`training stopped at epoch ${stopped.epoch}: ${stopped.reason}`));
      else keep.push(w);
    }
    s.untilWaiters = keep;
  }

  applyViewOptions(store.get());
  applyPins(store.get());

  return {
    play,
    pause,
    toggle: () => (status.playing ? pause() : play()),
    step() {
      if (!s.ready || s.awaitingFile || tableMissing(store.get())) return;
      if (status.playing) stopPlaying();
      if (status.finished) client.send('reset');
      run.dismissEngine();
      run.stopPlaying();
      s.lastCommand = 'step';
      client.send('step', { epochs: 1, stopAtFit: Boolean(train().stopAtFit) });
      emit();
    },
    reset() {
      if (!s.ready || s.awaitingFile || tableMissing(store.get())) return;
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
          if (s.awaitingFile) {
            reject(new Error('no CSV file is loaded yet: choose one, drop it on the Data panel, or paste its text'));
            return;
          }
          if (tableMissing(store.get())) {
            afterTable.push(go); // the table's data first (sendTable runs go; new data fail it)
            return;
          }
          if (fromStart || status.finished) client.send('reset');
          if (status.playing) stopPlaying();
          s.untilWaiters.push({ epoch, resolve, reject });
          run.startPlaying(fromStart ? 0 : status.samples);
          startPlaying(epoch);
          emit();
        };
        if (s.ready) go();
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
    /** The rows the model trains on ({ nFeatures, xTrain, yTrain }, point edits applied), or null before the data. */
    trainingRows() {
      // An image set's training pixels stay in the worker: Tune says why it cannot search them.
      if (s.base?.images) {
        return { nFeatures: s.base.nFeatures, xTrain: new Float64Array(0), yTrain: new Float64Array(0),
          unavailable: "Tune does not search image sets: their training images stay in the engine's worker (60,000 x 784 for the full set)." };
      }
      const a = s.display?.arrays ?? s.base;
      return a ? { nFeatures: a.nFeatures, xTrain: a.xTrain, yTrain: a.yTrain } : null;
    },
    exportModel() {
      if (s.awaitingFile) return Promise.reject(new Error('no CSV file is loaded yet, so there is no model'));
      return new Promise((resolve, reject) => {
        s.pendingExport?.reject(new Error('superseded'));
        s.pendingExport = { resolve, reject };
        client.send('export');
        setTimeout(() => {
          if (s.pendingExport?.resolve === resolve) {
            s.pendingExport = null;
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
      if (!s.history) return null;
      return Object.fromEntries(SERIES_KEYS.map((k) => [k, Array.from(s.history.series(k))]));
    },
    /** The data shown (after edits): { arrays, origin, trainCount } or null. */
    get display() {
      return s.display;
    },
    /** The data's rows with all their columns ({ nFeatures, xTrain, yTrain, xTest, yTest }, before edits), or null. */
    get rows() {
      return s.base;
    },
    get rect() {
      return s.rect;
    },
    /** The current run's gradient norms per layer (a copy), or null before the first update. */
    gradients() {
      const norms = s.history?.gradientNorms();
      if (!norms?.length) return null;
      return { gradientNorms: norms.slice(), nLayers: s.history.nLayers };
    },
    /** The plane of the principal components the data are drawn in ({ explained: [r1, r2] }), or null. */
    get plane() {
      return s.plane ? { explained: s.plane.explained } : null;
    },
    /** The table behind the data (iris, digits, a CSV file, an image set), or null for generated data. */
    get table() {
      return s.table;
    },
    /** An image set being fetched by the engine's worker: { set, loaded, total } (bytes), or null. */
    get imageLoad() {
      return s.imageLoad;
    },
    /** Stops the image set being fetched (its data request then fails: 'loading cancelled'). */
    cancelLoad() {
      if (s.imageLoad) client.send('cancel');
    },
    /** A fresh worker after an engine that could not load: the bar says it loads again; 'ready' resends the rest. */
    retryEngine() {
      if (s.ready) return;
      run.retrying();
      client.retry();
      emit();
    },
    /** Loads the config's bundled table again after a failure (retry, or the network is back). */
    retryData() {
      const config = store.get();
      if (s.ready && tableMissing(config)) sendGenerate(config, { retry: true });
    },
    /** True while the dataset is the user's CSV and no file is loaded yet (nothing is sent to the engine). */
    get awaitingFile() {
      return s.awaitingFile;
    },
    /**
     * Resolves once the worker has answered every request sent before (its replies all came in)
     * and the views and the bar have drawn them: a state to wait for (tests), not a time.
     */
    settled() {
      s.syncToken += 1;
      const token = s.syncToken;
      return new Promise((resolve) => {
        syncWaiters.set(token, resolve);
        client.send('sync', { token });
      });
    },
    /** Re-sends the view data (after a resize, or when the views appear). */
    refreshViews() {
      showData(store.get());
      requestTables();
      if (s.rect) views.boundary?.setRect(s.rect);
      updateChart();
      updateGradients();
      updateNetwork();
    },
  };
}
