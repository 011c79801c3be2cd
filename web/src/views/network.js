// The network as a diagram, left to right: inputs, hidden layers, outputs. Links are the
// weights (width by |w| relative to the layer's largest, colour by sign); each hidden unit is a
// thumbnail of its activation over the input plane and each output unit a tile of what it
// computes there (output-tiles.js), both enlarged in a popup on hover or keyboard focus. A
// link pointed at (or walked to with Enter and the arrow keys) shows its weight and the units
// it joins (link-geometry.js finds it). Layers wider than 12 units show their first and last
// 5 units and a "+N more" marker.
//
// Drawing is split by how often things change: the headers, labels, markers and node borders
// are cached in layers (redrawn when the size or the architecture changes); an update draws
// the links into a layer of their own, one path per colour and width bucket, and the
// thumbnails and output tiles, painted with one putImageData into an atlas each and copied
// from it. prepare() draws the pictures and the links ahead, a few layers of weights per
// call, so that a page can spread an update over several animation frames before render()
// puts the picture together.

import {
  BACKGROUND,
  FONT,
  FONT_BOLD,
  FONT_FAMILY,
  INK,
  INK_MUTED,
  createLayer,
  createScheduler,
  fitCanvas,
  formatCount,
  formatValue,
  observeResize,
  roundRectPath,
  timed,
} from './canvas-util.js';
import { paintUnitPlane } from './heatmap.js';
import { linkMidpoint, nearestLink } from './link-geometry.js';
import { createPopup } from './network-popup.js';
import { createOutputTiles, outputClass, outputKind } from './output-tiles.js';
import { classRgb, divergingCss, divergingIndex, divergingLut, mixRgb, rgbCss } from './palette.js';

const COLLAPSE_ABOVE = 12;
const HEAD = 5;
const TAIL = 5;
const FEATURE_RES = 32; // input feature thumbnails
const LINK_LEVELS = 16; // link strengths are drawn in this many steps, one path per step and sign
const LINK_REACH = 5; // px: how near the pointer must be to a link to point at it

/** The units a column shows: all up to COLLAPSE_ABOVE, else the first and last 5. */
export function collapsedUnits(n, limit = COLLAPSE_ABOVE, head = HEAD, tail = TAIL) {
  if (n <= limit) return { shown: Array.from({ length: n }, (_, i) => i), hidden: 0, markerAfter: -1 };
  const shown = [];
  for (let i = 0; i < head; i += 1) shown.push(i);
  for (let i = n - tail; i < n; i += 1) shown.push(i);
  return { shown, hidden: n - head - tail, markerAfter: head - 1 };
}

/**
 * Offsets in the packed parameter vector: every W_l (layerUnits[l] x layerUnits[l + 1],
 * row-major) in order, then every b_l. Returns { W: [offset], b: [offset], total }.
 */
