// The data points: a filled disc (train) or a ring (test) in the colour of its group,
// pre-rendered as sprites at device resolution and copied into place.

import { POINT_OUTLINE } from '../palette.js';
import { pointX, pointY } from './layout.js';
import { nTargets } from './scene.js';

/** The points' radius in CSS px: smaller for many points or a small plot. */
export function pointRadius(view, plot) {
  const n = view.data ? view.data.yTrain.length / nTargets(view) + (view.data.yTest?.length ?? 0) / nTargets(view) : 0;
  const small = Math.min(plot.w, plot.h) < 320;
  return n > 700 || small ? 3.5 : 4.5;
}

/**
 * createSprites(doc) -> sprite(color, ring, radius, scale): a point marker pre-rendered at device
 * resolution ({ canvas, css: its CSS size }), kept for the next call.
 */
export function createSprites(doc) {
  const sprites = new Map();

  /**
   * A point marker pre-rendered at device resolution: filled disc or ring, dark outline.
   * Blitting sprites is much cheaper than filling hundreds of anti-aliased paths.
   */
  return function sprite(color, ring, radius, scale) {
    const key = `${color}|${ring}|${radius}|${scale}`;
    let s = sprites.get(key);
    if (s) return s;
    const css = Math.ceil(radius * 2 + 5);
    const canvas = doc.createElement('canvas');
    canvas.width = canvas.height = Math.ceil(css * scale);
    const c = canvas.getContext('2d');
    c.scale(scale, scale);
    drawMarker(c, css / 2, css / 2, radius, color, ring);
    s = { canvas, css };
    if (sprites.size > 400) sprites.clear();
    sprites.set(key, s);
    return s;
  };
}

/** The shown points of every group, train then test, snapped to device pixels. */
export function drawPoints(view, c, L, scale, sprite) {
  if (!view.data) return;
  const radius = pointRadius(view, L.plot);
  for (const part of ['train', 'test']) {
    if (part === 'train' ? !view.options.showTrain : !view.options.showTest) continue;
    for (const g of view.groups) {
      const rows = g[part];
      if (!rows.length) continue;
      const s = sprite(g.color, part === 'test', radius, scale);
      const half = s.css / 2;
      for (let k = 0; k < rows.length; k += 1) {
        // Snapped to device pixels, so the sprite is copied, not resampled.
        const x = Math.round((pointX(view, L, part, rows[k]) - half) * scale) / scale;
        const y = Math.round((pointY(view, L, part, rows[k]) - half) * scale) / scale;
        c.drawImage(s.canvas, x, y, s.css, s.css);
      }
    }
  }
}

/** A data point: a filled disc (train) or a ring (test), both with a dark outline. */
export function drawMarker(c, x, y, radius, color, ring) {
  c.beginPath();
  c.arc(x, y, radius, 0, Math.PI * 2);
  if (ring) {
    // A band of the class colour between two dark edges; the inside stays see-through.
    c.lineWidth = 4;
    c.strokeStyle = POINT_OUTLINE;
    c.stroke();
    c.lineWidth = 2;
    c.strokeStyle = color;
    c.stroke();
  } else {
    c.fillStyle = color;
    c.fill();
    c.lineWidth = 1;
    c.strokeStyle = POINT_OUTLINE;
    c.stroke();
  }
}
