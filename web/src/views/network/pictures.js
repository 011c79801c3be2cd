// The diagram's pictures: each shown hidden unit's activation over the input plane, painted
// into an atlas (a few per call until a deadline), and the input features with a known
// formula pictured over [-4, 4]^2. `view` is the diagram's state (network.js).

import { divergingIndex } from '../palette.js';
import { paintUnitPlane } from '../heatmap.js';
import { FEATURES, featureOf, inputLabel, nLayers } from './architecture.js';

export const FEATURE_RES = 32; // input feature thumbnails

// The thumbnails are painted unit by unit, as many per call as fit before a deadline (cold,
// unoptimised code takes tens of milliseconds for all of them); the atlas and the thumbnail
// table change only when a job is done, so the last complete pictures are shown meanwhile.

/** A job painting the shown hidden units' thumbnails, or null when there is nothing to paint. */
export function startThumbsJob(view) {
  const { units, unitsNx: nx, unitsNy: ny } = view.net;
  if (!units || !nx || !ny || !view.geometry) return null;
  const hiddenStart = [];
  let acc = 0;
  for (let l = 1; l < nLayers(view) - 1; l += 1) {
    hiddenStart[l] = acc;
    acc += view.net.layerUnits[l];
  }
  if (units.length < acc * nx * ny) return null; // units from another architecture
  const wanted = [];
  for (const col of view.geometry.cols.slice(1, -1)) for (const nd of col.nodes) wanted.push(nd);
  if (!wanted.length) return null;
  if (!view.atlasImage || view.atlasImage.width !== nx || view.atlasImage.height !== ny * wanted.length) {
    view.atlasImage = view.atlasCtx.createImageData(nx, ny * wanted.length);
    view.atlasPixels = new Uint32Array(view.atlasImage.data.buffer);
  }
  return { units, wanted, next: 0, hiddenStart, plane: nx * ny, table: new Map() };
}

/**
 * Paints the shown hidden units' activation planes into the atlas, each scaled by its max
 * |a|, until `deadline` (performance.now() ms); returns true when all are done (thumbsValid).
 */
export function paintThumbnails(view, deadline = Infinity) {
  while (!view.thumbsValid) {
    if (!view.thumbsJob) view.thumbsJob = startThumbsJob(view);
    const job = view.thumbsJob;
    if (job) {
      const { units, plane } = job;
      while (job.next < job.wanted.length) {
        const nd = job.wanted[job.next];
        const row = job.next;
        const start = (job.hiddenStart[nd.l] + nd.u) * plane;
        const { min, max } = paintUnitPlane(units, start, plane, view.lut, view.atlasPixels, row * plane);
        job.table.set(`${nd.l}:${nd.u}`, { row, min, max });
        job.next += 1;
        if (job.next < job.wanted.length && performance.now() >= deadline) return false;
      }
      if (view.atlas.width !== view.atlasImage.width || view.atlas.height !== view.atlasImage.height) {
        view.atlas.width = view.atlasImage.width;
        view.atlas.height = view.atlasImage.height;
      }
      view.atlasCtx.putImageData(view.atlasImage, 0, 0);
    }
    view.thumbs = job ? job.table : new Map();
    view.thumbsJob = null;
    // Pictures that came in meanwhile are painted next (not restarted on every update,
    // which would never finish while training sends them faster than a cold page paints).
    view.thumbsValid = !job || job.units === view.net.units;
    if (!view.thumbsValid && performance.now() >= deadline) return false;
  }
  return true;
}

/** Input features with a known formula, pictured over [-4, 4]^2 once per label set. */
export function paintFeatures(view) {
  view.featureRows = new Map();
  const n = view.net.layerUnits[0];
  const kinds = [];
  for (let i = 0; i < n; i += 1) {
    const f = featureOf(inputLabel(view, i));
    if (f) {
      view.featureRows.set(i, kinds.length);
      kinds.push(FEATURES[f]);
    }
  }
  if (!kinds.length) return;
  const r = FEATURE_RES;
  view.features.width = r;
  view.features.height = r * kinds.length;
  const image = view.featuresCtx.createImageData(r, r * kinds.length);
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
    for (let p = 0; p < r * r; p += 1) px[k * r * r + p] = view.lut[divergingIndex(vals[p] / (scale || 1))];
  });
  view.featuresCtx.putImageData(image, 0, 0);
}
