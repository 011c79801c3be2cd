// What the data plane shows, derived from the view's state (boundary.js): 1-D or 2-D, the
// kind of picture, the class names, the rectangle shown, the regression colour range and the
// points grouped by colour. Pure: no canvas.

import { classColor, divergingCss, divergingIndex, regressionScale } from '../palette.js';

/** True for 1-D data: the prediction curve through the points. */
export const is1d = (view) => view.data?.nFeatures === 1;
/** 'regression', 'multiclass' (three or more channels, or classes before a grid) or 'binary'. */
export const kindOf = (view) => {
  if (view.task === 'regression') return 'regression';
  if (view.grid && view.grid.channels >= 3) return 'multiclass';
  return !view.grid && view.nClasses > 2 ? 'multiclass' : 'binary';
};
/** Targets per row. */
export const nTargets = (view) => view.data?.nTargets ?? 1;
/** Class k's name: the table's, else "class k". */
export const classLabel = (view, k) => view.classNames?.[k] ?? `class ${k}`;

/**
 * The data rectangle on screen: the page's (setRect), else the grid's, else the data's.
 * For 1-D data without a page rectangle, y spans the targets.
 */
export function viewRect(view) {
  if (view.rect) return view.rect;
  const base = (view.grid && { xMin: view.grid.xMin, xMax: view.grid.xMax, yMin: view.grid.yMin, yMax: view.grid.yMax }) ?? dataBounds(view.data);
  if (!is1d(view)) return base;
  const [lo, hi] = targetBounds(view) ?? [base.yMin, base.yMax];
  const pad = (hi - lo) * 0.08 || 1;
  return { xMin: base.xMin, xMax: base.xMax, yMin: lo - pad, yMax: hi + pad };
}

/** The data's bounds (train and test, first two features), 10% wider; [-1, 1] where flat. */
export function dataBounds(data) {
  const b = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
  const nF = data?.nFeatures ?? 2;
  for (const x of data ? [data.xTrain, data.xTest] : []) {
    for (let r = 0; x && r * nF < x.length; r += 1) {
      b.xMin = Math.min(b.xMin, x[r * nF]);
      b.xMax = Math.max(b.xMax, x[r * nF]);
      if (nF > 1) {
        b.yMin = Math.min(b.yMin, x[r * nF + 1]);
        b.yMax = Math.max(b.yMax, x[r * nF + 1]);
      }
    }
  }
  if (!(b.xMax > b.xMin)) Object.assign(b, { xMin: -1, xMax: 1 });
  if (!(b.yMax > b.yMin)) Object.assign(b, { yMin: -1, yMax: 1 });
  const px = (b.xMax - b.xMin) * 0.1;
  const py = (b.yMax - b.yMin) * 0.1;
  return { xMin: b.xMin - px, xMax: b.xMax + px, yMin: b.yMin - py, yMax: b.yMax + py };
}

/** [min, max] of the first target over train and test, or null. */
export function targetBounds(view) {
  return view.data ? regressionScale(view.data) : null;
}

/** The regression colour scale: the targets' range, else the grid's first channel's, else [-1, 1]. */
export function regressionRange(view) {
  if (view.targetRange) return view.targetRange;
  if (!view.grid) return [-1, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < view.grid.nx * view.grid.ny; k += 1) {
    const v = view.grid.values[k * view.grid.channels];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
}

/** Points grouped by colour, so each colour is one path. */
export function buildGroups(view) {
  view.groups = [];
  if (!view.data) return;
  const nT = nTargets(view);
  const keyOf = (v) => {
    if (view.task === 'regression') {
      if (is1d(view)) return 0;
      const [lo, hi] = view.targetRange;
      return divergingIndex(((v - lo) / (hi - lo)) * 2 - 1) >> 3; // 32 shades
    }
    return Math.max(0, Math.round(v));
  };
  const colorOf = (key) => {
    if (view.task !== 'regression') return classColor(key);
    if (is1d(view)) return classColor(0);
    return divergingCss(((key * 8 + 4) / 255) * 2 - 1);
  };
  const byKey = new Map();
  for (const part of ['train', 'test']) {
    const y = part === 'train' ? view.data.yTrain : view.data.yTest;
    const rows = y ? Math.floor(y.length / nT) : 0;
    for (let r = 0; r < rows; r += 1) {
      const key = keyOf(y[r * nT]);
      if (!byKey.has(key)) byKey.set(key, { key, color: colorOf(key), train: [], test: [] });
      byKey.get(key)[part].push(r);
    }
  }
  view.groups = [...byKey.values()]
    .sort((a, b) => a.key - b.key)
    .map((g) => ({ color: g.color, train: Int32Array.from(g.train), test: Int32Array.from(g.test) }));
}
