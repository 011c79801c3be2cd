// Small DOM helpers shared by the page's controls.

import { thousands } from '../state/thousands.js';

/**
 * h('button', { class: 'x', onclick: fn, 'aria-label': '...' }, 'text', child, ...)
 * Attributes: on* are listeners; class/for/html handled; false/null skip; true sets "".
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k in el && typeof v !== 'string' && k !== 'list') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let uid = 0;
/** A unique element id with a readable prefix. */
export const uniqueId = (prefix) => `${prefix}-${(uid += 1)}`;

/** Number formats for the status bar. */
export function fmt(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export const fmtInt = (v) => (Number.isFinite(v) ? thousands(v) : '–');

/**
 * Samples per second: '4,520', '45.2k', '452k', '3.14M' (three significant figures from 10,000 on).
 * The rate must be measured over enough time to mean something (the session's status.rate is);
 * '–' when there is none.
 */
export function fmtRate(perSecond) {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '–';
  if (perSecond < 1e4) return fmtInt(perSecond);
  const [unit, scale] = perSecond >= 1e6 ? ['M', 1e6] : ['k', 1e3];
  return `${Number((perSecond / scale).toPrecision(3))}${unit}`;
}

/**
 * v rounded down (towards minus infinity) at `decimals` decimals, as fixed-point text: a score
 * below a threshold never reads as the threshold (an R² of 0.99996 is 0.9999, not 1.0000).
 */
function floorFixed(v, decimals) {
  const k = 10 ** decimals;
  // The nudge keeps exact decimals exact (0.9998 * 1e4 is 9997.999999999998 in binary).
  const floored = Math.floor(v * k + 1e-12 * Math.max(1, Math.abs(v * k))) / k;
  return (floored === 0 ? 0 : floored).toFixed(decimals);
}

/**
 * R² (score() of a regressor): 4 decimals, rounded down, so 0.9998 reads 0.9998 and nothing
 * below 1 reads 1.0000. Far below 0 (an untrained model can be at -3e5), 4 significant figures.
 */
export function fmtR2(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v) || v <= -1000) return fmt(v);
  if (v <= -10) return String(Number(v.toPrecision(4)));
  return floorFixed(v, 4);
}

/** An accuracy (0..1) as a percentage with one decimal, rounded down: 99.96% is 99.9%, never 100.0%. */
export function fmtAccuracy(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${floorFixed(v * 100, 1)}%`;
}

/** score() for the task: R² for a regressor, the accuracy for a classifier. */
export const fmtScore = (v, task) => (task === 'regression' ? fmtR2(v) : fmtAccuracy(v));

/** True when a keyboard event is aimed at a text field (Space, Ctrl+Z belong to it). */
export function inTextField(target) {
  if (!(target instanceof Element)) return false;
  if (/** @type {HTMLElement} */ (target).isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file'].includes(/** @type {HTMLInputElement} */ (target).type);
}

/** True when the element is interactive (Space would activate it). */
export function isInteractive(target) {
  return target instanceof Element && Boolean(target.closest('button, a[href], input, select, textarea, summary, [role="button"], [role="menuitem"], [role="radio"], [role="slider"], [contenteditable="true"], canvas[tabindex]'));
}

/** Downloads a Blob as a file. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, style: { display: 'none' } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/** Copies text: the async clipboard API, else a hidden textarea and execCommand. Resolves true on success. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way (permission denied, insecure context...)
  }
  const ta = h('textarea', { readonly: true, 'aria-hidden': 'true', style: { position: 'fixed', top: '-1000px', opacity: '0' } });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}
