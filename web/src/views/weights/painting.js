// The weight views' painting helpers: grayscale images into a packed atlas, the note shown
// instead of pictures, and the start of a frame (the canvas's height, size and background).

import { BACKGROUND, FONT, INK_MUTED, fitCanvas } from '../canvas-util.js';
import { packRgba, probabilityIndex } from '../palette.js';
import { colormapIndex, grayOfIndex, matshowNormalizer } from './course.js';
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

/**
 * One image as the course draws it (course.js): pixel (r, c) is src[offset + (r * cols + c) *
 * stride], mapped as matplotlib's matshow maps it (its round trip through the image's own
 * range, Normalize(vmin, vmax), the gray colour map; values beyond the range black or white),
 * written into the packed atlas pixels px (atlasW wide) at (ox, oy). Returns the values'
 * [min, max].
 */
export function paintCourse(src, offset, stride, vmin, vmax, rows, cols, px, atlasW, ox, oy) {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r += 1) {
    const base = offset + r * cols * stride;
    for (let c = 0; c < cols; c += 1) {
      const v = src[base + c * stride];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const normalize = matshowNormalizer(min, max, vmin, vmax);
  for (let r = 0; r < rows; r += 1) {
    const out = (oy + r) * atlasW + ox;
    const base = offset + r * cols * stride;
    for (let c = 0; c < cols; c += 1) px[out + c] = GRAY[grayOfIndex(colormapIndex(normalize(src[base + c * stride])))];
  }
  return [min, max];
}

/** A line of muted text where the pictures would be. */
function drawNote(ctx, text) {
  ctx.font = FONT;
  ctx.fillStyle = INK_MUTED;
  ctx.fillText(text, PAD, PAD + 4);
}

/**
 * The start of a weight view's paint(): true when there is nothing to paint (no net, or its
 * pictures are done), or when the net gets a note instead of pictures (then state.shown is
 * { net, note } and the job in progress is dropped); false when there is painting to do.
 * state: { net, shown, job }.
 */
export function doneOrNoted(state, noteFor) {
  if (!state.net || state.shown?.net === state.net) return true;
  const note = noteFor(state.net);
  if (!note) return false;
  state.shown = { net: state.net, note };
  state.job = null;
  return true;
}

/** Puts a finished ImageData into the atlas canvas, resized to it. */
export function putAtlas(atlas, atlasCtx, image) {
  if (atlas.width !== image.width || atlas.height !== image.height) {
    atlas.width = image.width;
    atlas.height = image.height;
  }
  atlasCtx.putImageData(image, 0, 0);
}

/**
 * Draws `note` where the pictures would be, with data-<countKey> 0 and the aria-label
 * "<label>: <note>"; true when it did (a note), false for no note (the pictures are drawn).
 */
export function drawNoteInstead(canvas, ctx, note, countKey, label) {
  if (!note) return false;
  drawNote(ctx, note);
  canvas.dataset[countKey] = '0';
  canvas.setAttribute('aria-label', `${label}: ${note}`);
  return true;
}

/**
 * Sets the canvas's CSS height to heightFor(its width) (nothing while it has no width); its CSS
 * size { width, height }, or null. width: the canvas's CSS width if known (read by a resize
 * observer, where the layout is fresh): then no layout is read here, none forced.
 */
export function fitHeight(canvas, heightFor, width = null) {
  const w = width ?? canvas.clientWidth;
  if (!w) return null;
  const height = heightFor(w);
  if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  return { width: w, height };
}

/**
 * Sizes the canvas and clears it to the background, text set to the top left; its size, or null.
 * known: its CSS size if known (fitHeight's): then the layout is not read.
 */
export function clearFrame(canvas, ctx, known = null) {
  const size = fitCanvas(canvas, known);
  if (!size) return null;
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  return size;
}
