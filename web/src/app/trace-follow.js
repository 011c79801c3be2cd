// "Follow one input" (issue 14), kept current: the input picked (a data point, a position of
// the plane, or a sample of data with more inputs: a table's row, a digits image) and the step shown, asked of the engine (client.trace) when picked and again after
// every change of the weights. At most one trace request is in flight and the latest wins; while
// training plays, at most one request every `minInterval` ms (about 5 a second). The step travels
// in the config's view.trace (and so in the share link, tr= and ts=); a view.trace set from
// outside (a link, a lesson's step) is followed once the engine has a model. No DOM: what is shown
// goes through `view` (app/trace-card.js).
import { classNamesOf, imageShapeOf, inputLabels, isPlanar, nFeaturesOf, taskOf } from '../state/queries.js';
import { normalizeTrace, sampleToLink } from '../state/trace-link.js';

/**
 * @typedef {{ point: [number, number] | null, row: number[] | null, target?: number | number[],
 *   source: { part: 'train' | 'test', index: number } | null, label?: number | null, pending?: boolean }} Pick
 * point: the position on the plane (a table's sample: its place in the plane of principal
 * components when the page draws one, else null); row: the data's columns traced (x, y; 1-D
 * data: x; a table: all its columns); target: the label of a data point (none for a position: the
 * engine uses the prediction); source: the data point picked (its part and index among the shown
 * rows), or null for a position; pending: a link's sample whose row is not known yet.
 */

const round3 = (v) => Number(v.toFixed(3)) + 0;
const sameTrace = (a, b) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const coords = (p) => `(${round3(p[0])}, ${round3(p[1])})`;

/** The shown data's rows of a part: { x, y, n } (null when none). */
function rowsOf(arrays, part) {
  const x = part === 'train' ? arrays?.xTrain : arrays?.xTest;
  const y = part === 'train' ? arrays?.yTrain : arrays?.yTest;
  // An image set's training images stay in the worker (xTrain empty): none to follow.
  if (x && y && x.length === 0 && y.length > 0) return null;
  return x && y ? { x, y, n: y.length } : null;
}

/**
 * The pick of row `index` of `part` in `arrays` (one target): session.display.arrays for points
 * of the plane (nFeatures 1 or 2: its exact coordinates), session.rows for data with more inputs
 * (all its columns; its point is the same row of `plane`, the rows drawn in the plane of principal
 * components, when given). The label is the target. null when there is no such row.
 */
export function dataPick(arrays, part, index, plane = null) {
  const rows = rowsOf(arrays, part);
  if (!rows || !(index >= 0 && index < rows.n)) return null;
  const nf = arrays.nFeatures;
  // An image set's rows are bytes: the engine's input is byte / pixelMax (as the data it trains on).
  const max = arrays.images?.pixelMax ?? 1;
  const row = Array.from(rows.x.subarray(index * nf, (index + 1) * nf), (v) => v / max);
  const label = rows.y[index];
  let point = /** @type {[number, number] | null} */ (nf === 1 ? [row[0], label] : [row[0], row[1]]);
  if (nf > 2) {
    const shown = rowsOf(plane, part);
    point = shown && plane.nFeatures === 2 && index < shown.n ? [shown.x[2 * index], shown.x[2 * index + 1]] : null;
  }
  return { point, row, target: label, label, source: { part, index } };
}

/** How many rows `part` of `arrays` has (0 when none). */
export const rowCount = (arrays, part) => rowsOf(arrays, part)?.n ?? 0;

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
export function describePick(pick, config, classNames = classNamesOf(config)) {
  if (!pick) return '';
  if (!pick.source) return `the point ${coords(pick.point)} of the plane`;
  const part = pick.source.part === 'train' ? 'training' : 'test';
  if (pick.pending) return `the ${part} sample #${pick.source.index + 1} of the link (once the data are loaded)`;
  const names = classNames;
  const label = taskOf(config) === 'classification' ? `class ${names?.[pick.label] ?? pick.label}` : `value ${round3(pick.label)}`;
  if (!isPlanar(config)) {
    const what = imageShapeOf(config) ? 'image' : 'sample';
    return `the ${part} ${what} #${pick.source.index + 1} (${label}, ${pick.row.length} inputs)`;
  }
  const at = nFeaturesOf(config) === 1 ? `at x = ${round3(pick.row[0])}` : `at ${coords(pick.point)}`;
  return `the ${part} point #${pick.source.index + 1} (${label}) ${at}`;
}

/**
 * createTraceFollow({ client, store, session, view, onIgnored, minInterval, now, setTimer, clearTimer }) -> {
 *   pickAt(x, y, near), pickRow(part, index), move(delta), close(), stepShown(index), pick, canMove(delta) }
 * client: { trace(point, target) -> Promise, on(type, fn) }; session: { display, rows, status }
 * (display: the points shown; rows: the data's rows with all their columns);
 * onIgnored(message): a link's sample that the data do not have ("Ignored tr=test:99: ...");
 * view: { show(trace, { featureNames, classNames, alpha, step?, epoch }), clear(), setPick(pick, words),
 *   setError(message | null) }.
 * pickAt(x, y, near): a click at (x, y) on the plane, near the data point { part, index } or null.
 * stepShown(index): the panel shows step `index` (the config's view.trace follows).
 */
