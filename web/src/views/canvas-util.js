// Plumbing shared by the canvas views: devicePixelRatio-aware sizing, frame scheduling,
// nice axis ticks and number formats. No DOM access at import time (node tests import it).

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const FONT = `12px ${FONT_FAMILY}`;
export const FONT_BOLD = `600 12px ${FONT_FAMILY}`;
/** Text on white: 15.8:1 and 6.4:1 contrast (WCAG AA needs 4.5:1). */
export const INK = '#1f2328';
export const INK_MUTED = '#57606a';
export const BACKGROUND = '#ffffff';
export const GRID_LINE = 'rgba(31, 35, 40, 0.09)';
export const AXIS_LINE = 'rgba(31, 35, 40, 0.35)';
export const MINUS = '\u2212';

/**
 * Sizes the canvas backing store to its CSS box times devicePixelRatio.
 * Returns { width, height, dpr } in CSS pixels, or null while the canvas is not laid out
 * (display: none). If the CSS box depends on the width/height attributes (the page gave the
 * canvas no CSS size), the CSS size is pinned first so the canvas does not grow on every resize.
 * known: { width, height }, the CSS size when the caller knows it (read in a ResizeObserver's
 * callback, where the layout is fresh), else it is read from the canvas.
 */
export function fitCanvas(canvas, known = null) {
  // A size the caller knows (from a ResizeObserver) spares reading the layout, which forces it
  // when the page changed since the last frame.
  const width = known ? known.width : canvas.clientWidth;
  const height = known ? known.height : canvas.clientHeight;
  if (!width || !height) return null;
  const dpr = Math.max(1, Math.min(4, globalThis.devicePixelRatio || 1));
  const bw = Math.max(1, Math.round(width * dpr));
  const bh = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
    if (canvas.clientWidth !== width || canvas.clientHeight !== height) {
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
  }
  return { width, height, dpr };
}

/**
 * Calls fn when the element's box changes, or devicePixelRatio does (browser zoom, moving the
 * window to another screen); returns a disconnect function.
 */
export function observeResize(element, fn) {
  const stops = [];
  if (typeof ResizeObserver !== 'undefined') {
    const observer = new ResizeObserver(() => fn());
    observer.observe(element);
    stops.push(() => observer.disconnect());
  } else if (globalThis.addEventListener) {
    globalThis.addEventListener('resize', fn);
    stops.push(() => globalThis.removeEventListener('resize', fn));
  }
  if (typeof globalThis.matchMedia === 'function') {
    // A media query matches one ratio only: re-arm it for the new ratio after each change.
    let query = null;
    const arm = () => {
      query = globalThis.matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
      query.addEventListener?.('change', onChange, { once: true });
    };
    const onChange = () => {
      fn();
      arm();
    };
    arm();
    stops.push(() => query?.removeEventListener?.('change', onChange));
  }
  return () => stops.forEach((stop) => stop());
}

/**
 * Coalesces redraw requests into one per animation frame; flush() draws now. draw(whole) is
 * called with whole = true by flush() (a caller wants the whole picture at once) and false for
 * the redraws it schedules itself (a view may then do part of the work and request() again). With nextTask
 * (taskQueue() of ui/tasks.js), the redraw runs in a task of its own right after the frame
 * rather than in the frame's task, which keeps only the browser's style, layout and paint.
 */
export function createScheduler(draw, name = 'view', { nextTask = null } = {}) {
  let pending = 0; // the animation frame asked for
  let cancelTask = null; // with nextTask: the redraw's task, posted by the frame
  const raf = globalThis.requestAnimationFrame?.bind(globalThis) ?? ((f) => setTimeout(f, 16));
  const caf = globalThis.cancelAnimationFrame?.bind(globalThis) ?? clearTimeout;
  const run = (whole = false) => {
    pending = 0;
    cancelTask = null;
    timed(name, () => draw(whole));
  };
  const afterFrame = () => {
    pending = 0;
    cancelTask = nextTask(() => run());
  };
  const cancel = () => {
    if (pending) caf(pending);
    pending = 0;
    cancelTask?.();
    cancelTask = null;
  };
  return {
    request() {
      if (!pending && !cancelTask) pending = raf(nextTask ? afterFrame : () => run());
    },
    flush() {
      cancel();
      run(true);
    },
    cancel,
  };
}

/**
 * An offscreen canvas redrawn only when its key changes: ensure(key, width, height, dpr,
 * draw(ctx)) draws with the dpr transform into a cleared canvas of that device size (and
 * returns true), or does nothing when key and size are those of the last drawing.
 */
