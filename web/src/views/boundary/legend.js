// The legend under the exported picture: the classes, the train and test markers, the curve or
// the decision boundary, the colour scale's meaning and the epoch, wrapped to rows.

import { FONT, INK, INK_MUTED } from '../canvas-util.js';
import { classColor } from '../palette.js';
import { CONTOUR_COLOR, CURVE_COLOR } from './painting.js';
import { drawMarker } from './points.js';
import { classLabel, is1d } from './scene.js';

/** Legend items for the exported picture. */
export function legendItems(view) {
  const items = [];
  if (view.task !== 'regression') {
    for (let k = 0; k < Math.max(view.nClasses, view.grid?.channels >= 3 ? view.grid.channels : 2); k += 1)
      items.push({ text: classLabel(view, k), swatch: 'fill', color: classColor(k) });
  }
  const pointColor = view.task === 'regression' ? (is1d(view) ? classColor(0) : '#9a9a9a') : '#9a9a9a';
  const hasTest = view.data?.yTest?.length > 0;
  if (view.data && view.options.showTrain) items.push({ text: 'train', swatch: 'fill', color: pointColor });
  if (view.data && view.options.showTest && hasTest) items.push({ text: 'test', swatch: 'ring', color: pointColor });
  if (view.grid && is1d(view)) items.push({ text: 'prediction', swatch: 'line', color: CURVE_COLOR });
  else if (view.grid && view.task !== 'regression' && view.options.showContour) items.push({ text: 'decision boundary', swatch: 'line', color: CONTOUR_COLOR });
  if (view.grid && view.task === 'regression' && !is1d(view)) items.push({ text: 'colour: prediction / target', swatch: null });
  if (view.grid && Number.isFinite(view.grid.epoch)) items.push({ text: `epoch ${view.grid.epoch}`, swatch: null, muted: true });
  return items;
}

/** The legend's height for a picture `width` px wide. */
export function legendHeightFor(view, c, width) {
  return legendRows(view, c, width).length * 20 + 14;
}

/** The legend's items placed in rows that fit `width`: [[{ ...item, x }]]. */
export function legendRows(view, c, width) {
  c.font = FONT;
  const rows = [[]];
  let x = 12;
  for (const item of legendItems(view)) {
    const w = (item.swatch ? 16 : 0) + c.measureText(item.text).width + 16;
    if (x + w > width - 8 && rows[rows.length - 1].length) {
      rows.push([]);
      x = 12;
    }
    rows[rows.length - 1].push({ ...item, x });
    x += w;
  }
  return rows;
}

/** The legend's rows from y = top: a marker, a line or nothing, then the words. */
export function drawLegend(view, c, L, width, top) {
  c.font = FONT;
  c.textBaseline = 'middle';
  c.textAlign = 'left';
  legendRows(view, c, width).forEach((row, k) => {
    const y = top + 12 + k * 20;
    for (const item of row) {
      let x = item.x;
      if (item.swatch === 'fill' || item.swatch === 'ring') {
        drawMarker(c, x + 5, y, 4.5, item.color, item.swatch === 'ring');
        x += 16;
      } else if (item.swatch === 'line') {
        c.fillStyle = item.color;
        c.fillRect(x, y - 1.5, 12, 3);
        x += 16;
      }
      c.fillStyle = item.muted ? INK_MUTED : INK;
      c.fillText(item.text, x, y);
    }
  });
}
