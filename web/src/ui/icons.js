// Tiny pictograms of the datasets (inline SVG, 40 x 40), drawn from a fixed
// pseudo-random stream so they look the same every time.

import { classColor } from '../views/palette.js';

const NS = 'http://www.w3.org/2000/svg';
// The classes' colours on the plot.
const C0 = classColor(0);
const C1 = classColor(1);
const C2 = classColor(2);

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The points as dots of radius 1.7, one path per colour (two arcs a dot): a few elements an icon
 * rather than one per dot, for the Data panel's dozen icons are built with the page.
 */
function dots(points) {
  const byColour = new Map();
  for (const [x, y, c] of points) {
    if (!byColour.has(c)) byColour.set(c, []);
    byColour.get(c).push(`M${(x - 1.7).toFixed(1)} ${y.toFixed(1)}a1.7 1.7 0 1 0 3.4 0a1.7 1.7 0 1 0-3.4 0`);
  }
  return [...byColour].map(([c, d]) => `<path fill="${c}" d="${d.join('')}"/>`).join('');
}

const DRAW = {
  moons(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 16; i += 1) {
      const t = (i / 15) * Math.PI;
      p.push([12 + 9 * Math.cos(t) + r() * 2, 20 - 9 * Math.sin(t) + r() * 2, C0]);
      p.push([21 - 9 * Math.cos(t) + r() * 2, 22 + 9 * Math.sin(t) - 4 + r() * 2, C1]);
    }
    return dots(p.map(([x, y, c]) => [x + 3, y, c]));
  },
  circles(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 18; i += 1) {
      const t = (i / 18) * 2 * Math.PI + r() * 0.2;
      p.push([20 + 15 * Math.cos(t), 20 + 15 * Math.sin(t), C0]);
      if (i % 2 === 0) p.push([20 + 7 * Math.cos(t), 20 + 7 * Math.sin(t), C1]);
    }
    return dots(p);
  },
  blobs(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    /** @type {Array<[number, number, string]>} */
    const centers = [[12, 12, C0], [29, 15, C1], [18, 29, C2]];
    for (const [cx, cy, c] of centers) for (let i = 0; i < 9; i += 1) p.push([cx + (r() - 0.5) * 10, cy + (r() - 0.5) * 10, c]);
    return dots(p);
  },
  xor(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 40; i += 1) {
      const x = 4 + r() * 32;
      const y = 4 + r() * 32;
      if (Math.abs(x - 20) < 2 || Math.abs(y - 20) < 2) continue;
      p.push([x, y, (x < 20) === (y < 20) ? C0 : C1]);
    }
    return dots(p);
  },
  spirals() {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 20; i += 1) {
      const t = i / 19;
      const a = 2 * Math.PI * 1.5 * t;
      p.push([20 + 16 * t * Math.cos(a), 20 + 16 * t * Math.sin(a), C0]);
      p.push([20 - 16 * t * Math.cos(a), 20 - 16 * t * Math.sin(a), C1]);
    }
    return dots(p);
  },
  gaussian(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 14; i += 1) {
      p.push([27 + (r() - 0.5) * 12, 13 + (r() - 0.5) * 12, C0]);
      p.push([13 + (r() - 0.5) * 12, 27 + (r() - 0.5) * 12, C1]);
    }
    return dots(p);
  },
  regression(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i < 22; i += 1) {
      const x = 4 + (i / 21) * 32;
      p.push([x, 34 - (x - 4) * 0.85 + (r() - 0.5) * 7, '#56606B']);
    }
    return `<line x1="4" y1="34" x2="36" y2="6.8" stroke="${C1}" stroke-width="1.5"/>${dots(p)}`;
  },
  plane() {
    return `<defs><linearGradient id="plane-g" x1="0" y1="1" x2="1" y2="0"><stop offset="0" stop-color="#5696CF"/><stop offset="0.5" stop-color="#F6F6F4"/><stop offset="1" stop-color="#F3A654"/></linearGradient></defs><rect x="5" y="5" width="30" height="30" rx="3" fill="url(#plane-g)"/>`;
  },
  sine(r) {
    let d = '';
    /** @type {Array<[number, number, string]>} */
    const p = [];
    for (let i = 0; i <= 30; i += 1) {
      const x = 4 + i * (32 / 30);
      const y = 20 - 12 * Math.sin(((x - 20) / 16) * Math.PI);
      d += `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
      if (i % 2 === 0) p.push([x, y + (r() - 0.5) * 8, '#56606B']);
    }
    return `${dots(p)}<path d="${d}" fill="none" stroke="${C1}" stroke-width="1.5"/>`;
  },
  // Three species: petal length against width, three overlapping clusters along a diagonal.
  iris(r) {
    /** @type {Array<[number, number, string]>} */
    const p = [];
    /** @type {Array<[number, number, string, number]>} */
    const species = [[9, 31, C0, 4], [22, 19, C1, 8], [30, 10, C2, 8]];
    species.forEach(([cx, cy, c, spread]) => {
      for (let i = 0; i < 9; i += 1) p.push([cx + (r() - 0.5) * spread, cy + (r() - 0.5) * spread, c]);
    });
    return dots(p);
  },
  // A handwritten "3" on an 8x8 grid of gray squares.
  digits() {
    const three = ['01111100', '00000110', '00000110', '00111100', '00000110', '00000110', '01111100', '00000000'];
    const squares = { '1': '', '0': '' }; // one path of 4 x 4 squares per shade
    three.forEach((row, j) => {
      for (let i = 0; i < 8; i += 1) squares[row[i]] += `M${4 + i * 4} ${4 + j * 4}h4v4h-4z`;
    });
    return `<path fill="#EEE" d="${squares['0']}"/><path fill="#222" d="${squares['1']}"/>`;
  },
  // A grey T-shirt on a dark 28x28 tile (Fashion-MNIST's class 0); the full set: a stack of tiles.
  fashion: () => fashionTile(''),
  'fashion-full': () => fashionTile('<rect x="8" y="2" width="30" height="30" fill="#555"/><rect x="5" y="5" width="30" height="30" fill="#333"/>'),
  // A table: a header row and lines of cells.
  csv() {
    let cells = '<rect x="5" y="7" width="30" height="26" rx="2" fill="#FFF" stroke="#56606B"/>';
    cells += '<rect x="5" y="7" width="30" height="6" fill="#56606B"/>';
    for (let j = 0; j < 4; j += 1) cells += `<line x1="5" y1="${18 + j * 5}" x2="35" y2="${18 + j * 5}" stroke="#B8BEC6"/>`;
    for (let i = 1; i < 3; i += 1) cells += `<line x1="${5 + i * 10}" y1="13" x2="${5 + i * 10}" y2="33" stroke="#B8BEC6"/>`;
    return cells;
  },
};

/** A T-shirt, light on a dark square (an image of the set), behind it `under` (more tiles). */
function fashionTile(under) {
  return `${under}<rect x="2" y="8" width="30" height="30" fill="#111"/>` +
    '<path d="M11 13 L15 11 Q17 14 19 11 L23 13 L27 18 L24 20 L23 18 L23 33 L11 33 L11 18 L10 20 L7 18 Z" fill="#DDD"/>';
}

/** An <svg> element showing the dataset `name`. */
export function datasetIcon(name) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('width', '40');
  svg.setAttribute('height', '40');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.innerHTML = (DRAW[name] ?? (() => ''))(rng(name.length * 7919 + 17));
  return svg;
}
