// The page: reads the link, builds the panels, starts the worker and wires
// them together. Everything else lives in app/, ui/, state/ and views/.
import './styles/main.css';
import { controlIdOf, createControls } from './app/controls.js';
import { CSV_PROMPT, createDataPanel } from './app/data-panel.js';
import { createUndo, keepValidEdits, nearestRow, removeDisplayed } from './app/edits.js';
import { createEmbed } from './app/embed.js';
import { createEssentials } from './app/essentials.js';
import { createHyperPanel } from './app/hyper-panel.js';
import { createLessons, lessonCard } from './app/lessons-panel.js';
import { dataCsv } from './app/data-csv.js';
import { createLinkKeeper } from './app/link-keeper.js';
import { createLinkNote } from './app/link-note.js';
import { createLoadFailures } from './app/load-failures.js';
import { createSession } from './app/session.js';
import { createHeaderActions } from './app/share.js';
import { createStore } from './app/store.js';
import { createTrainingBar } from './app/training-bar.js';
import { createEngineClient } from './engine/client.js';
import { GENERATORS, PARAM_BY_ID, changeKind, embedLayout, imageShapeOf, inputLabels, isPlanar, nClassesOf, nFeaturesOf, sameValue, taskOf } from './state/config.js';
import { csvLoaded } from './data/tables.js';
import { createDatasetMemory } from './state/dataset-defaults.js';
import { decode, encodeLink, roundCoord } from './state/url.js';
import { download, fmtInt, h, inTextField, isInteractive } from './ui/dom.js';
import { createLayersEditor } from './ui/layers.js';
import { createBanner, createToast } from './ui/widgets.js';
import { createBoundaryView } from './views/boundary.js';
import { createFeaturesView } from './views/features.js';
import { createColorLegend } from './views/legend.js';
import { createGradientChart } from './views/gradchart.js';
import { createLossChart } from './views/losschart.js';
import { createNetworkView } from './views/network.js';
import { createTestSetView } from './views/testset.js';
import { createActivatingView, createWeightImagesView } from './views/weights.js';
import { registerOffline } from './offline/register.js';

const root = document.getElementById('app');
const { config: initial, ignored, epochs: linkEpochs, left: linkLeft } = decode(window.location.search);
// What the address could not carry (lo=) is kept in the tab: a reload finds it again.
const keeper = createLinkKeeper({ storage: (() => {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage refused (a sandboxed frame): keep() says so
  }
})(), path: window.location.pathname });
const kept = keeper.take(initial, linkLeft);
if (kept) {
  initial.data.edits = kept.edits;
  initial.pins = kept.pins;
}
let onEditsDropped = () => {};
// Choosing a dataset sets its noise, n_samples, ... to those last used on it (its defaults the
// first time); then the point edits that no longer fit the data are dropped.
const datasets = createDatasetMemory();
const store = createStore(initial, {
  normalize: (next, prev) => keepValidEdits(datasets.switchDataset(next, prev), prev, (...args) => onEditsDropped(...args)),
});
const embed = initial.embed.enabled;
document.documentElement.classList.toggle('embed', embed);

const toast = createToast();
const live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const announce = (text) => {
  live.textContent = '';
  requestAnimationFrame(() => {
    live.textContent = text;
  });
};
const banners = h('div', { class: 'banners' });
const banner = createBanner(banners);
const controls = createControls(store);
const undo = createUndo();

// ---- the engine

const moduleUrl = new URL('engine/mlp.js', document.baseURI).href;
// Tests of the worker's supervision define window.__mlpSupervision before the page loads (shorter
// timings, faults on demand) and get the client as window.__mlpEngine; a visitor has neither.
const testHooks = typeof window.__mlpSupervision === 'object' && window.__mlpSupervision ? window.__mlpSupervision : null;
const client = createEngineClient({ moduleUrl, supervise: testHooks ? { ...testHooks, faults: true } : {} });
if (testHooks) window.__mlpEngine = client;

// ---- views (created before the session so that it can feed them)

const boundaryCanvas = h('canvas', { class: 'boundary-canvas', tabindex: '-1' });
const chartCanvas = h('canvas', { class: 'chart-canvas', role: 'img', 'aria-label': 'Loss and score per epoch' });
const gradCanvas = h('canvas', { class: 'chart-canvas grad-canvas' });
const gradCompareCanvas = h('canvas', { class: 'chart-canvas grad-compare-canvas' });
const networkBox = h('div', { class: 'network-box' });
const chartBox = h('div', { class: 'chart-box' }, chartCanvas);
const featuresCanvas = h('canvas', { class: 'features-canvas' });
const featuresCard = h('details', { class: 'grad-card features-card' },
  h('summary', { class: 'panel-subtitle' }, 'Hidden features, layer by layer'),
  h('p', { class: 'panel-sub' }, 'What every hidden unit outputs over the input plane (blue negative, orange positive), ' +
    'each tile on its own scale. Early layers draw lines; later ones combine them.'),
  featuresCanvas);
