// The session's data on its way to the engine: the configuration, generated data or a table's
// rows (loaded, then split by the engine), the point edits, the grid over the plane, and for data
// with more columns the plane of their principal components. Each request goes once, one way.
import {
  engineParams,
  estimatorOf,
  featuresRequest,
  generateRequest,
  generatorOf,
  imagesOf,
  isPlanar,
  nFeaturesOf,
  splitRequest,
  tableOf,
} from '../state/config.js';
import { awaitsFile, copyInSteps, loadTable, tableNames, takeEngineCopy } from '../data/tables.js';
import { createPca2, pcaBasis } from '../data/pca.js';
import { applyEdits, dataRect } from './edits.js';
import { afterFrame, nextTask } from '../ui/tasks.js';
import { formatBytes } from '../engine/memory.js';
import { thousands } from '../state/thousands.js';

const GRID_2D = { nx: 200, ny: 200 };
const GRID_1D = { nx: 400, ny: 2 };
const UNITS = { nx: 24, ny: 24 };
// Data with more inputs are drawn in the plane of their first two principal components when
// those hold at least this share of the variance (iris: 98%); else only the test set's views
// (digits: 29%), because a boundary in a plane that misses most of the data would mislead.
export const PLANE_MIN_EXPLAINED = 0.8;

/**
 * createDataRequests(deps) -> { tableMissing, sendConfigure, sendGenerate, sendArrays, sendGrid,
 * showTable, setTestEnabled }.
 * deps: s (the session's state), client, store, views, draw (the frame tasks), afterTable
 * (trainTo calls waiting for a table), showData, requestTables, emit, enterRun, play,
 * onDataFailed, onError, onDataShown: the session's (session.js).
 * @param {{ s: object, client: object, store: { get: () => object }, views: object, draw: object, afterTable: Function[],
 *   showData: (config: object) => void, requestTables: () => void, emit: () => void, enterRun: (runId: number) => void,
 *   play: () => void, onDataFailed?: (failure: object) => void, onError?: (error: object) => void,
 *   onDataShown?: () => void }} deps
 */
