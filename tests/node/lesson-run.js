// Runs a page configuration through the WebAssembly engine exactly as the page's worker does
// (web/src/engine/worker-host.js): one session with keep_training and the metrics measured every
// epoch, configured and loaded through the page's own config -> engine functions (config.js),
// then trained one epoch at a time. And the lessons' metrics (the schema at the top of
// web/src/state/lessons.js) computed from such a run. Used by lessons-claims.test.js.
import fs from 'node:fs';
import zlib from 'node:zlib';

import { dataRect } from '../../web/src/app/edits.js';
import { matchDataPoint } from '../../web/src/app/trace-follow.js';
import { bundledTable } from '../../web/src/data/tables.js';
import { engineParams, estimatorOf, featuresRequest, generateRequest, splitRequest, tableOf, taskOf } from '../../web/src/state/config.js';
import { generatorOf, imagesOf } from '../../web/src/state/queries.js';
import { COLLAPSE_EPOCHS, majorityShare, runProblem } from '../../web/src/state/health.js';
import { traceReply } from '../../web/src/engine/trace-reply.js';
import { searchJob } from '../../web/src/tune/job.js';
import { resultRows } from '../../web/src/tune/results.js';
import { searchOf } from '../../web/src/tune/spec.js';
import { chainSegments, contourSegments } from '../../web/src/views/contour.js';

const tables = new Map();
/** A bundled table (iris, digits) as the page loads it (digits scaled to 0..1). */
function table(key) {
  if (!tables.has(key)) {
    const text = fs.readFileSync(new URL(`../../web/public/data/${key}.json`, import.meta.url), 'utf8');
    tables.set(key, bundledTable(text));
  }
  return tables.get(key);
}

/** Debian's dataset-fashion-mnist: the IDX files the page's Fashion-MNIST assets are made from. */
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const idxFiles = new Map();
/** The body of one gzipped IDX file (after its header: 4 bytes, then 4 per dimension). */
function idxBody(name) {
  if (!idxFiles.has(name)) {
    const bytes = zlib.gunzipSync(fs.readFileSync(`${FASHION_DIR}/${name}-ubyte.gz`));
    idxFiles.set(name, bytes.subarray(4 + 4 * bytes[3]));
  }
  return idxFiles.get(name);
}

/** Loads Fashion-MNIST's first nTrain / nTest images into the session's byte buffers, as the page's worker does. */
function loadFashion(s, { nTrain, nTest }) {
  const P = 784;
  must(s.resizeImageData(nTrain, nTest, P, 255), 'resizeImageData');
  s.xTrainBytes().set(idxBody('train-images-idx3').subarray(0, nTrain * P));
  s.xTestBytes().set(idxBody('t10k-images-idx3').subarray(0, nTest * P));
  s.yTrain().set(idxBody('train-labels-idx1').subarray(0, nTrain));
  s.yTest().set(idxBody('t10k-labels-idx1').subarray(0, nTest));
  must(s.commitData(), 'commitData');
}

/** The final model's test confusion counts (true class t, predicted p at t * K + p) and coefs_[0]'s range. */
function finalModel(s) {
  must(s.readParameters(), 'readParameters');
  const [nIn, nOut] = s.layerUnits();
  const w0 = s.parameters().subarray(0, nIn * nOut);
  let min = Infinity;
  let max = -Infinity;
  for (const v of w0) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  must(s.evaluateTest(), 'evaluateTest');
  const K = s.gridChannels;
  const out = s.grid();
  const y = s.yTest();
  const confusion = new Array(K * K).fill(0);
  for (let r = 0; r < s.nTest; r += 1) {
    let best = 0;
    for (let k = 1; k < K; k += 1) if (out[r * K + k] > out[r * K + best]) best = k;
    confusion[y[r] * K + best] += 1;
  }
  return { coefsMin: min, coefsMax: max, confusion, classes: K };
}

const must = (status, what) => {
  if (!status.ok) throw new Error(`${what}: ${status.parameter} ${status.message}`);
};

/** The page's grid resolution for two inputs (session.js GRID_2D). */
export const GRID = { nx: 200, ny: 200 };
/** A run never trains longer than this, whatever it waits for. */
const MAX_EPOCHS = 5000;

