// The weight views' painting helpers: grayscale images into a packed atlas, the note shown
// instead of pictures, and the start of a frame (the canvas's height, size and background).

import { BACKGROUND, FONT, INK_MUTED, fitCanvas } from '../canvas-util.js';
import { packRgba, probabilityIndex } from '../palette.js';
import { PAD } from './layout.js';

/** 256 packed grays, black to white. */
const GRAY = Uint32Array.from({ length: 256 }, (_, i) => packRgba(i, i, i));

/**
 * One image: pixel (r, c) is src[offset + (r * cols + c) * stride], mapped from lo (black) up
 * with gray = (v - lo) * inv (1 is white; clamped; NaN mid-gray), written into the packed
 * atlas pixels px (atlasW wide) at (ox, oy). Returns the values' [min, max].
 */
export function paintGray(src, offset, stride, lo, inv, rows, cols, px, atlasW, ox, oy) {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r += 1) {
    const out = (oy + r) * atlasW + ox;
    const base = offset + r * cols * stride;
    for (let c = 0; c < cols; c += 1) {
      const v = src[base + c * stride];
      if (v < min) min = v;
      if (v > max) max = v;
      px[out + c] = GRAY[probabilityIndex((v - lo) * inv)];
    }
  }
  return [min, max];
}

/** A line of muted text where the pictures would be. */
export function drawNote(ctx, text) {
  ctx.font = FONT;
  ctx.fillStyle = INK_MUTED;
  ctx.fillText(text, PAD, PAD + 4);
}

/** Sets the canvas's CSS height to heightFor(its width) (nothing while it has no width). */
export function fitHeight(canvas, heightFor) {
  const width = canvas.clientWidth;
  if (!width) return;
  const height = heightFor(width);
  if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
}

/** Sizes the canvas and clears it to the background, text set to the top left; its size, or null. */
export function clearFrame(canvas, ctx) {
  const size = fitCanvas(canvas);
  if (!size) return null;
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  return size;
}