export function createDataRequests({ s, client, store, views, draw, afterTable, showData, requestTables, emit, enterRun, play,
  onDataFailed, onError, onDataShown }) {
  /** The config's dataset is a bundled table (iris, digits) or an image set that is not loaded (yet, or failed). */
  const tableMissing = (config) => {
    if (imagesOf(config)) return s.imagesLoaded !== imagesOf(config);
    const key = tableOf(config);
    return Boolean(key) && key !== 'csv' && s.table?.name !== key;
  };

  function sendConfigure(config) {
    // A model for a table not loaded yet waits for it: the engine keeps the previous model
    // with the previous data (a classifier for iris would not take the sine curve's targets).
    // An image set's goes with the set's request (just before it), then at once: the worker loads
    // the set before it (in order), then starts the run.
    const images = imagesOf(config);
    s.configurePending = awaitsFile(tableOf(config)) || (images ? tableMissing(config) && s.imagesRequested !== images : tableMissing(config));
    if (s.configurePending) return;
    client.send('configure', { estimator: estimatorOf(config), params: engineParams(config), precision: config.precision });
  }

  function sendGenerate(config, { retry = false } = {}) {
    // New data: a trainTo that waited for a table's data is for data no longer asked for.
    if (!retry) for (const go of afterTable.splice(0)) go(new Error('the data changed before they loaded'));
    // A grid over a table's plane (iris: 4 columns) would not fit other data (digits' 64, the
    // moons' 2): the worker drops it first ('test' on does), and the new data get their own.
    if (s.gridSpec?.plane) {
      s.gridSpec = null;
      client.send('test', { enabled: true });
      s.testEnabled = true;
    }
    s.base = null;
    s.display = null;
    s.plane = null;
    s.tableJob = null;
    s.dataToken += 1;
    s.imagesRequested = null;
    // A reply to an earlier data request is stale from now on: taken as the base, it would show
    // the old data and send a grid over their plane (iris' 4 columns) to an engine that holds the
    // new ones (digits' 64). The new request, once sent, is the one awaited.
    s.lastDataWasGenerate = false;
    s.awaitingFile = awaitsFile(tableOf(config));
    if (s.awaitingFile) return awaitFile();
    if (imagesOf(config)) return sendImages(config);
    s.imagesLoaded = null;
    s.imageLoad = null;
    if (tableOf(config)) return sendTable(config, s.dataToken);
    s.table = null;
    s.baseRun = client.send('data',
      { generate: generateRequest(config), split: splitRequest(config), features: featuresRequest(config) });
    s.lastDataWasGenerate = true;
    return undefined;
  }

  /** A table's rows, loaded (a bundled file is fetched once), then split by the engine as train_test_split does. */
  function sendTable(config, token) {
    const key = tableOf(config);
    s.table = null;
    loadTable(key).then(async (loaded) => {
      if (token !== s.dataToken || !loaded) return; // the data changed again meanwhile
      // The engine gets a copy (transferred); the table keeps its own, for the views and for the
      // client to send a fresh worker. A CSV file's first copy comes made by its parser's worker;
      // others are made here, a megabyte a task.
      const spare = takeEngineCopy(loaded);
      const [xTrain, yTrain] = spare ? [spare.X, spare.y] : [await copyInSteps(loaded.X), await copyInSteps(loaded.y)];
      // The request (measured against the engine's memory: the labels counted) in a task of its
      // own, not in the one that changed the configuration.
      await nextTask();
      if (token !== s.dataToken) return;
      s.table = loaded;
      const now = store.get();
      if (s.configurePending) sendConfigure(now);
      const request = (arrays) => ({
        arrays: { nFeatures: loaded.nFeatures, nTargets: 1, ...arrays },
        split: splitRequest(now),
        features: featuresRequest(now),
        ...namesOf(loaded),
        // Data with more columns are shown in the plane of their principal components: the engine's worker finds it.
        ...(isPlanar(now) ? {} : { pca: true }),
      });
      s.baseRun = client.send('data', request({ xTrain, yTrain }),
        { transfer: [xTrain.buffer, yTrain.buffer], keep: request({ xTrain: loaded.X, yTrain: loaded.y }) });
      s.lastDataWasGenerate = true;
      for (const go of afterTable.splice(0)) go();
      if (s.autoplay) play();
    }, (e) => {
      if (token !== s.dataToken) return;
      s.autoplay = false;
      if (onDataFailed) onDataFailed({ key, error: e });
      else onError?.({ request: 'data', parameter: 'dataset', value: key, message: `the ${key} data could not load: ${e.message}` });
      emit();
    });
  }

  /**
   * An image set (Fashion-MNIST): the engine's worker fetches it itself (engine/image-load.js),
   * so the bytes never pass through the page's thread; loading replies feed s.imageLoad (the
   * progress bar); the data reply brings the test images' bytes and the labels (showImages).
   */
  function sendImages(config) {
    const g = generatorOf(config);
    s.table = null;
    s.imagesLoaded = null;
    s.imageLoad = { set: g.images, loaded: 0, total: NaN };
    awaitFile(); // the older data's pictures go; the run starts when the set is in
    const url = new URL('data/fashion-mnist/', globalThis.document?.baseURI ?? globalThis.location?.href).href;
    // The requests go once the page has drawn the choice: the download and its copy into the
    // engine keep a core busy for a second or more, and the frame that shows the set's panels,
    // drawn beside them, would be one long task. The model's configuration waits with them
    // (sendConfigure), so that the worker does not build it beside that frame either.
    const token = s.dataToken;
    afterFrame(() => {
      if (token !== s.dataToken) return; // the data changed again meanwhile
      // The worker drops its grid first: evaluated over 784 inputs it would cost seconds (the
      // run starts with the first update, before the data reply would turn the test rows on).
      if (!s.testEnabled) {
        s.testEnabled = true;
        client.send('test', { enabled: true });
      }
      s.imagesRequested = g.images;
      if (s.configurePending) sendConfigure(store.get());
      s.baseRun = client.send('data', { images: { url, set: g.images, nTrain: g.nTrain, nTest: g.nTest } });
      s.lastDataWasGenerate = true;
    });
    return undefined;
  }

  /** New data with more inputs: the pictures over the old plane, the plane and the data shown there go. */
  function forgetPlane() {
    s.lastUnits = null;
    s.lastOutputs = null;
    s.lastTest = null;
    s.basis = null;
    s.testXY = null;
    s.plane = null;
    s.display = null;
    s.rect = null;
  }

  /**
   * An image set's data reply: no principal components (images are not planar, and 60,000 x 784
   * would be seconds of work), the test set's views at once. s.table: what the panels show of it.
   */
  function showImages(config, m) {
    forgetPlane();
    s.tableJob = null;
    s.imagesLoaded = m.images.set;
    s.imageLoad = null;
    const { images } = m;
    s.table = {
      name: config.data.generator,
      title: `${images.title} (${images.set === 'full' ? 'full' : 'quick subset'})`,
      X: null,
      y: null,
      nSamples: images.nTrain + images.nTest,
      nFeatures: m.nFeatures,
      classNames: images.classNames,
      classLabels: images.classNames.map((_, k) => k),
      featureNames: null,
      namedColumns: false,
      imageShape: images.imageShape,
      task: 'classification',
      note: `${thousands(images.nTrain)} training + ${thousands(images.nTest)} test images, pixels / ${images.pixelMax}` +
        (images.memoryBytes > 0 ? `; the engine holds them as bytes: ${formatBytes(images.memoryBytes)} in all` : ''),
      attribution: null, // the set's own card above (image-set.js) gives the credit, with the licence
      images,
    };
    if (s.configurePending) sendConfigure(config);
    for (const go of afterTable.splice(0)) go();
    requestTables();
    onDataShown?.();
    if (s.autoplay) play();
  }

  // ---- a table's names, and the CSV file not loaded yet

  /** The data request's names: a table's columns and class labels (the exported model's). */
  function namesOf(t) {
    const names = tableNames(t);
    return names ? { names } : {};
  }

  /**
   * "Your CSV" chosen before a file: nothing is sent to the engine (main.js and the Data panel
   * ask for the file). The last run's numbers and pictures go: they were of other data.
   */
  function awaitFile() {
    s.table = null;
    s.rect = null;
    s.gridSpec = null;
    s.pendingGrid = null;
    s.lastUnits = null;
    s.lastTest = null;
    enterRun(-2); // no run (runIds are never negative): the status and the curves start empty
    draw.chart.request();
    views.network?.update(null);
  }

  function sendArrays(config) {
    if (!s.base) return sendGenerate(config);
    s.display = applyEdits(s.base, config.data.edits);
    showData(config);
    const { arrays } = s.display;
    // Copies: the display keeps its own arrays for the views.
    const copy = {
      nFeatures: arrays.nFeatures,
      nTargets: 1,
      xTrain: arrays.xTrain.slice(),
      yTrain: arrays.yTrain.slice(),
      xTest: arrays.xTest.slice(),
      yTest: arrays.yTest.slice(),
    };
    s.lastDataWasGenerate = false;
    const request = (a) => ({ arrays: a, features: featuresRequest(config), ...namesOf(s.table) });
    client.send('data', request(copy), { transfer: [copy.xTrain.buffer, copy.yTrain.buffer, copy.xTest.buffer, copy.yTest.buffer],
      keep: request({ nFeatures: arrays.nFeatures, nTargets: 1, xTrain: arrays.xTrain, yTrain: arrays.yTrain, xTest: arrays.xTest, yTest: arrays.yTest }) });
    return undefined;
  }

  function sendGrid(config) {
    if (!s.rect) return;
    const res = nFeaturesOf(config) === 1 ? GRID_1D : GRID_2D;
    s.gridSpec = { ...s.rect, ...res, units: UNITS, ...(s.plane ? { plane: s.plane.axes } : {}) };
    client.send('grid', s.gridSpec);
  }

  /**
   * Data with more inputs: the test set's views, and when the first two principal components of
   * the training rows hold most of the variance, the data and the boundary in their plane.
   */
  function showTable(config, m) {
    forgetPlane();
    // The principal components and the rows in their plane come with the data (the worker finds
    // them: a big CSV file's 75,000 x 50 training rows take a few hundred milliseconds). Without
    // them (data asked for without pca) they are found here, a few milliseconds a turn.
    const given = m.pca ? { result: pcaBasis(m.pca.mean, m.pca.components, m.pca.explained), advance: () => false } : null;
    const pca = given ?? createPca2(m.xTrain, m.yTrain.length, m.nFeatures);
    let projections = null;
    s.tableJob = (deadline) => {
      if (pca.advance(deadline)) return true;
      if (!projections) {
        s.basis = pca.result;
        const explained = s.basis.explained[0] + s.basis.explained[1];
        s.plane = explained >= PLANE_MIN_EXPLAINED
          ? { explained: s.basis.explained, axes: [...s.basis.mean, ...s.basis.components[0], ...s.basis.components[1]] }
          : null;
        // The test rows in the plane, for the test set's plot (and with a plane, the training rows).
        const done = (xy) => ({ advance: () => false, result: xy });
        projections = given
          ? [done(m.pca.testXY), done(m.pca.trainXY)]
          : [s.basis.projectInSteps(m.xTest), ...(s.plane ? [s.basis.projectInSteps(m.xTrain)] : [])];
      }
      if (projections.some((job) => job.advance(deadline))) return true;
      s.testXY = projections[0].result;
      if (!s.plane) return finishTable(store.get(), m);
      return finishTable(store.get(), { ...m, nFeatures: 2, xTrain: projections[1].result, xTest: projections[0].result });
    };
    draw.pca.request();
  }

  /** showTable's end, once the components are known: the data (in the plane, if there is one) and the views. */
  function finishTable(config, shown) {
    s.tableJob = null;
    s.display = applyEdits(shown, { added: [], removed: [] });
    s.rect = s.plane ? dataRect(shown) : null;
    if (s.plane) {
      views.boundary?.setRect(s.rect);
      sendGrid(config);
      showData(config);
    }
    requestTables();
    onDataShown?.(); // the plane (or none) is known now: the page shows the views that fit
    return false;
  }

  function setTestEnabled(on) {
    if (on === s.testEnabled) return;
    s.testEnabled = on;
    if (on) s.gridSpec = null; // the worker drops its grid too
    client.send('test', { enabled: on });
  }

  return { tableMissing, sendConfigure, sendGenerate, sendArrays, sendGrid, showTable, showImages, setTestEnabled };
}
