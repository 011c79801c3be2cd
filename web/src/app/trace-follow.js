// "Follow one input" (issue 14), kept current: the input picked (a data point, or a position of
// the plane) and the step shown, asked of the engine (client.trace) when picked and again after
// every change of the weights. At most one trace request is in flight and the latest wins; while
// training plays, at most one request every `minInterval` ms (about 5 a second). The step travels
// in the config's view.trace (and so in the share link, tr= and ts=); a view.trace set from
// outside (a link, a lesson's step) is followed once the engine has a model. No DOM: what is shown
// goes through `view` (app/trace-card.js).
import { classNamesOf, inputLabels, isPlanar, nFeaturesOf, taskOf } from '../state/queries.js';
import { normalizeTrace } from '../state/trace-link.js';

/**
 * @typedef {{ point: [number, number], row: number[], target?: number | number[],
 *   source: { part: 'train' | 'test', index: number } | null, label?: number | null }} Pick
 * point: the position on the plane; row: the data's columns traced (x, y; 1-D data: x); target:
 * the label of a data point (none for a position: the engine uses the prediction); source: the
 * data point picked (its part and index among the shown rows), or null for a position.
 */

const round3 = (v) => Number(v.toFixed(3)) + 0;
const sameTrace = (a, b) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const coords = (p) => `(${round3(p[0])}, ${round3(p[1])})`;

/** The shown data's rows of a part: { x, y, n } (null when none). */
function rowsOf(arrays, part) {
  const x = part === 'train' ? arrays?.xTrain : arrays?.xTest;
  const y = part === 'train' ? arrays?.yTrain : arrays?.yTest;
  return x && y ? { x, y, n: y.length } : null;
}

/**
 * The pick of displayed row `index` of `part` in `arrays` (session.display.arrays: nFeatures 1 or
 * 2, one target): its exact coordinates, and its label as the target. null when there is no such row.
 */
export function dataPick(arrays, part, index) {
  const rows = rowsOf(arrays, part);
  if (!rows || !(index >= 0 && index < rows.n)) return null;
  const nf = arrays.nFeatures;
  const row = Array.from(rows.x.subarray(index * nf, (index + 1) * nf));
  const label = rows.y[index];
  const point = /** @type {[number, number]} */ (nf === 1 ? [row[0], label] : [row[0], row[1]]);
  return { point, row, target: label, label, source: { part, index } };
}

/** The pick of a position (x, y) of the plane: no target (the engine follows the prediction). */
export function positionPick(config, x, y) {
  return { point: /** @type {[number, number]} */ ([x, y]), row: nFeaturesOf(config) === 1 ? [x] : [x, y], source: null };
}

/**
 * The data point at a link's rounded position (tr= writes 3 decimals), or null: a link to a data
 * point reopens that point, with its label.
 */
export function matchDataPoint(arrays, point, showTest = true) {
  for (const part of showTest ? ['train', 'test'] : ['train']) {
    const rows = rowsOf(arrays, part);
    for (let k = 0; rows && k < rows.n; k += 1) {
      const p = dataPick(arrays, part, k);
      if (round3(p.point[0]) === round3(point[0]) && round3(p.point[1]) === round3(point[1])) return p;
    }
  }
  return null;
}

/**
 * What was picked, in words: "the training point #12 (class 1) at (0.53, -0.21)" or "the point
 * (0.5, 0.25) of the plane" (#: counted from 1 among the shown rows of its part).
 */
export function describePick(pick, config) {
  if (!pick) return '';
  if (!pick.source) return `the point ${coords(pick.point)} of the plane`;
  const part = pick.source.part === 'train' ? 'training' : 'test';
  const names = classNamesOf(config);
  const label = taskOf(config) === 'classification' ? `class ${names?.[pick.label] ?? pick.label}` : `value ${round3(pick.label)}`;
  const at = nFeaturesOf(config) === 1 ? `at x = ${round3(pick.row[0])}` : `at ${coords(pick.point)}`;
  return `the ${part} point #${pick.source.index + 1} (${label}) ${at}`;
}

/**
 * createTraceFollow({ client, store, session, view, minInterval, now, setTimer, clearTimer }) -> {
 *   pickAt(x, y, near), pickRow(part, index), move(delta), close(), stepShown(index), pick, canMove(delta) }
 * client: { trace(point, target) -> Promise, on(type, fn) }; session: { display, status };
 * view: { show(trace, { featureNames, classNames, alpha, step?, epoch }), clear(), setPick(pick, words),
 *   setError(message | null) }.
 * pickAt(x, y, near): a click at (x, y) on the plane, near the data point { part, index } or null.
 * stepShown(index): the panel shows step `index` (the config's view.trace follows).
 */