/** The length of each first-layer unit's incoming weight vector (W0 is nIn x nOut, row-major). */
function firstLayerNorms(s) {
  must(s.readParameters(), 'readParameters');
  const [nIn, nOut] = s.layerUnits();
  const w = s.parameters();
  return Array.from({ length: nOut }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < nIn; i += 1) sum += w[i * nOut + j] ** 2;
    return Math.sqrt(sum);
  });
}

/**
 * The trace the page shows for the config's view.trace (the input followed): the data point at
 * the link's rounded position with its label as the target (app/trace-follow.js), else the
 * position with none; the engine's reply as the worker sends it (engine/trace-reply.js).
 */
function traceOf(s, config, data) {
  const { point } = config.view.trace;
  const found = matchDataPoint(data, point, config.view.showTest);
  const row = found ? found.row : data.nFeatures === 1 ? [point[0]] : [point[0], point[1]];
  must(s.trace(JSON.stringify(row), JSON.stringify(found ? [found.target] : [])), 'trace');
  const core = JSON.parse(s.traceJson());
  return traceReply(core, s.traceWeights(), s.traceGradients()).fields;
}

/**
 * Trains `config` for `epochs` epochs, and on to fit()'s stop when `untilFitStop` (at most
 * MAX_EPOCHS; fewer if the run ends by itself, e.g. diverging). gridAt: epochs (or 'fitStop')
 * after which to evaluate the model on the page's plot rectangle; normsAt: epochs (0: the
 * initial weights) after which to measure the first-layer units' weights; traceAt: epochs after
 * which to follow the config's view.trace through the model (the trace the page shows).
 * Returns {
 *   config, data { nFeatures, xTrain, yTrain, xTest, yTest }, rect (the page's plot rectangle, 2 inputs),
 *   nTrain, nTest, nFeatures, layerUnits, epochs (trained),
 *   progress[e - 1]  the Progress after epoch e (plain object),
 *   metrics[e - 1]   { trainScore, testScore, trainLoss, testLoss, topShare } after epoch e,
 *   lossCurve, validationScores, gradientNorms[e - 1] (one per weight layer),
 *   fitStop          { epoch, reason } or null, bestEpoch,
 *   fitResult        early stopping: { epoch, train, test } of the best weights (what fit() returns),
 *   grids            Map epoch (or 'fitStop') -> { rect, nx, ny, channels, values },
 *   norms            Map epoch -> first-layer unit norms,
 *   traces           Map epoch -> the trace of the input followed (the worker's trace reply),
 * }
 */
/**
 * Tune's search of the config's view.tune on the run's training rows, as the page's panel runs it
 * (tune/job.js): the runner's result, its rows (tune/results.js), the best row and each row's gap.
 */
function searchOfConfig(mlp, config, data) {
  const spec = config.view.tune;
  const built = searchJob(config, data, searchOf(spec));
  if (built.error) throw new Error(built.error);
  const r = mlp.runJob(JSON.stringify(built.job));
  if (r.status !== 0) throw new Error(`tune: ${r.output}`);
  const result = JSON.parse(r.output);
  const rows = resultRows(spec, result);
  const best = result.best_index_ !== undefined ? rows[result.best_index_]
    : rows.reduce((b, row) => (!b || row.test.mean > b.test.mean ? row : b), null);
  // Each row's training score minus its CV score: the gap a lesson speaks of.
  return { result, rows, best, gaps: rows.map((row) => row.train.mean - row.test.mean) };
}

