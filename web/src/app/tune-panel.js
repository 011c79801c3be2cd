// The Tune panel: hyperparameter search with scikit-learn's cross-validation on the page's
// training rows. The user picks a search (a grid, a random search, a validation curve, a
// learning curve), its hyperparameters and values and the folds; the fits run in a pool of
// workers (tune/pool.js), their scores show as they come, and the engine's aggregate ends the
// search: the heatmap or the curve, the cv_results_ table, "Use the best" and its Python.
import { PARAM_BY_ID } from '../state/params.js';
import { taskOf } from '../state/queries.js';
import { createTunePool, TuneCancelled, TuneRefused } from '../tune/pool.js';
import { searchJob } from '../tune/job.js';
import { tunePython } from '../tune/python.js';
import { partialScores, plannedCandidates, resultRows } from '../tune/results.js';
import { KINDS, TUNABLE, TUNE_DEFAULTS, candidateCount, parseValues, searchOf, specProblem, valueText, valuesText } from '../tune/spec.js';
import { createResultsTable } from './tune-table.js';
import { drawHeatmap, drawScoreCurve } from '../views/tune/charts.js';
import { h, uniqueId } from '../ui/dom.js';

/** Seconds as "about 8 s" or "about 2 min". */
function about(seconds) {
  if (!Number.isFinite(seconds)) return '';
  return seconds < 90 ? `about ${Math.max(1, Math.round(seconds))} s left` : `about ${Math.round(seconds / 60)} min left`;
}

/**
 * createTunePanel({ store, trainingRows, pool? }) -> { el, run(), cancel(), spec() }
 * trainingRows(): the rows the model trains on ({ nFeatures, xTrain, yTrain }) or null before the data.
 */