// Data with more than two inputs: the test set's confusion matrix, scores and PCA plane; for
// image data the first layer's weights and the inputs that most activate each unit.
const testsetBox = h('div', { class: 'testset-box' });
const weightsCanvas = h('canvas', { class: 'weights-canvas' });
const activatingCanvas = h('canvas', { class: 'activating-canvas' });
const weightsCard = h('details', { class: 'grad-card weights-card', open: '' },
  h('summary', { class: 'panel-subtitle' }, 'First-layer weights as images'),
  h('p', { class: 'panel-sub' }, 'Each tile is one hidden unit\'s column of coefs_[0], laid out as the image: ' +
    'white pixels push the unit up, black ones down, all tiles on one scale.'),
  weightsCanvas);
const activatingCard = h('details', { class: 'grad-card activating-card' },
  h('summary', { class: 'panel-subtitle' }, 'Inputs that most activate each unit'),
  h('p', { class: 'panel-sub' }, 'For every unit of the first hidden layer, the test images that give it its largest outputs.'),
  activatingCanvas);
const tableViews = h('div', { class: 'table-views', hidden: true }, testsetBox, weightsCard, activatingCard);
const views = {};

function guard(name, make) {
  try {
    return make();
  } catch (e) {
    console.error(`the ${name} view failed`, e);
    banner.show(`The ${name} view could not start`, [String(e?.message ?? e)], { kind: 'error' });
    return null;
  }
}

views.boundary = guard('data plane', () => createBoundaryView(boundaryCanvas, {
  onAddPoint: (x, y, button, event) => onPlotClick(x, y, event),
  onRemovePoint: (index, part, event) => removePoint(index, part, event),
}));
views.chart = guard('loss chart', () => createLossChart(chartCanvas));
views.network = guard('network', () => createNetworkView(networkBox));
// What the colours mean: one legend under the data plane, one under the network (the session feeds both).
views.legend = guard('colour legend', () => createColorLegend(document));
if (!embed) views.gradients = guard('gradient chart', () => createGradientChart(gradCanvas));
// Not in views: the session does not feed it; "Compare both" gives it the kept run's norms.
const gradCompare = embed ? null : guard('kept gradient chart', () => createGradientChart(gradCompareCanvas));
views.testset = guard('test set', () => createTestSetView(testsetBox, { isVisible: () => !tableViews.hidden, drawsItself: false }));
views.weights = guard('weight images', () => createWeightImagesView(weightsCanvas,
  { isVisible: () => !tableViews.hidden && weightsCard.open && !weightsCard.hidden }));
views.activating = guard('most-activating inputs', () => createActivatingView(activatingCanvas,
  { isVisible: () => !tableViews.hidden && activatingCard.open && !activatingCard.hidden }));
for (const card of [weightsCard, activatingCard]) card.addEventListener('toggle', () => card.open && session.refreshViews());
if (!embed) {
  views.features = guard('hidden features', () => createFeaturesView(featuresCanvas, { isVisible: () => featuresCard.open }));
  featuresCard.addEventListener('toggle', () => featuresCard.open && views.features?.render());
}

// ---- the session and the panels

let trainingBar = null;
let dataPanel = null;
let runChanged = false; // the config changed since the current run started (set before the new run replies)

function onError(error) {
  const shown = controls.showError(error);
  if (error.request === 'export') return; // the export action reports it itself
  const id = controlIdOf(error);
  const field = id ? controls.get(id).find((c) => c.input && c.el.isConnected && !c.el.closest('[hidden]')) : null;
  const text = `${error.parameter && error.parameter !== 'memory' ? `${error.parameter}: ` : ''}${error.message}`;
  const engineDown = error.request === 'worker' || error.request === 'init';
  // An engine that could not load: Retry (and, for a network problem, again when the network returns).
  const retry = engineDown ? loadFailures.engineFailed(error) : null;
  const title = engineDown ? 'The training engine could not load'
    : error.parameter === 'memory' ? "Too large for the training engine's memory" : 'The engine refused this setting';
  banner.show(title, retry?.network ? [text, 'It is tried again when the network returns, or now with Retry.'] : [text], {
    kind: 'error',
    id: 'engine-error',
    action: retry ?? (shown && field ? { label: `Go to ${field.param?.label ?? id}`, onClick: () => {
      field.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      field.input.focus({ preventScroll: true });
    } } : undefined),
  });
  announce(`Error: ${text}`);
}

