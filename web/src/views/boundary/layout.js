// The data plane's layout: the plot's rectangle inside the canvas, the ticks, and the maps
// between data units and CSS pixels; where each data point goes on screen. Measures text with
// the context it is given, draws nothing.

import { FONT, formatTick, niceTicks } from '../canvas-util.js';
import { is1d, nTargets, regressionRange, viewRect } from './scene.js';

export const AXIS_NAME_SPACE = 16; // px for an axis's name beside its tick labels

/**
 * The layout of a width x height picture with legendHeight px for a legend below: { rect (data
 * units), plot ({ x, y, w, h } CSS px), xt, yt (ticks), bt (the colour bar's, or null), px(x),
 * py(y) (data to CSS px), dx(px), dy(py) (back) }.
 */
export function planeLayout(view, c, width, height, legendHeight) {
  const r = viewRect(view);
  const colorBar = view.task === 'regression' && !is1d(view);
  const guessW = width - 60 - (colorBar ? 60 : 0);
  const guessH = height - legendHeight - 30;
  const xt = niceTicks(r.xMin, r.xMax, Math.max(2, Math.floor(guessW / 70)));
  const yt = niceTicks(r.yMin, r.yMax, Math.max(2, Math.floor(guessH / 48)));
  c.font = FONT;
  let labelW = 0;
  for (const v of yt.ticks) labelW = Math.max(labelW, c.measureText(formatTick(v, yt.step)).width);
  let barLabelW = 0;
  let bt = null;
  if (colorBar) {
    const [lo, hi] = regressionRange(view);
    bt = niceTicks(lo, hi, Math.max(2, Math.floor(guessH / 48)));
    for (const v of bt.ticks) barLabelW = Math.max(barLabelW, c.measureText(formatTick(v, bt.step)).width);
  }
  // A named axis gets its name under (x) or left of (y, turned) its tick labels.
  const left = Math.ceil(labelW) + 12 + (view.axes.y ? AXIS_NAME_SPACE : 0);
  const right = colorBar ? 12 + 12 + 6 + Math.ceil(barLabelW) + 4 : 10;
  const top = 8;
  const bottom = 24 + (view.axes.x ? AXIS_NAME_SPACE : 0);
  const plot = { x: left, y: top, w: Math.max(10, width - left - right), h: Math.max(10, height - top - bottom - legendHeight) };
  const sx = plot.w / (r.xMax - r.xMin);
  const sy = plot.h / (r.yMax - r.yMin);
  return {
    rect: r,
    plot,
    xt,
    yt,
    bt,
    px: (x) => plot.x + (x - r.xMin) * sx,
    py: (y) => plot.y + (r.yMax - y) * sy,
    dx: (px) => r.xMin + (px - plot.x) / sx,
    dy: (py) => r.yMax - (py - plot.y) / sy,
  };
}

/** Where row r of a part ('train' or 'test') is on screen: x, and y (the target for 1-D data). */
export const pointX = (view, L, part, r) => L.px((part === 'train' ? view.data.xTrain : view.data.xTest)[r * view.data.nFeatures]);
export const pointY = (view, L, part, r) =>
  view.data.nFeatures === 1
    ? L.py((part === 'train' ? view.data.yTrain : view.data.yTest)[r * nTargets(view)])
    : L.py((part === 'train' ? view.data.xTrain : view.data.xTest)[r * view.data.nFeatures + 1]);
