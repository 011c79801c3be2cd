// An image set (Fashion-MNIST) fetched by the worker straight into the engine: manifest.json,
// then the raw uint8 files of one set (scripts/fashion-mnist-assets.js writes them), streamed,
// each chunk written into the engine's buffers as it arrives. The page's thread never touches
// the 55 MB: it gets the test images' bytes (for its pictures) and the labels.
//
// Cost: one copy of the bytes into the engine (which keeps them as bytes: 55 MB for the full
// set, scaled by 1/255 as it forms its batches); the memory is the engine's buffers, the test
// images' bytes once more (7.8 MB for the full set) and one chunk of the stream. No Worker globals: fetch, the clock and the session come in as arguments.
import { networkError } from '../data/network.js';

/** What the manifest must say (scripts/fashion-mnist-assets.js writes version 1). */
const FORMAT = 'mlp-playground-images';
/** At most one loading reply per this many milliseconds (and one at the end). */
const PROGRESS_MS = 100;

/** A short tag of the manifest's source files, put in the data files' URLs (?v=): a new set is a new URL for every cache. */
export function versionTag(manifest) {
  const text = JSON.stringify(manifest.sourceFiles ?? manifest.sets);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** An Error for a load stopped by cancel (error.cancelled). */
function cancelledError() {
  const e = /** @type {Error & { cancelled?: boolean }} */ (new Error('loading cancelled'));
  e.cancelled = true;
  return e;
}

/** Checks a manifest for the set asked for; returns that set's entry or throws naming the fault. */
export function checkManifest(manifest, set) {
  const fail = (what) => {
    throw new Error(`the image set's manifest.json ${what}`);
  };
  if (manifest?.format !== FORMAT || manifest.version !== 1) fail(`is not a ${FORMAT} version 1 file`);
  const s = manifest.sets?.[set];
  if (!s) fail(`has no set "${set}" (it has ${Object.keys(manifest.sets ?? {}).join(', ')})`);
  const [rows, cols] = manifest.imageShape ?? [];
  const p = rows * cols;
  if (!(p > 0)) fail('has no imageShape');
  const want = { trainImages: s.nTrain * p, trainLabels: s.nTrain, testImages: s.nTest * p, testLabels: s.nTest };
  for (const [key, bytes] of Object.entries(want)) {
    if (s.files?.[key]?.bytes !== bytes) fail(`lists ${key} of ${s.files?.[key]?.bytes} bytes, expected ${bytes}`);
  }
  return s;
}

/**
 * The engine's buffers as the loader writes them: resizeImageData keeps the pixels as bytes
 * (the engine scales them by 1 / pixelMax as it forms its batches), the labels as class codes.
 * A view is taken per chunk: nothing between allocates, so it stays valid while it is written.
 */
function engineSink(session, nTrain, nTest, nFeatures, pixelMax) {
  const sized = session.resizeImageData(nTrain, nTest, nFeatures, pixelMax);
  if (!sized.ok) throw Object.assign(new Error(sized.message), { status: sized });
  const codes = (view, bytes, at) => {
    const v = view();
    for (let i = 0; i < bytes.length; i += 1) v[at + i] = bytes[i];
  };
  return {
    trainImages: (bytes, at) => session.xTrainBytes().set(bytes, at),
    testImages: (bytes, at) => session.xTestBytes().set(bytes, at),
    trainLabels: (bytes, at) => codes(() => session.yTrain(), bytes, at),
    testLabels: (bytes, at) => codes(() => session.yTest(), bytes, at),
    commit: () => session.commitData(),
  };
}

/**
 * Fetches one set of images into the session. url: the assets' folder (ends with '/'); set:
 * 'quick' or 'full'; fetch, signal (an AbortSignal: cancel), now (ms) and onProgress({ loaded,
 * total }) at the start, at most every PROGRESS_MS, and at the end of each file. Resolves to what the page is sent:
 * { nTrain, nTest, nFeatures, imageShape, pixelMax, classNames, title, credit, licence,
 * xTest: Uint8Array (the test images' bytes), yTrain, yTest: Float64Array (class codes) }.
 * Rejects with: a networkError for a request that never reached the server; an Error naming the
 * file and the HTTP status; error.cancelled after cancel; error.status (the core's) when the
 * engine refuses the sizes.
 * @param {{ url: string, set: string, session: any, fetch?: typeof globalThis.fetch, signal?: AbortSignal,
 *   now?: () => number, onProgress?: (p: { loaded: number, total: number }) => void }} options
 */
export async function loadImageSet({ url, set, session, fetch = globalThis.fetch, signal, now = () => performance.now(), onProgress = () => {} }) {
  const get = async (name, what) => {
    if (signal?.aborted) throw cancelledError();
    const where = new URL(name, url).href;
    let response;
    try {
      response = await fetch(where, { signal });
    } catch (e) {
      if (signal?.aborted) throw cancelledError();
      throw networkError(`the image set (${what})`, where, e);
    }
    if (!response.ok) throw new Error(`could not load the image set (${what}) from ${where}: HTTP ${response.status}`);
    return response;
  };
  const manifest = await (await get('manifest.json', 'manifest.json')).json();
  const entry = checkManifest(manifest, set);
  const [rows, cols] = manifest.imageShape;
  const p = rows * cols;
  const pixelMax = manifest.pixelMax ?? 255;
  const total = Object.values(entry.files).reduce((sum, f) => sum + f.bytes, 0);
  let loaded = 0;
  let lastReport = -Infinity;
  const report = (force = false) => {
    const t = now();
    if (!force && t - lastReport < PROGRESS_MS) return;
    lastReport = t;
    onProgress({ loaded, total });
  };
  report(true);

  const sink = engineSink(session, entry.nTrain, entry.nTest, p, pixelMax);
  const xTest = new Uint8Array(entry.nTest * p);
  const yTrain = new Float64Array(entry.nTrain);
  const yTest = new Float64Array(entry.nTest);
  const keep = { testImages: xTest, trainLabels: yTrain, testLabels: yTest };
  const tag = versionTag(manifest);
  // The labels first (small): a bad label fails before the big files are fetched.
  for (const key of ['trainLabels', 'testLabels', 'testImages', 'trainImages']) {
    const file = entry.files[key];
    const response = await get(`${file.path}?v=${tag}`, file.path);
    let at = 0;
    const take = (bytes) => {
      if (at + bytes.length > file.bytes) throw new Error(`the image set's ${file.path} holds more than the ${file.bytes} bytes its manifest says`);
      if (key.endsWith('Labels')) {
        for (let i = 0; i < bytes.length; i += 1) {
          if (bytes[i] >= manifest.classNames.length) throw new Error(`the image set's ${file.path}: label ${at + i} is ${bytes[i]}, not a class code`);
        }
      }
      sink[key](bytes, at);
      keep[key]?.set(bytes, at);
      at += bytes.length;
      loaded += bytes.length;
      report();
    };
    try {
      if (response.body?.getReader) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          take(value);
        }
      } else take(new Uint8Array(await response.arrayBuffer()));
    } catch (e) {
      if (signal?.aborted) throw cancelledError();
      if (e?.name === 'TypeError') throw networkError(`the image set (${file.path})`, new URL(file.path, url).href, e);
      throw e;
    }
    if (at !== file.bytes) throw new Error(`the image set's ${file.path} ended after ${at} bytes, its manifest says ${file.bytes}`);
    report(true); // and at the end of every file
  }
  const committed = sink.commit();
  if (!committed.ok) throw Object.assign(new Error(committed.message), { status: committed });
  return {
    nTrain: entry.nTrain,
    nTest: entry.nTest,
    nFeatures: p,
    imageShape: [rows, cols],
    pixelMax,
    classNames: [...manifest.classNames],
    title: manifest.title,
    credit: manifest.credit,
    licence: manifest.licence,
    xTest,
    yTrain,
    yTest,
  };
}
