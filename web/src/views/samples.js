// The data's samples as a table, a page of rows at a time (data with more than two inputs: iris,
// wine, the digits, a CSV file), each a way into "Follow one input" (issue 14): a click on a row,
// or its Follow button (Enter or Space), follows that sample with all its columns and its label.
// Image data show each row as its picture (the 8x8 digits), other data their first columns. Test
// rows show the model's prediction once trained: the class and its probability (predict_proba's
// row, all of it in the row's data-proba), or the regression value. [ and ] in the table move
// the followed sample as the card's buttons do. The followed row is marked, and its page shown.
import { h } from '../ui/dom.js';

/** Rows a page shows. */
export const PAGE_ROWS = 10;
/** Columns shown of a table's row; the rest are counted ("+9 more"). */
export const MAX_COLUMNS = 6;

const PART_WORDS = { train: 'Training', test: 'Test' };
const num = (v) => String(Number(v.toPrecision(4)));

/**
 * What a test row's prediction says: { text, proba } from the model's outputs (values: nTest x
 * channels, row-major): a classifier's class and its probability (one channel: the positive
 * class's probability against 0.5), a regressor's value. null before training.
 * @param {{ values: ArrayLike<number>, channels: number } | null} test
 * @param {number} index
 * @param {string} task
 * @param {string[]} classNames
 */
export function predictionOf(test, index, task, classNames) {
  if (!test?.values || !(test.channels > 0) || (index + 1) * test.channels > test.values.length) return null;
  const proba = Array.from({ length: test.channels }, (_, k) => test.values[index * test.channels + k]);
  if (task === 'regression') return { text: proba.map(num).join(', '), proba };
  let best = 0;
  let p = proba[0];
  if (proba.length === 1) {
    best = proba[0] > 0.5 ? 1 : 0;
    p = best ? proba[0] : 1 - proba[0];
  } else proba.forEach((v, k) => {
    if (v > p) [best, p] = [k, v];
  });
  return { text: `${classNames[best] ?? best} (p = ${p.toFixed(3)})`, proba };
}

/** A thumbnail's CSS size: whole screen pixels per image pixel, 32 px for the 8 x 8 digits, 56 px for 28 x 28 images. */
export function thumbnailSize(rows, cols) {
  const side = Math.max(rows, cols);
  const scale = Math.max(1, Math.floor((side <= 8 ? 32 : 56) / side));
  return { width: cols * scale, height: rows * scale };
}

