// Each dataset's own defaults for the knobs that shape its data (noise, n_samples, ...) and
// for the view options it needs, and the page's memory of what the user set on each dataset.
// Pure: no DOM, testable under node.
//
// Choosing a dataset sets these knobs to the values last used on it in this page session, or
// to its defaults the first time. DEFAULTS (config.js) are moons' values: the page opens on
// moons. Share links of format 2 are written relative to the dataset's defaults (url.js).
import { DEFAULTS, GENERATORS, defaultConfig, getPath, sameValue, setPath } from './config.js';

/** The config paths a dataset sets when it is chosen. */
export const DATASET_KNOBS = [
  'data.n_samples',
  'data.noise',
  'data.factor',
  'data.centers',
  'data.cluster_std',
  'data.n_features',
  'view.logScale',
  'view.weightMode',
];

/**
 * Where a dataset's defaults differ from the page's (moons'), chosen by looking at the
 * generated sets: each shows its shape with a little noise.
 *   spirals: at noise 0.2 the arms are a shapeless cloud; 0.04 keeps two clear arms, and 500
 *            points draw them as continuous lines (300 leave gaps on the outer turn).
 *   xor:     0.05 leaves a visible gap between the four quadrants (0.2 blurs them into each other).
 *   circles: 0.08 gives two clean rings with a little jitter (0.2 mixes the rings).
 *   gaussian: 0.1 gives two well-apart clouds (at 0.2 they touch).
 *   blobs:   cluster_std 0.7 gives three separate blobs even where the random centres are close
 *            (seed 0: 1.5 mixes two of the three).
 *   regression: make_regression's targets are in the hundreds, so noise 0.2 draws a perfect line;
 *            10 shows a line with visible scatter. Its loss falls from thousands to tens: the loss
 *            chart on a log scale shows the whole descent.
 *   plane, sine: targets within [-1, 1]; 0.05 and 0.1 keep the surface and the curve clean.
 * The real data (iris, digits, a CSV file) use none of these knobs: the page's values.
 * Fashion-MNIST (both sets) opens on the course's configuration: MLPClassifier(hidden_layer_sizes=(50,),
 * max_iter=10, alpha=1e-4, solver='sgd', tol=1e-4, random_state=1, learning_rate_init=.1), batch 'auto',
 * and its first layer's weights drawn as the course draws them (the other image data: every unit).
 */
const OWN = {
  moons: {},
  circles: { 'data.noise': 0.08 },
  blobs: { 'data.cluster_std': 0.7 },
  xor: { 'data.noise': 0.05 },
  spirals: { 'data.n_samples': 500, 'data.noise': 0.04 },
  gaussian: { 'data.noise': 0.1 },
  regression: { 'data.noise': 10, 'view.logScale': true },
  plane: { 'data.noise': 0.05 },
  sine: { 'data.noise': 0.1 },
  iris: {},
  digits: {},
  csv: {},
  fashion: { 'view.weightMode': 'course' },
  'fashion-full': { 'view.weightMode': 'course' },
};

/** The course's MNIST configuration: the model knobs the image sets set when chosen (MODEL_KNOBS below). */
export const COURSE_MODEL = {
  'model.hidden_layer_sizes': [50],
  'model.solver': 'sgd',
  'model.learning_rate_init': 0.1,
  'model.alpha': 1e-4,
  'model.max_iter': 10,
  'model.tol': 1e-4,
  'model.random_state': 1,
  'model.batch_size': 'auto',
};

/**
 * Datasets that also set model knobs when chosen: { generator: { path: value } }. Leaving one
 * gives those knobs back the values they had before it was chosen.
 */
const MODEL_KNOBS = { fashion: COURSE_MODEL, 'fashion-full': COURSE_MODEL };

/** The paths a dataset sets when chosen: the data knobs, and its model knobs if it has any. */
export const knobPaths = (generator) => [...DATASET_KNOBS, ...Object.keys(Object.hasOwn(MODEL_KNOBS, generator) ? MODEL_KNOBS[generator] : {})];

/** A dataset's default value of every knob: { path: value } (an unknown dataset gets the page's). */
export function datasetDefaults(generator) {
  const known = Object.hasOwn(GENERATORS, generator);
  const own = known ? { ...(OWN[generator] ?? {}), ...(MODEL_KNOBS[generator] ?? {}) } : {};
  return Object.fromEntries(knobPaths(known ? generator : '').map((path) => [path, own[path] ?? getPath(DEFAULTS, path)]));
}

/** The knobs' values in a config: { path: value } (paths: the data knobs, or knobPaths(...)). */
export const knobsOf = (config, paths = DATASET_KNOBS) => Object.fromEntries(paths.map((path) => [path, getPath(config, path)]));

/** config with the knobs set to `values` ({ path: value }, as datasetDefaults gives: data knobs and model knobs). */
export function withKnobs(config, values) {
  let out = config;
  for (const path of Object.keys(values)) {
    if (!sameValue(getPath(out, path), values[path])) out = setPath(out, path, values[path]);
  }
  return out;
}

/** config with its dataset's default knobs. */
export const withDatasetDefaults = (config) => withKnobs(config, datasetDefaults(config.data.generator));

/** A fresh config: the page's defaults on `generator`, with that dataset's own defaults. */
export function defaultConfigFor(generator) {
  const config = defaultConfig();
  config.data.generator = generator;
  return withDatasetDefaults(config);
}

/**
 * The page session's memory of each dataset's knobs. switchDataset(next, prev) is a store
 * normaliser: when `next` chooses another dataset than `prev`, it remembers prev's knobs under
 * prev's dataset, and sets next's knobs to what was remembered for its dataset (its defaults
 * if it was never left). A knob that the same change sets explicitly (next differs from prev
 * there) is kept as given. Any other change passes through untouched.
 */
export function createDatasetMemory() {
  const saved = new Map();
  let modelBefore = null; // the model knobs as they were before a dataset with its own was chosen
  return {
    switchDataset(next, prev) {
      const to = next.data.generator;
      const from = prev.data.generator;
      if (to === from) return next;
      const fromPaths = knobPaths(from);
      const toPaths = knobPaths(to);
      saved.set(from, knobsOf(prev, fromPaths));
      const values = { ...(saved.get(to) ?? datasetDefaults(to)) };
      const ownModel = toPaths.slice(DATASET_KNOBS.length);
      if (ownModel.length && fromPaths.length === DATASET_KNOBS.length) modelBefore = knobsOf(prev, ownModel);
      // Leaving a dataset with model knobs for one without: those knobs as they were before.
      if (!ownModel.length && fromPaths.length > DATASET_KNOBS.length && modelBefore) Object.assign(values, modelBefore);
      const carried = Object.fromEntries(Object.keys(values)
        .filter((path) => sameValue(getPath(next, path), getPath(prev, path)))
        .map((path) => [path, values[path]]));
      return withKnobs(next, carried);
    },
    /** What will be restored on `generator` (its remembered knobs, or its defaults). */
    recall: (generator) => ({ ...(saved.get(generator) ?? datasetDefaults(generator)) }),
  };
}
