// The test set's numbers as HTML tables (screen readers read them as tables): the confusion
// matrix, the scores per class (classification_report) and the regression scores.
import { classReport } from '../../data/metrics.js';
import { h } from '../../ui/dom.js';
import { cellShade } from './colours.js';
import { DASH } from './labels.js';

const TABLE_STYLE = { borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums', margin: '6px 0 10px' };
const CAPTION_STYLE = { textAlign: 'left', fontWeight: '600', padding: '0 0 4px' };
const CELL_STYLE = { padding: '3px 8px', textAlign: 'right', border: '1px solid rgba(31, 35, 40, 0.12)' };
const HEAD_STYLE = { ...CELL_STYLE, fontWeight: '600', background: '#f6f8fa' };

function scoreCell(value) {
  return h('td', { style: CELL_STYLE }, value === null ? DASH : value.toFixed(3));
}

/** The confusion matrix of counts (null before training: empty cells) for these class names, into box. */
export function buildConfusion(box, names, counts) {
  const K = names.length;
  const head = h('tr', {}, h('th', { scope: 'col', style: { ...HEAD_STYLE, textAlign: 'left' } }, 'true \\ predicted'), names.map((name) => h('th', { scope: 'col', style: HEAD_STYLE }, name)));
  const body = names.map((name, t) => {
    let rowTotal = 0;
    if (counts) for (let j = 0; j < K; j += 1) rowTotal += counts[t * K + j];
    const cells = names.map((pred, p) => {
      if (!counts) return h('td', { style: CELL_STYLE, title: `true ${name}, predicted ${pred}: not trained yet` }, '');
      const count = counts[t * K + p];
      const shade = cellShade(count, rowTotal, t === p);
      const style = { ...CELL_STYLE, color: shade.color, ...(shade.background ? { background: shade.background } : {}) };
      const title = `true ${name}, predicted ${pred}: ${count} sample${count === 1 ? '' : 's'}`;
      return h('td', { style, title, class: t === p ? 'hit' : 'miss' }, String(count));
    });
    return h('tr', {}, h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left' } }, name), cells);
  });
  let total = 0;
  if (counts) for (const c of counts) total += c;
  const table = h(
    'table',
    { class: 'confusion-table', 'data-testid': 'confusion', 'data-total': String(total), style: TABLE_STYLE },
    h('caption', { style: CAPTION_STYLE }, 'Confusion matrix (rows: true class, columns: predicted)'),
    h('thead', {}, head),
    h('tbody', {}, body),
  );
  box.replaceChildren(table);
}

/** The scores per class and their averages (dashes before training: counts null), into box. */
export function buildScores(box, names, counts, perClassSupport) {
  const report = counts ? classReport(counts, names.length) : null;
  const headers = ['class', 'precision', 'recall', 'F1', 'support'];
  const head = h('tr', {}, headers.map((t, k) => h('th', { scope: 'col', style: k ? HEAD_STYLE : { ...HEAD_STYLE, textAlign: 'left' } }, t)));
  const row = (label, scores, n, extraStyle = {}) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left', ...extraStyle } }, label),
      ['precision', 'recall', 'f1'].map((key) => scoreCell(scores ? scores[key] : null)),
      h('td', { style: CELL_STYLE }, String(n)),
    );
  const rows = names.map((name, k) => row(name, report?.perClass[k] ?? null, report ? report.perClass[k].support : perClassSupport[k]));
  let total = 0;
  for (const n of perClassSupport) total += n;
  if (report) total = report.total;
  rows.push(row('macro avg', report?.macro ?? null, total, { borderTop: '2px solid rgba(31, 35, 40, 0.35)' }));
  rows.push(row('weighted avg', report?.weighted ?? null, total));
  const table = h(
    'table',
    { class: 'scores-table', 'data-testid': 'class-scores', style: TABLE_STYLE },
    h('caption', { style: CAPTION_STYLE }, 'Scores per class on the test set'),
    h('thead', {}, head),
    h('tbody', {}, rows),
  );
  box.replaceChildren(table);
}

/** The regression scores table: rows of [label, title, value text], report (regressionReport, or null before training), into box. */
export function buildRegressionTable(box, rows, report) {
  const head = h('tr', {}, h('th', { scope: 'col', style: { ...HEAD_STYLE, textAlign: 'left' } }, 'score'), h('th', { scope: 'col', style: HEAD_STYLE }, 'value'));
  const body = rows.map(([label, title, value]) =>
    h('tr', {}, h('th', { scope: 'row', title, style: { ...HEAD_STYLE, textAlign: 'left' } }, label), h('td', { style: CELL_STYLE }, value)),
  );
  const table = h(
    'table',
    {
      class: 'scores-table regression-table',
      'data-testid': 'regression-scores',
      'data-n': String(report ? report.n : 0),
      'data-r2': report && Number.isFinite(report.r2) ? String(report.r2) : '',
      style: TABLE_STYLE,
    },
    h('caption', { style: CAPTION_STYLE }, 'Regression scores on the test set'),
    h('thead', {}, head),
    h('tbody', {}, body),
  );
  box.replaceChildren(table);
}
