// The panel's two repeated pieces: a layer's table of units (one row per unit, a row picks the
// unit the step details) and a list of a sum's terms, largest first, the rest folded into a
// "+ N more" button that unfolds them.

import { h } from '../../ui/dom.js';
import { foldTerms } from './terms.js';
import { mathNodes, num } from './notation.js';

const ROWS_SHOWN = 12; // a wider layer shows its first 12 units and a "+ N more" row

/**
 * A layer's units as a table: one row per unit with `columns` ({ head (formula text), values }),
 * the row of unit `selected` marked; a row's button calls onPick(j). Wide layers fold after 12.
 * @param {{ caption: string, names: (j: number) => string, columns: Array<{ head: string, values: ArrayLike<number> }>,
 *   selected: number, onPick: (j: number) => void }} o
 */
export function unitTable({ caption, names, columns, selected, onPick }) {
  const n = columns[0].values.length;
  const row = (j) =>
    h('tr', { class: j === selected ? 'selected' : null },
      h('th', { scope: 'row' },
        h('button', { type: 'button', class: 'trace-unit', 'aria-pressed': String(j === selected), onclick: () => onPick(j) }, names(j))),
      columns.map((c) => h('td', {}, num(c.values[j]))));
  const body = h('tbody', {});
  const first = n > ROWS_SHOWN + 2 ? Math.max(ROWS_SHOWN, selected + 1) : n;
  for (let j = 0; j < first; j += 1) body.append(row(j));
  if (first < n) {
    const more = h('tr', { class: 'trace-more-row' },
      h('td', { colspan: String(columns.length + 1) },
        h('button', {
          type: 'button',
          class: 'trace-more',
          onclick: () => {
            const rows = [];
            for (let j = first; j < n; j += 1) rows.push(row(j));
            more.replaceWith(...rows);
          },
        }, `+ ${n - first} more units`)));
    body.append(more);
  }
  return h('div', { class: 'trace-table-box' },
    h('table', { class: 'trace-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'unit'), columns.map((c) => h('th', { scope: 'col' }, mathNodes(c.head))))),
      body));
}

/**
 * A sum's terms, largest first: each row `label(t)` (a formula text), `factors(t)` (nodes) and
 * the term's value; past 7 terms the 5 largest and a "+ N more" button that unfolds the rest.
 * @template {{ product: number }} T
 * @param {{ terms: T[], label: (t: T) => string, factors: (t: T) => Array<Node | string>, caption: string }} o
 */
export function termList({ terms, label, factors, caption }) {
  const { shown, folded } = foldTerms(terms);
  const item = (t) =>
    h('li', {},
      h('span', { class: 'trace-term-name' }, mathNodes(label(t))),
      h('span', { class: 'trace-term-factors' }, factors(t)),
      h('span', { class: 'trace-term-value' }, '= ', num(t.product)));
  const list = h('ol', { class: 'trace-terms', 'aria-label': caption }, shown.map(item));
  if (folded.length) {
    // The folded terms' total, so that the sum still reads whole.
    const rest = folded.reduce((s, t) => s + t.product, 0);
    const more = h('li', { class: 'trace-more-row' },
      h('button', {
        type: 'button',
        class: 'trace-more',
        'aria-expanded': 'false',
        onclick: () => more.replaceWith(...folded.map(item)),
      }, `+ ${folded.length} more`, h('span', { class: 'trace-more-sum' }, ' (together ', num(rest), ')')));
    list.append(more);
  }
  return list;
}
