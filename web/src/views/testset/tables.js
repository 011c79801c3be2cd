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

/** The text of a score: three decimals, or a dash before training. */
const scoreText = (value) => (value === null ? DASH : value.toFixed(3));

/** What confusion cell (t, p) shows once trained: { text, title, color, background (or null), hit }. */
function confusionCell(names, counts, t, p) {
  const K = names.length;
  let rowTotal = 0;
  for (let j = 0; j < K; j += 1) rowTotal += counts[t * K + j];
  const count = counts[t * K + p];
  const shade = cellShade(count, rowTotal, t === p);
  const title = `true ${names[t]}, predicted ${names[p]}: ${count} sample${count === 1 ? '' : 's'}`;
  return { text: String(count), title, color: shade.color, background: shade.background, hit: t === p };
}

const totalOf = (counts) => {
  let total = 0;
  if (counts) for (const c of counts) total += c;
  return total;
};

/**
 * True when the confusion matrix's column headers are better upright (read bottom to top): five
 * classes or more with a name longer than four characters (Fashion-MNIST's ten, "Ankle boot",
 * "T-shirt/top"), so that each column is as narrow as its counts, not as wide as its name.
 */
export const uprightHeaders = (names) => names.length >= 5 && names.some((name) => name.length > 4);

/** The confusion matrix of counts (null before training: empty cells) for these class names, into box. */
export function buildConfusion(box, names, counts) {
  const upright = uprightHeaders(names);
  const column = (name) => (upright
    ? h('th', { scope: 'col', class: 'upright', style: { ...HEAD_STYLE, textAlign: 'center', verticalAlign: 'bottom' } }, h('span', {}, name))
    : h('th', { scope: 'col', style: HEAD_STYLE }, name));
  const head = h('tr', {}, h('th', { scope: 'col', style: { ...HEAD_STYLE, textAlign: 'left', verticalAlign: 'bottom' } }, 'true \\ predicted'), names.map(column));
  const body = names.map((name, t) => {
    const cells = names.map((pred, p) => {
      if (!counts) return h('td', { style: CELL_STYLE, title: `true ${name}, predicted ${pred}: not trained yet` }, '');
      const cell = confusionCell(names, counts, t, p);
      const style = { ...CELL_STYLE, color: cell.color, ...(cell.background ? { background: cell.background } : {}) };
      return h('td', { style, title: cell.title, class: cell.hit ? 'hit' : 'miss' }, cell.text);
    });
    return h('tr', {}, h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left' } }, name), cells);
  });
  const table = h(
    'table',
    { class: 'confusion-table', 'data-testid': 'confusion', 'data-total': String(totalOf(counts)), style: TABLE_STYLE },
    h('caption', { style: CAPTION_STYLE }, 'Confusion matrix (rows: true class, columns: predicted)'),
    h('thead', {}, head),
    h('tbody', {}, body),
  );
  box.replaceChildren(table);
}

/**
 * The confusion table in box, built (buildConfusion) for these names with counts, given new
 * counts: only the cells' numbers, titles and shades change (while training, ten times a
 * second, rebuilding the table cost the page a style and layout pass over new elements).
 */
export function updateConfusion(box, names, counts) {
  const table = box.querySelector('table');
  const rows = table.tBodies[0].rows;
  names.forEach((_, t) => {
    names.forEach((__, p) => {
      const td = rows[t].cells[p + 1];
      const cell = confusionCell(names, counts, t, p);
      if (td.textContent !== cell.text) td.textContent = cell.text;
      if (td.title !== cell.title) td.title = cell.title;
      td.style.color = cell.color;
      if (cell.background) td.style.background = cell.background;
      else td.style.removeProperty('background');
    });
  });
  table.dataset.total = String(totalOf(counts));
}

/** The rows of the scores table: [{ label, texts: [precision, recall, F1, support], extraStyle }]. */
function scoreRows(names, counts, perClassSupport) {
  const report = counts ? classReport(counts, names.length) : null;
  const row = (label, scores, n, extraStyle = {}) => ({
    label,
    texts: [...['precision', 'recall', 'f1'].map((key) => scoreText(scores ? scores[key] : null)), String(n)],
    extraStyle,
  });
  const rows = names.map((name, k) => row(name, report?.perClass[k] ?? null, report ? report.perClass[k].support : perClassSupport[k]));
  let total = 0;
  for (const n of perClassSupport) total += n;
  if (report) total = report.total;
  rows.push(row('macro avg', report?.macro ?? null, total, { borderTop: '2px solid rgba(31, 35, 40, 0.35)' }));
  rows.push(row('weighted avg', report?.weighted ?? null, total));
  return rows;
}

/** The scores per class and their averages (dashes before training: counts null), into box. */
export function buildScores(box, names, counts, perClassSupport) {
  const headers = ['class', 'precision', 'recall', 'F1', 'support'];
  const head = h('tr', {}, headers.map((t, k) => h('th', { scope: 'col', style: k ? HEAD_STYLE : { ...HEAD_STYLE, textAlign: 'left' } }, t)));
  const rows = scoreRows(names, counts, perClassSupport).map(({ label, texts, extraStyle }) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left', ...extraStyle } }, label),
      texts.map((text) => h('td', { style: CELL_STYLE }, text)),
    ),
  );
  const table = h(
    'table',
    { class: 'scores-table', 'data-testid': 'class-scores', style: TABLE_STYLE },
    h('caption', { style: CAPTION_STYLE }, 'Scores per class on the test set'),
    h('thead', {}, head),
    h('tbody', {}, rows),
  );
  box.replaceChildren(table);
}

/** The scores table in box, built (buildScores) for these names, given new numbers: only its texts change. */
export function updateScores(box, names, counts, perClassSupport) {
  const rows = box.querySelector('table').tBodies[0].rows;
  scoreRows(names, counts, perClassSupport).forEach(({ texts }, r) => {
    texts.forEach((text, k) => {
      const td = rows[r].cells[k + 1];
      if (td.textContent !== text) td.textContent = text;
    });
  });
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