export function runConfig(mlp, config, { epochs, untilFitStop = false, gridAt = [], normsAt = [], traceAt = [], tune = false }) {
  const s = new mlp.Session();
  try {
    s.setKeepTraining(true, 1);
    must(s.configure(estimatorOf(config), JSON.stringify(engineParams(config)), config.precision), 'configure');
    const key = tableOf(config);
    const images = imagesOf(config) !== null;
    if (images) {
      loadFashion(s, generatorOf(config));
    } else if (key) {
      // A table: its rows, then train_test_split in the engine (session.js sendTable).
      const t = table(key);
      must(s.resizeData(t.nSamples, 0, t.nFeatures, 1), 'resizeData');
      s.xTrain().set(t.X);
      s.yTrain().set(t.y);
      must(s.commitData(), 'commitData');
      must(s.splitData(config.data.test_size, config.data.random_state), 'splitData');
    } else {
      const g = generateRequest(config);
      const split = splitRequest(config);
      must(s.generate(g.generator, JSON.stringify(g.params), split.test_size, split.random_state), 'generate');
    }
    const features = featuresRequest(config);
    must(s.setFeatures(JSON.stringify(features.derived), features.standardize), 'setFeatures');
    // Image data: the pixels stay bytes in the engine (no copies of 60,000 x 784 doubles here).
    const data = images ? { nFeatures: s.nFeatures, yTrain: s.yTrain().slice(), yTest: s.yTest().slice() } : {
      nFeatures: s.nFeatures,
      xTrain: s.xTrain().slice(),
      yTrain: s.yTrain().slice(),
      xTest: s.xTest().slice(),
      yTest: s.yTest().slice(),
    };
    const search = tune && config.view.tune ? searchOfConfig(mlp, config, data) : null;
    // The plot rectangle the page draws (session.js: dataRect of the data reply).
    const rect = data.nFeatures === 2 ? dataRect(data) : null;
    must(s.step(0).status, 'step(0)');
    const grids = new Map();
    const norms = new Map();
    const gridWanted = new Set(gridAt);
    const normsWanted = new Set(normsAt);
    const snapshot = (keys) => {
      must(s.evaluateGrid(rect.xMin, rect.xMax, rect.yMin, rect.yMax, GRID.nx, GRID.ny), 'evaluateGrid');
      const grid = { rect, ...GRID, channels: s.gridChannels, values: s.grid().slice() };
      for (const k of keys) grids.set(k, grid);
    };
    const traces = new Map();
    const traceWanted = new Set(traceAt);
    if (traceWanted.has(0)) traces.set(0, traceOf(s, config, data));
    if (normsWanted.has(0)) norms.set(0, firstLayerNorms(s));
    if (rect && gridWanted.has(0)) snapshot([0]);
    const progress = [];
    let fitResult = null;
    for (;;) {
      const last = progress.at(-1);
      const e = last?.epoch ?? 0;
      if (e >= MAX_EPOCHS || last?.finished) break;
      if (e >= epochs && (!untilFitStop || last?.fitStopEpoch > 0)) break;
      const p = s.step(1);
      must(p.status, `step to epoch ${e + 1}`);
      progress.push({
        epoch: p.epoch, samples: p.samples, loss: p.loss, validationScore: p.validationScore, finished: p.finished,
        stopReason: p.stopReason, fitStopEpoch: p.fitStopEpoch, fitStopReason: p.fitStopReason,
        patienceEpoch: p.patienceEpoch, ruleStopEpoch: p.ruleStopEpoch, bestEpoch: p.bestEpoch, diverged: p.diverged,
      });
      const atFitStop = p.fitStopEpoch > 0 && p.fitStopEpoch === p.epoch;
      // As the worker does: once fit() has stopped, the scores of the weights it returns.
      if (p.fitStopEpoch > 0 && p.bestEpoch > 0 && !fitResult) {
        const best = s.bestScores();
        if (best.status.ok) fitResult = { epoch: p.bestEpoch, train: best.train, test: best.test };
      }
      const keys = gridWanted.has(p.epoch) || (atFitStop && gridWanted.has('fitStop')) ? [p.epoch] : [];
      if (atFitStop && gridWanted.has('fitStop')) keys.push('fitStop');
      if (rect && keys.length) snapshot(keys);
      if (normsWanted.has(p.epoch)) norms.set(p.epoch, firstLayerNorms(s));
      if (traceWanted.has(p.epoch)) traces.set(p.epoch, traceOf(s, config, data));
    }
    s.readHistory(0);
    const layerUnits = s.layerUnits();
    const nLayers = layerUnits.length - 1;
    const g = s.gradientNorms().slice();
    const m = s.metrics().slice();
    const lossCurve = Array.from(s.lossCurve());
    const validationScores = Array.from(s.validationScores());
    const last = progress.at(-1) ?? {};
    return {
      final: images ? finalModel(s) : null,
      config,
      data,
      rect,
      nTrain: s.nTrain,
      nTest: s.nTest,
      nFeatures: s.nFeatures,
      layerUnits,
      epochs: last.epoch ?? 0,
      progress,
      metrics: Array.from({ length: m.length / 5 }, (_, e) => ({
        trainScore: m[5 * e], testScore: m[5 * e + 1], trainLoss: m[5 * e + 2], testLoss: m[5 * e + 3], topShare: m[5 * e + 4],
      })),
      lossCurve,
      validationScores,
      gradientNorms: Array.from({ length: g.length / nLayers }, (_, e) => Array.from(g.subarray(e * nLayers, (e + 1) * nLayers))),
      fitStop: last.fitStopEpoch > 0 ? { epoch: last.fitStopEpoch, reason: last.fitStopReason } : null,
      bestEpoch: last.bestEpoch ?? 0,
      fitResult,
      grids,
      norms,
      traces,
      search,
    };
  } finally {
    s.delete();
  }
}