const session = createSession({
  client,
  store,
  views,
  onStatus: (status) => {
    trainingBar?.update(status);
    followRun(status);
  },
  // A new run means the engine accepted the settings: clear its old complaints.
  onRunStart: () => {
    runChanged = false;
    controls.clearErrors();
    banner.clear('engine-error');
  },
  onError,
  onDataFailed: (failure) => loadFailures.dataFailed(failure),
});
client.on('ready', () => loadFailures.engineReady());
if (testHooks) window.__mlpSession = session;

// The worker lost and restarted (engine/client.js): said in a banner (the training bar says it too),
// with Try again once the page has stopped trying.
client.on('lost', (m) => {
  const next = m.giveUp ? 'It failed again after restarting; the page has stopped trying.'
    : m.restoring ? 'Restarting it with your settings, data and run…' : 'Trying again…';
  banner.show(m.title, [m.text, next], {
    kind: 'error',
    id: 'engine-lost',
    // A file that did not arrive can be asked for again at once; a worker that keeps failing, once the page stops.
    action: m.giveUp ? { label: 'Try again', onClick: () => client.retry() }
      : m.cause === 'load' ? { label: 'Retry now', onClick: () => client.retry() } : undefined,
  });
  announce(`${m.title}. ${next}`);
});
client.on('restored', () => {
  banner.clear('engine-lost');
  announce('The training engine was restarted; your settings, data and run are back.');
});
client.on('ready', () => banner.clear('engine-lost'));

function setEdits(next) {
  undo.push(store.get().data.edits);
  store.set('data.edits', next);
  dataPanel?.tools.setUndoAvailable(undo.size > 0);
}

/**
 * Whether a press on the plot may edit the points: not with the tools at Off, and a finger (or
 * a pen) only in a mode the user chose (on a touch screen a tap is too easily made by accident,
 * and a new point throws the trained run away). A refused tap says how to edit.
 */
function mayEdit(tool, event) {
  const touch = event?.pointerType === 'touch' || event?.pointerType === 'pen';
  if (tool.mode !== 'off' && (!touch || tool.chosen)) return true;
  if (touch || tool.mode === 'off') {
    toast.show(touch ? 'Taps on the plot do not edit it: choose Add or Erase in Edit points first.'
      : 'Clicks on the plot do not edit it: Edit points is Off.', {
      action: { label: 'Add points', onClick: () => dataPanel?.tools.setMode('add') },
      ms: 5000,
    });
  }
  return false;
}

function onPlotClick(x, y, event) {
  if (controls.isLocked('edit') || !isPlanar(store.get())) return; // a PCA plane has no points to add
  const config = store.get();
  const tool = dataPanel?.tools.get() ?? { mode: 'add', cls: 0, value: 0, chosen: false };
  if (!mayEdit(tool, event)) return;
  const display = session.display;
  if (tool.mode === 'erase' || event?.altKey || event?.ctrlKey || event?.metaKey) {
    if (!display) return;
    const r = session.rect;
    const sx = r ? r.xMax - r.xMin : 1;
    const sy = r ? r.yMax - r.yMin : 1;
    const k = nearestRow(display.arrays, x, y, { radius: 0.04, sx, sy, onlyTrain: !config.view.showTest });
    if (k >= 0) setEdits(removeDisplayed(config.data.edits, display.origin, k));
    return;
  }
  const edits = config.data.edits;
  let point;
  if (taskOf(config) === 'classification') {
    const k = nClassesOf(config);
    const cls = event?.shiftKey ? (k === 2 ? 1 - tool.cls : (tool.cls + 1) % k) : tool.cls;
    point = [roundCoord(x), roundCoord(y), cls];
  } else if (nFeaturesOf(config) === 1) {
    point = [roundCoord(x), roundCoord(y)];
  } else {
    point = [roundCoord(x), roundCoord(y), roundCoord(tool.value)];
  }
  setEdits({ ...edits, added: [...edits.added, point] });
  announce(`Point added at ${point.join(', ')}`);
}

function removePoint(index, part, event) {
  if (controls.isLocked('edit') || !isPlanar(store.get())) return;
  if (!mayEdit(dataPanel?.tools.get() ?? { mode: 'add', chosen: false }, event)) return; // a long press too
  const display = session.display;
  if (!display) return;
  const k = part === 'test' ? display.trainCount + index : index;
  setEdits(removeDisplayed(store.get().data.edits, display.origin, k));
  announce('Point removed');
}

