// The session's views fed from its state: each function reads the latest data, update and test
// rows (the session's shared state `s`) and the config, and hands a view what it draws. No
// worker, no timing: the session decides when (its frame tasks, session.js).
import {
  axisNames,
  imageShapeOf,
  inputLabels,
  isPlanar,
  nClassesOf,
  nFeaturesOf,
  outputLabels,
  taskOf,
} from '../state/config.js';
import { predictedClasses } from '../data/metrics.js';
import { pinDifference } from '../state/url.js';
import { regressionScale } from '../views/palette.js';
import { createRunHistory } from './run-history.js';
import { pinnedRuns, runLabel } from './pins.js';

/**
 * createViewFeeds({ s, views, store, run, requestFeatures }) -> { planeAxes, showData, applyPins,
 * applyViewOptions, updateChart, updateGradients, updateTables, updateNetwork }.
 * s: the session's state; run: its run state (run-state.js); requestFeatures(): the hidden
 * features panel has new pictures to draw.
 * @param {{ s: object, views: object, store: { get: () => object }, run: { status: object, runId: number },
 *   requestFeatures: () => void }} deps
 */
export function createViewFeeds({ s, views, store, run, requestFeatures }) {
  const status = run.status;

  /** The plane's axes, named: a CSV file's columns, or the principal components. */
  const planeAxes = (config) => (s.plane ? { x: 'PC1', y: 'PC2' } : axisNames(config));

  function showData(config) {
    if (!s.display) return;
    if (!isPlanar(config) && !s.plane) return;
    views.boundary?.setData(s.display.arrays, { task: taskOf(config), nClasses: nClassesOf(config) ?? undefined,
      classNames: s.table?.classNames ?? undefined, axes: planeAxes(config) });
  }

  function applyPins(config) {
    views.boundary?.setGhosts?.(pinnedRuns(config).map((pin) => ({ lines: pin.ghost ?? [], color: pin.color })));
  }

  function applyViewOptions(config) {
    views.boundary?.setOptions({ discretize: config.view.discretize, showTest: config.view.showTest, showTrain: true });
    views.chart?.setOptions?.({ logScale: config.view.logScale });
  }

  function updateChart() {
    const h = s.history ?? createRunHistory();
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

  /** The gradient chart: the latest update's norms (epochs x weight layers), or its empty note. */
  function updateGradients() {
    if (!views.gradients) return;
    const lbfgs = store.get().model.solver === 'lbfgs';
    views.gradients.setOptions?.({ emptyText: lbfgs ? 'lbfgs reports no per-epoch gradients' : 'Press Play or Step to train' });
    const norms = s.history?.gradientNorms();
    const nLayers = s.history?.nLayers ?? 0;
    views.gradients.update(lbfgs || !norms?.length ? {} : { gradientNorms: norms, nLayers });
  }

  /**
   * The rows the Samples table shows of an image set: the test images (bytes: the thumbnails scale
   * them to their own range); the training images stay in the worker, so that part has none.
   */
  let imageRowsOf = null;
  function imageRows(base) {
    if (imageRowsOf?.base !== base) {
      imageRowsOf = { base, rows: { ...base, xTrain: new Float64Array(0), yTrain: new Float64Array(0) } };
    }
    return imageRowsOf.rows;
  }

  /** The test set's view, the weight images and the most-activating inputs, from the latest replies. */
  function updateTables() {
    if (!s.testEnabled || !s.base || s.tableJob) return; // the components come first (showTable)
    const config = store.get();
    const classNames = s.table?.classNames ?? Array.from({ length: nClassesOf(config) ?? 0 }, (_, k) => String(k));
    const imageShape = imageShapeOf(config);
    const p = s.base.nFeatures;
    // An image set's test images are bytes (value / pixelMax is the input): no scatter of them
    // in a plane (xTest null: the view would find the principal components of 10,000 x 784 here);
    // the pictures that want them get them as images.
    const images = s.base.images ? { xTest: s.base.xTest, imageShape, pixelMax: s.base.images.pixelMax } : null;
    if (views.testset) {
      const fresh = s.lastTest && s.lastTest.runId === run.runId;
      views.testset.update({
        task: taskOf(config),
        classNames,
        yTest: s.base.yTest,
        predicted: fresh && taskOf(config) === 'classification'
          ? predictedClasses(s.lastTest.values, s.lastTest.nTest, s.lastTest.channels) : null,
        outputs: fresh ? s.lastTest.values : null,
        xTest: images ? null : s.base.xTest,
        nFeatures: p,
        ...(images ? { images } : {}),
        basis: s.basis,
        testXY: s.testXY,
        epoch: fresh ? s.lastTest.epoch : 0,
      });
    }
    views.samples?.update({ rows: images ? imageRows(s.base) : s.base, task: taskOf(config), classNames, featureNames: inputLabels(config), imageShape,
      test: s.lastTest && s.lastTest.runId === run.runId ? s.lastTest : null });
    if (s.lastUpdate) views.weights?.update({ layerUnits: s.lastUpdate.layerUnits, weights: s.lastUpdate.weights, imageShape });
    if (s.lastTest && s.lastUpdate) {
      views.activating?.update({ layerUnits: s.lastUpdate.layerUnits, units: s.lastTest.units, nRows: s.lastTest.nTest,
        xTest: s.base.xTest, nFeatures: p, imageShape });
    }
    // The gallery: the test images (bytes for an image set: each is drawn on its own scale).
    if (views.gallery) {
      const predicted = s.lastTest && s.lastTest.runId === run.runId && taskOf(config) === 'classification' ? predictedOf(s.lastTest) : null;
      views.gallery.update({ xTest: s.base.xTest, nFeatures: p, yTest: s.base.yTest, predicted, classNames, imageShape });
    }
  }

  /** The predicted classes of a test reply, found once per reply (the gallery's; the test set's view finds its own). */
  let predictedFor = null;
  function predictedOf(test) {
    if (predictedFor?.test !== test) predictedFor = { test, predicted: predictedClasses(test.values, test.nTest, test.channels) };
    return predictedFor.predicted;
  }

  function updateNetwork() {
    if (!s.lastUpdate) return;
    const config = store.get();
    const nOut = s.lastUpdate.layerUnits.at(-1);
    const task = taskOf(config);
    // The output tiles colour a prediction on the data plane's scale (the targets' range).
    const outputRange = task === 'regression' ? regressionScale(s.display?.arrays) : null;
    views.network?.update({
      layerUnits: s.lastUpdate.layerUnits,
      weights: s.lastUpdate.weights,
      ...(s.lastUnits ?? {}),
      inputLabels: inputLabels(config),
      outputLabels: outputLabels(config, nOut, s.table?.classNames ?? undefined),
      ...(s.lastOutputs ?? {}),
      task,
      outputRange,
    });
    views.legend?.update({ task, nClasses: nOut === 1 ? 2 : nOut, classNames: s.table?.classNames, range: outputRange,
      planar: isPlanar(config) || Boolean(s.plane), oneD: nFeaturesOf(config) === 1 });
    if (views.features) {
      views.features.update({ layerUnits: s.lastUpdate.layerUnits, ...(s.lastUnits ?? {}) });
      requestFeatures();
    }
  }

  return { planeAxes, showData, applyPins, applyViewOptions, updateChart, updateGradients, updateTables, updateNetwork };
}