/**
 * The 0.5 contour of a binary grid (the line the page draws between the two classes), traced
 * as the page traces it (marching squares; segments chained into polylines). Returns
 * { points: segment midpoints in data coordinates ([] when one class wins everywhere),
 *   length: the contour's total length in plot widths, pieces: separate lines }.
 */
export function contourOf(grid) {
  const { rect, nx, ny, values } = grid;
  const seg = contourSegments(values, nx, ny, 0.5);
  const sx = (rect.xMax - rect.xMin) / (nx - 1);
  const sy = (rect.yMax - rect.yMin) / (ny - 1);
  const points = [];
  let length = 0;
  for (let k = 0; k < seg.length; k += 4) {
    // Grid row j is at y = yMax - j * sy (the engine's grid runs from the top row down).
    points.push([rect.xMin + ((seg[k] + seg[k + 2]) / 2) * sx, rect.yMax - ((seg[k + 1] + seg[k + 3]) / 2) * sy]);
    length += Math.hypot((seg[k + 2] - seg[k]) * sx, (seg[k + 3] - seg[k + 1]) * sy);
  }
  return { points, length: length / (rect.xMax - rect.xMin), pieces: chainSegments(seg).length };
}

/**
 * How far the points lie from the best straight line through them (total least squares: the
 * line along their principal axis): the largest distance, as a share of the plot's width.
 */
export function lineDeviation(points, rect) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
    sxy += (x - mx) * (y - my);
  }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const [nx, ny] = [-Math.sin(theta), Math.cos(theta)];
  const worst = points.reduce((a, [x, y]) => Math.max(a, Math.abs((x - mx) * nx + (y - my) * ny)), 0);
  return worst / (rect.xMax - rect.xMin);
}

/** Boundary shapes (lessons.js): straight within 0.5% of the plot's width, curved beyond 5%. */
export const STRAIGHT_WITHIN = 0.005;
export const CURVED_BEYOND = 0.05;

/** 'none', 'straight', 'curved' or 'unclear' (in between), and the numbers behind it. */
export function boundaryShape(grid) {
  if (grid.channels !== 1) throw new Error('boundary shapes are for binary grids');
  const contour = contourOf(grid);
  if (!contour.points.length) return { shape: 'none', deviation: NaN, ...contour };
  const deviation = lineDeviation(contour.points, grid.rect);
  const shape = deviation <= STRAIGHT_WITHIN ? 'straight' : deviation > CURVED_BEYOND ? 'curved' : 'unclear';
  return { shape, deviation, ...contour };
}

/** Metrics that need a grid, one that needs first-layer norms, and those of the input followed. */
export const GRID_METRICS = ['boundaryLength', 'probabilitySum', 'regions', 'gridChannels'];
export const NORM_METRICS = ['fadedUnits'];
export const TRACE_METRICS = ['trace', 'traceLossDrop'];
/** Metrics of the step's Tune search (view.tune), run on its training rows. */
export const TUNE_METRICS = ['tune'];
/** Metrics of the final model (image data; no epoch): coefs_[0]'s range, a test confusion count ('t.p' in of). */
export const FINAL_METRICS = ['coefsMin', 'coefsMax', 'confusion'];
/** Metrics that are facts of the run (no epoch), and those that need fit()'s stop. */
export const RUN_METRICS = ['collapsedAt', 'stalledAt', 'fitStopEpoch', 'bestEpoch', 'bestTestScore', 'bestTrainScore', 'outputUnits', 'nTrain', 'nTest',
  'nFeatures', 'updatesPerEpoch'];