function undoEdit() {
  const prev = undo.pop();
  if (prev) store.set('data.edits', prev);
  dataPanel?.tools.setUndoAvailable(undo.size > 0);
}

function clearEdits() {
  setEdits({ added: [], removed: [] });
}

trainingBar = createTrainingBar({ session, store, controls, announce });
dataPanel = createDataPanel({ store, controls, undo: undoEdit, clearEdits });
dataPanel.tools.setUndoAvailable(false);
/** The data trained and tested on (with the point edits) as a CSV file the page loads back. */
function downloadData() {
  const arrays = session.display?.arrays;
  if (!arrays) {
    toast.show('There are no data to download yet: wait for the data to show.', { error: true });
    return;
  }
  const config = store.get();
  const names = [...inputLabels(config), taskOf(config) === 'classification' ? 'class' : 'value'];
  download(new Blob([dataCsv(arrays, names)], { type: 'text/csv' }), 'mlp_playground_data.csv');
  toast.show(`Data saved as mlp_playground_data.csv (${fmtInt(arrays.yTrain.length + arrays.yTest.length)} rows): "Your CSV" in the Data panel loads it back.`, { ms: 6000 });
}
const linkNote = createLinkNote({ downloadData });
const header = createHeaderActions({ store, session, boundary: views.boundary, toast, getRun: () => session.run, downloadData });
const layers = controls.add('hidden_layer_sizes', createLayersEditor({ commit: (sizes) => store.set('model.hidden_layer_sizes', sizes) }));

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
  dataPanel.tools.setValueRange(Number(lo.toPrecision(3)), Number(hi.toPrecision(3)));
}
client.on('data', () => requestAnimationFrame(() => {
  updateValueRange();
  showViewsFor(store.get());
}));

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
  dataPanel.tableInfo.show(config.data.generator === session.table?.name || config.data.generator === 'csv' ? session.table : null);
}

// ---- layout

const viewOptions = h('div', { class: 'view-options' }, controls.field('show_test', { compact: true }).el,
  controls.field('discretize', { compact: true }).el);
const boundaryBox = h('div', { class: 'boundary-box' }, boundaryCanvas);
const planeNote = h('p', { class: 'panel-sub plane-note', hidden: true });
const csvPrompt = h('p', { class: 'csv-prompt', hidden: true }, `${CSV_PROMPT} in the Data panel: its data and the model will show here.`);
// The Output panel: the data plane (the page's largest picture), its legend, the point tools
// that act on it right under it, and the curves.
const outputPanel = h('section', { class: 'panel output-panel', 'aria-labelledby': 'output-title' },
  h('div', { class: 'panel-head' },
    h('h2', { id: 'output-title', class: 'panel-title' }, 'Output'),
    viewOptions),
  planeNote,
  csvPrompt,
  boundaryBox,
  views.legend?.plane,
  dataPanel.tools.el,
  linkNote.el,
  tableViews,
  h('div', { class: 'panel-head chart-head' },
    h('h3', { class: 'panel-subtitle' }, 'Loss and score'),
    controls.field('log_scale', { compact: true }).el),
  pinBar(),
  chartBox);

/**
 * Compare runs: "Pin run" keeps the current run's loss curve and decision boundary, drawn
 * dotted and dashed under the next runs (up to three; the link carries them).
 */
function pinBar() {
  const note = h('span', { class: 'pin-note', role: 'status' });
  const pin = h('button', {
    type: 'button',
    class: 'btn small',
    'data-action': 'pin',
    title: 'Keep this run\'s loss curve and boundary to compare with the next runs',
    onclick: () => {
      if (!session.pin()) note.textContent = 'Train first: there is no loss curve to pin yet.';
    },
  }, 'Pin run');
  const clear = h('button', { type: 'button', class: 'btn small', 'data-action': 'clear-pins', onclick: () => session.clearPins() }, 'Clear pins');
  const sync = (config) => {
    const n = config.pins?.length ?? 0;
    clear.disabled = n === 0;
    note.textContent = n ? `${n} pinned: dotted curves, dashed boundaries` : '';
  };
  store.subscribe((next) => sync(next));
  sync(store.get());
  return h('div', { class: 'pin-bar' }, pin, clear, note);
}

/** Trains the current configuration from its initial weights to `epochs`, as fast as it can. */
const trainFromStart = (epochs) => session.trainTo(epochs, { fromStart: true });

let comparing = false;
/**
 * Runs a comparison (several trainings in turn, such as "Compare all three"): one at a time on
 * the page, whichever card it comes from, with the card's buttons disabled meanwhile, the pins
 * cleared first, and a failure told in `note`.
 */