export function createTraceFollow({ client, store, session, view, onIgnored = (/** @type {string} */ message) => void message, minInterval = 200, now = () => Date.now(),
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

  /** The class names: the config's, or a table's (iris: setosa, ...). */
  const namesOfClasses = () => classNamesOf(store.get()) ?? session.table?.classNames ?? null;

  /** The rows a data pick reads: the points shown on the plane, or a table's rows (all their columns). */
  const pickRows = () => (isPlanar(store.get()) ? session.display?.arrays : session.rows);

  function writeConfig() {
    const sampled = pick?.source && !isPlanar(store.get());
    written = pick ? normalizeTrace(sampled ? { sample: pick.source, step } : { point: pick.point, step }) : null;
    store.set('view.trace', written);
  }

  function setPick(next, { stepAt = null, fromLink = false } = {}) {
    pick = next;
    matchLink = fromLink;
    pendingStep = stepAt;
    if (stepAt !== null) step = stepAt;
    view.setPick(pick, describePick(pick, store.get(), namesOfClasses()));
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

  /**
   * A link's sample, once the data are known: its row, or (out of range) the message and nothing
   * followed. False while the data are not known yet.
   */
  function resolveSample() {
    const arrays = session.rows;
    if (!arrays) return false;
    const { part, index } = pick.source;
    const found = dataPick(arrays, part, index, session.display?.arrays);
    if (found) {
      setPick(found, { stepAt: pendingStep });
      return true;
    }
    const n = rowCount(arrays, part);
    const rows = `${part === 'train' ? 'training' : 'test'} samples`;
    onIgnored(`Ignored tr=${sampleToLink(pick.source)}: the data have ${n ? `${n} ${rows} (1 to ${n})` : `no ${rows}`}.`);
    close();
    return false;
  }

  function resolveLink() {
    if (!matchLink || !session.display || pick.pending) return;
    matchLink = false;
    const found = matchDataPoint(session.display.arrays, pick.point, store.get().view.showTest);
    if (found) setPick(found, { stepAt: pendingStep });
  }

  function send() {
    if (!dirty || !pick) return;
    if (pick.pending && !resolveSample()) return; // the next update asks again (or nothing is followed)
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
          imageShape: imageShapeOf(config) ?? undefined, // the input drawn as its image (the digits)
          classNames: namesOfClasses() ?? undefined,
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
    // A sample is asked for at the next update: the rows known now may be the previous data's.
    if ('sample' in t) setPick({ point: null, row: null, source: t.sample, pending: true }, { stepAt: t.step });
    else setPick(positionPick(store.get(), t.point[0], t.point[1]), { stepAt: t.step, fromLink: true });
    if (epoch !== null && !('sample' in t)) want(true);
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
    // Data with more than two inputs (a table): no position of a plane to follow, and after new
    // data a sample's index means another row (after this change is told to everyone: the config
    // changes again).
    const dataChanged = next.data !== prev.data && JSON.stringify(next.data) !== JSON.stringify(prev.data);
    if (pick && !isPlanar(next) && (!pick.source || (dataChanged && !pick.pending))) {
      const was = pick;
      queueMicrotask(() => pick === was && !isPlanar(store.get()) && close());
      return;
    }
    // New data: a data point's index means another point now; keep its position.
    if (pick?.source && pick.point && dataChanged) {
      setPick(positionPick(next, pick.point[0], pick.point[1]));
      want(true);
    }
  });

  if (store.get().view.trace) adopt(store.get().view.trace);

  /** The shown rows, train then test (test only when shown; a table's always), as one list of [part, index]. */
  function ordinal(source) {
    const arrays = pickRows();
    const nTrain = rowCount(arrays, 'train');
    const nTest = store.get().view.showTest || !isPlanar(store.get()) ? rowCount(arrays, 'test') : 0;
    return { k: source ? (source.part === 'train' ? source.index : nTrain + source.index) : -1, nTrain, n: nTrain + nTest };
  }

  /** Nothing followed any more: the view is cleared, and so is the config's view.trace. */
  function close() {
    setPick(null);
    writeConfig();
  }

  function pickRow(part, index) {
    const planar = isPlanar(store.get());
    const p = dataPick(pickRows(), part, index, planar ? null : session.display?.arrays);
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
      if (!isPlanar(store.get())) return; // a position of the principal components' plane is no input
      setPick(positionPick(store.get(), x, y));
      writeConfig();
      want(true);
    },
    pickRow,
    /** True when the data point picked has a neighbour `delta` rows away among the shown ones. */
    canMove(delta) {
      if (!pick?.source || pick.pending) return false;
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
