// The page: reads the link, builds the parts (app/), starts the worker and wires them together.
// Each concept lives in its own module: the address (app/address.js), the views
// (app/view-setup.js), point editing (app/point-editing.js), the comparison cards
// (app/compare-cards.js), the layout (app/page-layout.js), the undo of a change that throws a
// run away (app/run-undo.js), the keyboard (app/keyboard.js), the link's messages
// (app/link-messages.js) and "Follow one input" (app/trace-card.js, app/trace-follow.js).
//
// The page is built in several tasks (build() awaits nextTask() between its parts, and a frame
// between the columns it fills: app/page-layout.js), none of them long: a link opens the page,
// and each lesson step is a link, so its building is what a student waits on. The worker
// starts first; its events wait (holdEvents) until every part that listens exists.
import './styles/main.css';
import { createAddressWriter, readAddress } from './app/address.js';
import { createAnnouncer } from './app/announcer.js';
import { createCompareCards } from './app/compare-cards.js';
import { createControls } from './app/controls.js';
import { createDataDownload } from './app/data-download.js';
import { createDataPanel } from './app/data-panel.js';
import { createUndo, keepValidEdits } from './app/edits.js';
import { createEngineNotices } from './app/engine-notices.js';
import { bindKeyboard } from './app/keyboard.js';
import { showLinkMessages } from './app/link-messages.js';
import { createLinkNote } from './app/link-note.js';
import { createLoadFailures } from './app/load-failures.js';
import { createImageSetInfo } from './app/image-set.js';
import { registerOfflineWhenReady } from './app/offline-prompt.js';
import { layOutPage } from './app/page-layout.js';
import { createPointEditing } from './app/point-editing.js';
import { createRunUndo } from './app/run-undo.js';
import { createSession } from './app/session.js';
import { createHeaderActions } from './app/share.js';
import { createStore } from './app/store.js';
import { createTraceCard } from './app/trace-card.js';
import { createTraceFollow } from './app/trace-follow.js';
import { createTrainingBar } from './app/training-bar.js';
import { createTunePanel } from './app/tune-panel.js';
import { createViewSetup, followDataShape } from './app/view-setup.js';
import { csvLoaded } from './data/tables.js';
import { createEngineClient } from './engine/client.js';
import { createDatasetMemory } from './state/dataset-defaults.js';
import { isPlanar } from './state/queries.js';
import { createTunePool } from './tune/pool.js';
import { h } from './ui/dom.js';
import { afterFrame, nextTask } from './ui/tasks.js';
import { createLayersEditor } from './ui/layers.js';
import { createBanner, createToast } from './ui/widgets.js';

build().catch((error) => {
  console.error('the page could not be built', error);
});

