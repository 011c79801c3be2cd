// The panel's notation and numbers as DOM: formulas in the course's notation (layer indices as
// superscripts "(l)", unit indices as subscripts), numbers at 4 significant digits with the exact
// value in their title, matrix shapes, and the names of units.

import { h } from '../../ui/dom.js';
import { MINUS, formatValue } from '../canvas-util.js';

/**
 * A formula as nodes: "W^(l)" puts "(l)" in a superscript, "e^{-z}" puts -z in one, "a_j", "a_12"
 * and "a_{k+1}" put j, 12 and k+1 in a subscript (one letter, or all the digits), "^T" a transpose mark; "-" between spaces is a true
 * minus. Text only: no markup is read from it.
 * @param {string} text
 * @returns {Array<Node | string>}
 */
export function mathNodes(text) {
  const out = [];
  const re = /\^\(([^)]*)\)|\^T\b|\^\{([^}]*)\}|_\{([^}]*)\}|_(\d+|[A-Za-z])/g;
  let at = 0;
  const plain = (s) => s.replace(/ - /g, ` ${MINUS} `).replace(/\(-/g, `(${MINUS}`);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push(plain(text.slice(at, m.index)));
    if (m[1] !== undefined) out.push(h('sup', {}, `(${m[1]})`));
    else if (m[0] === '^T') out.push(h('sup', {}, 'T'));
    else if (m[2] !== undefined) out.push(h('sup', {}, plain(m[2]).replace(/^-/, MINUS)));
    else out.push(h('sub', {}, m[3] ?? m[4]));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(plain(text.slice(at)));
  return out;
}

/**
 * The subscript of w_ij in a formula: "w_{13}", or "w_{13,2}" when an index has two digits or
 * `wide` (a layer of more than 9 units: every w of its list gets the comma, w_{7,5} beside w_{7,13}).
 */
export const wij = (i, j, wide = false) => `w_{${i}${wide || i > 9 || j > 9 ? ',' : ''}${j}}`;

/** A unit's name in parentheses after a term: " (x1)", and " (1,4)" for a name that has its own (a pixel's). */
export const inParens = (name) => (/^\(.*\)$/.test(name) ? ` ${name}` : ` (${name})`);

/** A formula's line in the course's notation (see mathNodes). */
export const formula = (text) => h('div', { class: 'trace-formula-line' }, mathNodes(text));

/** The formula box: its lines, scrolled sideways inside the box (never the page) when too wide. */
export const formulaBox = (...lines) => h('div', { class: 'trace-formula', role: 'group', 'aria-label': 'Formula' }, lines);

/** A number at 4 significant digits; the exact value in its title. */
export function num(value, digits = 4) {
  return h('span', { class: 'trace-num', title: Number.isFinite(value) ? String(value) : formatValue(value) }, formatValue(value, digits));
}

/** "W^(1): 2 × 3" and the like, as a muted line of shapes: [[name, rows, cols?], ...]. */
export function shapes(list) {
  const parts = list.map(([name, rows, cols]) => h('span', { class: 'trace-shape' }, mathNodes(name), `: ${cols === undefined ? rows : `${rows} × ${cols}`}`));
  return h('div', { class: 'trace-shapes' }, 'Shapes: ', parts.flatMap((p, k) => (k ? [', ', p] : [p])));
}

/**
 * The names a panel gives to units: input features, hidden units h_j, output units (the class
 * of a softmax or multilabel output, "P(class 1)" of a binary one, the target of a regression).
 * @param {{ featureNames?: string[], classNames?: string[], targetNames?: string[] }} names
 */
export function unitNamer(trace, names = {}) {
  const L = trace.layers.length;
  const kind = trace.output.kind;
  const cls = (k) => names.classNames?.[k] ?? `class ${k}`;
  return (l, j) => {
    if (l === 0) return names.featureNames?.[j] ?? `x${j + 1}`;
    if (l < L) return `unit ${j + 1}`;
    if (kind === 'binary') return `P(${cls(1)})`;
    if (kind === 'regression') return names.targetNames?.[j] ?? (trace.output.values.length === 1 ? 'ŷ' : `ŷ${j + 1}`);
    return `P(${cls(j)})`;
  };
}

/** A class's name. */
export const className = (names, k) => names.classNames?.[k] ?? `class ${k}`;