async function compareRuns(buttons, note, body) {
  if (comparing || !session.status.ready) return;
  comparing = true;
  buttons.forEach((b) => (b.disabled = true));
  try {
    store.set('pins', []);
    await body();
  } catch (e) {
    note.textContent = `Stopped: ${e.message}.`;
  } finally {
    comparing = false;
    buttons.forEach((b) => (b.disabled = false));
  }
}

/**
 * Batch size as a lesson: stochastic (1), mini-batch (32) and full-batch gradient descent on
 * the same data from the same initial weights, 30 epochs of sgd each; "Compare all three" runs
 * them one after the other and pins the first two, so the three loss curves overlay.
 */
function batchCard() {
  const BATCH_EPOCHS = 30;
  const note = h('span', { class: 'pin-note', role: 'status' });
  const fullBatch = () => session.display?.trainCount ?? 1;
  const presets = [
    { id: 'batch-1', label: 'Stochastic (1)', size: () => 1 },
    { id: 'batch-32', label: 'Mini-batch (32)', size: () => 32 },
    { id: 'batch-full', label: 'Full batch', size: fullBatch },
  ];
  const apply = (preset) => store.update({
    'model.solver': 'sgd',
    'model.batch_size': preset.size(),
    'model.max_iter': BATCH_EPOCHS,
    'model.n_iter_no_change': 'inf',
    'model.early_stopping': false,
  });
  const compareAll = () => compareRuns(buttons, note, async () => {
    for (const [k, preset] of presets.entries()) {
      note.textContent = `Training ${preset.label.toLowerCase()} (${k + 1} of 3)...`;
      apply(preset);
      await trainFromStart(BATCH_EPOCHS);
      if (k < presets.length - 1) session.pin();
    }
    note.textContent = 'Dotted: the pinned stochastic and mini-batch runs; solid: full batch.';
  });
  const buttons = [
    ...presets.map((preset) => h('button', { type: 'button', class: 'btn small', 'data-preset': preset.id, onclick: () => apply(preset) }, preset.label)),
    h('button', { type: 'button', class: 'btn small', 'data-action': 'compare-batches', onclick: compareAll }, 'Compare all three'),
  ];
  return h('details', { class: 'grad-card batch-card' },
    h('summary', { class: 'panel-subtitle' }, 'Batch size'),
    h('p', { class: 'panel-sub' },
      `One sample per step, 32, or the whole training set: sgd for ${BATCH_EPOCHS} epochs on the same data from the same weights. ` +
      'Small batches take many noisy steps per epoch; the full batch takes one smooth step.'),
    h('div', { class: 'grad-presets' }, ...buttons),
    note);
}

/**
 * The vanishing gradient: the gradient norm of every weight layer per epoch, and presets that
 * train a deep logistic and a deep ReLU network on the same data (normal config changes: the
 * link follows). "Compare both" trains one then the other for the same epochs and shows their
 * charts side by side (and pins the logistic run's loss curve).
 */
function gradientsCard() {
  const COMPARE_EPOCHS = 30;
  const deep = (activation) => ({
    'model.hidden_layer_sizes': [16, 16, 16, 16, 16],
    'model.solver': 'sgd',
    'model.learning_rate_init': 0.1,
    'model.momentum': 0.9,
    'model.activation': activation,
  });
  const preset = (activation) => () => store.update(deep(activation));
  const note = h('span', { class: 'pin-note', role: 'status' });
  const compareBox = h('figure', { class: 'grad-compare', hidden: true },
    h('figcaption', { class: 'grad-caption' }, 'Deep logistic (kept)'),
    h('div', { class: 'grad-box' }, gradCompareCanvas));
  const currentCaption = h('figcaption', { class: 'grad-caption', hidden: true }, 'Current run');
  const compareBoth = () => compareRuns(buttons, note, async () => {
    for (const activation of ['logistic', 'relu']) {
      note.textContent = `Training the deep ${activation} network for ${COMPARE_EPOCHS} epochs...`;
      store.update({ ...deep(activation), 'model.max_iter': COMPARE_EPOCHS, 'model.n_iter_no_change': 'inf',
        'model.early_stopping': false });
      await trainFromStart(COMPARE_EPOCHS);
      if (activation === 'logistic') {
        gradCompare?.update(session.gradients() ?? {});
        session.pin();
      }
    }
    compareBox.hidden = false;
    currentCaption.hidden = false;
    currentCaption.textContent = 'Deep ReLU (current run)';
    gradCompare?.render();
    views.gradients?.render();
    note.textContent = 'Left: logistic, its first layers stalled; right: ReLU, every layer learning.';
  });
  const buttons = [
    h('button', { type: 'button', class: 'btn small', 'data-preset': 'deep-logistic', onclick: preset('logistic') }, 'Deep logistic'),
    h('button', { type: 'button', class: 'btn small', 'data-preset': 'deep-relu', onclick: preset('relu') }, 'Deep ReLU'),
    h('button', { type: 'button', class: 'btn small', 'data-action': 'compare-gradients', onclick: compareBoth }, 'Compare both'),
  ];
  return h('details', { class: 'grad-card gradients-card', open: '' },
    h('summary', { class: 'panel-subtitle' }, 'Gradients per layer'),
    h('p', { class: 'panel-sub' }, 'Early layers of a deep logistic net learn slowly: their gradients vanish.'),
    h('div', { class: 'grad-presets' }, ...buttons),
    note,
    h('div', { class: 'grad-pair' },
      compareBox,
      h('figure', { class: 'grad-current' }, currentCaption, h('div', { class: 'grad-box' }, gradCanvas))));
}

