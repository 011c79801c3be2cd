// The weight views' layout: the grid of weight tiles (all units, or the course's 4 x 4), the rows
// of the activating view, where an image goes in its tile, and the atlas slots the pictures are
// painted into. Pure numbers.
import { COURSE_COLUMNS } from './course.js';

export const GAP = 3;
export const PAD = 6;
export const HEADING = 20;
/** Weight tiles: multiples of 8, so an 8 x 8 image gets whole pixels; the smallest comes last. */
const WEIGHT_TILES = [56, 48, 40];
/** Input images in the activating view: smaller, k of them on a row. */
const INPUT_TILES = [40, 32, 24];
export const ROW_GAP = 5;
export const LABEL_W = 70;
/** The activating view shows this many units at most, then says how many more there are. */
export const MAX_ROWS = 64;
export const NOTE_HEIGHT = 40;
export const BAR_W = 72;
export const TILE_BORDER = 'rgba(17, 20, 24, 0.35)';

/**
 * The grid of weight tiles for a canvas width: { tile (CSS px), columns, rows, height, gap,
 * left, top (where the first tile goes, below the caption and the legend) }. side: the images'
 * longer side. Up to 8 (the digits) the tile is the largest of 56, 48 and 40 px that needs no
 * more rows than 40 px tiles would; bigger images (28 x 28) get two screen pixels per weight
 * when four tiles fit a row, else one.
 */
export function weightGridLayout(nTiles, width, side = 8) {
  const n = Math.max(0, Math.floor(nTiles) || 0);
  const inner = Math.max(0, width - 2 * PAD);
  const columnsAt = (tile) => Math.max(1, Math.floor((inner + GAP) / (tile + GAP)));
  const rowsAt = (tile) => Math.ceil(n / columnsAt(tile));
  const fewest = rowsAt(WEIGHT_TILES[WEIGHT_TILES.length - 1]);
  const tile = side > 8
    ? (columnsAt(2 * side) >= 4 ? 2 * side : side)
    : WEIGHT_TILES.find((t) => rowsAt(t) <= fewest);
  const columns = Math.min(columnsAt(tile), Math.max(1, n));
  const rows = Math.ceil(n / columns);
  const top = PAD + 2 * HEADING;
  const height = top + (rows ? rows * (tile + GAP) - GAP : 0) + PAD;
  return { tile, columns, rows, height, gap: GAP, left: PAD, top };
}

/** The course's tiles: at most this wide (about matplotlib's 4 x 4 subplots on its default figure). */
const COURSE_TILE_MAX = 120;

/**
 * The course's grid (course.js) for a canvas width: COURSE_COLUMNS tiles a row (fewer when
 * there are fewer tiles), each the largest whole multiple of the image's side that fits four
 * to a row and stays within 120 px (112 px for 28 x 28 images, 4 screen pixels per weight),
 * else what fits. { tile, columns, rows, height, gap, left, top }, as weightGridLayout's.
 */
export function courseGridLayout(nTiles, width, side) {
  const n = Math.max(0, Math.floor(nTiles) || 0);
  const inner = Math.max(0, width - 2 * PAD);
  const room = Math.min(COURSE_TILE_MAX, Math.floor((inner - (COURSE_COLUMNS - 1) * GAP) / COURSE_COLUMNS));
  const s = Math.max(1, Math.floor(side) || 1);
  const tile = Math.max(8, room >= s ? Math.floor(room / s) * s : room);
  const columns = Math.min(COURSE_COLUMNS, Math.max(1, n));
  const rows = Math.ceil(n / columns);
  const top = PAD + 2 * HEADING;
  const height = top + (rows ? rows * (tile + GAP) - GAP : 0) + PAD;
  return { tile, columns, rows, height, gap: GAP, left: PAD, top };
}

/** Input images bigger than 8 x 8 (28 x 28 Fashion-MNIST) get tiles of whole multiples of their side, up to this. */
const INPUT_TILE_MAX = 56;

/** The activating view's tile sizes for images of this side, largest first. */
function inputTiles(side) {
  if (!(side > 8)) return INPUT_TILES;
  const tiles = [];
  for (let m = Math.max(1, Math.floor(INPUT_TILE_MAX / side)); m >= 1; m -= 1) tiles.push(m * side);
  return tiles;
}

/**
 * The rows of the activating view: { tile, rowHeight, label (width of the "unit u" column),
 * top, shown (units drawn, at most 64), more (units left out), height }. side: the images'
 * longer side (8 for the digits: 40, 32 or 24 px tiles; 28 x 28 images get 56 or 28 px, whole
 * screen pixels per image pixel).
 */
export function activatingLayout(nUnits, k, width, side = 8) {
  const n = Math.max(0, Math.floor(nUnits) || 0);
  const inner = width - 2 * PAD - LABEL_W;
  const tiles = inputTiles(side);
  const tile = tiles.find((t) => k * (t + GAP) - GAP <= inner) ?? tiles[tiles.length - 1];
  const shown = Math.min(n, MAX_ROWS);
  const more = n - shown;
  const rowHeight = tile + ROW_GAP;
  const top = PAD + HEADING;
  const height = top + shown * rowHeight + (more > 0 ? HEADING : 0) + PAD;
  return { tile, rowHeight, label: LABEL_W, top, shown, more, height };
}

/** Slots of rows x cols pixels in a near-square grid (a tall strip could exceed canvas limits). */
export function atlasGrid(nSlots, rows, cols) {
  const per = Math.max(1, Math.ceil(Math.sqrt(nSlots)));
  return {
    width: per * cols,
    height: Math.max(1, Math.ceil(nSlots / per)) * rows,
    x: (s) => (s % per) * cols,
    y: (s) => Math.floor(s / per) * rows,
  };
}

/**
 * Where an image of rows x cols goes in a square tile: whole CSS pixels per image pixel when
 * the tile is big enough, centred. { dx, dy, w, h }.
 */
export function fitImage(tile, rows, cols) {
  const side = Math.max(rows, cols);
  const p = tile >= side ? Math.floor(tile / side) : tile / side;
  const w = cols * p;
  const h = rows * p;
  return { dx: Math.round((tile - w) / 2), dy: Math.round((tile - h) / 2), w, h };
}