export const FIT_STOP_METRICS = ['fitStopEpoch', 'bestEpoch', 'bestTestScore', 'bestTrainScore'];

/** The epoch a check's `epoch` names in this run (a number, or fit()'s stop). */
export function epochOf(run, epoch) {
  if (epoch === 'fitStop') {
    if (!run.fitStop) throw new Error('fit() has not stopped in this run');
    return run.fitStop.epoch;
  }
  return epoch;
}

/**
 * The first epoch after which the page finds the run's problem of kind `kind` (state/health.js,
 * as session.js asks after every epoch's scores), or 0: 'collapsed' (the page pauses there),
 * 'stalled' (a collapse whose first layers' gradients vanish: named in red, training goes on).
 */
function problemAt(run, kind) {
  const majority = majorityShare(Array.from(run.data.yTrain));
  const n = run.layerUnits.length - 1;
  const norms = Float64Array.from(run.gradientNorms.flat()); // epochs x weight layers, as the page holds them
  let shown = null; // the problem the page names (session.js checkHealth keeps it while its kind stays)
  for (let k = 1; k <= run.metrics.length; k += 1) {
    // The epochs up to k (the collapse rule reads the last COLLAPSE_EPOCHS measured ones; the
    // stall the gradient norms of epoch k).
    const last = run.metrics.slice(Math.max(0, k - 2 * COLLAPSE_EPOCHS), k);
    const history = {
      topShares: last.map((x) => x.topShare),
      trainLosses: last.map((x) => x.trainLoss),
      gradientNorms: norms.subarray(0, k * n),
      nLayers: n,
    };
    const problem = runProblem({ config: run.config, progress: run.progress[k - 1], history, majorityShare: majority,
      task: taskOf(run.config), previous: shown });
    if (problem?.kind === kind) return k;
    if (problem?.pauses) return 0; // the page pauses for another problem first
    if (problem?.kind !== shown?.kind) shown = problem;
  }
  return 0;
}

/**
 * A number of a trace by its path ('output.values.0', 'layers.0.z.1', 'loss.total',
 * 'gradients.coefs.1.2', 'step.loss.total', ...).
 */
export function traceValue(trace, path) {
  const value = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), trace);
  if (typeof value !== 'number') throw new Error(`the trace has no number at ${path}`);
  return value;
}

