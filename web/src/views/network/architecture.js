// The network's architecture as the diagram names and shows it: the units a column shows,
// where each W and b sit in the packed weights (coefs_ then intercepts_), the input features it
// can picture, and the names of layers and units. Pure: no canvas. `view` is the diagram's state (network.js).

import { formatCount } from '../canvas-util.js';
import { outputKind } from '../output-tiles.js';

const COLLAPSE_ABOVE = 12;
const HEAD = 5;
const TAIL = 5;

/** The units a column shows: all up to COLLAPSE_ABOVE, else the first and last 5. */
export function collapsedUnits(n, limit = COLLAPSE_ABOVE, head = HEAD, tail = TAIL) {
  if (n <= limit) return { shown: Array.from({ length: n }, (_, i) => i), hidden: 0, markerAfter: -1 };
  const shown = [];
  for (let i = 0; i < head; i += 1) shown.push(i);
  for (let i = n - tail; i < n; i += 1) shown.push(i);
  return { shown, hidden: n - head - tail, markerAfter: head - 1 };
}

/**
 * Offsets in the packed weights (the update's weights): every W_l (layerUnits[l] x layerUnits[l + 1],
 * row-major) in order, then every b_l. Returns { W: [offset], b: [offset], total }.
 */
export function weightOffsets(layerUnits) {
  const W = [];
  const b = [];
  let at = 0;
  for (let l = 0; l + 1 < layerUnits.length; l += 1) {
    W.push(at);
    at += layerUnits[l] * layerUnits[l + 1];
  }
  for (let l = 0; l + 1 < layerUnits.length; l += 1) {
    b.push(at);
    at += layerUnits[l + 1];
  }
  return { W, b, total: at };
}

/** The input features the diagram can picture, by their usual labels. */
export const FEATURES = {
  x: (x) => x,
  y: (x, y) => y,
  'x²': (x) => x * x,
  'y²': (x, y) => y * y,
  xy: (x, y) => x * y,
  'sin x': (x) => Math.sin(x),
  'sin y': (x, y) => Math.sin(y),
};
const FEATURE_ALIASES = {
  x: 'x', x1: 'x', 'x₁': 'x',
  y: 'y', 'x₂': 'y',
  'x²': 'x²', 'x^2': 'x²', x2: 'x²', 'x₁²': 'x²', xx: 'x²',
  'y²': 'y²', 'y^2': 'y²', y2: 'y²', 'x₂²': 'y²', yy: 'y²',
  xy: 'xy', 'x·y': 'xy', 'x*y': 'xy', 'x₁x₂': 'xy', 'x₁·x₂': 'xy',
  sinx: 'sin x', 'sin(x)': 'sin x', 'sin(x₁)': 'sin x', 'sinx₁': 'sin x',
  siny: 'sin y', 'sin(y)': 'sin y', 'sin(x₂)': 'sin y', 'sinx₂': 'sin y',
};
export function featureOf(label) {
  const key = String(label ?? '').toLowerCase().replace(/\s+/g, '');
  return FEATURE_ALIASES[key] ?? null;
}

/** The number of layers, inputs and outputs included (0 without a net). */
export const nLayers = (view) => view.net?.layerUnits.length ?? 0;
export const layerName = (view, l) => (l === 0 ? 'input' : l === nLayers(view) - 1 ? 'output' : `hidden ${l}`);
export const inputLabel = (view, i) => view.net.inputLabels?.[i] ?? `x${toSubscript(i + 1)}`;
export const outputLabel = (view, j) => view.net.outputLabels?.[j] ?? (view.net.layerUnits.at(-1) === 1 ? 'output' : `output ${j}`);

/** The popup's title for unit u of layer l. */
export function unitTitle(view, l, u) {
  if (l === 0) return `Input ${inputLabel(view, u)}`;
  if (l === nLayers(view) - 1) return `Output ${outputLabel(view, u)}`;
  return `Hidden layer ${l}, unit ${u + 1}`;
}

/** A unit's short name in a link's description: x, h1,3, P(class 2). */
export function unitName(view, l, u) {
  if (l === 0) return inputLabel(view, u);
  if (l === nLayers(view) - 1) return outputLabel(view, u);
  return `h${l},${u + 1}`;
}

/** The output layer's kind (output-tiles.js outputKind). */
export const kindOf = (view) => outputKind(view.net?.task, view.net?.layerUnits.at(-1));

/** The diagram's aria-label: the inputs (named), the hidden layers, the outputs, the parameter count and the keys. */
export function networkLabel(view) {
  const units = view.net.layerUnits;
  const hidden = units.slice(1, -1);
  const inputs = units[0] === 1 ? '1 input' : `${units[0]} inputs`;
  const labels = view.net.inputLabels?.length ? ` (${view.net.inputLabels.join(', ')})` : '';
  const hiddenText = hidden.length
    ? `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.join(', ')} units`
    : 'no hidden layer';
  const outputNames = view.net.outputLabels?.length ? ` (${view.net.outputLabels.join(', ')})` : '';
  const outputs = `${units.at(-1) === 1 ? '1 output' : `${units.at(-1)} outputs`}${outputNames}`;
  return (
    `Network: ${inputs}${labels}, ${hiddenText}, ${outputs}; ${formatCount(view.offsets.total)} parameters. ` +
    'Arrow keys move between units; Enter walks the links of a unit, with their weights.'
  );
}

function toSubscript(n) {
  return String(n).replace(/\d/g, (d) => '\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089'[d]);
}