export function createTraceFollow({ client, store, session, view, minInterval = 200, now = () => Date.now(),
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) }) {
  /** @type {Pick | null} */
  let pick = null;
  let step = 0;
  let pendingStep = null; // a step to show with the next trace (a link's, a lesson's)
  let matchLink = false; // the pick came from a link: a data point at its position is that point
  let written = null; // the view.trace this module wrote last
  let inFlight = false;
  let dirty = false;
  let timer = null;
  let last = -Infinity;
  let epoch = null; // the epoch of the last update (the weights traced)

  function writeConfig() {
    written = pick ? normalizeTrace({ point: pick.point, step }) : null;
    store.set('view.trace', written);
  }

  function setPick(next, { stepAt = null, fromLink = false } = {}) {
    pick = next;
    matchLink = fromLink;
    pendingStep = stepAt;
    if (stepAt !== null) step = stepAt;
    view.setPick(pick, describePick(pick, store.get()));
    view.setError(null);
    if (!pick) {
      cancel();
      view.clear();
    }
  }

  function cancel() {
    dirty = false;
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  /** Asks for a trace: at once when `urgent` (a pick), else no sooner than minInterval after the last. */
  function want(urgent) {
    if (!pick) return;
    dirty = true;
    if (inFlight) return;
    const wait = urgent ? 0 : last + minInterval - now();
    if (wait > 0) {
      timer ??= setTimer(() => {
        timer = null;
        send();
      }, wait);
      return;
    }
    if (timer !== null) clearTimer(timer);
    timer = null;
    send();
  }

  function resolveLink() {
    if (!matchLink || !session.display) return;
    matchLink = false;
    const found = matchDataPoint(session.display.arrays, pick.point, store.get().view.showTest);
    if (found) setPick(found, { stepAt: pendingStep });
  }

  function send() {
    if (!dirty || !pick) return;
    resolveLink();
    dirty = false;
    inFlight = true;
    last = now();
    const asked = pick;
    const askedEpoch = epoch;
    const done = () => {
      inFlight = false;
      if (dirty) want(false);
    };
    const asking = typeof client.trace === 'function' ? client.trace(asked.row, asked.target)
      : Promise.reject(new Error('this engine cannot follow an input (it has no trace request)'));
    asking.then((trace) => {
      if (asked === pick) {
        const config = store.get();
        const labels = inputLabels(config);
        view.setError(null);
        view.show(trace, {
          featureNames: labels.length === trace.input.length ? labels : undefined,
          classNames: classNamesOf(config) ?? undefined,
          alpha: config.model.alpha,
          ...(pendingStep !== null ? { step: pendingStep } : {}),
          epoch: askedEpoch,
        });
        pendingStep = null;
      }
      done();
    }, (error) => {
      if (asked === pick) view.setError(error?.reply?.message ?? error?.message ?? String(error));
      done();
    });
  }

  /** The config's view.trace, set by someone else (a link, a lesson): follow it. */
  function adopt(trace) {
    const t = normalizeTrace(trace);
    written = t;
    if (!t) {
      setPick(null);
      return;
    }
    const [x, y] = t.point;
    setPick(positionPick(store.get(), x, y), { stepAt: t.step, fromLink: true });
    if (epoch !== null) want(true);
  }

  client.on('update', (m) => {
    epoch = m?.epoch ?? epoch;
    want(false);
  });

  store.subscribe((next, prev) => {
    const trace = next.view.trace ?? null;
    if (!sameTrace(trace, written)) {
      adopt(trace);
      return;
    }
    // Data with more than two inputs (a table): no plane, no point to follow (after this change
    // is told to everyone: the config changes again).
    if (pick && !isPlanar(next)) {
      queueMicrotask(() => pick && !isPlanar(store.get()) && close());
      return;
    }
    // New data: a data point's index means another point now; keep its position.
    const dataChanged = next.data !== prev.data && JSON.stringify(next.data) !== JSON.stringify(prev.data);
    if (pick?.source && dataChanged) {
      setPick(positionPick(next, pick.point[0], pick.point[1]));
      want(true);
    }
  });

  if (store.get().view.trace) adopt(store.get().view.trace);

  /** The shown rows, train then test (test only when shown), as one list of [part, index]. */
  function ordinal(source) {
    const arrays = session.display?.arrays;
    const nTrain = rowsOf(arrays, 'train')?.n ?? 0;
    const nTest = store.get().view.showTest ? rowsOf(arrays, 'test')?.n ?? 0 : 0;
    return { k: source ? (source.part === 'train' ? source.index : nTrain + source.index) : -1, nTrain, n: nTrain + nTest };
  }

  /** Nothing followed any more: the view is cleared, and so is the config's view.trace. */
  function close() {
    setPick(null);
    writeConfig();
  }

  function pickRow(part, index) {
    const p = dataPick(session.display?.arrays, part, index);
    if (!p) return false;
    setPick(p);
    writeConfig();
    want(true);
    return true;
  }

  return {
    /** A click or tap at (x, y) of the plane; near: the shown data point there ({ part, index }), or null. */
    pickAt(x, y, near = null) {
      if (near && pickRow(near.part, near.index)) return;
      setPick(positionPick(store.get(), x, y));
      writeConfig();
      want(true);
    },
    pickRow,
    /** True when the data point picked has a neighbour `delta` rows away among the shown ones. */
    canMove(delta) {
      if (!pick?.source) return false;
      const { k, n } = ordinal(pick.source);
      return k + delta >= 0 && k + delta < n;
    },
    /** Moves to the shown data point `delta` rows away (train, then test rows); false at the ends. */
    move(delta) {
      if (!this.canMove(delta)) return false;
      const { k, nTrain } = ordinal(pick.source);
      const j = k + delta;
      return pickRow(j < nTrain ? 'train' : 'test', j < nTrain ? j : j - nTrain);
    },
    /** Nothing followed any more: the view is cleared, and so is the config's view.trace. */
    close,
    /** The panel shows step `index`: the config (and the link) follow. */
    stepShown(index) {
      if (!pick || pendingStep !== null) return;
      step = index;
      writeConfig();
    },
    get pick() {
      return pick;
    },
  };
}