export function createLayer(doc, contextOptions = undefined) {
  const canvas = doc.createElement('canvas');
  const c = canvas.getContext('2d', contextOptions);
  let drawn = null;
  return {
    canvas,
    context: c,
    ensure(key, width, height, dpr, draw) {
      const full = `${key}|${width}x${height}`;
      if (full === drawn) return false;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      } else {
        c.setTransform(1, 0, 0, 1, 0, 0);
        c.clearRect(0, 0, width, height);
      }
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
      c.save();
      draw(c);
      c.restore();
      drawn = full;
      return true;
    },
    /** The next ensure() draws, whatever its key. */
    invalidate() {
      drawn = null;
    },
  };
}

/**
 * Runs fn; when the page (or a test) has set globalThis.__mlpDrawLog to an array, appends
 * [name, start, duration in ms] to it: the views' draw times, for performance checks.
 */
export function timed(name, fn) {
  const log = globalThis.__mlpDrawLog;
  if (!log) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    log.push([name, t0, performance.now() - t0]);
  }
}

/**
 * About `count` round tick values (1, 2, 5 x 10^k) covering [min, max].
 * Returns { ticks, step }; ticks lie inside [min, max] (with a 1e-9 relative tolerance).
 */
export function niceTicks(min, max, count = 5) {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return { ticks: [], step: 1 };
  if (max < min) [min, max] = [max, min];
  if (max === min) return { ticks: [min], step: 1 };
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  const tolerance = (max - min) * 1e-9;
  const ticks = [];
  for (let k = Math.ceil((min - tolerance) / step); k * step <= max + tolerance; k += 1) {
    // toPrecision drops the binary noise: 3 * 0.2 is 0.6, not 0.6000000000000001.
    ticks.push(Math.abs(k * step) < step * 1e-9 ? 0 : +(k * step).toPrecision(12));
  }
  return { ticks, step };
}

/** Ticks of a log10 axis over [min, max] (both > 0): decades, or 1-2-5 steps inside one decade. */
export function logTicks(min, max) {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const major = [];
  const minor = [];
  for (let e = lo; e <= hi; e += 1) {
    for (let m = 1; m < 10; m += 1) {
      const v = m * 10 ** e;
      if (v < min * (1 - 1e-9) || v > max * (1 + 1e-9)) continue;
      if (m === 1) major.push(v);
      else minor.push(v);
    }
  }
  if (major.length >= 2) return { major, minor };
  // Less than two decades visible: label 1, 2 and 5 too.
  const labelled = [...major, ...minor.filter((v) => [2, 5].includes(Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9))))];
  labelled.sort((a, b) => a - b);
  return { major: labelled, minor: minor.filter((v) => !labelled.includes(v)) };
}

/** A tick label: as many decimals as the step needs, a true minus sign. */
export function formatTick(value, step) {
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return exponential(value, 1);
  if (a >= 1e4 && step >= 1000) return withMinus(`${+(value / 1000).toFixed(Math.max(0, decimalsFor(step / 1000)))}k`);
  return withMinus(value.toFixed(Math.min(8, decimalsFor(step))));
}

/** A log-axis label: 0.001, 0.01, ..., 1000, else 1e−5. */
export function formatLogTick(value) {
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e4) return withMinus(String(+value.toPrecision(6)));
  return exponential(value, 0);
}

/** A read-out value: four significant digits, exponent for very large or small numbers. */
export function formatValue(value, digits = 4) {
  if (value === undefined || value === null || Number.isNaN(value)) return '\u2013';
  if (!Number.isFinite(value)) return value > 0 ? '\u221e' : `${MINUS}\u221e`;
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return exponential(value, digits - 1);
  return withMinus(String(+value.toPrecision(digits)));
}

