// The training run as the page knows it: the status the training bar shows (epoch, loss,
// scores, playing or not, why it stopped, the rate), kept from the worker's replies and the
// page's commands. A small state machine with no DOM, no worker and no views: the session
// (session.js) feeds it and draws what it says.
//
// States: not ready -> ready; a run is paused, playing, or finished for good (diverged, lbfgs
// converged); the engine may be lost and restored meanwhile (status.engine).

const RATE_WINDOW_MS = 1500;
// The rate counts from the moment the page asks for training (not from the first reply, which
// may come a few milliseconds before the next: that burst read as 68.6M samples/s), and is
// shown only once it spans this long (a shorter run shows none).
const RATE_MIN_MS = 250;

/** The status of no run: what the bar shows before the first reply, and after a new run starts. */
function freshRunFields() {
  return {
    epoch: 0,
    batch: 0, // minibatches done in the epoch under way (0 at an epoch's end), when the engine trains by minibatches
    batches: 0, // minibatches per epoch (0: not reported)
    samples: 0,
    finished: false,
    stopReason: '',
    loss: NaN,
    validationScore: NaN,
    trainScore: NaN,
    testScore: NaN,
    trainLoss: NaN,
    testLoss: NaN,
    rate: NaN,
    scoredEpoch: -1, // the epoch of the last update (the scores and losses shown)
    fitStop: null, // { epoch, reason, best? }: where scikit-learn's fit() stops, once passed
    patienceEpoch: 0,
    ruleStopEpoch: 0,
    bestEpoch: 0,
    stoppedAt: '', // 'fit' when play paused where fit() stops, 'until' at the epoch asked for
    problem: null, // a diverged, collapsed or stalled run: { kind, title, text, fixes, pauses } (state/health.js)
  };
}

/**
 * createRunState({ task, solver, now? }) -> the run's state machine. `status` is the live
 * object (copy it before handing it out); the methods are the events that change it.
 * @param {{ task: string, solver: string, now?: () => number }} options
 */
