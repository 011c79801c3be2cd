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
};

/** A dataset's default value of every knob: { path: value } (an unknown dataset gets the page's). */
export function datasetDefaults(generator) {
  const own = Object.hasOwn(GENERATORS, generator) ? OWN[generator] ?? {} : {};
  return Object.fromEntries(DATASET_KNOBS.map((path) => [path, own[path] ?? getPath(DEFAULTS, path)]));
}

/** The knobs' values in a config: { path: value }. */
export const knobsOf = (config) => Object.fromEntries(DATASET_KNOBS.map((path) => [path, getPath(config, path)]));

/** config with the knobs set to `values` ({ path: value }, as datasetDefaults gives). */
export function withKnobs(config, values) {
  let out = config;
  for (const path of DATASET_KNOBS) {
    if (path in values && !sameValue(getPath(out, path), values[path])) out = setPath(out, path, values[path]);
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
  return {
    switchDataset(next, prev) {
      const to = next.data.generator;
      const from = prev.data.generator;
      if (to === from) return next;
      saved.set(from, knobsOf(prev));
      const values = saved.get(to) ?? datasetDefaults(to);
      const carried = Object.fromEntries(DATASET_KNOBS
        .filter((path) => sameValue(getPath(next, path), getPath(prev, path)))
        .map((path) => [path, values[path]]));
      return withKnobs(next, carried);
    },
    /** What will be restored on `generator` (its remembered knobs, or its defaults). */
    recall: (generator) => ({ ...(saved.get(generator) ?? datasetDefaults(generator)) }),
  };
}
