// The canvas views of the page: their canvases and cards, each view created under a guard (a
// view that cannot start is said in a banner, and the page goes on without it), and which of
// them show for the data's shape (the plane's views for points of the plane, the test set's
// views for data with more inputs).
import { CSV_PROMPT } from './data-panel.js';
import { csvLoaded } from '../data/tables.js';
import { imageShapeOf, isPlanar, taskOf } from '../state/queries.js';
import { h } from '../ui/dom.js';
import { createBoundaryView } from '../views/boundary.js';
import { createFeaturesView } from '../views/features.js';
import { createGalleryView } from '../views/gallery.js';
import { createColorLegend } from '../views/legend.js';
import { createGradientChart } from '../views/gradchart.js';
import { createLossChart } from '../views/losschart.js';
import { createNetworkView } from '../views/network.js';
import { createSamplesView } from '../views/samples.js';
import { createTestSetView } from '../views/testset.js';
import { createActivatingView, createWeightImagesView } from '../views/weights.js';

/** The views' elements: canvases, the boxes and cards that hold them. */
function createParts() {
  const gradCanvas = h('canvas', { class: 'chart-canvas grad-canvas' });
  const chartCanvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': 'Loss and score per epoch' });
  const featuresCanvas = h('canvas', { class: 'features-canvas' });
  const weightsCanvas = h('canvas', { class: 'weights-canvas' });
  const activatingCanvas = h('canvas', { class: 'activating-canvas' });
  const boundaryCanvas = h('canvas', { class: 'boundary-canvas', tabindex: '-1' });
  const parts = {
    boundaryCanvas,
    chartCanvas,
    gradCanvas,
    gradCompareCanvas: h('canvas', { class: 'chart-canvas grad-compare-canvas' }),
    networkBox: h('div', { class: 'network-box' }),
    chartBox: h('div', { class: 'chart-box' }, chartCanvas),
    featuresCanvas,
    featuresCard: h('details', { class: 'grad-card features-card' },
      h('summary', { class: 'panel-subtitle' }, 'Hidden features, layer by layer'),
      h('p', { class: 'panel-sub' }, 'What every hidden unit outputs over the input plane (blue negative, orange positive), ' +
        'each tile on its own scale. Early layers draw lines; later ones combine them.'),
      featuresCanvas),
    // Data with more than two inputs: the test set's confusion matrix, scores and PCA plane; for
    // image data the first layer's weights and the inputs that most activate each unit.
    testsetBox: h('div', { class: 'testset-box' }),
    weightsCanvas,
    weightModes: createWeightModes(),
    activatingCanvas,
    activatingCard: h('details', { class: 'grad-card activating-card' },
      h('summary', { class: 'panel-subtitle' }, 'Inputs that most activate each unit'),
      h('p', { class: 'panel-sub' }, 'For every unit of the first hidden layer, the test images that give it its largest outputs. ' +
        'Click an image to follow it through the network (the Samples table above does it with the keyboard).'),
      activatingCanvas),
    boundaryBox: h('div', { class: 'boundary-box' }, boundaryCanvas),
    planeNote: h('p', { class: 'panel-sub plane-note', hidden: true }),
    csvPrompt: h('p', { class: 'csv-prompt', hidden: true }, `${CSV_PROMPT} in the Data panel: its data and the model will show here.`),
  };
  parts.weightsCard = h('details', { class: 'grad-card weights-card', open: '' },
    h('summary', { class: 'panel-subtitle' }, 'First-layer weights as images'),
    h('p', { class: 'panel-sub' }, 'Each tile is one hidden unit\'s column of coefs_[0], laid out as the image: ' +
      'white pixels push the unit up, black ones down. As in the course: its first 16 units, gray from vmin = \u00bd min ' +
      'to vmax = \u00bd max of all the weights (stronger ones clipped), as its matplotlib code draws them. ' +
      'All units: every unit, on the symmetric scale \u00b1max|w| (gray is 0).'),
    parts.weightModes.el,
    weightsCanvas);
  parts.galleryCard = null; // the gallery's card, once its view is made (createViewSetup)
  parts.tableViews = h('div', { class: 'table-views', hidden: true }, parts.testsetBox, parts.weightsCard, parts.activatingCard);
  return parts;
}

/**
 * The weight images' two modes as a pair of toggle buttons: { el, set(mode), onChange(fn), apply(mode) }.
 * set() shows a mode as chosen; a click calls the listener with the mode picked; apply(mode):
 * what the view setup does with a mode (given by createViewSetup: the view's mode and the buttons).
 */