/** A rows x cols picture of a row's values, white for its largest as the page's other images, on the row's own scale (0..max for non-negative pixels). */
function thumbnail(doc, values, [rows, cols]) {
  const canvas = doc.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  canvas.className = 'sample-image';
  const size = thumbnailSize(rows, cols);
  canvas.style.width = `${size.width}px`;
  canvas.style.height = `${size.height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  let lo = 0;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) lo = hi - 1;
  const image = ctx.createImageData(cols, rows);
  values.forEach((v, k) => {
    const g = Math.round((255 * (v - lo)) / (hi - lo));
    image.data.set([g, g, g, 255], 4 * k);
  });
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/**
 * createSamplesView({ onFollow, onMove, doc }) -> { el, update(state), setFollowed(sample) }
 * onFollow(part, index): a row picked; onMove(delta): [ or ] in the table.
 * state: { rows: { nFeatures, xTrain, yTrain, xTest, yTest } | null, task, classNames,
 * featureNames, imageShape ([rows, cols] or null), test ({ values, channels } of the test rows,
 * or null before training) }; setFollowed({ part, index } or null): the sample followed.
 * @param {{ onFollow: (part: string, index: number) => void, onMove?: (delta: number) => void, doc?: Document }} handlers
 */
export function createSamplesView({ onFollow, onMove = () => {}, doc = document }) {
  let state = null;
  let followedNow = null;
  let part = 'train';
  let page = 0;
  let lastFollowed = null;
  let built = null; // what the table's rows are: { rows, part, page } (predictions change in place)
  const partButtons = Object.entries(PART_WORDS).map(([id, words]) => h('button', { type: 'button', class: 'btn small', dataset: { part: id },
    onclick: () => {
      part = id;
      page = 0;
      render();
    } }, words));
  const info = h('span', { class: 'samples-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn small', 'data-action': 'samples-prev', 'aria-label': 'Previous rows',
    onclick: () => turn(-1) }, '‹');
  const next = h('button', { type: 'button', class: 'btn small', 'data-action': 'samples-next', 'aria-label': 'Next rows',
    onclick: () => turn(1) }, '›');
  const table = h('table', { class: 'samples-table', 'data-testid': 'samples' });
  const el = h('details', { class: 'grad-card samples-card', open: '' },
    h('summary', { class: 'panel-subtitle' }, 'Samples: follow one through the network'),
    h('p', { class: 'panel-sub' }, 'Click a row (or its Follow button) to follow that sample forward and back through the network, ' +
      'with the numbers (the card under the network diagram); [ and ] move to the previous or next sample.'),
    h('div', { class: 'samples-bar' }, h('div', { class: 'samples-parts', role: 'group', 'aria-label': 'Rows shown' }, partButtons),
      prev, info, next),
    h('div', { class: 'samples-scroll' }, table));

  el.addEventListener('toggle', () => el.open && state && render());
  table.addEventListener('click', (e) => {
    const tr = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target)?.closest?.('tr[data-index]'));
    if (tr) onFollow(tr.dataset.part, Number(tr.dataset.index));
  });
  table.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== '[' && e.key !== ']')) return;
    e.preventDefault();
    onMove(e.key === '[' ? -1 : 1);
  });

  const countOf = (p) => (p === 'train' ? state?.rows?.yTrain?.length : state?.rows?.yTest?.length) ?? 0;

  function turn(delta) {
    const pages = Math.max(1, Math.ceil(countOf(part) / PAGE_ROWS));
    page = Math.min(pages - 1, Math.max(0, page + delta));
    render();
  }

  function head(nf, shape) {
    const names = state.featureNames ?? [];
    const shown = shape ? [] : names.slice(0, Math.min(nf, MAX_COLUMNS));
    return h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Follow')),
      h('th', { scope: 'col' }, '#'),
      shape ? h('th', { scope: 'col' }, 'image') : shown.map((name) => h('th', { scope: 'col' }, name)),
      !shape && nf > shown.length ? h('th', { scope: 'col', title: names.slice(shown.length).join(', ') }, `+${nf - shown.length} more`) : null,
      h('th', { scope: 'col' }, state.task === 'regression' ? 'target' : 'class'),
      part === 'test' ? h('th', { scope: 'col' }, 'predicted') : null));
  }

  /** A row's marks that change without a new row (a focused Follow button keeps its focus while training plays). */
  function mark(tr, index) {
    const followed = followedNow?.part === part && followedNow.index === index;
    tr.classList.toggle('followed', followed);
    if (followed) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
    if (part !== 'test') return;
    const predicted = predictionOf(state.test, index, state.task, state.classNames);
    if (predicted) tr.dataset.proba = predicted.proba.join(' ');
    else delete tr.dataset.proba;
    const cell = tr.querySelector('.samples-predicted');
    const text = predicted?.text ?? '–';
    if (cell && cell.textContent !== text) cell.textContent = text;
  }

  function row(index, nf, shape) {
    const { rows } = state;
    const x = part === 'train' ? rows.xTrain : rows.xTest;
    const y = part === 'train' ? rows.yTrain : rows.yTest;
    const values = Array.from(x.subarray(index * nf, (index + 1) * nf));
    const label = state.task === 'regression' ? num(y[index]) : state.classNames[y[index]] ?? String(y[index]);
    const cells = shape ? [h('td', {}, thumbnail(doc, values, shape))] : values.slice(0, MAX_COLUMNS).map((v) => h('td', {}, num(v)));
    if (!shape && nf > MAX_COLUMNS) cells.push(h('td', { class: 'samples-more' }, '…'));
    const what = shape ? 'image' : 'sample';
    // The button first: reached without scrolling a wide table sideways (a phone).
    const tr = h('tr', { dataset: { part, index: String(index) } },
      h('td', {}, h('button', { type: 'button', class: 'btn small samples-follow',
        'aria-label': `Follow the ${part === 'train' ? 'training' : 'test'} ${what} #${index + 1} through the network` }, 'Follow')),
      h('th', { scope: 'row' }, String(index + 1)),
      cells,
      h('td', {}, label),
      part === 'test' ? h('td', { class: 'samples-predicted' }) : null);
    mark(tr, index);
    return tr;
  }

  function render() {
    const n = countOf(part);
    const nf = state?.rows?.nFeatures ?? 0;
    const shape = state?.imageShape && state.imageShape[0] * state.imageShape[1] === nf ? state.imageShape : null;
    for (const b of partButtons) b.setAttribute('aria-pressed', String(b.dataset.part === part));
    const pages = Math.max(1, Math.ceil(n / PAGE_ROWS));
    page = Math.min(page, pages - 1);
    const first = page * PAGE_ROWS;
    const last = Math.min(n, first + PAGE_ROWS);
    info.textContent = n ? `${PART_WORDS[part].toLowerCase()} rows ${first + 1}–${last} of ${n}` : 'no rows yet';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    if (!n) {
      built = null;
      table.replaceChildren();
      return;
    }
    if (built && built.rows === state.rows && built.part === part && built.page === page) {
      for (const tr of table.tBodies[0].rows) mark(tr, Number(tr.dataset.index));
      return;
    }
    built = { rows: state.rows, part, page };
    const body = [];
    for (let i = first; i < last; i += 1) body.push(row(i, nf, shape));
    table.replaceChildren(head(nf, shape), h('tbody', {}, body));
  }

  return {
    el,
    /** New rows or predictions (ten times a second while training plays: only the predictions change then). */
    update(next) {
      const fresh = next.rows !== state?.rows;
      state = next;
      if (fresh) page = 0;
      if (el.open || fresh) render();
    },
    /** The sample followed: marked, and its page shown when it changed (a pick elsewhere, [ or ], a link). */
    setFollowed(f) {
      followedNow = f ? { part: f.part, index: f.index } : null;
      if (f && (f.part !== lastFollowed?.part || f.index !== lastFollowed?.index)) {
        part = f.part;
        page = Math.floor(f.index / PAGE_ROWS);
      }
      lastFollowed = followedNow;
      if (state && el.open) render();
    },
  };
}
