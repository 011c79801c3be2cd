// The test images as a gallery (image data: the 8 x 8 digits, 28 x 28 Fashion-MNIST, a CSV file
// of a square number of pixels), each with the class the model predicts and, when it is wrong,
// the true one: "Shirt (true: T-shirt/top)". The misclassified images come first, then the
// rest, each part in test-row order (gallery/order.js), 48 a page. Each tile is a button named
// for what it shows (a screen reader reads "Test image 124: predicted Shirt, true class
// T-shirt/top (misclassified)"); a click (or Enter) follows that test row through the network
// ("Follow one input"). Page Up and Page Down turn the pages, as the buttons do.
//
// Cost: update() keeps the latest rows and predictions; render() orders the test rows (one pass
// over them: 10,000 rows take well under a millisecond) and changes only the tiles whose row or
// words changed. Nothing is done while the card is closed.
import { h } from '../ui/dom.js';
import { timed } from './canvas-util.js';
import { galleryOrder, pageBounds, tileWords } from './gallery/order.js';
import { thousands } from '../state/thousands.js';

export { galleryOrder, pageBounds, tileWords } from './gallery/order.js';

/** Tiles a page shows. */
export const GALLERY_PAGE = 48;
/** An image's CSS size is the largest whole multiple of its side up to this (56 px for 28 x 28, 48 px for 8 x 8). */
const IMAGE_PX = 56;

/**
 * Paints test row `row` (values src[row * n .. + n)) as a gray image into the canvas (cols x rows
 * pixels), on its own scale (0..max for non-negative pixels, else min..max), as the page's other
 * input pictures.
 */
