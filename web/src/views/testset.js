// How the trained classifier does on the test set, for data with more than two features
// (iris, 8x8 digits, user CSV files), where there is no input plane to paint: a confusion
// matrix and per-class scores as HTML tables (screen readers read them as tables), and the
// test points scattered in the plane of the first two principal components of the training
// rows, coloured by their true class, the misclassified ones ringed.
//
// For regression it shows r2_score, mean_squared_error and mean_absolute_error and plots each
// test row's prediction against its true value, around the dashed diagonal predicted = true.
//
// The numbers follow scikit-learn: predict() of MLPClassifier, confusion_matrix,
// classification_report and PCA(n_components=2).explained_variance_ratio_. The pure parts run
// under node (no DOM access at import time).
//
// Its parts: the scores in data/metrics.js, the plane in data/pca.js, and in views/testset/ the
// tables (tables.js), their colours (colours.js), the words (labels.js), the scatter
// (scatter.js), the predicted-against-true plot (predictions.js) and the point marks (marks.js).

import { INK_MUTED, createScheduler, formatValue, observeResize, timed } from './canvas-util.js';
import { classReport, confusionMatrix, isClass, regressionReport } from '../data/metrics.js';
import { pca2 } from '../data/pca.js';
import { h } from '../ui/dom.js';
import { taskQueue } from '../ui/tasks.js';
import { DASH, regressionHeading, testSetHeading } from './testset/labels.js';
import { PRED_EMPTY_LABEL, drawPredictions } from './testset/predictions.js';
import { drawScatter, plotBounds } from './testset/scatter.js';
import { buildConfusion, buildRegressionTable, buildScores, updateConfusion, updateScores } from './testset/tables.js';

// The pure parts, where importers of this module found them before they had files of their own.
export { classReport, confusionMatrix, predictedClasses, regressionReport } from '../data/metrics.js';
export { symmetricEigen } from '../data/eigen.js';
export { createPca2, pca2 } from '../data/pca.js';
export { cellShade, contrastRatio } from './testset/colours.js';
export { regressionHeading, sharedRange, testSetHeading, varianceLabel } from './testset/labels.js';

const EMPTY_NOTE = 'Press Play or Step to train';
const CANVAS_HEIGHT = 260;