function createWeightModes() {
  let listener = (/** @type {string} */ mode) => void mode;
  let apply = (/** @type {string} */ mode) => void mode;
  const button = (mode, text, label) => h('button', { type: 'button', class: 'btn small', dataset: { mode }, 'aria-pressed': 'false',
    'aria-label': label, onclick: () => listener(mode) }, text);
  const buttons = [
    button('course', 'As in the course (4\u00d74, vmin/vmax = \u00bd min/max)',
      'As in the course: the first 16 units on a 4 by 4 grid, vmin and vmax half the minimum and maximum weight'),
    button('all', 'All units, symmetric scale', 'All units, on the symmetric scale plus or minus the largest absolute weight'),
  ];
  const el = h('div', { class: 'weight-modes', role: 'group', 'aria-label': 'Weight images' }, buttons);
  return {
    el,
    set(mode) {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    },
    onChange(fn) {
      listener = fn;
    },
    apply: (mode) => apply(mode),
    /** @param {(mode: string) => void} fn */
    setApply(fn) {
      apply = fn;
    },
  };
}

/**
 * createViewSetup({ embed, banner, doc, onAddPoint(x, y, event, near), onRemovePoint(index, part, event),
 *   onCardOpen(), onFollowSample(part, index), onMoveSample(delta), onWeightMode(mode), between() })
 *   -> Promise<{ views, gradCompare, parts }>
 * views: what the session feeds (boundary, chart, network, legend, gradients, testset, samples, weights,
 * activating, gallery, features; a view that failed is null, an embed has no gradients nor features);
 * onFollowSample: a row of the samples table (views/samples.js) or a test image picked, to follow;
 * onMoveSample: [ or ] in that table;
 * gradCompare: the kept run's gradient chart that "Compare both" fills (not fed by the session);
 * parts: the elements the layout places. onCardOpen: a weights card was opened (refresh the views).
 * onWeightMode: a weight images' mode picked (the config's view.weightMode: followDataShape shows it).
 * between(): awaited between groups of views (main.js: a task after each, so that making them is
 * not one long task of the page's first second).
 */
export async function createViewSetup({ embed, banner, doc = document, onAddPoint, onRemovePoint, onCardOpen,
  onFollowSample = (/** @type {string} */ part, /** @type {number} */ index) => void [part, index],
  onMoveSample = (/** @type {number} */ delta) => void delta, onWeightMode = (/** @type {string} */ mode) => void mode,
  between = () => Promise.resolve() }) {
  const parts = createParts();
  const { tableViews, weightsCard, activatingCard, featuresCard } = parts;
  const views = {};
  const guard = (name, make) => {
    try {
      return make();
    } catch (e) {
      console.error(`the ${name} view failed`, e);
      banner.show(`The ${name} view could not start`, [String(e?.message ?? e)], { kind: 'error' });
      return null;
    }
  };
  views.boundary = guard('data plane', () => createBoundaryView(parts.boundaryCanvas, {
    onAddPoint: (x, y, button, event, near) => onAddPoint(x, y, event, near),
    onRemovePoint: (index, part, event) => onRemovePoint(index, part, event),
  }));
  await between();
  views.chart = guard('loss chart', () => createLossChart(parts.chartCanvas));
  views.network = guard('network', () => createNetworkView(parts.networkBox));
  // What the colours mean: one legend under the data plane, one under the network (the session feeds both).
  views.legend = guard('colour legend', () => createColorLegend(doc));
  if (!embed) views.gradients = guard('gradient chart', () => createGradientChart(parts.gradCanvas));
  // Not in views: the session does not feed it; "Compare both" gives it the kept run's norms.
  const gradCompare = embed ? null : guard('kept gradient chart', () => createGradientChart(parts.gradCompareCanvas));
  await between();
  views.testset = guard('test set', () => createTestSetView(parts.testsetBox, { isVisible: () => !tableViews.hidden, drawsItself: false }));
  views.samples = guard('samples table', () => createSamplesView({ onFollow: onFollowSample, onMove: onMoveSample, doc }));
  if (views.samples) parts.testsetBox.after(views.samples.el);
  await between();
  views.weights = guard('weight images', () => createWeightImagesView(parts.weightsCanvas,
    { isVisible: () => !tableViews.hidden && weightsCard.open && !weightsCard.hidden }));
  parts.weightModes.set(views.weights?.mode() ?? 'all');
  parts.weightModes.setApply((mode) => {
    views.weights?.setMode(mode);
    parts.weightModes.set(mode);
  });
  parts.weightModes.onChange((mode) => {
    onWeightMode(mode);
    onCardOpen(); // drawn again in the session's turns
  });
  views.activating = guard('most-activating inputs', () => createActivatingView(parts.activatingCanvas,
    { isVisible: () => !tableViews.hidden && activatingCard.open && !activatingCard.hidden, onPick: (row) => onFollowSample('test', row) }));
  views.gallery = guard('test image gallery', () => createGalleryView({ onFollow: onFollowSample }));
  if (views.gallery) {
    parts.galleryCard = views.gallery.el;
    tableViews.append(parts.galleryCard);
  }
  for (const card of [weightsCard, activatingCard]) card.addEventListener('toggle', () => card.open && onCardOpen());
  if (!embed) {
    views.features = guard('hidden features', () => createFeaturesView(parts.featuresCanvas, { isVisible: () => featuresCard.open }));
    featuresCard.addEventListener('toggle', () => featuresCard.open && views.features?.render());
  }
  return { views, gradCompare, parts };
}