/** The value of `metric` in `run` after epoch `e` (a number; ignored for facts of the run); of: a trace's path. */
export function metricValue(run, metric, e, of = undefined) {
  const at = (list) => {
    if (!(e >= 1 && e <= list.length)) throw new Error(`${metric}: epoch ${e} was not trained (${list.length} epochs)`);
    return list[e - 1];
  };
  const grid = () => {
    const g = run.grids.get(e);
    if (!g) throw new Error(`${metric}: no grid after epoch ${e}`);
    return g;
  };
  const m = run.config.model;
  switch (metric) {
    case 'trainScore':
    case 'testScore':
    case 'trainLoss':
    case 'testLoss':
    case 'topShare':
      return at(run.metrics)[metric];
    case 'gapPoints':
      return (at(run.metrics).trainScore - at(run.metrics).testScore) * 100;
    case 'loss':
      return at(run.lossCurve);
    case 'lossRises': {
      const curve = run.lossCurve.slice(0, e);
      at(run.lossCurve);
      return curve.filter((v, k) => k > 0 && v > curve[k - 1]).length;
    }
    case 'peakTestScore':
    case 'peakTestEpoch': {
      at(run.metrics);
      let best = 0;
      for (let k = 1; k < e; k += 1) if (run.metrics[k].testScore > run.metrics[best].testScore) best = k;
      return metric === 'peakTestScore' ? run.metrics[best].testScore : best + 1;
    }
    case 'gradientRatio': {
      const g = at(run.gradientNorms);
      return g.at(-1) / g[0];
    }
    case 'gradientSpread': {
      const g = at(run.gradientNorms);
      return Math.max(...g) / Math.min(...g);
    }
    case 'learningRate': {
      if (m.solver !== 'sgd' || m.learning_rate === 'adaptive') throw new Error('learningRate: sgd constant or invscaling only');
      const t = at(run.progress).samples;
      return m.learning_rate === 'invscaling' ? m.learning_rate_init / (t + 1) ** m.power_t : m.learning_rate_init;
    }
    case 'fadedUnits': {
      const start = run.norms.get(0);
      const now = run.norms.get(e);
      if (!start || !now) throw new Error(`fadedUnits: no weights measured after epoch ${e}`);
      return now.filter((v, j) => v < start[j] / 2).length;
    }
    case 'boundaryLength':
      return contourOf(grid()).length;
    case 'gridChannels':
      return grid().channels;
    case 'probabilitySum': {
      const { values, channels } = grid();
      if (channels < 2) throw new Error('probabilitySum: a grid with one channel per class');
      let worst = 0;
      for (let i = 0; i < values.length; i += channels) {
        let sum = 0;
        for (let k = 0; k < channels; k += 1) sum += values[i + k];
        worst = Math.max(worst, Math.abs(sum - 1));
      }
      return worst;
    }
    case 'regions': {
      const { values, channels } = grid();
      const won = new Set();
      for (let i = 0; i < values.length; i += channels) {
        let best = 0;
        for (let k = 1; k < channels; k += 1) if (values[i + k] > values[i + best]) best = k;
        won.add(channels === 1 ? Number(values[i] > 0.5) : best);
      }
      return won.size;
    }
    case 'trace':
    case 'traceLossDrop': {
      const t = run.traces.get(e);
      if (!t) throw new Error(`${metric}: no trace after epoch ${e}`);
      return metric === 'trace' ? traceValue(t, of) : t.loss.total - t.step.loss.total;
    }
    case 'tune': {
      if (!run.search) throw new Error('tune: the step has no search (view.tune)');
      const value = String(of).split('.').reduce((o, k) => (o == null ? undefined : o[k]), run.search);
      if (typeof value !== 'number') throw new Error(`tune: ${of} is not a number of the search (${JSON.stringify(value)})`);
      return value;
    }
    case 'collapsedAt':
    case 'stalledAt':
      return problemAt(run, metric === 'collapsedAt' ? 'collapsed' : 'stalled');
    case 'fitStopEpoch':
      if (!run.fitStop) throw new Error('fitStopEpoch: fit() has not stopped in this run');
      return run.fitStop.epoch;
    case 'bestEpoch':
    case 'bestTestScore':
    case 'bestTrainScore':
      if (!run.fitResult) throw new Error(`${metric}: no early-stopping result in this run`);
      return { bestEpoch: run.fitResult.epoch, bestTestScore: run.fitResult.test, bestTrainScore: run.fitResult.train }[metric];
    case 'coefsMin':
    case 'coefsMax':
    case 'confusion': {
      // Facts of the final model (image data only): coefs_[0]'s range; the test count of true class t predicted as p ('t.p').
      if (!run.final) throw new Error(`${metric}: only for image data`);
      if (metric !== 'confusion') return run.final[metric];
      const [t, p] = String(of).split('.').map(Number);
      return run.final.confusion[t * run.final.classes + p];
    }
    case 'outputUnits':
      return run.layerUnits.at(-1);
    case 'nTrain':
    case 'nTest':
    case 'nFeatures':
      return run[metric];
    case 'updatesPerEpoch': {
      // scikit-learn's gen_batches over the rows it trains on (early stopping holds some out).
      if (m.early_stopping) throw new Error('updatesPerEpoch: not with early stopping');
      const n = run.nTrain;
      const size = m.batch_size === 'auto' ? Math.min(200, n) : Math.min(m.batch_size, n);
      return Math.ceil(n / size);
    }
    default:
      throw new Error(`unknown metric ${metric}`);
  }
}

/** The text's rounding of a value, written as `says` is written ('86.7%', '0.31', '7,570', '12'). */
export function rounded(value, says) {
  const percent = says.endsWith('%');
  const digits = says.replace(/[%,]/g, '');
  const decimals = digits.includes('.') ? digits.split('.')[1].length : 0;
  const text = (percent ? value * 100 : value).toFixed(decimals);
  const grouped = says.includes(',') ? Number(text).toLocaleString('en-US', { minimumFractionDigits: decimals }) : text;
  return `${grouped}${percent ? '%' : ''}`;
}

/** The numbers written in a text: '86.7%', '0.31', '7,570', '300' (not digits inside names like x2 or beta_1). */
export const numbersIn = (text) => text.match(/(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?<![\w.])\d+(?:\.\d+)?%?/g) ?? [];
