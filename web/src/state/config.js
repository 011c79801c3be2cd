// The playground's configuration: one plain object, and one declarative table
// (PARAMS) that drives the form controls, validation, the share link and the
// Python export. Pure: no DOM, testable under node.
//
// config = {
//   data:      { generator, n_samples, noise, factor, centers, cluster_std, n_features, random_state,
//                test_size, standardize, derived: ['x2', ...], edits: { added: [[...]], removed: [i, ...] },
//                csv: null | { name, task, nFeatures, nClasses, classNames, nSamples, targetName, targetColumn,
//                       hasHeader, delimiter, imageShape, featureNames } (the loaded CSV
//                file's facts; its rows live in data/tables.js, and a link cannot carry them) },
//   model:     scikit-learn's MLP parameters under their own names,
//   precision: 'float64' | 'float32',
//   train:     { speed: 1 | 5 | 20 | 60 | 'max' (epochs per second while playing), stopAtFit },
//   view:      { discretize, showTest, logScale, trace: null | { point: [x, y], step } (the input followed, trace-link.js),
//               tune: null | Tune's search spec (tune/spec.js, tune-link.js) },
//   embed:     { enabled, show: [ids], lock: [ids], autoplay },
// }
//
// This file gathers the modules that hold each concern, under the names the page has always
// imported from here:
//   generators.js       the datasets (GENERATORS)
//   params.js           the hyper-parameter table (PARAMS), its limits and scikit-learn's defaults
//   embed-layout.js     what an embed shows (embedLayout and the panel and button ids)
//   defaults.js         paths into a config (getPath, setPath) and the defaults
//   queries.js          derived facts (taskOf, nFeaturesOf, inputLabels, ...)
//   values.js           parsing, checking and formatting one parameter's value
//   validate.js         every problem of a config
//   engine-requests.js  what the engine gets (engineParams, generateRequest, splitRequest, ...) and changeKind

export { FASHION_CLASSES, FASHION_CREDIT, FASHION_NOTE, GENERATORS } from './generators.js';
export {
  ACTION_IDS, CONTROL_IDS, DERIVED, DERIVED_LABELS, FORMAT_VERSION, FORMER_IDS, GROUPS, MAX_LAYERS, MAX_SAMPLES, MAX_SEED,
  MAX_UNITS, PARAMS, PARAM_BY_ID, SKLEARN_DEFAULTS, SOLVERS,
} from './params.js';
export { BUTTON_IDS, EMBED_DEFAULT_BUTTONS, EMBED_DEFAULT_PANELS, EMBED_DEFAULT_SHOW, PANEL_IDS, embedLayout } from './embed-layout.js';
export { DEFAULTS, cloneConfig, defaultConfig, getPath, setPath } from './defaults.js';
export {
  activeDerived, axisNames, classNamesOf, derivedLabel, estimatorOf, generatorOf, ignoredWhy, imageShapeOf, imagesOf, inputLabels,
  isHidden, isPlanar, nClassesOf, nFeaturesOf, noteWhy, outputLabels, tableOf, taskOf,
} from './queries.js';
export { allowedText, checkValue, formatNumber, formatValue, parseValue, sameValue } from './values.js';
export { validateConfig } from './validate.js';
export {
  BEYOND_DEFAULTS, beyondSettings, changeKind, engineParams, featuresRequest, generateRequest, splitRequest,
} from './engine-requests.js';