/**
 * The views follow the data's shape: shown or hidden for every new dataset and every data reply
 * (which also sets the regression value slider's range to the targets').
 * followDataShape({ store, session, client, parts, viewOptions, tools, tableInfo, frame }) -> { refresh() }
 */
export function followDataShape({ store, session, client, parts, viewOptions, tools, tableInfo, frame = (fn) => requestAnimationFrame(fn) }) {
  const { csvPrompt, boundaryBox, planeNote, featuresCard, tableViews, weightsCard, activatingCard, galleryCard, weightModes } = parts;
  let weightMode = null; // the weight images' mode last given (the config's view.weightMode)

  // The regression value slider follows the targets' range.
  function updateValueRange() {
    const d = session.display?.arrays;
    if (!d || taskOf(store.get()) !== 'regression') return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of [...d.yTrain, ...d.yTest]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    tools.setValueRange(Number(lo.toPrecision(3)), Number(hi.toPrecision(3)));
  }

  /** The plane views for points of the plane; the test set's views for data with more inputs. */
  function showViewsFor(config) {
    const planar = isPlanar(config);
    const pca = !planar ? session.plane : null;
    // "Your CSV" before a file: the plot area asks for one, and no view of older data shows.
    const awaitingFile = config.data.generator === 'csv' && !csvLoaded();
    csvPrompt.hidden = !awaitingFile;
    boundaryBox.hidden = awaitingFile || (!planar && !pca);
    viewOptions.hidden = awaitingFile || (!planar && !pca);
    planeNote.hidden = !pca;
    if (pca) {
      const pct = (r) => `${Math.round(r * 100)}%`;
      planeNote.textContent = `The data in the plane of their first two principal components (PC1 ${pct(pca.explained[0])}, ` +
        `PC2 ${pct(pca.explained[1])} of the variance): the boundary is the model's on that plane, the other components ` +
        'held at the training mean.';
    }
    featuresCard.hidden = !planar;
    tableViews.hidden = planar || awaitingFile;
    const images = Boolean(imageShapeOf(config));
    weightsCard.hidden = !images;
    activatingCard.hidden = !images;
    if (galleryCard) galleryCard.hidden = !images || taskOf(config) !== 'classification';
    showWeightMode(config);
    tableInfo.show(config.data.generator === session.table?.name || config.data.generator === 'csv' ? session.table : null);
  }

  /** The weight images' mode: the config's (a dataset's own when chosen: the course's for Fashion-MNIST; a link's; a pick). */
  function showWeightMode(config) {
    if (config.view.weightMode === weightMode) return;
    weightMode = config.view.weightMode;
    weightModes?.apply(weightMode);
  }

  client.on('data', () => frame(() => {
    updateValueRange();
    showViewsFor(store.get());
  }));
  store.subscribe((config, prev) => {
    if (config.data.generator !== prev.data.generator || config.data.csv !== prev.data.csv) showViewsFor(config);
    else showWeightMode(config);
  });
  showViewsFor(store.get());
  // A table's principal components come a few frames after its data: the plane shows then.
  return { refresh: () => showViewsFor(store.get()) };
}