export function parameterOffsets(layerUnits) {
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
const FEATURES = {
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

/**
 * createNetworkView(container) -> { update(net), resize, render, destroy }
 * net: { layerUnits, values (packed W then b), units, unitsNx, unitsNy, inputLabels, outputLabels,
 *   outputs, outputsNx, outputsNy, outputsEpoch (output-tiles.js sampleOutputs), task
 *   ('classification' | 'regression'), outputRange (the regression colour scale [lo, hi]) };
 * update(null) clears the picture (no model: the data are not there yet).
 * The container gets a canvas filling it (give the container a CSS height), a popup canvas and
 * a screen-reader live region; it is focusable and arrow keys walk the units, Enter a unit's
 * links. Its data-outputs-epoch is the epoch of the output tiles on screen.
 */
export function createNetworkView(container) {
  const doc = container.ownerDocument;
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  if (container.clientHeight < 40) container.style.minHeight = '260px';
  const canvas = doc.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', display: 'block' });
  const popup = createPopup(doc);
  const live = doc.createElement('div');
  live.setAttribute('aria-live', 'polite');
  Object.assign(live.style, {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  });
  container.append(canvas, popup.el, live);
  const addedTabIndex = !container.hasAttribute('tabindex');
  if (addedTabIndex) container.tabIndex = 0;
  if (!container.hasAttribute('role')) container.setAttribute('role', 'group');
  container.setAttribute('aria-roledescription', 'network diagram');

  const ctx = canvas.getContext('2d');
  const layer = doc.createElement('canvas'); // the diagram without highlight (while highlighting)
  const layerCtx = layer.getContext('2d');
  let layerValid = false;
  const base = createLayer(doc); // background and column headers
  const overlay = createLayer(doc); // node borders, "+N more" markers, input and output labels
  // The links (transparent elsewhere), drawn a layer of weights at a time: { key, next layer }.
  const links = doc.createElement('canvas');
  const linksCtx = links.getContext('2d', { willReadFrequently: true });
  // The links being drawn: layers before l and l's first a sources, for the layout `key` and
  // the update `version` the drawing began with.
  let linksDrawn = { key: '', version: -1, l: 0, a: 0 };
  let linksUnshown = false; // a complete links picture that render() has not put on screen
  let prepared = false; // a caller draws through prepare(): render() need not paint new pictures
  // The last complete links picture, shown while the next one is drawn a layer per frame: a
  // weight update that lands mid-way never forces every link to be drawn in one frame.
  const shownLinks = doc.createElement('canvas');
  const shownCtx = shownLinks.getContext('2d');
  let shownKey = ''; // the layout (geometry, scale, size) of shownLinks; '' for none
  let geometryVersion = 0;
  let netVersion = 0; // bumped by every update
  let thumbsValid = false;
  const atlas = doc.createElement('canvas'); // unit thumbnails stacked vertically
  const atlasCtx = atlas.getContext('2d');
  let atlasImage = null;
  let atlasPixels = null;
  const features = doc.createElement('canvas'); // input feature thumbnails
  const featuresCtx = features.getContext('2d');
  const lut = divergingLut(1);

  let net = null;
  let offsets = null;
  let size = null;
  let geometry = null; // layout for the current size and architecture
  let thumbs = new Map(); // "l:u" -> { row, min, max } (hidden units with a thumbnail)
  let featureRows = new Map(); // input index -> row in `features`
  let highlight = null; // { l, u }
  let highlightBy = null; // 'pointer' | 'keyboard'
  // A link pointed at or walked to (never at the same time as a unit): { l, i, j, at: { x, y } }
  // joins unit i of layer l to unit j of layer l + 1; `at` is where on it the popup points.
  let link = null;
  let linkBy = null;
  let walk = null; // a unit whose links the keyboard walks: { l, u, k } (k: the link's place in its list)
  const outputTiles = createOutputTiles(doc);
  let outputSource = null;
  let shownOutputsEpoch = null;
  const scheduler = createScheduler(render, 'network');
  const stopObserving = observeResize(container, () => resize());

  const nLayers = () => net?.layerUnits.length ?? 0;
  const layerName = (l) => (l === 0 ? 'input' : l === nLayers() - 1 ? 'output' : `hidden ${l}`);
  const inputLabel = (i) => net.inputLabels?.[i] ?? `x${toSubscript(i + 1)}`;
  const outputLabel = (j) => net.outputLabels?.[j] ?? (net.layerUnits.at(-1) === 1 ? 'output' : `output ${j}`);

  function unitTitle(l, u) {
    if (l === 0) return `Input ${inputLabel(u)}`;
    if (l === nLayers() - 1) return `Output ${outputLabel(u)}`;
    return `Hidden layer ${l}, unit ${u + 1}`;
  }

  /** A unit's short name in a link's description: x, h1,3, P(class 2). */
  function unitName(l, u) {
    if (l === 0) return inputLabel(u);
    if (l === nLayers() - 1) return outputLabel(u);
    return `h${l},${u + 1}`;
  }

  const kind = () => outputKind(net?.task, net?.layerUnits.at(-1));

  // ---- layout ---------------------------------------------------------------------------

  function computeGeometry(width, height) {
    const units = net.layerUnits;
    const L = units.length;
    ctx.font = FONT;
    let leftLabel = 0;
    for (let i = 0; i < units[0]; i += 1) leftLabel = Math.max(leftLabel, ctx.measureText(inputLabel(i)).width);
    let rightLabel = 0;
    for (let j = 0; j < units[L - 1]; j += 1) rightLabel = Math.max(rightLabel, ctx.measureText(outputLabel(j)).width);
    const columns = units.map((n) => ({ n, ...collapsedUnits(n) }));
    const maxSlots = Math.max(...columns.map((c) => c.shown.length + (c.hidden ? 1 : 0)));
    const header = 38;
    const bottom = 8;
    const left = Math.ceil(leftLabel) + 12;
    const right = Math.ceil(rightLabel) + 12;
    const availH = Math.max(20, height - header - bottom);
    const pitch = Math.min(availH / maxSlots, 58);
    const spanW = Math.max(20, width - left - right);
    let node = Math.max(8, Math.min(40, pitch * 0.74));
    const spacing = L > 1 ? (spanW - node) / (L - 1) : 0;
    if (L > 1) node = Math.max(6, Math.min(node, spacing * 0.42));
    const cols = columns.map((c, l) => {
      const x = left + node / 2 + l * spacing;
      const slots = c.shown.length + (c.hidden ? 1 : 0);
      const y0 = header + (availH - slots * pitch) / 2 + pitch / 2;
      const nodes = [];
      let slot = 0;
      let marker = null;
      c.shown.forEach((u, k) => {
        nodes.push({ l, u, x, y: y0 + slot * pitch });
        slot += 1;
        if (k === c.markerAfter) {
          marker = { x, y: y0 + slot * pitch, count: c.hidden };
          slot += 1;
        }
      });
      return { l, n: c.n, x, nodes, marker };
    });
    return { cols, node, pitch, spacing, header, width, height };
  }

  function nodeAt(px, py) {
    if (!geometry) return null;
    const half = geometry.node / 2 + 3;
    for (const col of geometry.cols) {
      if (Math.abs(px - col.x) > half) continue;
      for (const nd of col.nodes) if (Math.abs(py - nd.y) <= half) return nd;
    }
    return null;
  }

  const findNode = (l, u) => geometry?.cols[l]?.nodes.find((nd) => nd.u === u) ?? null;

  // ---- thumbnails -----------------------------------------------------------------------

  // The thumbnails are painted unit by unit, as many per call as fit before a deadline (cold,
  // unoptimised code takes tens of milliseconds for all of them); the atlas and the thumbnail
  // table change only when a job is done, so the last complete pictures are shown meanwhile.
  let thumbsJob = null; // { wanted, next, hiddenStart, plane, table } while thumbnails are painted

  function startThumbsJob() {
    const { units, unitsNx: nx, unitsNy: ny } = net;
    if (!units || !nx || !ny || !geometry) return null;
    const hiddenStart = [];
    let acc = 0;
    for (let l = 1; l < nLayers() - 1; l += 1) {
      hiddenStart[l] = acc;
      acc += net.layerUnits[l];
    }
    if (units.length < acc * nx * ny) return null; // units from another architecture
    const wanted = [];
    for (const col of geometry.cols.slice(1, -1)) for (const nd of col.nodes) wanted.push(nd);
    if (!wanted.length) return null;
    if (!atlasImage || atlasImage.width !== nx || atlasImage.height !== ny * wanted.length) {
      atlasImage = atlasCtx.createImageData(nx, ny * wanted.length);
      atlasPixels = new Uint32Array(atlasImage.data.buffer);
    }
    return { units, wanted, next: 0, hiddenStart, plane: nx * ny, table: new Map() };
  }

  /**
   * Paints the shown hidden units' activation planes into the atlas, each scaled by its max
   * |a|, until `deadline` (performance.now() ms); returns true when all are done (thumbsValid).
   */
  function paintThumbnails(deadline = Infinity) {
    while (!thumbsValid) {
      if (!thumbsJob) thumbsJob = startThumbsJob();
      const job = thumbsJob;
      if (job) {
        const { units, plane } = job;
        while (job.next < job.wanted.length) {
          const nd = job.wanted[job.next];
          const row = job.next;
          const start = (job.hiddenStart[nd.l] + nd.u) * plane;
          const { min, max } = paintUnitPlane(units, start, plane, lut, atlasPixels, row * plane);
          job.table.set(`${nd.l}:${nd.u}`, { row, min, max });
          job.next += 1;
          if (job.next < job.wanted.length && performance.now() >= deadline) return false;
        }
        if (atlas.width !== atlasImage.width || atlas.height !== atlasImage.height) {
          atlas.width = atlasImage.width;
          atlas.height = atlasImage.height;
        }
        atlasCtx.putImageData(atlasImage, 0, 0);
      }
      thumbs = job ? job.table : new Map();
      thumbsJob = null;
      // Pictures that came in meanwhile are painted next (not restarted on every update,
      // which would never finish while training sends them faster than a cold page paints).
      thumbsValid = !job || job.units === net.units;
      if (!thumbsValid && performance.now() >= deadline) return false;
    }
    return true;
  }

  /** Input features with a known formula, pictured over [-4, 4]^2 once per label set. */
  function paintFeatures() {
    featureRows = new Map();
    const n = net.layerUnits[0];
    const kinds = [];
    for (let i = 0; i < n; i += 1) {
      const f = featureOf(inputLabel(i));
      if (f) {
        featureRows.set(i, kinds.length);
        kinds.push(FEATURES[f]);
      }
    }
    if (!kinds.length) return;
    const r = FEATURE_RES;
    features.width = r;
    features.height = r * kinds.length;
    const image = featuresCtx.createImageData(r, r * kinds.length);
    const px = new Uint32Array(image.data.buffer);
    kinds.forEach((f, k) => {
      const vals = new Float32Array(r * r);
      let scale = 0;
      for (let j = 0; j < r; j += 1)
        for (let i = 0; i < r; i += 1) {
          const v = f(-4 + (8 * (i + 0.5)) / r, 4 - (8 * (j + 0.5)) / r);
          vals[j * r + i] = v;
          scale = Math.max(scale, Math.abs(v));
        }
      for (let p = 0; p < r * r; p += 1) px[k * r * r + p] = lut[divergingIndex(vals[p] / (scale || 1))];
    });
    featuresCtx.putImageData(image, 0, 0);
  }

  // ---- drawing --------------------------------------------------------------------------

  function weight(l, i, j) {
    const v = net.values?.[offsets.W[l] + i * net.layerUnits[l + 1] + j];
    return typeof v === 'number' ? v : NaN;
  }

  function bias(l, u) {
    if (l === 0) return NaN;
    const v = net.values?.[offsets.b[l - 1] + u];
    return typeof v === 'number' ? v : NaN;
  }

  function layerMaxAbs(l) {
    const n = net.layerUnits[l] * net.layerUnits[l + 1];
    let m = 0;
    const v = net.values;
    if (!v || v.length < offsets.total) return 0;
    for (let k = offsets.W[l]; k < offsets.W[l] + n; k += 1) {
      const a = Math.abs(v[k]);
      if (a > m) m = a;
    }
    return m;
  }

  /**
   * Every shown link of layers first..last (of their shown units fromStart <= k < fromEnd); with
   * `only` ({ l, u }), just that unit's links, drawn emphasised. Width and colour grow with
   * |w| relative to the layer's largest; the strengths are rounded to LINK_LEVELS steps so
   * that each step and sign is one path (a few dozen strokes, not one per link), drawn
   * weakest first: strong links on top.
   */
  function drawLinks(c, only = null, first = 0, last = Infinity, fromStart = 0, fromEnd = Infinity) {
    const g = geometry;
    const half = g.node / 2;
    const maxWidth = linkMaxWidth();
    const top = LINK_LEVELS - 1;
    // Bucket k * 2 + (w < 0 ? 1 : 0) for strength level k; the last bucket: no weight known.
    const buckets = Array.from({ length: LINK_LEVELS * 2 + 1 }, () => []);
    for (let l = first; l + 1 < g.cols.length && l <= last; l += 1) {
      if (only && only.l !== l && only.l !== l + 1) continue;
      const from = only?.l === l ? g.cols[l].nodes.filter((nd) => nd.u === only.u) : g.cols[l].nodes.slice(fromStart, fromEnd);
      const to = only?.l === l + 1 ? g.cols[l + 1].nodes.filter((nd) => nd.u === only.u) : g.cols[l + 1].nodes;
      const maxAbs = layerMaxAbs(l);
      for (const a of from) {
        for (const b of to) {
          const w = weight(l, a.u, b.u);
          let k = LINK_LEVELS * 2;
          if (!Number.isNaN(w) && maxAbs !== 0) k = Math.min(top, Math.round((Math.abs(w) / maxAbs) * top)) * 2 + (w < 0 ? 1 : 0);
          buckets[k].push(a, b);
        }
      }
    }
    const path = (list) => {
      c.beginPath();
      for (let i = 0; i < list.length; i += 2) {
        const a = list[i];
        const b = list[i + 1];
        const mid = (a.x + b.x) / 2;
        c.moveTo(a.x + half, a.y);
        c.bezierCurveTo(mid, a.y, mid, b.y, b.x - half, b.y);
      }
    };
    const unknown = buckets[LINK_LEVELS * 2];
    if (unknown.length) {
      path(unknown);
      c.lineWidth = only ? 1.6 : 1;
      c.strokeStyle = 'rgba(120, 120, 120, 0.35)';
      c.stroke();
    }
    for (let k = 0; k < LINK_LEVELS * 2; k += 1) {
      if (!buckets[k].length) continue;
      const m = (k >> 1) / top;
      const sign = k & 1 ? -1 : 1;
      path(buckets[k]);
      const width = 0.4 + (maxWidth - 0.4) * m;
      c.lineWidth = only ? width + 0.6 : width;
      c.strokeStyle = divergingCss(sign * (0.45 + 0.55 * m), only ? 0.45 + 0.55 * m : 0.22 + 0.78 * m);
      c.stroke();
    }
  }

  /** The widest link (|w| the layer's largest): thinner when the columns are close, or they would merge into a blur. */
  function linkMaxWidth() {
    return Math.max(1.2, Math.min(4, geometry.pitch * 0.16, geometry.spacing * 0.05));
  }

  /** One link, from node a to node b, emphasised: the link pointed at or walked to. */
  function drawLink(c, a, b) {
    const half = geometry.node / 2;
    const w = weight(a.l, a.u, b.u);
    const maxAbs = layerMaxAbs(a.l);
    const m = maxAbs > 0 && Number.isFinite(w) ? Math.min(1, Math.abs(w) / maxAbs) : 0;
    const mid = (a.x + b.x) / 2;
    c.beginPath();
    c.moveTo(a.x + half, a.y);
    c.bezierCurveTo(mid, a.y, mid, b.y, b.x - half, b.y);
    c.lineWidth = 0.4 + (linkMaxWidth() - 0.4) * m + 1.6;
    c.strokeStyle = Number.isFinite(w) ? divergingCss((w < 0 ? -1 : 1) * (0.45 + 0.55 * m)) : 'rgba(120, 120, 120, 0.8)';
    c.stroke();
  }

  /** A node's picture (thumbnail, feature, output tile), clipped to its rounded square. */
  function drawNodeContent(c, nd) {
    const s = geometry.node;
    const x = nd.x - s / 2;
    const y = nd.y - s / 2;
    const last = nLayers() - 1;
    c.save();
    roundRectPath(c, x, y, s, s, Math.min(4, s / 6));
    c.fillStyle = '#ffffff';
    c.fill();
    c.clip();
    if (nd.l === 0 && featureRows.has(nd.u)) {
      c.drawImage(features, 0, featureRows.get(nd.u) * FEATURE_RES, FEATURE_RES, FEATURE_RES, x, y, s, s);
    } else if (nd.l > 0 && nd.l < last) {
      const t = thumbs.get(`${nd.l}:${nd.u}`);
      if (t) c.drawImage(atlas, 0, t.row * net.unitsNy, net.unitsNx, net.unitsNy, x, y, s, s);
      else {
        c.fillStyle = '#eef0f2';
        c.fillRect(x, y, s, s);
      }
    } else if (nd.l === last && outputTiles.tile(nd.u)) {
      const t = outputTiles.tile(nd.u);
      c.drawImage(outputTiles.atlas, 0, t.row * t.ny, t.nx, t.ny, x, y, s, s);
    } else {
      // Inputs without a picture, and outputs with no plane to draw (more than two inputs):
      // plain, or a pale swatch of the output's class.
      const k = nd.l === last ? outputClass(kind(), nd.u) : -1;
      c.fillStyle = k >= 0 ? rgbCss(mixRgb([255, 255, 255], classRgb(k), 0.3)) : '#f3f4f6';
      c.fillRect(x, y, s, s);
    }
    c.restore();
  }

  function drawNodeBorder(c, nd) {
    const s = geometry.node;
    roundRectPath(c, nd.x - s / 2 + 0.5, nd.y - s / 2 + 0.5, s - 1, s - 1, Math.min(4, s / 6));
    c.lineWidth = 1;
    c.strokeStyle = 'rgba(17, 20, 24, 0.55)';
    c.stroke();
  }

  function drawRing(c, nd, width = 2) {
    const s = geometry.node;
    roundRectPath(c, nd.x - s / 2 - 2.5, nd.y - s / 2 - 2.5, s + 5, s + 5, Math.min(6, s / 5));
    c.lineWidth = width;
    c.strokeStyle = INK;
    c.stroke();
  }

  /** What lies above the links and the pictures and changes only with the layout. */
  function drawOverlay(c) {
    for (const col of geometry.cols) for (const nd of col.nodes) drawNodeBorder(c, nd);
    drawMarkers(c);
    drawLabels(c);
  }

  function drawBase(c) {
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, size.width, size.height);
    drawHeaders(c);
  }

  /** The whole diagram: the cached base, the links, the pictures, the cached overlay. */
  function compose(c) {
    const key = `${geometryVersion}|${size.dpr}`;
    base.ensure(key, canvas.width, canvas.height, size.dpr, drawBase);
    overlay.ensure(key, canvas.width, canvas.height, size.dpr, drawOverlay);
    if (shownKey !== layoutKey()) {
      // Nothing to show for this layout yet: draw it all now.
      linksDrawn = { key: '', version: -1, l: 0, a: 0 };
      drawLinkLayers(Infinity);
    }
    linksUnshown = false;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(base.canvas, 0, 0);
    c.drawImage(shownLinks, 0, 0);
    c.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    drawNodeContents(c);
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(overlay.canvas, 0, 0);
    c.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  }

  /**
   * Brings the links layer up to date with the weights and the layout, a unit's outgoing
   * links at a time, each rasterized at once, until `deadline` (performance.now() ms; at
   * least one unit's). When the layer is complete it becomes the picture shown. Returns true
   * when it drew something.
   */
  function drawLinkLayers(deadline = Infinity) {
    const key = layoutKey();
    const { cols } = geometry;
    const last = cols.length - 1;
    const complete = linksDrawn.l >= last;
    // A new layout starts over at once; new weights wait for the drawing in progress to finish.
    if (linksDrawn.key !== key || (complete && linksDrawn.version !== netVersion)) {
      if (links.width !== canvas.width || links.height !== canvas.height) {
        links.width = canvas.width;
        links.height = canvas.height;
      } else {
        linksCtx.setTransform(1, 0, 0, 1, 0, 0);
        linksCtx.clearRect(0, 0, links.width, links.height);
      }
      linksDrawn = { key, version: netVersion, l: 0, a: 0 };
    } else if (complete) return false;
    linksCtx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    do {
      const { l, a } = linksDrawn;
      drawLinks(linksCtx, null, l, l, a, a + 1);
      if (deadline !== Infinity) {
        // Canvas drawing is recorded and rasterized later, in the frame that shows it: a
        // one-pixel read rasterizes it now, so that the deadline bounds that work too.
        linksCtx.getImageData(0, 0, 1, 1);
      }
      linksDrawn = a + 1 < cols[l].nodes.length ? { ...linksDrawn, a: a + 1 } : { ...linksDrawn, l: l + 1, a: 0 };
    } while (linksDrawn.l < last && performance.now() < deadline);
    if (linksDrawn.l === last) showLinks();
    return true;
  }

  const layoutKey = () => `${geometryVersion}|${size.dpr}|${canvas.width}x${canvas.height}`;

  /** The links layer is complete: it becomes the picture that compose() shows. */
  function showLinks() {
    if (shownLinks.width !== links.width || shownLinks.height !== links.height) {
      shownLinks.width = links.width;
      shownLinks.height = links.height;
    } else {
      shownCtx.clearRect(0, 0, shownLinks.width, shownLinks.height);
    }
    shownCtx.drawImage(links, 0, 0);
    shownKey = layoutKey();
    linksUnshown = true;
    layerValid = false;
  }

  function drawNodeContents(c) {
    c.imageSmoothingEnabled = true;
    for (const col of geometry.cols) for (const nd of col.nodes) drawNodeContent(c, nd);
  }

  function drawHeaders(c) {
    const g = geometry;
    c.textAlign = 'center';
    c.textBaseline = 'top';
    for (const col of g.cols) {
      const name = layerName(col.l);
      const count = col.l === 0 ? `${col.n} feature${col.n === 1 ? '' : 's'}` : `${col.n} unit${col.n === 1 ? '' : 's'}`;
      c.font = FONT_BOLD;
      const room = g.spacing > 0 ? g.spacing - 6 : g.width;
      const short = col.l === 0 ? 'in' : col.l === nLayers() - 1 ? 'out' : `h${col.l}`;
      const title = c.measureText(name).width <= room ? name : short;
      const titleW = c.measureText(title).width;
      c.font = FONT;
      const sub = c.measureText(count).width <= room ? count : String(col.n);
      // Centred on the column, both lines moved in together where they would touch the box's
      // edges or rounded corners (on a phone the first column sits close to the left edge).
      const half = Math.max(titleW, c.measureText(sub).width) / 2;
      const margin = 8;
      const x = Math.max(half + margin, Math.min(g.width - half - margin, col.x));
      c.font = FONT_BOLD;
      c.fillStyle = INK;
      c.fillText(title, x, 4);
      c.font = FONT;
      c.fillStyle = INK_MUTED;
      c.fillText(sub, x, 19);
    }
  }

  function drawLabels(c) {
    const g = geometry;
    c.font = FONT;
    c.fillStyle = INK;
    c.textBaseline = 'middle';
    c.textAlign = 'right';
    for (const nd of g.cols[0].nodes) c.fillText(inputLabel(nd.u), nd.x - g.node / 2 - 6, nd.y);
    c.textAlign = 'left';
    for (const nd of g.cols.at(-1).nodes) c.fillText(outputLabel(nd.u), nd.x + g.node / 2 + 6, nd.y);
  }

  function drawMarkers(c) {
    c.font = FONT;
    c.textAlign = 'center';
    c.textBaseline = 'middle';
    for (const col of geometry.cols) {
      const m = col.marker;
      if (!m) continue;
      const long = `+${m.count} more`;
      const short = `+${m.count}`;
      const room = geometry.spacing - 8;
      const text = c.measureText(long).width + 8 <= room ? long : c.measureText(short).width + 8 <= room ? short : null;
      if (!text) {
        // No room for a label: a vertical ellipsis says the column goes on.
        c.fillStyle = INK_MUTED;
        for (const dy of [-5, 0, 5]) {
          c.beginPath();
          c.arc(m.x, m.y + dy, 1.6, 0, Math.PI * 2);
          c.fill();
        }
        continue;
      }
      const w = c.measureText(text).width + 8;
      c.fillStyle = 'rgba(255, 255, 255, 0.92)';
      roundRectPath(c, m.x - w / 2, m.y - 9, w, 18, 9);
      c.fill();
      c.strokeStyle = 'rgba(17, 20, 24, 0.25)';
      c.lineWidth = 1;
      c.stroke();
      c.fillStyle = INK_MUTED;
      c.fillText(text, m.x, m.y + 0.5);
    }
  }

  /**
   * The diagram is drawn into an offscreen layer when the network or the size changes; a
   * highlighted unit is drawn on top of a copy (a veil dims the other links), so hovering and
   * arrow keys cost a copy and a few strokes, not the hundreds of links.
   */
  function render() {
    if (!size) size = fitCanvas(canvas);
    if (!size) return;
    if (!net) {
      ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      ctx.fillStyle = BACKGROUND;
      ctx.fillRect(0, 0, size.width, size.height);
      ctx.font = `14px ${FONT_FAMILY}`;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('The network appears here', size.width / 2, size.height / 2);
      popup.hide();
      return;
    }
    ensureGeometry();
    // Newer pictures are painted in prepare() turns; render() paints only when there are none.
    if (!thumbsValid && (!prepared || !thumbs.size)) paintThumbnails();
    if (!outputTiles.valid && (!prepared || outputTiles.epoch === null)) outputTiles.paint();
    const nd = highlight && findNode(highlight.l, highlight.u);
    const ends = !nd && link ? [findNode(link.l, link.i), findNode(link.l + 1, link.j)] : null;
    if (!nd && !(ends?.[0] && ends[1])) {
      // Straight onto the screen; the highlight's copy is out of date from now on.
      compose(ctx);
      layerValid = false;
      drawPopup();
      markOutputs();
      return;
    }
    if (!layerValid || layer.width !== canvas.width || layer.height !== canvas.height) {
      if (layer.width !== canvas.width || layer.height !== canvas.height) {
        layer.width = canvas.width;
        layer.height = canvas.height;
      }
      compose(layerCtx);
      layerValid = true;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(layer, 0, 0);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.72)';
    ctx.fillRect(0, geometry.header - 4, size.width, size.height);
    if (nd) drawLinks(ctx, highlight);
    else drawLink(ctx, ends[0], ends[1]);
    drawNodeContents(ctx);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(overlay.canvas, 0, 0);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    if (nd) drawRing(ctx, nd);
    else for (const end of ends) drawRing(ctx, end, 1.5);
    drawPopup();
    markOutputs();
  }

  /** data-outputs-epoch: the epoch of the output tiles on screen (tests wait on it). */
  function markOutputs() {
    const epoch = outputTiles.epoch;
    if (epoch === shownOutputsEpoch) return;
    shownOutputsEpoch = epoch;
    if (epoch === null) delete container.dataset.outputsEpoch;
    else container.dataset.outputsEpoch = String(epoch);
  }

  /** The layout for the current size and architecture (a new one invalidates the cached layers). */
  function ensureGeometry() {
    if (geometry && geometry.width === size.width && geometry.height === size.height) return;
    geometry = computeGeometry(size.width, size.height);
    geometryVersion += 1;
    thumbsValid = false;
    thumbsJob = null;
    layerValid = false;
  }

  // ---- popup ----------------------------------------------------------------------------

  /** The popup's lines for a unit: { text, note? (right-aligned, scikit-learn's name), muted? }. */
  function popupRows(l, u) {
    const rows = [];
    const last = nLayers() - 1;
    if (l > 0) rows.push({ text: `bias ${formatValue(bias(l, u), 3)}`, note: `intercepts_[${l - 1}][${u}]` });
    if (!thumbsValid && geometry) paintThumbnails();
    const t = thumbs.get(`${l}:${u}`);
    if (l > 0 && l < last && t) {
      rows.push(
        t.max === 0 && t.min === 0
          ? { text: 'outputs 0 everywhere here', muted: true }
          : { text: `output ${formatValue(t.min, 3)} to ${formatValue(t.max, 3)}`, muted: true },
      );
    }
    if (l === last) {
      const o = outputTiles.tile(u);
      const what = kind() === 'regression' ? 'prediction' : `P(class ${outputClass(kind(), u)})`;
      if (o) rows.push({ text: `${what} ${formatValue(o.min, 2)} to ${formatValue(o.max, 2)}`, muted: true });
      else if (net.layerUnits[0] > 2) rows.push({ text: 'no input plane to draw', muted: true });
    }
    if (l === 0) rows.push({ text: `feature ${u + 1} of ${net.layerUnits[0]}`, muted: true });
    if (l > 0) rows.push({ text: `${net.layerUnits[l - 1]} weights in`, note: `coefs_[${l - 1}][:, ${u}]`, muted: true });
    return rows;
  }

  /** A unit's enlarged picture for the popup ({ source, sx, sy, sw, sh }), or null. */
  function unitImage(l, u) {
    const last = nLayers() - 1;
    if (l === 0) {
      return featureRows.has(u)
        ? { source: features, sx: 0, sy: featureRows.get(u) * FEATURE_RES, sw: FEATURE_RES, sh: FEATURE_RES }
        : null;
    }
    if (l === last) {
      const o = outputTiles.tile(u);
      return o ? { source: outputTiles.atlas, sx: 0, sy: o.row * o.ny, sw: o.nx, sh: o.ny } : null;
    }
    const t = thumbs.get(`${l}:${u}`);
    return t ? { source: atlas, sx: 0, sy: t.row * net.unitsNy, sw: net.unitsNx, sh: net.unitsNy } : null;
  }

  /** A link's popup: its weight, the units it joins, its place in coefs_. */
  function linkText(lk) {
    const w = weight(lk.l, lk.i, lk.j);
    return {
      title: `w = ${formatValue(w, 3)}`,
      rows: [
        { text: `from ${unitName(lk.l, lk.i)} to ${unitName(lk.l + 1, lk.j)}` },
        { text: `coefs_[${lk.l}][${lk.i}, ${lk.j}]`, muted: true },
        { text: `largest |w| of the layer ${formatValue(layerMaxAbs(lk.l), 3)}`, muted: true },
      ],
    };
  }

  function drawPopup() {
    const bounds = { width: size?.width ?? 0, height: size?.height ?? 0 };
    const nd = highlight && findNode(highlight.l, highlight.u);
    if (nd && size) {
      const { l, u } = nd;
      popup.show({
        kind: l === nLayers() - 1 ? 'output' : 'unit',
        id: `${l}:${u}`,
        title: unitTitle(l, u),
        rows: popupRows(l, u),
        image: unitImage(l, u),
        at: nd,
        gap: geometry.node / 2 + 10,
        bounds,
        dpr: size.dpr,
      });
      return;
    }
    if (link && size && findNode(link.l, link.i) && findNode(link.l + 1, link.j)) {
      const { title, rows } = linkText(link);
      popup.show({ kind: 'link', id: `${link.l}:${link.i}:${link.j}`, title, rows, at: link.at, gap: 14, bounds, dpr: size.dpr });
      return;
    }
    popup.hide();
  }

  // ---- interaction ----------------------------------------------------------------------

  /** Shows a unit (null: nothing); a link shown before is let go. */
  function setHighlight(next, by) {
    const same = next && highlight && next.l === highlight.l && next.u === highlight.u;
    if ((same || (!next && !highlight)) && !link) return;
    highlight = next;
    highlightBy = next ? by : null;
    link = null;
    linkBy = null;
    if (next && by === 'keyboard') {
      const rows = popupRows(next.l, next.u).map((r) => r.text);
      live.textContent = `${unitTitle(next.l, next.u)}. ${rows.join('. ')}`;
    }
    scheduler.request();
  }

  /** Shows a link ({ l, i, j, at }); the same link at another point only moves the popup. */
  function setLink(next, by) {
    const same = link && next.l === link.l && next.i === link.i && next.j === link.j;
    link = next;
    linkBy = by;
    if (same && !highlight) {
      drawPopup();
      return;
    }
    highlight = null;
    highlightBy = null;
    scheduler.request();
  }

  function clearFocus() {
    walk = null;
    if (highlight) setHighlight(null);
    else if (link) {
      link = null;
      linkBy = null;
      scheduler.request();
    }
  }

  /** The shown links of a unit, incoming then outgoing: [{ l, i, j, at }], `at` each link's midpoint. */
  function unitLinks(l, u) {
    const g = geometry;
    const half = g.node / 2;
    const self = findNode(l, u);
    if (!self) return [];
    const mid = (a, b) => linkMidpoint(a.x + half, a.y, b.x - half, b.y);
    const list = [];
    if (l > 0) for (const a of g.cols[l - 1].nodes) list.push({ l: l - 1, i: a.u, j: u, at: mid(a, self) });
    if (l + 1 < g.cols.length) for (const b of g.cols[l + 1].nodes) list.push({ l, i: u, j: b.u, at: mid(self, b) });
    return list;
  }

  /** The keyboard's walk along a unit's links: the k-th (wrapping), announced. */
  function walkTo(k) {
    const list = unitLinks(walk.l, walk.u);
    if (!list.length) return;
    walk.k = ((k % list.length) + list.length) % list.length;
    const lk = list[walk.k];
    setLink(lk, 'keyboard');
    const { title, rows } = linkText(lk);
    live.textContent = `${title} ${rows[0].text} (${rows[1].text}). Link ${walk.k + 1} of ${list.length}.`;
  }

  function move(dl, du) {
    const g = geometry;
    if (!g) return;
    if (!highlight) {
      const start = g.cols[Math.min(1, g.cols.length - 1)].nodes[0];
      return setHighlight({ l: start.l, u: start.u }, 'keyboard');
    }
    const col = g.cols[highlight.l];
    const k = col.nodes.findIndex((nd) => nd.u === highlight.u);
    if (du) {
      const nd = col.nodes[Math.max(0, Math.min(col.nodes.length - 1, k + du))];
      return setHighlight({ l: nd.l, u: nd.u }, 'keyboard');
    }
    const target = g.cols[Math.max(0, Math.min(g.cols.length - 1, highlight.l + dl))];
    const y = col.nodes[k]?.y ?? 0;
    let best = target.nodes[0];
    for (const nd of target.nodes) if (Math.abs(nd.y - y) < Math.abs(best.y - y)) best = nd;
    setHighlight({ l: best.l, u: best.u }, 'keyboard');
  }

  /** Keys while walking a unit's links: up/down the links, left/right to the unit at that end, Enter/Escape back. */
  function walkKey(key) {
    const lk = link;
    if (key === 'ArrowUp' || key === 'ArrowDown') return walkTo(walk.k + (key === 'ArrowUp' ? -1 : 1));
    const back = walk;
    walk = null;
    if (key === 'ArrowLeft' && lk) return setHighlight({ l: lk.l, u: lk.i }, 'keyboard');
    if (key === 'ArrowRight' && lk) return setHighlight({ l: lk.l + 1, u: lk.j }, 'keyboard');
    return setHighlight({ l: back.l, u: back.u }, 'keyboard');
  }

  const position = (e) => {
    const b = canvas.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  };
  /** What is under a point: a unit ({ l, u }), a link ({ link }) or null. */
  function pointAt(p) {
    const nd = nodeAt(p.x, p.y);
    if (nd) return { l: nd.l, u: nd.u };
    const lk = geometry && p.y > geometry.header ? nearestLink(geometry.cols, geometry.node / 2, p.x, p.y, LINK_REACH) : null;
    return lk ? { link: { l: lk.l, i: lk.from.u, j: lk.to.u, at: { x: lk.x, y: lk.y } } } : null;
  }
  function showAt(p) {
    const hit = pointAt(p);
    if (hit) walk = null;
    if (hit?.link) setLink(hit.link, 'pointer');
    else if (hit) setHighlight(hit, 'pointer');
    return hit;
  }
  const canvasListeners = {
    pointermove(e) {
      if (!showAt(position(e)) && (highlightBy === 'pointer' || linkBy === 'pointer')) clearFocus();
    },
    pointerleave(e) {
      if ((highlightBy === 'pointer' || linkBy === 'pointer') && e.pointerType !== 'touch') clearFocus();
    },
    pointerdown(e) {
      // Touch has no hover: a tap shows a unit or a link, a tap elsewhere hides it.
      if (e.pointerType !== 'touch') return;
      if (!showAt(position(e))) clearFocus();
    },
  };
  const containerListeners = {
    keydown(e) {
      const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (!net) return;
      if (walk && (moves[e.key] || e.key === 'Enter' || e.key === 'Escape')) {
        e.preventDefault();
        walkKey(e.key);
      } else if (moves[e.key]) {
        e.preventDefault();
        move(...moves[e.key]);
      } else if (e.key === 'Enter' && highlight) {
        e.preventDefault();
        walk = { l: highlight.l, u: highlight.u, k: 0 };
        walkTo(0);
      } else if (e.key === 'Escape' && (highlight || link)) {
        e.preventDefault();
        clearFocus();
      }
    },
    focus() {
      if (!highlight && !link && net) move(0, 0);
    },
    blur() {
      if (highlightBy === 'keyboard' || linkBy === 'keyboard') clearFocus();
    },
  };
  for (const [t, fn] of Object.entries(canvasListeners)) canvas.addEventListener(t, fn);
  for (const [t, fn] of Object.entries(containerListeners)) container.addEventListener(t, fn);

  function describe() {
    const units = net.layerUnits;
    const hidden = units.slice(1, -1);
    const inputs = units[0] === 1 ? '1 input' : `${units[0]} inputs`;
    const labels = net.inputLabels?.length ? ` (${net.inputLabels.join(', ')})` : '';
    const hiddenText = hidden.length
      ? `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.join(', ')} units`
      : 'no hidden layer';
    const outputNames = net.outputLabels?.length ? ` (${net.outputLabels.join(', ')})` : '';
    const outputs = `${units.at(-1) === 1 ? '1 output' : `${units.at(-1)} outputs`}${outputNames}`;
    container.setAttribute(
      'aria-label',
      `Network: ${inputs}${labels}, ${hiddenText}, ${outputs}; ${formatCount(offsets.total)} parameters. ` +
        'Arrow keys move between units; Enter walks the links of a unit, with their weights.',
    );
  }

  /** The output tiles' source for an update: the same object while its outputs and colour scale are. */
  function outputSourceFor(next) {
    const nOut = next.layerUnits.at(-1);
    const { outputs, outputsNx: nx, outputsNy: ny } = next;
    if (!outputs || !(nx * ny > 0) || outputs.length !== nOut * nx * ny) return null;
    const k = outputKind(next.task, nOut);
    const range = k === 'regression' ? next.outputRange ?? null : null;
    const o = outputSource;
    if (o && o.outputs === outputs && o.kind === k && String(o.range) === String(range)) return o;
    return { outputs, outputsNx: nx, outputsNy: ny, outputsEpoch: next.outputsEpoch ?? null, kind: k, range };
  }

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    size = next;
    layerValid = false;
    scheduler.request();
  }

  return {
    update(next) {
      if (next === null && net) {
        net = null;
        highlight = null;
        container.setAttribute('aria-label', 'Network: none yet');
        scheduler.request();
        return;
      }
      if (!next?.layerUnits?.length) return;
      const archChanged =
        !net ||
        net.layerUnits.length !== next.layerUnits.length ||
        net.layerUnits.some((n, l) => n !== next.layerUnits[l]) ||
        String(net.inputLabels) !== String(next.inputLabels) ||
        String(net.outputLabels) !== String(next.outputLabels);
      const unitsChanged = next.units !== net?.units || next.unitsNx !== net?.unitsNx || next.unitsNy !== net?.unitsNy;
      net = { ...next, layerUnits: Array.from(next.layerUnits) };
      layerValid = false;
      // The thumbnails are painted when drawn (once, however many updates came in between).
      if (unitsChanged) thumbsValid = false;
      outputSource = outputSourceFor(net);
      outputTiles.set(outputSource);
      if (archChanged) {
        offsets = parameterOffsets(net.layerUnits);
        geometry = null;
        if (highlight && !(highlight.l < net.layerUnits.length && highlight.u < net.layerUnits[highlight.l])) highlight = null;
        link = null;
        walk = null;
        paintFeatures();
        describe();
      }
      netVersion += 1;
      scheduler.request();
    },
    resize,
    render: () => scheduler.flush(),
    /**
     * Draws part of the latest update ahead of render() (thumbnails and output tiles until
     * `deadline`, in performance.now() ms, or a layer of links) and has the browser rasterize it now; returns
     * true when it did something, false when all is ready for render(). A page that calls
     * prepare() once per animation frame until it returns false, then render(), spreads the
     * diagram's drawing over a few frames. The caller draws: the redraw that update()
     * scheduled is cancelled.
     */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!net) return false;
      if (!size) size = fitCanvas(canvas);
      if (!size) return false;
      prepared = true;
      return timed('network-prepare', () => {
        ensureGeometry();
        if (linksUnshown) return false; // a complete links picture to show first
        if (!thumbsValid || !outputTiles.valid) {
          timed('network-thumbs', () => paintThumbnails(deadline) && outputTiles.paint(deadline));
          return true; // the links in a later frame: one piece of work per frame
        }
        return timed('network-links', () => drawLinkLayers(deadline));
      });
    },
    /** True while newer weights or pictures than those shown wait to be drawn (call prepare() again). */
    get busy() {
      return (
        Boolean(net && size && geometry) &&
        (!thumbsValid || !outputTiles.valid || linksDrawn.version !== netVersion || linksDrawn.l < geometry.cols.length - 1)
      );
    },
    destroy() {
      scheduler.cancel();
      stopObserving();
      for (const [t, fn] of Object.entries(canvasListeners)) canvas.removeEventListener(t, fn);
      for (const [t, fn] of Object.entries(containerListeners)) container.removeEventListener(t, fn);
      canvas.remove();
      popup.el.remove();
      live.remove();
      if (addedTabIndex) container.removeAttribute('tabindex');
    },
  };
}

function toSubscript(n) {
  return String(n).replace(/\d/g, (d) => '\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089'[d]);
}