async function build() {
  const root = document.getElementById('app');
  // ---- the engine first (its worker loads while the page is built): tests of the worker's
  // supervision define window.__mlpSupervision before the page loads (shorter timings, faults on
  // demand) and get the client as window.__mlpEngine; a visitor has neither.
  const moduleUrl = new URL('engine/mlp.js', document.baseURI).href;
  /** @type {any} the page's global scope, where tests put their hooks */
  const scope = window;
  const testHooks = typeof scope.__mlpSupervision === 'object' && scope.__mlpSupervision ? scope.__mlpSupervision : null;
  const client = createEngineClient({ moduleUrl, holdEvents: true, supervise: testHooks ? { ...testHooks, faults: true } : {} });
  if (testHooks) scope.__mlpEngine = client;

  await nextTask();
  const link = readAddress(window);
  const { initial } = link;
  // Parts made after the session, which its callbacks reach once the page is built.
  let runUndo = null;
  let loadFailures = null;
  /** @type {ReturnType<typeof createImageSetInfo> | null} */
  let imageSetInfo = null;
  let trainingBar = null;
  let dataPanel = null;
  let address = null;
  let editing = null;
  let dataShape = null;
  // The session and the input followed: made after the views, whose events (a card opened) can come first.
  let session = null;
  let follow = null;
  let offline = null;

  // Choosing a dataset sets its noise, n_samples, ... to those last used on it (its defaults the
  // first time); then the point edits that no longer fit the data are dropped.
  const datasets = createDatasetMemory();
  const store = createStore(initial, {
    normalize: (next, prev) => keepValidEdits(datasets.switchDataset(next, prev), prev, (...args) => runUndo?.editsDropped(...args)),
  });
  const embed = initial.embed.enabled;
  document.documentElement.classList.toggle('embed', embed);

  const toast = createToast();
  const { el: live, announce } = createAnnouncer();
  const banners = h('div', { class: 'banners' });
  const banner = createBanner(banners);
  const controls = createControls(store);
  const undo = createUndo();

  await nextTask();
  // ---- views (created before the session so that it can feed them), the session, point editing

  const { views, gradCompare, parts } = await createViewSetup({
    embed,
    banner,
    onAddPoint: (x, y, event, near) => editing.add(x, y, event, near),
    onRemovePoint: (index, part, event) => editing.remove(index, part, event),
    onCardOpen: () => session?.refreshViews(),
    onFollowSample: (part, index) => followSample(part, index),
    onMoveSample: (delta) => follow?.move(delta),
    onWeightMode: (mode) => store.set('view.weightMode', mode),
    between: nextTask,
  });
  await nextTask();
  const notices = createEngineNotices({ client, controls, banner, announce, engineFailed: (error) => loadFailures.engineFailed(error) });
  session = createSession({
    client,
    store,
    views,
    onStatus: (status) => {
      trainingBar?.update(status);
      imageSetInfo?.update(store.get(), session?.imageLoad ?? null);
      address?.followRun(status);
      if (status.scoredEpoch >= 0) offline?.shown();
    },
    // A new run means the engine accepted the settings: clear its old complaints.
    onRunStart: () => {
      runUndo?.runStarted();
      controls.clearErrors();
      banner.clear('engine-error');
    },
    onError: notices.onError,
    onDataFailed: (failure) => loadFailures.dataFailed(failure),
    onDataShown: () => dataShape?.refresh(),
  });
  client.on('ready', () => loadFailures.engineReady());
  if (testHooks) scope.__mlpSession = session;
  notices.listen();

  const tools = () => dataPanel?.tools;
  editing = createPointEditing({ store, session, controls, undo, toast, announce, tools, follow: (x, y, near) => {
    follow.pickAt(x, y, near);
    traceCard.reveal();
  } });

  // ---- "Follow one input": the card under the network diagram, kept current by app/trace-follow.js;
  // its step drives the diagram's overlay, the input followed is ringed on the plane.
  const traceCard = createTraceCard({
    onClose: () => follow.close(),
    onMove: (delta) => follow.move(delta),
    onStep: ({ index, overlay }) => {
      views.network?.setTrace(overlay);
      follow?.stepShown(index);
    },
  });
  follow = createTraceFollow({ client, store, session, view: {
    show: (trace, options) => traceCard.show(trace, options),
    clear: () => {
      traceCard.clear();
      views.network?.setTrace(null);
    },
    setPick: (pick, words) => {
      traceCard.setPick(pick, pick ? words : pickHint(), (delta) => follow?.canMove(delta) ?? false);
      views.boundary?.setMarker(pick?.point ? { x: pick.point[0], y: pick.point[1] } : null);
      views.samples?.setFollowed(pick?.pending ? null : pick?.source ?? null);
      views.gallery?.setFollowed(pick?.pending ? null : pick?.source ?? null);
    },
    setError: (message) => traceCard.setError(message),
  }, onIgnored: (message) => banner.show('Parts of this link could not be used; the rest is loaded.', [message], { kind: 'warning', id: 'link-trace' }) });
  /** A sample of the data picked (a row of the samples table, a test image): followed, the card shown. */
  function followSample(part, index) {
    if (!follow?.pickRow(part, index)) return;
    traceCard.open();
    traceCard.reveal();
  }
  /** What the empty card says to do: data with more inputs are followed a sample at a time. */
  const pickHint = () => (isPlanar(store.get()) ? ''
    : 'Click a row of the Samples table in the Output panel (or its Follow button): that sample is followed.');
  /** The Follow button by the diagram: clicks on the plane (or the samples table) follow an input from now on. */
  function startFollowing() {
    dataPanel.tools.setMode('follow');
    if (!follow.pick) traceCard.setPick(null, pickHint());
    traceCard.open();
    announce(isPlanar(store.get()) ? 'Follow one input: click a point of the plane' : 'Follow one input: pick a row of the Samples table');
  }

  await nextTask();
  // ---- the panels and the layout

  trainingBar = createTrainingBar({ session, store, controls, announce });
  await nextTask();
  dataPanel = await createDataPanel({ store, controls, undo: () => editing.undo(), clearEdits: () => editing.clear(), between: nextTask });
  dataPanel.tools.setUndoAvailable(false);
  await nextTask();
  const downloadData = createDataDownload({ store, session, toast });
  const linkNote = createLinkNote({ downloadData });
  const headerActions = createHeaderActions({ store, session, boundary: views.boundary, toast, getRun: () => session.run, downloadData });
  await nextTask();
  const layers = controls.add('hidden_layer_sizes', createLayersEditor({ commit: (sizes) => store.set('model.hidden_layer_sizes', sizes) }));
  const cards = createCompareCards({ store, session, parts, gradCompare, gradients: () => views.gradients });
  const tune = embed ? null : createTunePanel({ store, trainingRows: () => session.trainingRows(), pool: createTunePool({ moduleUrl, ...(testHooks?.tuneWorkers ? { size: testHooks.tuneWorkers } : {}) }) });
  await nextTask();
  const { viewOptions, later } = layOutPage({ root, initial, store, controls, views, parts, dataPanel, trainingBar, linkNote, headerActions,
    layers, cards, banners, live, href: window.location.href, traceCard, startFollowing, tunePanel: tune?.el ?? null });
  if (embed && initial.embed.autoplay) session.play();
  if (testHooks && tune) scope.__mlpTune = tune;

  for (const fill of later) {
    await new Promise((resolve) => afterFrame(resolve));
    fill();
  }

  await nextTask();
  // The views follow the data's shape; the address follows the config; a change that throws a
  // trained run away can be undone; files that cannot load go back to the previous state.
  // An image set's card (what Fashion-MNIST is, its credit, the progress bar while it loads) above the table's line.
  imageSetInfo = createImageSetInfo({ onCancel: () => session.cancelLoad() });
  dataPanel.tableInfo.el.before(imageSetInfo.el);
  imageSetInfo.update(store.get(), session.imageLoad);
  store.subscribe((config) => imageSetInfo.update(config, session.imageLoad));
  dataShape = followDataShape({ store, session, client, parts, viewOptions, tools: dataPanel.tools, tableInfo: dataPanel.tableInfo });
  address = createAddressWriter({ store, keeper: link.keeper, linkNote });
  runUndo = createRunUndo({ store, session, undo, toast, announce, tools, comparing: cards.comparing,
    noteChange: (prev, next, epochs) => loadFailures.noteChange(prev, next, epochs) });
  loadFailures = createLoadFailures({ store, session, banner, toast, restoreRun: (prev, epochs) => runUndo.restoreRun(prev, epochs, false) });
  bindKeyboard({ controls, session, undo, undoEdit: () => editing.undo(), announce });

  // The address shows the link as the page reads it (the current format, short keys, nothing
  // damaged); then what could not be used of it is said.
  address.start(link.epochs);
  showLinkMessages({ link, store, session, banner, csvLoaded });
  trainingBar.update(session.status);

  offline = registerOfflineWhenReady({ client, banner, enabled: import.meta.env.PROD });
  // For tests and tools (read only): the current run's curves by epoch, as the chart draws them.
  Object.defineProperty(window, '__mlpRun', { get: () => session.history, configurable: true });
  // And the trace the "Follow one input" card shows (the engine's reply), or null.
  Object.defineProperty(window, '__mlpTrace', { get: () => traceCard.trace, configurable: true });
  client.releaseEvents();
}
