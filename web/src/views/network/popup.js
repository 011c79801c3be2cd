// What the diagram's popup says and shows: a unit's bias, output range and weights in, with
// its enlarged picture, or a link's weight and the units it joins. `view` is the diagram's
// state (network.js).

import { formatValue } from '../canvas-util.js';
import { outputClass } from '../output-tiles.js';
import { kindOf, nLayers, unitName, unitTitle } from './architecture.js';
import { findNode } from './geometry.js';
import { bias, layerMaxAbs, linkValue, weight } from './links.js';
import { FEATURE_RES, paintThumbnails } from './pictures.js';

/** The popup's lines for a unit: { text, note? (right-aligned, scikit-learn's name), muted? }. */
export function popupRows(view, l, u) {
  const rows = [];
  const last = nLayers(view) - 1;
  if (l > 0) rows.push({ text: `bias ${formatValue(bias(view, l, u), 3)}`, note: `intercepts_[${l - 1}][${u}]` });
  if (!view.thumbsValid && view.geometry) paintThumbnails(view);
  const t = view.thumbs.get(`${l}:${u}`);
  if (l > 0 && l < last && t) {
    rows.push(
      t.max === 0 && t.min === 0
        ? { text: 'outputs 0 everywhere here', muted: true }
        : { text: `output ${formatValue(t.min, 3)} to ${formatValue(t.max, 3)}`, muted: true },
    );
  }
  if (l === last) {
    const o = view.outputTiles.tile(u);
    const what = kindOf(view) === 'regression' ? 'prediction' : `P(class ${outputClass(kindOf(view), u)})`;
    if (o) rows.push({ text: `${what} ${formatValue(o.min, 2)} to ${formatValue(o.max, 2)}`, muted: true });
    else if (view.net.layerUnits[0] > 2) rows.push({ text: 'no input plane to draw', muted: true });
  }
  if (l === 0) rows.push({ text: `feature ${u + 1} of ${view.net.layerUnits[0]}`, muted: true });
  if (l > 0) rows.push({ text: `${view.net.layerUnits[l - 1]} weights in`, note: `coefs_[${l - 1}][:, ${u}]`, muted: true });
  return rows;
}

/** A unit's enlarged picture for the popup ({ source, sx, sy, sw, sh }), or null. */
export function unitImage(view, l, u) {
  const last = nLayers(view) - 1;
  if (l === 0) {
    return view.featureRows.has(u)
      ? { source: view.features, sx: 0, sy: view.featureRows.get(u) * FEATURE_RES, sw: FEATURE_RES, sh: FEATURE_RES }
      : null;
  }
  if (l === last) {
    const o = view.outputTiles.tile(u);
    return o ? { source: view.outputTiles.atlas, sx: 0, sy: o.row * o.ny, sw: o.nx, sh: o.ny } : null;
  }
  const t = view.thumbs.get(`${l}:${u}`);
  return t ? { source: view.atlas, sx: 0, sy: t.row * view.net.unitsNy, sw: view.net.unitsNx, sh: view.net.unitsNy } : null;
}

/** A link's popup: its weight, the units it joins, its place in coefs_ (and a shown trace's value on it). */
export function linkText(view, lk) {
  const w = weight(view, lk.l, lk.i, lk.j);
  const rows = [
    { text: `from ${unitName(view, lk.l, lk.i)} to ${unitName(view, lk.l + 1, lk.j)}` },
    { text: `coefs_[${lk.l}][${lk.i}, ${lk.j}]`, muted: true },
    { text: `largest |w| of the layer ${formatValue(layerMaxAbs(view, lk.l), 3)}`, muted: true },
  ];
  const v = view.trace?.links[lk.l] ? linkValue(view, lk.l, lk.i, lk.j) : NaN;
  if (Number.isFinite(v)) rows.push({ text: `${view.trace.kind === 'gradient' ? '∂J/∂w' : 'w·a'} = ${formatValue(v, 3)} for the traced input` });
  return { title: `w = ${formatValue(w, 3)}`, rows };
}

export function drawPopup(view) {
  const bounds = { width: view.size?.width ?? 0, height: view.size?.height ?? 0 };
  const nd = view.highlight && findNode(view, view.highlight.l, view.highlight.u);
  if (nd && view.size) {
    const { l, u } = nd;
    view.popup.show({
      kind: l === nLayers(view) - 1 ? 'output' : 'unit',
      id: `${l}:${u}`,
      title: unitTitle(view, l, u),
      rows: popupRows(view, l, u),
      image: unitImage(view, l, u),
      at: nd,
      gap: view.geometry.node / 2 + 10,
      bounds,
      dpr: view.size.dpr,
    });
    return;
  }
  if (view.link && view.size && findNode(view, view.link.l, view.link.i) && findNode(view, view.link.l + 1, view.link.j)) {
    const { title, rows } = linkText(view, view.link);
    view.popup.show({ kind: 'link', id: `${view.link.l}:${view.link.i}:${view.link.j}`, title, rows, at: view.link.at, gap: 14, bounds, dpr: view.size.dpr });
    return;
  }
  view.popup.hide();
}