/** Element-wise equality of two arrays, either of which may be null. */
const sameArray = (a, b) => {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * createTestSetView(container, { isVisible, drawsItself }) -> { update(state), prepare(), render(), resize(), destroy() }
 * drawsItself (default true): update() schedules a redraw of its own; false when the caller
 * draws the view in turns (prepare(), then render(): session.js), so that no redraw of its own
 * does all the parts in one frame.
 * state: { task, classNames, yTest (class indices), predicted (Int32Array, or null before
 * training), xTest (row-major), nFeatures, basis (pca2 of the training rows, or null: then the
 * test rows' own), testXY (optional: xTest already projected on basis, (x, y) pairs), epoch }. update() may come ten times a second while training: the tables
 * are rebuilt only when the confusion matrix changes, and nothing is drawn while isVisible()
 * is false.
 * With task 'regression', yTest holds the true targets and outputs (row-major nTest x 1, or
 * null before training) the model's predictions: the view then shows R², MSE, MAE and N and
 * plots predicted against true value instead of the confusion matrix and the PCA plane. A
 * change of task swaps the view's children.
 * @param {HTMLElement} container
 * @param {{ isVisible?: () => boolean, drawsItself?: boolean }} [options]
 */
export function createTestSetView(container, { isVisible = () => true, drawsItself = true } = {}) {
  const heading = h('p', { class: 'testset-heading', style: { fontWeight: '600', margin: '4px 0' } }, testSetHeading(0, NaN));
  const note = h('p', { class: 'testset-note', style: { color: INK_MUTED, margin: '2px 0' } }, EMPTY_NOTE);
  const confusionBox = h('div', { class: 'testset-confusion', style: { overflowX: 'auto' } });
  const scoresBox = h('div', { class: 'testset-scores', style: { overflowX: 'auto' } });
  const canvas = h('canvas', {
    class: 'pca-canvas',
    role: 'img',
    style: { display: 'block', width: '100%', height: `${CANVAS_HEIGHT}px` },
  });
  canvas.dataset.points = '0';
  canvas.setAttribute('aria-label', 'Test set in the plane of the first two principal components: no points');
  // Regression mode's parts, attached only while the task is regression.
  const regressionBox = h('div', { class: 'testset-regression', style: { overflowX: 'auto' } });
  const predCanvas = h('canvas', {
    class: 'pred-canvas',
    role: 'img',
    style: { display: 'block', width: '100%', height: `${CANVAS_HEIGHT}px` },
  });
  predCanvas.dataset.points = '0';
  predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
  const root = h('div', { class: 'testset-view' }, heading, note, confusionBox, scoresBox, canvas);
  root.dataset.task = 'classification';
  container.append(root);

  const ctx = canvas.getContext('2d');
  const predCtx = predCanvas.getContext('2d');
  let mode = 'classification';
  let state = null;
  let matrix = null; // the confusion matrix of the latest update (null before training)
  let support = null; // test rows per class
  let supportFor = null; // { yTest, K, counts }: the support of these rows
  let shown = null; // { names, matrix, support } the tables show
  let plot = null; // { xy, n, basis, source, bounds } projected test points
  let ownBasis = null; // { xTest, nFeatures, basis } when the caller gives none
  let predictions = null; // regression: one prediction per test row (null before training)
  let regReport = null; // regression: regressionReport of the latest update
  let regShown = null; // the texts the regression table shows
  // The canvases' CSS sizes, read when they change (in the observer's callback the layout is
  // fresh): a redraw that read them after the tables changed would force a layout of the page.
  let scatterSize = null;
  let predSize = null;
  const cssSize = (c) => ({ width: c.clientWidth, height: c.clientHeight });
  // Its own redraws (a resize, its first showing) in a task after the frame, not in the frame's.
  const scheduler = createScheduler(renderInParts, 'testset', { nextTask: taskQueue() });
  const stopObserving = observeResize(canvas, () => {
    scatterSize = cssSize(canvas);
    resize();
  });
  const stopObservingPred = observeResize(predCanvas, () => {
    predSize = cssSize(predCanvas);
    resize();
  });

  /** Swaps the children for the task's: shared heading and note, then the mode's own parts. */
  function setMode(next) {
    if (next === mode) return;
    mode = next;
    root.dataset.task = mode;
    if (mode === 'regression') {
      // The classification parts leave the page; emptied, so nothing stale comes back.
      confusionBox.replaceChildren();
      scoresBox.replaceChildren();
      shown = null;
      matrix = null;
      support = null;
      canvas.dataset.points = '0';
      canvas.dataset.wrong = '0';
      root.replaceChildren(heading, note, regressionBox, predCanvas);
    } else {
      regressionBox.replaceChildren();
      regShown = null;
      predictions = null;
      regReport = null;
      predCanvas.dataset.points = '0';
      predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
      root.replaceChildren(heading, note, confusionBox, scoresBox, canvas);
    }
  }

  function rowsOf(s) {
    return s?.yTest?.length ?? 0;
  }

  /** Test rows per class, for the support column before there are predictions. */
  function supportOf(yTest, K) {
    const counts = new Int32Array(K);
    for (let i = 0; i < yTest.length; i += 1) if (isClass(yTest[i], K)) counts[yTest[i]] += 1;
    return counts;
  }

  function basisFor(s) {
    if (s.basis) return s.basis;
    const p = s.nFeatures | 0;
    if (!s.xTest || p < 1) return null;
    if (!ownBasis || ownBasis.xTest !== s.xTest || ownBasis.nFeatures !== p) {
      ownBasis = { xTest: s.xTest, nFeatures: p, basis: pca2(s.xTest, Math.floor(s.xTest.length / p), p) };
    }
    return ownBasis.basis;
  }

  /** Projects the test rows when the rows or the basis changed; true when it did. */
  function projectPoints() {
    const basis = state ? basisFor(state) : null;
    const n = Math.min(rowsOf(state), state?.xTest && state.nFeatures ? Math.floor(state.xTest.length / state.nFeatures) : 0);
    if (!basis || !n) {
      plot = null;
      return false;
    }
    if (plot && plot.basis === basis && plot.source === state.xTest && plot.n === n) return false;
    // The caller's projection of these rows on this basis (made in steps), else one of our own.
    const given = state.testXY && state.basis === basis && state.testXY.length >= 2 * n ? state.testXY : null;
    const xy = given ?? basis.project(state.xTest, n);
    plot = { xy, n, basis, source: state.xTest, bounds: plotBounds(xy, n) };
    return true;
  }

  /** The heading, the note and the tables (rebuilt only when a number or a name changed: then true). */
  function renderTables() {
    const names = (state?.classNames ?? []).map(String);
    const K = names.length;
    const nRows = rowsOf(state);
    const report = matrix ? classReport(matrix, K) : null;
    const text = testSetHeading(nRows, report && report.total > 0 ? report.accuracy : NaN);
    if (heading.textContent !== text) heading.textContent = text;
    heading.dataset.epoch = String(state?.epoch ?? 0);
    const noteText = state && !nRows ? 'No test rows: the test set is empty' : EMPTY_NOTE;
    if (note.textContent !== noteText) note.textContent = noteText;
    note.hidden = Boolean(matrix) && nRows > 0;
    // DOM work only when a number or a name changed, not on every update while training.
    if (shown && sameArray(shown.names, names) && sameArray(shown.matrix, matrix) && sameArray(shown.support, support)) return false;
    // The same classes: the tables' cells change in place (and the confusion cells' shades, once trained).
    const sameNames = shown && sameArray(shown.names, names);
    if (sameNames && shown.matrix && matrix) updateConfusion(confusionBox, names, matrix);
    else buildConfusion(confusionBox, names, matrix);
    if (sameNames) updateScores(scoresBox, names, matrix, support ?? new Int32Array(K));
    else buildScores(scoresBox, names, matrix, support ?? new Int32Array(K));
    shown = { names, matrix, support };
    return true;
  }

  function renderRegressionTable() {
    const nRows = rowsOf(state);
    const report = regReport && regReport.n > 0 ? regReport : null;
    const text = regressionHeading(nRows, report ? report.r2 : NaN);
    if (heading.textContent !== text) heading.textContent = text;
    heading.dataset.epoch = String(state?.epoch ?? 0);
    const noteText = state && !nRows ? 'No test rows: the test set is empty' : EMPTY_NOTE;
    if (note.textContent !== noteText) note.textContent = noteText;
    note.hidden = Boolean(predictions) && nRows > 0;

    let finiteTargets = 0;
    const yTest = state?.yTest ?? [];
    for (let i = 0; i < yTest.length; i += 1) if (Number.isFinite(yTest[i])) finiteTargets += 1;
    const r2Text = report && Number.isFinite(report.r2) ? report.r2.toFixed(3) : DASH;
    const rows = [
      ['R\u00b2', 'coefficient of determination, 1 \u2212 SS_res / SS_tot (r2_score)', r2Text],
      ['MSE', 'mean squared error', report ? formatValue(report.mse) : DASH],
      ['MAE', 'mean absolute error', report ? formatValue(report.mae) : DASH],
      ['N', report ? 'test rows scored (true and predicted value both finite)' : 'test rows with a finite target', String(report ? report.n : finiteTargets)],
    ];
    const key = rows.map((r) => r[2]).join('|');
    if (regShown === key) return;
    regShown = key;
    buildRegressionTable(regressionBox, rows, report);
  }

  /**
   * The view's own redraws (after a resize; after an update when it draws itself) take a frame
   * for each part prepare() does, then draw: a big test set's first showing is not one long task.
   */
  function renderInParts() {
    if (isVisible() && mode === 'classification' && (renderTables() || projectPoints())) {
      scheduler.request();
      return;
    }
    render();
  }

  /** Everything at once: the tables (or the regression scores), then the plot. */
  function render() {
    if (!isVisible()) return;
    if (mode === 'regression') {
      renderRegressionTable();
      drawPredictions(predCanvas, predCtx, state, predictions, regReport, predSize);
      return;
    }
    renderTables();
    projectPoints();
    drawScatter(canvas, ctx, state, plot, scatterSize);
  }

  function resize() {
    if (!(mode === 'regression' ? predCanvas : canvas).clientWidth) return;
    scheduler.request();
  }

  /** The first channel of each test row's outputs, as many rows as there are targets. */
  function firstChannel(outputs, nRows) {
    if (!outputs) return null;
    const channels = nRows > 0 ? Math.max(1, Math.floor(outputs.length / nRows)) : 1;
    if (channels === 1) return outputs.length > nRows ? outputs.subarray(0, nRows) : outputs;
    const out = new Float64Array(nRows);
    for (let i = 0; i < nRows; i += 1) out[i] = outputs[i * channels];
    return out;
  }

  return {
    update(next) {
      if (!next) return;
      const yTest = next.yTest ?? new Float64Array(0);
      setMode(next.task === 'regression' ? 'regression' : 'classification');
      state = { ...next, yTest };
      if (mode === 'regression') {
        predictions = firstChannel(next.outputs, yTest.length);
        regReport = predictions ? regressionReport(yTest, predictions) : null;
      } else {
        const K = next.classNames?.length ?? 0;
        matrix = next.predicted ? confusionMatrix(yTest, next.predicted, K) : null;
        // The same test rows at every update while training: counted once.
        if (supportFor?.yTest !== yTest || supportFor.K !== K) supportFor = { yTest, K, counts: supportOf(yTest, K) };
        support = supportFor.counts;
      }
      if (drawsItself) scheduler.request();
    },
    /**
     * The work before a redraw in parts, for a caller that draws in turns (session.js): the
     * tables, then the test rows' projection. True when a part was done (call again next turn),
     * false when only the drawing is left (render).
     */
    prepare() {
      if (!isVisible() || mode !== 'classification') return false;
      return timed('testset-tables', renderTables) || timed('testset-project', projectPoints);
    },
    render() {
      scheduler.cancel();
      timed('testset', render);
    },
    resize,
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopObservingPred();
      root.remove();
    },
  };
}