export function createTunePanel({ store, trainingRows, pool = createTunePool(), now = () => performance.now() }) {
  const state = { running: false, fits: [], total: 0, started: 0, spec: null, job: null, rows: null, result: null };
  const message = h('p', { class: 'tune-message', role: 'status', 'aria-live': 'polite' });
  const kind = h('select', { 'aria-label': 'Kind of search', onchange: () => layout() },
    Object.entries(KINDS).map(([k, label]) => h('option', { value: k }, label)));
  const paramRow = (index, initial) => {
    const id = uniqueId('tune-param');
    const select = h('select', { id, 'aria-label': `Hyperparameter ${index + 1}`, onchange: () => { values.value = valuesText(select.value, defaultValues(select.value)); } },
      TUNABLE.map((p) => h('option', { value: p }, p)));
    select.value = initial.id;
    const values = h('input', { type: 'text', class: 'tune-values', spellcheck: 'false', value: valuesText(initial.id, initial.values),
      'aria-label': `Values of hyperparameter ${index + 1}` });
    const row = h('div', { class: 'tune-row' }, h('label', { for: id }, index ? 'and' : 'search'), select, values);
    return { row, select, values };
  };
  const rows = TUNE_DEFAULTS.params.map((p, i) => paramRow(i, p));
  const cv = h('input', { type: 'number', min: '2', max: '20', step: '1', value: String(TUNE_DEFAULTS.cv), class: 'tune-small', 'aria-label': 'cv (folds)' });
  const nIter = h('input', { type: 'number', min: '1', step: '1', value: String(TUNE_DEFAULTS.n_iter), class: 'tune-small', 'aria-label': 'n_iter' });
  const seed = h('input', { type: 'number', min: '0', step: '1', value: String(TUNE_DEFAULTS.random_state), class: 'tune-small', 'aria-label': 'random_state' });
  const sizes = h('input', { type: 'text', class: 'tune-values', value: TUNE_DEFAULTS.train_sizes.join(', '), 'aria-label': 'train_sizes' });
  const randomRow = h('div', { class: 'tune-row' }, h('span', {}, 'n_iter'), nIter, h('span', {}, 'random_state'), seed);
  const sizesRow = h('div', { class: 'tune-row' }, h('span', {}, 'train_sizes'), sizes);
  const go = h('button', { type: 'button', class: 'btn primary', 'data-action': 'tune-run', onclick: () => run() }, 'Run search');
  const stop = h('button', { type: 'button', class: 'btn', 'data-action': 'tune-cancel', disabled: true, onclick: () => cancel() }, 'Cancel');
  const useBest = h('button', { type: 'button', class: 'btn', 'data-action': 'tune-best', disabled: true, onclick: () => applyBest() }, 'Use the best');
  const showPython = h('button', { type: 'button', class: 'btn', 'data-action': 'tune-python', onclick: () => togglePython() }, 'Python');
  const bar = h('progress', { max: '1', value: '0' });
  const barText = h('span', { class: 'tune-progress-text' });
  const progress = h('div', { class: 'tune-progress', hidden: true }, bar, barText);
  const canvas = h('canvas', { class: 'tune-chart', role: 'img', 'aria-label': 'Search results', hidden: true });
  const summary = h('p', { class: 'tune-summary' });
  const table = createResultsTable();
  const python = h('pre', { class: 'tune-python', hidden: true });
  const el = h('section', { class: 'panel tune-panel', 'aria-labelledby': 'tune-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'tune-title', class: 'panel-title' }, 'Tune'),
      h('p', { class: 'panel-sub' }, `Cross-validated search on the training rows, as scikit-learn computes it, on ${pool.size} worker${pool.size === 1 ? '' : 's'}.`)),
    h('div', { class: 'tune-form' }, h('div', { class: 'tune-row' }, kind), ...rows.map((r) => r.row), randomRow, sizesRow,
      h('div', { class: 'tune-row' }, h('span', {}, 'cv (folds)'), cv)),
    h('div', { class: 'tune-actions' }, go, stop, useBest, showPython),
    progress, message, canvas, summary, table.el, python);

  function defaultValues(id) {
    const preset = TUNE_DEFAULTS.params.find((p) => p.id === id);
    if (preset) return preset.values;
    const param = PARAM_BY_ID[id];
    if (param.type === 'enum') return param.options;
    if (param.type === 'bool') return [false, true];
    const current = store.get().model[id];
    const max = typeof param.max === 'number' ? param.max : Infinity;
    return typeof current === 'number' ? [current / 10, current, current * 10].filter((v) => v <= max) : [current];
  }

  function layout() {
    const k = kind.value;
    rows[0].row.hidden = k === 'learning_curve';
    rows[1].row.hidden = k !== 'grid' && k !== 'random';
    randomRow.hidden = k !== 'random';
    sizesRow.hidden = k !== 'learning_curve';
    go.textContent = k === 'grid' || k === 'random' ? 'Run search' : 'Compute the curve';
  }

  /** The spec the form describes: { spec } or { error }. */
  function readSpec() {
    const config = store.get();
    const spec = { kind: kind.value, params: [], cv: Number(cv.value), n_iter: Number(nIter.value), random_state: Number(seed.value), train_sizes: [] };
    const used = spec.kind === 'learning_curve' ? [] : spec.kind === 'validation_curve' ? rows.slice(0, 1) : rows;
    for (const r of used) {
      const parsed = parseValues(r.select.value, r.values.value, config);
      if (parsed.error) return { error: parsed.error };
      spec.params.push({ id: r.select.value, values: parsed.values });
    }
    if (spec.kind === 'learning_curve') spec.train_sizes = sizes.value.split(/[,;\s]+/).filter(Boolean).map(Number);
    const problem = specProblem(spec, trainingRows()?.yTrain.length);
    return problem ? { error: problem } : { spec };
  }

  function say(text, kindOf = '') {
    message.textContent = text;
    message.classList.toggle('error', kindOf === 'error');
  }

  /** The points of the chart, from rows ({ params | size, test, train }). */
  function draw() {
    const spec = state.spec;
    canvas.hidden = !spec || !state.rows;
    if (!spec || !state.rows) return;
    const scoreName = taskOf(store.get()) === 'regression' ? 'R²' : 'accuracy';
    const bestR = state.result ? bestRow() : null;
    const best = bestR ? state.rows.indexOf(bestR) : -1;
    if (spec.kind === 'grid' && spec.params.length === 2) {
      const [a, b] = spec.params;
      // The rows by their pair of values, looked up once per cell (not a scan of the rows per cell).
      const key = (params) => `${valueText(a.id, params[a.id])}|${valueText(b.id, params[b.id])}`;
      const byKey = new Map(state.rows.filter((r) => r.params).map((r) => [key(r.params), r]));
      const cellRow = (i, j) => byKey.get(key({ [a.id]: a.values[i], [b.id]: b.values[j] }));
      const indexOf = (p, v) => p.values.findIndex((w) => valueText(p.id, w) === valueText(p.id, v));
      const bestAt = bestR ? [indexOf(a, bestR.params[a.id]), indexOf(b, bestR.params[b.id])] : null;
      drawHeatmap(canvas, { cols: a.values.map((v) => valueText(a.id, v)), rows: b.values.map((v) => valueText(b.id, v)), xLabel: a.id, yLabel: b.id,
        cell: (i, j) => { const r = cellRow(i, j); return { mean: r?.test.mean ?? NaN, done: r?.done ?? (r ? 1 : 0) }; }, best: bestAt });
      canvas.setAttribute('aria-label', `Mean cross-validation ${scoreName} over ${a.id} and ${b.id}`);
      return;
    }
    const points = state.rows.map((r) => ({
      label: r.size !== undefined ? String(r.size) : Object.entries(r.params ?? {}).map(([id, v]) => valueText(id, v)).join(' '),
      x: spec.kind === 'learning_curve' && state.result ? r.size : undefined,
      test: r.test, train: r.train,
    }));
    const xLabel = spec.kind === 'learning_curve' ? 'training rows' : spec.params.map((p) => p.id).join(', ');
    drawScoreCurve(canvas, { points, xLabel, yLabel: scoreName, best });
    canvas.setAttribute('aria-label', `Training and cross-validation ${scoreName} over ${xLabel}`);
  }

  function bestRow() {
    if (!state.rows?.length) return null;
    if (state.result?.best_index_ !== undefined) return state.rows[state.result.best_index_];
    let best = null;
    for (const r of state.rows) if (Number.isFinite(r.test.mean) && (!best || r.test.mean > best.test.mean)) best = r;
    return best;
  }

  function showPartial() {
    const spec = state.spec;
    const planned = plannedCandidates(spec);
    if (!planned) return;
    const nSplits = state.total / planned.length;
    const partial = partialScores(planned.length, nSplits, state.fits);
    state.rows = planned.map((c, i) => ({ ...c, ...partial[i] }));
    draw();
  }

  function showProgress() {
    const done = state.fits.length;
    bar.value = state.total ? done / state.total : 0;
    const elapsed = (now() - state.started) / 1000;
    const left = done ? (elapsed / done) * (state.total - done) : NaN;
    barText.textContent = `${done} of ${state.total} fits${done && done < state.total ? ` · ${about(left)}` : ''}`;
  }

  async function run() {
    const read = readSpec();
    if (read.error) return say(read.error, 'error');
    const arrays = trainingRows();
    if (!arrays) return say('The data are not ready yet.', 'error');
    if (arrays.unavailable) return say(arrays.unavailable, 'error');
    const built = searchJob(store.get(), arrays, searchOf(read.spec));
    if (built.error) return say(built.error, 'error');
    Object.assign(state, { running: true, fits: [], total: 0, started: now(), spec: read.spec, job: built.job, rows: null, result: null });
    store.set('view.tune', read.spec); // the link carries the search
    go.disabled = true;
    stop.disabled = false;
    useBest.disabled = true;
    progress.hidden = false;
    table.clear();
    summary.textContent = '';
    say(`${candidateCount(read.spec)} candidates x ${read.spec.cv} folds on ${arrays.yTrain.length} training rows…`);
    try {
      const result = await pool.run(built.job, {
        onTotal: (n) => { state.total = n; showProgress(); },
        onFit: (fit) => { state.fits.push(fit); showProgress(); showPartial(); },
      });
      state.result = result;
      state.rows = resultRows(read.spec, result);
      finish(result);
    } catch (e) {
      if (e instanceof TuneCancelled) say(`Cancelled after ${state.fits.length} of ${state.total} fits.`);
      else if (e instanceof TuneRefused) say(`The engine refused the search: ${e.message}`, 'error');
      else say(`The search failed: ${e?.message ?? e}`, 'error');
    } finally {
      state.running = false;
      go.disabled = false;
      stop.disabled = true;
      progress.hidden = true;
    }
    return undefined;
  }

  function finish(result) {
    const spec = state.spec;
    const seconds = ((now() - state.started) / 1000).toFixed(1);
    const w = result.warnings ?? [];
    const warnings = w.length === 1 ? ` Warning: ${w[0]}` : w.length > 1 ? ` ${w.length} warnings, the first: ${w[0]}` : '';
    say(`Done: ${state.total} fits in ${seconds} s.${warnings}`);
    draw();
    const best = bestRow();
    const scoreName = taskOf(store.get()) === 'regression' ? 'R²' : 'accuracy';
    if (best && spec.kind !== 'learning_curve') {
      const params = Object.entries(best.params).map(([id, v]) => `${id} = ${valueText(id, v)}`).join(', ');
      summary.textContent = `Best: ${params}, mean CV ${scoreName} ${best.test.mean.toFixed(4)} ± ${best.test.std.toFixed(4)}.`;
      useBest.disabled = false;
    } else if (best) {
      summary.textContent = `With all ${state.rows.at(-1).size} rows: mean CV ${scoreName} ${state.rows.at(-1).test.mean.toFixed(4)}.`;
    }
    table.show(spec, state.rows, scoreName);
    if (!python.hidden) python.textContent = tunePython(store.get(), spec);
  }

  function applyBest() {
    const best = bestRow();
    if (!best?.params) return;
    store.update(Object.fromEntries(Object.entries(best.params).map(([id, v]) => [PARAM_BY_ID[id].path, v])));
    say(`Loaded ${Object.entries(best.params).map(([id, v]) => `${id} = ${valueText(id, v)}`).join(', ')} into the model.`);
  }

  function togglePython() {
    python.hidden = !python.hidden;
    if (python.hidden) return;
    const read = readSpec();
    python.textContent = read.error ? `# ${read.error}` : tunePython(store.get(), read.spec);
  }

  function cancel() {
    pool.cancel();
  }

  /** Fills the form with a spec (a link's search). */
  function fill(spec) {
    kind.value = spec.kind;
    spec.params.forEach((p, i) => {
      if (!rows[i]) return;
      rows[i].select.value = p.id;
      rows[i].values.value = valuesText(p.id, p.values);
    });
    cv.value = String(spec.cv);
    nIter.value = String(spec.n_iter);
    seed.value = String(spec.random_state);
    sizes.value = spec.train_sizes.join(', ');
    layout();
  }

  const linked = store.get().view?.tune;
  if (linked) {
    fill(linked);
    say(`The link carries this search: ${go.textContent} to compute it.`);
  }
  layout();
  return { el, run, cancel, readSpec, pool, get state() { return state; }, redraw: draw };
}