function paintImage(canvas, src, row, [rows, cols]) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const n = rows * cols;
  const offset = row * n;
  let lo = 0;
  let hi = -Infinity;
  for (let p = 0; p < n; p += 1) {
    const v = src[offset + p];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const image = ctx.createImageData(cols, rows);
  const data = image.data;
  for (let p = 0; p < n; p += 1) {
    const g = Math.round((src[offset + p] - lo) * scale);
    data[4 * p] = g;
    data[4 * p + 1] = g;
    data[4 * p + 2] = g;
    data[4 * p + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * createGalleryView({ onFollow, perPage }) -> { el, update(state), prepare(), render(), setFollowed(sample) }
 * onFollow(part, index): a tile picked ('test', its row from 0); setFollowed({ part, index } or
 * null): the sample "Follow one input" follows, framed when it is a test image on the page shown.
 * state: { xTest (row-major), nFeatures, yTest (true class indices), predicted (class indices,
 * or null before training), classNames, imageShape ([rows, cols], or null: no gallery) }.
 * The card's element is el; it sets data-wrong (misclassified rows), data-page and data-pages.
 * @param {{ onFollow: (part: string, index: number) => void, perPage?: number }} handlers
 */
export function createGalleryView({ onFollow, perPage = GALLERY_PAGE }) {
  let state = null;
  let page = 0;
  let dirty = true;
  let followedRow = -1; // the test row followed, or -1
  const info = h('span', { class: 'gallery-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn small', 'data-action': 'gallery-prev', 'aria-label': 'Previous test images',
    'aria-keyshortcuts': 'PageUp', onclick: () => turn(-1) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'btn small', 'data-action': 'gallery-next', 'aria-label': 'Next test images',
    'aria-keyshortcuts': 'PageDown', onclick: () => turn(1) }, 'Next ›');
  const grid = h('ol', { class: 'gallery-grid', 'data-testid': 'gallery' });
  const el = h('details', { class: 'grad-card gallery-card' },
    h('summary', { class: 'panel-subtitle' }, 'Test images: predicted and true class'),
    h('p', { class: 'panel-sub' }, 'Every test image with the class the model predicts; the misclassified ones come first (framed in red, ' +
      'with their true class), then the rest, each in test-row order. Click one to follow it through the network; ' +
      'Page Up and Page Down turn the pages. Each image is on its own gray scale.'),
    h('div', { class: 'gallery-bar' }, prev, info, next),
    grid);
  /** The tiles shown, kept from one update to the next: { li, button, canvas, pred, truth, row, key }. */
  const tiles = [];

  el.addEventListener('toggle', () => el.open && render());
  el.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'PageDown' && e.key !== 'PageUp')) return;
    e.preventDefault();
    turn(e.key === 'PageDown' ? 1 : -1);
  });
  grid.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target)?.closest?.('button[data-row]'));
    if (button) onFollow('test', Number(button.dataset.row));
  });

  const shapeOf = (s) => (s?.imageShape && s.imageShape[0] * s.imageShape[1] === s.nFeatures ? s.imageShape : null);

  function turn(delta) {
    page += delta;
    dirty = true;
    render();
  }

  function tileAt(k, shape) {
    if (!tiles[k]) {
      const canvas = h('canvas', { class: 'gallery-image', 'aria-hidden': 'true' });
      const pred = h('span', { class: 'gallery-pred' });
      const truth = h('span', { class: 'gallery-true' });
      const button = h('button', { type: 'button', class: 'gallery-tile' }, canvas, h('span', { class: 'gallery-caption' }, pred, ' ', truth));
      tiles[k] = { li: h('li', {}, button), button, canvas, pred, truth, row: -1, key: '' };
    }
    const tile = tiles[k];
    const [rows, cols] = shape;
    if (tile.canvas.width !== cols || tile.canvas.height !== rows) {
      tile.canvas.width = cols;
      tile.canvas.height = rows;
      tile.row = -1;
    }
    const side = Math.max(rows, cols);
    const scale = Math.max(1, Math.floor(IMAGE_PX / side));
    const size = `${cols * scale}px`;
    if (tile.canvas.style.width !== size) {
      tile.canvas.style.width = size;
      tile.canvas.style.height = `${rows * scale}px`;
    }
    return tile;
  }

  /** Orders the test rows and shows the current page, changing only what changed (timed as 'gallery'). */
  function render() {
    if (!el.open || !dirty) return;
    timed('gallery', show);
  }

  function show() {
    dirty = false;
    const shape = shapeOf(state);
    const n = shape && state.xTest ? Math.min(state.yTest?.length ?? 0, Math.floor(state.xTest.length / state.nFeatures)) : 0;
    if (!n) {
      grid.replaceChildren();
      tiles.length = 0;
      info.textContent = shape ? 'No test images yet' : 'The gallery needs image data';
      prev.disabled = true;
      next.disabled = true;
      el.dataset.wrong = '0';
      return;
    }
    const K = state.classNames?.length ?? 0;
    const predicted = state.predicted && state.predicted.length >= n ? state.predicted : null;
    const { order, wrong } = galleryOrder(state.yTest.length > n ? state.yTest.subarray(0, n) : state.yTest, predicted, K);
    const bounds = pageBounds(n, page, perPage);
    page = bounds.page;
    const count = bounds.last - bounds.first;
    for (let k = 0; k < count; k += 1) {
      const row = order[bounds.first + k];
      const tile = tileAt(k, shape);
      const words = tileWords(row, state.yTest[row], predicted ? predicted[row] : null, state.classNames);
      if (tile.row !== row || tile.source !== state.xTest) {
        paintImage(tile.canvas, state.xTest, row, shape);
        tile.row = row;
        tile.source = state.xTest;
        tile.button.dataset.row = String(row);
      }
      const key = `${words.label}|${words.caption}`;
      if (tile.key !== key) {
        tile.key = key;
        tile.button.setAttribute('aria-label', `${words.label}. Follow it through the network`);
        tile.button.classList.toggle('wrong', words.wrong);
        tile.pred.textContent = words.predicted ?? '';
        tile.truth.textContent = words.predicted === null ? `true: ${words.truth}` : words.wrong ? `(true: ${words.truth})` : '';
        tile.button.title = words.caption;
      }
      markFollowed(tile);
      if (grid.children[k] !== tile.li) grid.insertBefore(tile.li, grid.children[k] ?? null);
    }
    while (grid.children.length > count) grid.lastElementChild.remove();
    const range = `Images ${thousands(bounds.first + 1)}\u2013${thousands(bounds.last)} of ${thousands(n)}`;
    info.textContent = predicted
      ? `${range}; ${thousands(wrong)} misclassified (shown first)`
      : `${range}, in test-row order (no predictions yet)`;
    prev.disabled = bounds.page === 0;
    next.disabled = bounds.page >= bounds.pages - 1;
    el.dataset.wrong = String(wrong);
    el.dataset.page = String(bounds.page);
    el.dataset.pages = String(bounds.pages);
  }

  function markFollowed(tile) {
    const on = tile.row === followedRow;
    if (tile.button.classList.contains('followed') === on) return;
    tile.button.classList.toggle('followed', on);
    if (on) tile.button.setAttribute('aria-current', 'true');
    else tile.button.removeAttribute('aria-current');
  }

  return {
    el,
    setFollowed(f) {
      followedRow = f?.part === 'test' ? f.index : -1;
      for (const tile of tiles) markFollowed(tile);
    },
    /** New rows or predictions (ten times a second while training plays); drawn by render(). */
    update(next) {
      if (!next) return;
      if (next.xTest !== state?.xTest) page = 0;
      state = next;
      dirty = true;
    },
    /** Nothing to prepare: render() is one pass over the rows and a page of tiles. */
    prepare: () => false,
    render,
  };
}
