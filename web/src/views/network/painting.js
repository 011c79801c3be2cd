// The diagram's units and words: each unit's picture (thumbnail, feature, output tile or a
// plain swatch) in its rounded square, borders and rings, the column headers, the input and
// output labels and the "+N more" markers. `view` is the diagram's state (network.js).

import { FONT, FONT_BOLD, INK, INK_MUTED, roundRectPath } from '../canvas-util.js';
import { outputClass } from '../output-tiles.js';
import { classRgb, mixRgb, rgbCss } from '../palette.js';
import { inputLabel, kindOf, layerName, nLayers, outputLabel } from './architecture.js';
import { FEATURE_RES } from './pictures.js';

/** A node's picture (thumbnail, feature, output tile), clipped to its rounded square. */
export function drawNodeContent(view, c, nd) {
  const s = view.geometry.node;
  const x = nd.x - s / 2;
  const y = nd.y - s / 2;
  const last = nLayers(view) - 1;
  c.save();
  roundRectPath(c, x, y, s, s, Math.min(4, s / 6));
  c.fillStyle = '#ffffff';
  c.fill();
  c.clip();
  if (nd.l === 0 && view.featureRows.has(nd.u)) {
    c.drawImage(view.features, 0, view.featureRows.get(nd.u) * FEATURE_RES, FEATURE_RES, FEATURE_RES, x, y, s, s);
  } else if (nd.l > 0 && nd.l < last) {
    const t = view.thumbs.get(`${nd.l}:${nd.u}`);
    if (t) c.drawImage(view.atlas, 0, t.row * view.net.unitsNy, view.net.unitsNx, view.net.unitsNy, x, y, s, s);
    else {
      c.fillStyle = '#eef0f2';
      c.fillRect(x, y, s, s);
    }
  } else if (nd.l === last && view.outputTiles.tile(nd.u)) {
    const t = view.outputTiles.tile(nd.u);
    c.drawImage(view.outputTiles.atlas, 0, t.row * t.ny, t.nx, t.ny, x, y, s, s);
  } else {
    // Inputs without a picture, and outputs with no plane to draw (more than two inputs):
    // plain, or a pale swatch of the output's class.
    const k = nd.l === last ? outputClass(kindOf(view), nd.u) : -1;
    c.fillStyle = k >= 0 ? rgbCss(mixRgb([255, 255, 255], classRgb(k), 0.3)) : '#f3f4f6';
    c.fillRect(x, y, s, s);
  }
  c.restore();
}

/** A unit's thin rounded border. */
export function drawNodeBorder(view, c, nd) {
  const s = view.geometry.node;
  roundRectPath(c, nd.x - s / 2 + 0.5, nd.y - s / 2 + 0.5, s - 1, s - 1, Math.min(4, s / 6));
  c.lineWidth = 1;
  c.strokeStyle = 'rgba(17, 20, 24, 0.55)';
  c.stroke();
}

/** The ring around a highlighted unit (or a link's two ends). */
export function drawRing(view, c, nd, width = 2) {
  const s = view.geometry.node;
  roundRectPath(c, nd.x - s / 2 - 2.5, nd.y - s / 2 - 2.5, s + 5, s + 5, Math.min(6, s / 5));
  c.lineWidth = width;
  c.strokeStyle = INK;
  c.stroke();
}

/** Every shown unit's picture. */
export function drawNodeContents(view, c) {
  c.imageSmoothingEnabled = true;
  for (const col of view.geometry.cols) for (const nd of col.nodes) drawNodeContent(view, c, nd);
}

/** Each column's name and its unit count, shortened where the columns are close. */
export function drawHeaders(view, c) {
  const g = view.geometry;
  c.textAlign = 'center';
  c.textBaseline = 'top';
  for (const col of g.cols) {
    const name = layerName(view, col.l);
    const count = col.l === 0 ? `${col.n} feature${col.n === 1 ? '' : 's'}` : `${col.n} unit${col.n === 1 ? '' : 's'}`;
    c.font = FONT_BOLD;
    const room = g.spacing > 0 ? g.spacing - 6 : g.width;
    const short = col.l === 0 ? 'in' : col.l === nLayers(view) - 1 ? 'out' : `h${col.l}`;
    const title = c.measureText(name).width <= room ? name : short;
    const titleW = c.measureText(title).width;
    c.font = FONT;
    const sub = c.measureText(count).width <= room ? count : String(col.n);
    // Centred on the column, both lines moved in together where they would touch the box's
    // edges or rounded corners (on a phone the first column sits close to the left edge).
    const half = Math.max(titleW, c.measureText(sub).width) / 2;
    const margin = 8;
    const x = Math.max(half + margin, Math.min(g.width - half - margin, col.x));
    c.font = FONT_BOLD;
    c.fillStyle = INK;
    c.fillText(title, x, 4);
    c.font = FONT;
    c.fillStyle = INK_MUTED;
    c.fillText(sub, x, 19);
  }
}

/** The input labels left of the first column, the output labels right of the last. */
export function drawLabels(view, c) {
  const g = view.geometry;
  c.font = FONT;
  c.fillStyle = INK;
  c.textBaseline = 'middle';
  c.textAlign = 'right';
  for (const nd of g.cols[0].nodes) c.fillText(inputLabel(view, nd.u), nd.x - g.node / 2 - 6, nd.y);
  c.textAlign = 'left';
  for (const nd of g.cols.at(-1).nodes) c.fillText(outputLabel(view, nd.u), nd.x + g.node / 2 + 6, nd.y);
}

/** The "+N more" marker of each collapsed column (a vertical ellipsis where there is no room). */
export function drawMarkers(view, c) {
  c.font = FONT;
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  for (const col of view.geometry.cols) {
    const m = col.marker;
    if (!m) continue;
    const long = `+${m.count} more`;
    const short = `+${m.count}`;
    const room = view.geometry.spacing - 8;
    const text = c.measureText(long).width + 8 <= room ? long : c.measureText(short).width + 8 <= room ? short : null;
    if (!text) {
      // No room for a label: a vertical ellipsis says the column goes on.
      c.fillStyle = INK_MUTED;
      for (const dy of [-5, 0, 5]) {
        c.beginPath();
        c.arc(m.x, m.y + dy, 1.6, 0, Math.PI * 2);
        c.fill();
      }
      continue;
    }
    const w = c.measureText(text).width + 8;
    c.fillStyle = 'rgba(255, 255, 255, 0.92)';
    roundRectPath(c, m.x - w / 2, m.y - 9, w, 18, 9);
    c.fill();
    c.strokeStyle = 'rgba(17, 20, 24, 0.25)';
    c.lineWidth = 1;
    c.stroke();
    c.fillStyle = INK_MUTED;
    c.fillText(text, m.x, m.y + 0.5);
  }
}