export function createRunState({ task, solver, now = () => performance.now() }) {
  const status = {
    ready: false,
    playing: false,
    ...freshRunFields(),
    // The training worker lost and restarted (engine/client.js): { state: 'restarting' | 'failed' | 'restored',
    // cause, title, text, epoch, restoring } while it matters (until the next Play, Step or new run), else null.
    engine: null,
    metricsEvery: 1, // the scores and losses of the curves are measured every this many epochs
    task,
    solver,
  };
  let runId = -1;
  let rateSamples = []; // [time, samples] pairs within the rate's window
  let rateFrom = null; // [time, samples] when the page last asked the worker to train
  let lastProgress = null; // the latest progress reply of the current run

  return {
    status,
    /** The run the status is of (-1: none yet; -2: none, on purpose: a CSV not chosen yet). */
    get runId() {
      return runId;
    },
    /** The latest progress reply of the current run, or null. */
    get lastProgress() {
      return lastProgress;
    },

    /** A reply from run `id`: a run not seen yet forgets the old run's numbers. True when it is new. */
    enter(id) {
      if (id === runId) return false;
      runId = id;
      Object.assign(status, freshRunFields());
      // A restored run's message is out of date once another run starts (not the engine's first load's).
      if (status.engine?.state === 'restored' && status.engine.restoring) status.engine = null;
      lastProgress = null;
      rateSamples = [];
      if (rateFrom) rateFrom = [rateFrom[0], 0]; // a reset run counts its samples from 0
      return true;
    },

    /** A progress reply. Returns { passedFitStop }: true when this one passed fit()'s stop. */
    progress(m) {
      if (status.playing) {
        const t = now();
        if (!rateSamples.length && rateFrom) rateSamples.push(rateFrom);
        rateSamples.push([t, m.samples]);
        while (rateSamples.length > 2 && t - rateSamples[1][0] >= RATE_WINDOW_MS) rateSamples.shift();
        if (rateSamples.length >= 2) {
          const [t0, s0] = rateSamples[0];
          const [t1, s1] = rateSamples.at(-1);
          status.rate = t1 - t0 >= RATE_MIN_MS ? ((s1 - s0) / (t1 - t0)) * 1000 : NaN;
        }
      }
      lastProgress = m;
      status.epoch = m.epoch;
      status.batch = m.batch ?? 0;
      status.batches = m.batches ?? 0;
      status.samples = m.samples;
      status.loss = m.loss;
      status.validationScore = m.validationScore;
      const passedFitStop = !status.fitStop && Boolean(m.fitStop);
      status.fitStop = m.fitStop ?? null;
      status.patienceEpoch = m.patienceEpoch ?? 0;
      status.ruleStopEpoch = m.ruleStopEpoch ?? 0;
      status.bestEpoch = m.bestEpoch ?? 0;
      if (m.epoch > 0) status.stoppedAt = '';
      if (m.finished) {
        status.finished = true;
        status.stopReason = m.stopReason ?? status.stopReason;
      }
      return { passedFitStop };
    },

    /** An update: the scores and losses of its epoch. */
    update(m) {
      status.scoredEpoch = m.epoch;
      status.trainScore = m.trainScore;
      status.testScore = m.testScore;
      status.trainLoss = m.trainLoss ?? NaN;
      status.testLoss = m.testLoss ?? NaN;
      status.metricsEvery = m.metricsEvery ?? 1;
    },

    /**
     * A stopped reply; lastCommand: the last of play, pause and step sent. Returns false when it
     * is the answer to a pause (or step) that a later play has overtaken (the worker trains again:
     * it answers requests in order, so after a play only a later pause can stop it).
     */
    stopped(m, lastCommand) {
      if (!m.finished && m.reason === 'paused' && lastCommand === 'play') return false;
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
      return true;
    },

    /** The page asks the worker to train (Play, or training to an epoch); samplesFrom: the samples the rate counts from. */
    startPlaying(samplesFrom = status.samples) {
      status.playing = true;
      status.stopReason = '';
      status.stoppedAt = '';
      rateSamples = [];
      rateFrom = [now(), samplesFrom];
    },

    /** Training stops on the page's side (Pause, a new run, an error): the worker's stopped reply may follow. */
    stopPlaying() {
      status.playing = false;
    },

    /** A new run is asked for (new settings, data or edits): it waits for Play. */
    newRunAsked() {
      status.playing = false;
      status.finished = false;
      status.stopReason = '';
    },

    /** Play or Step: the engine's lost-and-restored message has been seen. */
    dismissEngine() {
      status.engine = null;
    },

    /** The config's task and solver (the bar's words depend on them). */
    configChanged(task, solver) {
      status.task = task;
      status.solver = solver;
    },

    /** A diverged, collapsed or stalled run (state/health.js), or null once it is not. */
    setProblem(problem) {
      status.problem = problem;
    },

    /** The engine is loaded again after a failure: the failure's words go. */
    retrying() {
      status.stopReason = '';
    },

    /** The engine is up (the first ready, or after a load failure). */
    ready() {
      status.ready = true;
      if (status.engine) status.engine = { ...status.engine, state: 'restored', epoch: 0 };
    },

    /** The worker was lost: { title, text, cause, giveUp, restoring } (engine/client.js). */
    lost(m) {
      status.ready = false;
      status.playing = false;
      status.engine = { state: m.giveUp ? 'failed' : 'restarting', cause: m.cause, title: m.title, text: m.text,
        restoring: m.restoring, epoch: status.epoch };
    },

    /** A fresh worker holds the run again, at epoch m.epoch (m.fresh: nothing was restored). */
    restored(m) {
      if (!m.fresh) {
        runId = m.runId;
        status.epoch = m.epoch;
      }
      status.ready = true;
      status.finished = false;
      status.engine = status.engine ? { ...status.engine, state: 'restored', epoch: m.epoch } : null;
    },

    /** The engine could not load at all (worker or init failed): the bar says so. */
    failedToLoad(message) {
      status.ready = false;
      status.stopReason = `The training engine could not load: ${message}`;
    },
  };
}