// The Network panel: the one hidden_layer_sizes editor, the diagram, and what the layers do
// (their features and their gradients). The batch-size lesson goes under the Data panel.
const networkPanel = h('section', { class: 'panel network-panel', 'aria-labelledby': 'network-title' },
  h('div', { class: 'panel-head' },
    h('h2', { id: 'network-title', class: 'panel-title' }, 'Network'),
    h('p', { class: 'panel-sub' }, 'Point at (or tap) a neuron to see what it computes over the plane.')),
  layers.el,
  networkBox,
  views.legend?.network,
  featuresCard,
  gradientsCard());

// In an embed the card folds to a line, and starts folded unless its text is a chosen panel; the
// panels its step points to are shown unless the teacher chose others (then it says what is missing).
const embedded = embed ? embedLayout(initial.embed.show, { mentioned: lessonCard(initial)?.mentioned.map((p) => p.id) ?? [] }) : null;
const embedPanels = embedded?.panels ?? null;
const fullHref = (() => {
  const full = new URL(window.location.href);
  for (const key of ['embed', 'show', 'lock', 'autoplay']) full.searchParams.delete(key);
  return full.href;
})();
const lessons = createLessons({ store, foldable: embed, folded: embed && !embedPanels.includes('lesson'), panels: embedPanels, openHref: fullHref });
const headerEl = h('header', { class: 'site-header' },
  h('div', { class: 'brand' },
    h('h1', {}, 'MLP Playground'),
    h('p', { class: 'tagline' }, "scikit-learn's MLPClassifier and MLPRegressor, training in your browser")),
  h('div', { class: 'header-lessons' }, lessons.menu.el),
  header.el);

if (!embed) {
  root.append(
    headerEl,
    banners,
    trainingBar.el,
    lessons.card,
    h('main', { class: 'workspace', id: 'main' },
      h('div', { class: 'col col-top' }, createEssentials({ controls, store }).el),
      h('div', { class: 'col col-data' }, dataPanel.el, h('section', { class: 'panel batch-panel', 'aria-label': 'Batch size' }, batchCard())),
      h('div', { class: 'col col-network' }, networkPanel),
      h('div', { class: 'col col-output' }, outputPanel),
      h('div', { class: 'col col-hyper' }, createHyperPanel({ controls, store, layers: layers.el }).el)),
    h('footer', { class: 'site-footer' },
      h('p', {}, 'Training runs in a Web Worker on a C++ port of scikit-learn 1.2\'s MLP compiled to WebAssembly. ',
        'float64 reproduces scikit-learn\'s numbers; the link (Copy link) reproduces this exact run.'),
      h('p', { class: 'kbd-help' }, h('kbd', {}, 'Space'), ' play/pause · ', h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Z'), ' undo a point edit')),
    live);
} else {
  // Embed mode (app/embed.js): the training bar, the lesson card and the chosen panels and controls.
  const { el } = createEmbed({
    embed: initial.embed,
    layout: embedded,
    controls,
    openHref: fullHref,
    parts: {
      banners,
      trainingBar: trainingBar.el,
      lessonCard: lessons.card,
      live,
      plane: [planeNote, csvPrompt, boundaryBox, views.legend?.plane, tableViews].filter(Boolean),
      chart: chartBox,
      network: h('div', { class: 'embed-network-box' }, networkBox),
      control: (id) => {
        if (id === 'hidden_layer_sizes') return layers.el;
        if (id === 'edit') return dataPanel.tools.el;
        if (id === 'features') return dataPanel.el.querySelector(`[data-control="${id}"]`);
        return PARAM_BY_ID[id] ? controls.field(id, { compact: true }).el : null;
      },
    },
  });
  root.append(...el);
  if (initial.embed.autoplay) session.play();
}

// Scrolling to a control (Tab, "Go to ...", a link to a panel) stops below the sticky training
// bar rather than under it.
if (!embed && typeof ResizeObserver === 'function') {
  new ResizeObserver(() => {
    const sticky = getComputedStyle(trainingBar.el).position === 'sticky';
    document.documentElement.style.setProperty('--bar-height', `${sticky ? Math.ceil(trainingBar.el.offsetHeight) : 0}px`);
  }).observe(trainingBar.el);
}

// ---- the views follow the data's shape

store.subscribe((config, prev) => {
  if (config.data.generator !== prev.data.generator || config.data.csv !== prev.data.csv) showViewsFor(config);
});
showViewsFor(store.get());

// ---- the link follows the config

// The address carries the epoch the run has reached while it rests (ep=: a reload or a copied
// address trains to it again); not while it plays, which would rewrite it many times a second.
let urlTimer = 0;
let urlEpochs = 0;
/**
 * Writes the address now. What it cannot carry (a link stays under 8 KB) is kept in the tab
 * and the note under the point tools says so.
 */
function writeAddressNow(epochs = urlEpochs) {
  const { origin, pathname, hash } = window.location;
  const config = store.get();
  const { query, left, length } = encodeLink(config, { epochs, prefix: origin.length + pathname.length + hash.length + 1 });
  const next = `${pathname}?${query}${hash}`;
  if (next !== `${pathname}${window.location.search}${hash}`) window.history.replaceState(null, '', next);
  if (left) linkNote.update(left, { length, kept: keeper.keep(config, left.key) });
  else {
    keeper.clear();
    linkNote.update(null);
  }
}
function writeAddress() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => writeAddressNow(), 150);
}
store.subscribe(() => writeAddress());
function followRun(status) {
  const epochs = status.ready && !status.playing ? status.epoch : 0;
  if (epochs === urlEpochs) return;
  urlEpochs = epochs;
  writeAddress();
}

