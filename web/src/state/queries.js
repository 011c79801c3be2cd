// The config's derived facts: its task, input and class counts, the names of its inputs and
// outputs, and what the current settings make of each control. Pure: no DOM.
import { FASHION_CLASSES, GENERATORS } from './generators.js';
import { DERIVED, DERIVED_LABELS } from './params.js';

export const generatorOf = (config) => GENERATORS[config.data.generator] ?? GENERATORS.moons;
export const taskOf = (config) => generatorOf(config).task ?? config.data.csv?.task ?? 'classification';
/** The table behind the dataset ('iris', 'digits', 'csv'), or null for a generator. */
export const tableOf = (config) => generatorOf(config).table ?? null;
/** The image set the engine's worker fetches ('quick' or 'full' of Fashion-MNIST), or null. */
export const imagesOf = (config) => generatorOf(config).images ?? null;
export const estimatorOf = (config) => (taskOf(config) === 'regression' ? 'MLPRegressor' : 'MLPClassifier');

/** Raw input columns of the dataset (1 or 2 for the generators; a table's count; 0 before a CSV is loaded). */
export function nFeaturesOf(config) {
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nFeatures ?? 0;
  return g.nFeatures ?? config.data.n_features;
}

/** True when the data are points of the plane (or a line): the boundary view and the point editor apply. */
export const isPlanar = (config) => {
  const n = nFeaturesOf(config);
  return n >= 1 && n <= 2;
};

/** The images' [rows, cols] when the features are pixels (digits, or a CSV with a square count), else null. */
export function imageShapeOf(config) {
  const g = generatorOf(config);
  if (g.imageShape) return g.imageShape;
  return g.table === 'csv' ? config.data.csv?.imageShape ?? null : null;
}

/** Number of classes a classification set has (null for regression). */
export function nClassesOf(config) {
  if (taskOf(config) !== 'classification') return null;
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nClasses ?? 2;
  if (g.nClasses) return g.nClasses;
  return config.data.generator === 'blobs' ? config.data.centers : 2;
}

/** The derived features that apply to this dataset (1-D data have no y). */
export function activeDerived(config) {
  if (!isPlanar(config)) return [];
  const oneD = nFeaturesOf(config) === 1;
  return DERIVED.filter((f) => config.data.derived.includes(f) && !(oneD && ['y2', 'xy', 'siny'].includes(f)));
}

/** The class names of the dataset when it has its own (a CSV file's labels as text), else null. */
export function classNamesOf(config) {
  if (taskOf(config) !== 'classification') return null;
  if (imagesOf(config)) return FASHION_CLASSES;
  return tableOf(config) === 'csv' ? config.data.csv?.classNames ?? null : null;
}

/**
 * The names of the plane's axes: a CSV file's columns (with one column: the column and the
 * target), else null (the generated data's x and y stay unnamed).
 */
export function axisNames(config) {
  const none = { x: null, y: null };
  if (!isPlanar(config) || tableOf(config) !== 'csv') return none;
  const names = config.data.csv?.featureNames ?? [];
  const n = nFeaturesOf(config);
  if (names.length !== n) return none;
  return n === 1 ? { x: names[0], y: config.data.csv.targetName ?? null } : { x: names[0], y: names[1] };
}

/** The derived features written with the columns' names: x², y², x·y, sin x, sin y. */
const NAMED_DERIVED = {
  x2: (x) => `${x}²`,
  y2: (x, y) => `${y}²`,
  xy: (x, y) => `${x}·${y}`,
  sinx: (x) => `sin(${x})`,
  siny: (x, y) => `sin(${y})`,
};

/** A derived feature's label: x², x·y, ... or, with named columns, size², size·weight, sin(weight). */
export function derivedLabel(config, f) {
  const { x, y } = axisNames(config);
  if (!x) return DERIVED_LABELS[f];
  return NAMED_DERIVED[f](x, nFeaturesOf(config) === 1 ? 'y' : y ?? 'y');
}

/** Names of the network's inputs, in order. */
export function inputLabels(config) {
  const n = nFeaturesOf(config);
  if (!isPlanar(config)) {
    // Pixels by (row, column); other columns as f1, f2, ... (not x1: that names the plane's x).
    const shape = imageShapeOf(config);
    if (shape) return Array.from({ length: n }, (_, k) => `(${Math.floor(k / shape[1])},${k % shape[1]})`);
    const named = generatorOf(config).inputs ?? (tableOf(config) === 'csv' ? config.data.csv?.featureNames : null);
    return named?.length === n ? named : Array.from({ length: n }, (_, k) => `f${k + 1}`);
  }
  const { x, y } = axisNames(config);
  const raw = n === 1 ? [x ?? 'x'] : [x ?? 'x', y ?? 'y'];
  return [...raw, ...activeDerived(config).map((f) => derivedLabel(config, f))];
}

/**
 * Names of the network's outputs: ŷ for a regression; for a classifier the probability of each
 * class by its name (classNames: a table's, e.g. "P(setosa)"; "P(class 1)" without), one unit
 * for two classes (the second class's probability).
 */
export function outputLabels(config, nOut, classNames = classNamesOf(config)) {
  if (taskOf(config) === 'regression') return Array.from({ length: nOut }, (_, k) => (nOut === 1 ? 'ŷ' : `ŷ${k + 1}`));
  const name = (k) => classNames?.[k] ?? `class ${k}`;
  if (nOut === 1) return [`P(${name(1)})`];
  return Array.from({ length: nOut }, (_, k) => `P(${name(k)})`);
}

/** The note shown beside a control the current settings make the engine ignore, or null. */
export function ignoredWhy(param, config) {
  return param.ignoredWhy ? param.ignoredWhy(config) : null;
}

/** A note on how the current settings use a control (shown, not dimmed), or null. */
export function noteWhy(param, config) {
  return param.noteWhy ? param.noteWhy(config) : null;
}

/** True when the control does not apply to the current dataset and is hidden. */
export function isHidden(param, config) {
  return param.hiddenWhy ? param.hiddenWhy(config) !== null : false;
}