/** An integer with thin thousands separators: 12 345. */
export function formatCount(n) {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Enough decimals to write multiples of `step` exactly (0.25 -> 2, 0.5 -> 1, 20 -> 0). */
function decimalsFor(step) {
  let d = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (d < 8 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6 * step * 10 ** d) d += 1;
  return d;
}

/** A value with the decimals of its order of magnitude `resolution` (0.03 -> 2 decimals). */
export function formatFixed(value, resolution) {
  const d = Math.min(8, Math.max(0, -Math.floor(Math.log10(resolution) + 1e-9)));
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return exponential(value, 2);
  return withMinus(value.toFixed(d));
}

function exponential(value, digits) {
  const [mantissa, exp] = value.toExponential(digits).split('e');
  return withMinus(`${mantissa}e${exp.replace('+', '')}`);
}

function withMinus(text) {
  return text.replace(/^-/, MINUS).replace(/e-/, `e${MINUS}`);
}

/** Draws a rounded rectangle path (ctx.roundRect is missing in older browsers). */
export function roundRectPath(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/**
 * A tooltip box: rows of { text, color?, bold?, marker? } drawn near (x, y) inside the
 * bounds { x, y, w, h }; placed right-below the anchor, flipped when it would overflow.
 */
export function drawTooltip(ctx, x, y, rows, bounds) {
  const pad = 7;
  const lineHeight = 17;
  let width = 0;
  for (const row of rows) {
    ctx.font = row.bold ? FONT_BOLD : FONT;
    width = Math.max(width, ctx.measureText(row.text).width + (row.color ? 14 : 0));
  }
  const w = Math.ceil(width + pad * 2);
  const h = rows.length * lineHeight + pad * 2 - 3;
  let left = x + 14;
  let top = y + 14;
  if (left + w > bounds.x + bounds.w) left = x - 14 - w;
  if (top + h > bounds.y + bounds.h) top = y - 14 - h;
  left = Math.max(bounds.x + 2, Math.min(left, bounds.x + bounds.w - w - 2));
  top = Math.max(bounds.y + 2, Math.min(top, bounds.y + bounds.h - h - 2));
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.18)';
  ctx.shadowBlur = 6;
  ctx.shadowOffsetY = 1;
  roundRectPath(ctx, left, top, w, h, 5);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.97)';
  ctx.fill();
  ctx.restore();
  roundRectPath(ctx, left + 0.5, top + 0.5, w - 1, h - 1, 5);
  ctx.strokeStyle = 'rgba(31, 35, 40, 0.2)';
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  rows.forEach((row, k) => {
    const cy = top + pad + k * lineHeight + 7;
    let tx = left + pad;
    if (row.color) {
      ctx.fillStyle = row.color;
      if (row.marker === 'line') ctx.fillRect(tx, cy - 1.5, 10, 3);
      else {
        ctx.beginPath();
        ctx.arc(tx + 4.5, cy, 4.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = 'rgba(20, 24, 28, 0.85)';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      tx += 14;
    }
    ctx.font = row.bold ? FONT_BOLD : FONT;
    ctx.fillStyle = row.muted ? INK_MUTED : INK;
    ctx.fillText(row.text, tx, cy);
  });
  return { x: left, y: top, w, h };
}

/**
 * Follows the pointer over a canvas: onHover({ x, y }) in CSS pixels on move and press,
 * onHover(null) on leave. Returns a function that removes the listeners.
 */
export function trackPointer(canvas, onHover) {
  const at = (e) => {
    const b = canvas.getBoundingClientRect();
    onHover({ x: e.clientX - b.left, y: e.clientY - b.top });
  };
  const listeners = { pointermove: at, pointerdown: at, pointerleave: () => onHover(null) };
  for (const [type, fn] of Object.entries(listeners)) canvas.addEventListener(type, fn);
  return () => {
    for (const [type, fn] of Object.entries(listeners)) canvas.removeEventListener(type, fn);
  };
}

/**
 * An epoch axis under a plot from x = left to left + plotW, text top at y: the name "epoch" at
 * the right end, then xt's tick labels centred at px(v), leaving out those that would collide
 * with the name (the first one kept inside the left edge). In the context's font and fill.
 */
export function drawEpochAxis(c, xt, px, left, plotW, y) {
  c.textBaseline = 'top';
  const right = left + plotW;
  c.textAlign = 'right';
  c.fillText('epoch', right, y);
  const nameLeft = right - c.measureText('epoch').width - 8;
  c.textAlign = 'center';
  for (const v of xt.ticks) {
    const text = formatTick(v, xt.step);
    const w = c.measureText(text).width;
    const x = Math.max(px(v), left + w / 2 - 4);
    if (x + w / 2 > nameLeft) continue;
    c.fillText(text, x, y);
  }
}

/**
 * Adds a curve to c's current path: value i at x = left + epoch * scale (epoch = epochs[i], or
 * i + 1 without epochs) and y = map(value). Values that are not finite, or <= 0 on a log axis,
 * are skipped. Above two values per pixel, each pixel column keeps its first, lowest, highest
 * and last value, so spikes and the ends of the line survive.
 */
export function traceCurve(c, { values, epochs = null, n = values.length, left, scale, plotW, map, log = false }) {
  let started = false;
  const point = (x, y) => {
    if (started) c.lineTo(x, y);
    else {
      c.moveTo(x, y);
      started = true;
    }
  };
  const skip = (v) => !(v > -Infinity && v < Infinity) || (log && v <= 0);
  const epochOf = (i) => (epochs ? epochs[i] : i + 1);
  if (n <= plotW * 2) {
    for (let i = 0; i < n; i += 1) if (!skip(values[i])) point(left + epochOf(i) * scale, map(values[i]));
    return;
  }
  let col = -1;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const flush = () => {
    const x = left + col + 0.5;
    point(x, map(first));
    point(x, map(lo));
    point(x, map(hi));
    point(x, map(last));
  };
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    if (skip(v)) continue;
    const k = (epochOf(i) * scale) | 0;
    if (k !== col) {
      if (col >= 0) flush();
      col = k;
      first = lo = hi = last = v;
    } else {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      last = v;
    }
  }
  if (col >= 0) flush();
}