// What new data did to the point edits: said in the toast of the change (below).
let editsNote = '';
onEditsDropped = (sameKind, edits) => {
  undo.clear();
  dataPanel?.tools.setUndoAvailable(false);
  if (edits.removed.length || !sameKind) {
    editsNote = sameKind ? 'the removed points are back; your added points stay' : 'your point edits were cleared';
  }
};

// ---- a change that throws a trained run away can be undone

// The page's own changes (a comparison's runs, an undo) offer no undo.
let quiet = false;

/** What a config change is, in a few words: 'Point added', 'New dataset', 'alpha changed', ... */
function describeChange(prev, next, kind) {
  if (kind.data) {
    if (next.data.generator !== prev.data.generator) return `New dataset (${GENERATORS[next.data.generator]?.label ?? next.data.generator})`;
    const changed = ['n_samples', 'noise', 'factor', 'centers', 'cluster_std', 'n_features', 'testFraction']
      .filter((k) => !sameValue(prev.data[k], next.data[k]));
    return changed.length === 1 ? `${changed[0] === 'testFraction' ? 'test_size' : changed[0]} changed` : 'New data';
  }
  if (kind.edits) {
    const [a, b] = [prev.data.edits, next.data.edits];
    const count = (e) => e.added.length - e.removed.length;
    return count(b) > count(a) ? 'Point added' : count(b) < count(a) ? 'Point removed' : 'Points changed';
  }
  if (kind.features) return 'New input features';
  const keys = Object.keys(next.model).filter((k) => !sameValue(prev.model[k], next.model[k]));
  if (prev.precision !== next.precision) keys.push('precision');
  if (keys.length === 1) return keys[0] === 'random_state' ? 'New random_state' : `${keys[0]} changed`;
  return 'New settings';
}

/**
 * Puts back the config before a change and trains again to the epoch the run had reached:
 * training is deterministic (the same config gives the same data, initial weights and
 * shuffles), so this is the run that was thrown away. A point edit is put back through the
 * point-edit undo stack (so Ctrl+Z goes on from there); other edits are set after the data
 * (new data would drop them otherwise).
 */
function restoreRun(prev, epochs, editOnly) {
  quiet = true;
  try {
    if (editOnly) {
      const top = undo.pop();
      if (top && sameValue(top, prev.data.edits)) {
        // Undoing the edit just made: its entry is spent.
      } else {
        if (top) undo.push(top);
        undo.push(store.get().data.edits); // undoing an undo: Ctrl+Z can take it back again
      }
      store.set('data.edits', prev.data.edits);
      dataPanel?.tools.setUndoAvailable(undo.size > 0);
    } else {
      store.replace({ ...prev, data: { ...prev.data, edits: { added: [], removed: [] } } });
      store.set('data.edits', prev.data.edits);
    }
  } finally {
    quiet = false;
  }
  if (epochs > 0) {
    session.trainTo(epochs, { fromStart: true }).then(
      () => announce(`Back at epoch ${epochs}`),
      (e) => toast.show(`The run could not be trained again to epoch ${epochs}: ${e.message}`, { error: true, ms: 6000 }));
  }
}

