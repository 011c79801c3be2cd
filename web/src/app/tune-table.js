// Tune's cv_results_ table: one row per candidate, sorted by rank (a click on a column's head
// sorts by it), as scikit-learn's cv_results_ has them: the parameters, the mean and std of the
// CV score, the training score, the fit time.
import { valueText } from '../tune/spec.js';
import { h } from '../ui/dom.js';

const fixed = (v) => (Number.isFinite(v) ? v.toFixed(4) : '–');

/** createResultsTable() -> { el, show(spec, rows, scoreName), clear() } */
export function createResultsTable() {
  const el = h('div', { class: 'tune-table table-scroll' });
  let sortKey = 'rank';
  let last = null;

  function columns(spec, scoreName) {
    const cols = [];
    if (spec.kind === 'grid' || spec.kind === 'random') cols.push({ key: 'rank', head: 'rank_test_score', value: (r) => r.rank, text: (r) => String(r.rank) });
    if (spec.kind === 'learning_curve') cols.push({ key: 'size', head: 'training rows', value: (r) => r.size, text: (r) => String(r.size) });
    for (const p of spec.params) {
      if (spec.kind === 'learning_curve') break;
      // Sorted in the order the values were typed (numbers as numbers, layer sizes as listed).
      const order = (r) => p.values.findIndex((v) => JSON.stringify(v) === JSON.stringify(r.params?.[p.id]));
      cols.push({ key: p.id, head: p.id, value: order, text: (r) => valueText(p.id, r.params?.[p.id]) });
    }
    cols.push({ key: 'test', head: `mean CV ${scoreName}`, value: (r) => -(r.test.mean || -Infinity), text: (r) => fixed(r.test.mean) });
    cols.push({ key: 'std', head: 'std', value: (r) => r.test.std, text: (r) => fixed(r.test.std) });
    cols.push({ key: 'train', head: `mean train ${scoreName}`, value: (r) => -(r.train.mean || -Infinity), text: (r) => fixed(r.train.mean) });
    if (spec.kind === 'grid' || spec.kind === 'random') cols.push({ key: 'time', head: 'mean_fit_time (s)', value: (r) => r.fitTime, text: (r) => (Number.isFinite(r.fitTime) ? r.fitTime.toFixed(3) : '–') });
    return cols;
  }

  function render() {
    if (!last) return;
    const { spec, rows, scoreName } = last;
    const cols = columns(spec, scoreName);
    const by = cols.find((c) => c.key === sortKey) ?? cols[0];
    const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => {
      const x = by.value(a.r);
      const y = by.value(b.r);
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    });
    const head = h('tr', {}, cols.map((c) => h('th', { scope: 'col', 'aria-sort': c === by ? 'ascending' : null },
      h('button', { type: 'button', class: 'linklike', onclick: () => { sortKey = c.key; render(); } }, c.head))));
    const body = sorted.map(({ r }) => h('tr', { class: r.rank === 1 ? 'best' : null }, cols.map((c) => h('td', {}, c.text(r)))));
    el.replaceChildren(h('table', { class: 'data-table', 'data-testid': 'tune-results' }, h('thead', {}, head), h('tbody', {}, body)));
  }

  return {
    el,
    show(spec, rows, scoreName) {
      last = { spec, rows, scoreName };
      sortKey = spec.kind === 'grid' || spec.kind === 'random' ? 'rank' : spec.kind === 'learning_curve' ? 'size' : spec.params[0].id;
      render();
    },
    clear() {
      last = null;
      el.replaceChildren();
    },
  };
}