store.subscribe((next, prev) => {
  const note = editsNote;
  editsNote = '';
  const kind = changeKind(prev, next);
  if (!(kind.model || kind.data || kind.edits || kind.features)) return;
  // Until the new run's first reply, the session's epoch is the old run's: count it once. A
  // diverged or collapsed run is not worth an undo (a stalled one, which trains on, is).
  const epochs = runChanged || session.status.problem?.pauses ? 0 : session.status.epoch;
  runChanged = true;
  if (quiet || comparing) return;
  loadFailures.noteChange(prev, next, epochs);
  const what = describeChange(prev, next, kind);
  if (epochs > 0) {
    const editOnly = kind.edits && !kind.data && !kind.model && !kind.features;
    toast.show(`${what}: the run trained to epoch ${fmtInt(epochs)} starts again${note ? `, and ${note}` : ''}.`, {
      action: { label: 'Undo', onClick: () => restoreRun(prev, epochs, editOnly) },
    });
  } else if (note) {
    toast.show(`${what}: ${note}.`, { action: { label: 'Undo', onClick: () => restoreRun(prev, 0, false) } });
  }
});

// ---- files that cannot load (a dataset, the engine): back to the previous state, Retry, retried online

const loadFailures = createLoadFailures({ store, session, banner, toast, restoreRun: (prev, epochs) => restoreRun(prev, epochs, false) });

// ---- keyboard

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
  if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && !inTextField(e.target) && !isInteractive(e.target)) {
    e.preventDefault();
    if (!controls.isLocked('play')) session.toggle();
  } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && !inTextField(e.target)) {
    if (undo.size) {
      e.preventDefault();
      undoEdit();
      announce('Point edit undone');
    }
  }
});

// ---- the damaged-link message

// The address shows the link as the page reads it (the current format, short keys, nothing damaged).
writeAddressNow(linkEpochs);
urlEpochs = linkEpochs;
// A link made after training (ep=): the same run, trained to the same epoch, then paused.
if (linkEpochs > 0 && !initial.embed.autoplay) {
  session.trainTo(linkEpochs).catch((e) => banner.show('The run in this link could not be trained to its epoch', [e.message], { kind: 'warning', id: 'link-epochs' }));
}
if (ignored.length) {
  banner.show('Parts of this link could not be used; the rest is loaded.', ignored, { kind: 'warning', id: 'link' });
}
if (linkLeft && !kept) {
  const missing = [[linkLeft.added, 'added point'], [linkLeft.removed, 'removed point'], [linkLeft.pins, 'pinned run']]
    .filter(([n]) => n > 0).map(([n, what]) => `${fmtInt(n)} ${what}${n > 1 ? 's' : ''}`);
  banner.show('This link could not carry all of its author\'s work; the rest is loaded.', [
    `Left out to keep the link under 8 KB: ${missing.join(', ')}.`,
    'Ask its author for the data as a CSV file (Download data): "Your CSV" in the Data panel loads it.',
  ], { kind: 'warning', id: 'link-left' });
}
if (store.get().data.generator === 'csv' && !csvLoaded()) {
  banner.show('This link was made with a CSV file, which a link cannot carry.',
    ['Load the file in the Data panel (choose it, drop it there, or paste its text): every other setting is already loaded.'],
    { kind: 'warning', id: 'csv-link' });
}

trainingBar.update(session.status);

// ---- offline use: the service worker (built pages only; the dev server has no sw.js), registered
// once the engine has loaded (or failed to), so that its downloads do not slow the first visit's.
let offlineAsked = !import.meta.env.PROD;
const offlineOnce = () => {
  if (offlineAsked) return;
  offlineAsked = true;
  registerOffline({
    onUpdate: (apply) => banner.show('A new version of the playground is ready.',
      ['Reload to use it: the settings are in the link and come back (a CSV file must be loaded again).'],
      { kind: 'info', id: 'update', action: { label: 'Reload', onClick: apply } }),
  });
};
client.on('ready', offlineOnce);
client.on('error', (e) => (e.request === 'init' || e.request === 'worker') && offlineOnce());
// For tests and tools (read only): the current run's curves by epoch, as the chart draws them.
Object.defineProperty(window, '__mlpRun', { get: () => session.history, configurable: true });
