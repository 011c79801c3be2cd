// What the colours mean, in words beside swatches: one legend under the data plane (each
// class's colour, or the regression colour scale with its numbers) and one under the network
// (the output tiles, the links' colour and width, the hidden units' scale). Plain DOM, so
// that it reads as text, zooms with the page and meets the page's contrast.
//
// legendModel() says what to show (a pure function, tested in node); createColorLegend()
// builds and updates the two elements from it.

import { formatTick, niceTicks } from './canvas-util.js';
import { SURFACE_STRENGTH, classColor, divergingCss, divergingRgb, mixRgb, rgbCss } from './palette.js';

const WHITE = [255, 255, 255];

/** CSS gradient stops of the diverging map, faded towards white by 1 - strength. */
function divergingStops(strength = 1) {
  return Array.from({ length: 9 }, (_, k) => rgbCss(mixRgb(WHITE, divergingRgb(k / 4 - 1), strength)));
}

/** The ticks of a colour scale over [lo, hi]: [{ at (0..1 along it), text }]. */
export function scaleTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [];
  const { ticks, step } = niceTicks(lo, hi, count);
  return ticks.map((v) => ({ at: (v - lo) / (hi - lo), text: formatTick(v, step) }));
}

/** A class's name in the legend: "class 2", or "class 2 (setosa)" when the data name it. */
export function className(k, names) {
  const name = names?.[k];
  return name !== undefined && name !== null && String(name) !== String(k) ? `class ${k} (${name})` : `class ${k}`;
}

/**
 * legendModel({ task, nClasses, classNames?, range?, planar, oneD }) ->
 * { key, plane, outputs, links, hidden }:
 *  plane: null (no plane, or a 1-D curve), { kind: 'classes', items: [{ text, color }], note } or
 *    { kind: 'scale', stops, ticks, note } (regression: range is the colour scale [lo, hi]);
 *  outputs: { text, stops?, ticks? } (a class ramp, or the regression scale);
 *  links: [{ text, color, width }]; hidden: { text, stops }.
 */
export function legendModel({ task, nClasses = 2, classNames = null, range = null, planar = true, oneD = false }) {
  const regression = task === 'regression';
  const K = Math.max(2, nClasses | 0);
  const scale = regression && range && range[1] > range[0]
    ? { stops: divergingStops(SURFACE_STRENGTH), ticks: scaleTicks(range[0], range[1]) }
    : null;
  let plane = null;
  if (planar && !regression) {
    plane = {
      kind: 'classes',
      items: Array.from({ length: K }, (_, k) => ({ text: className(k, classNames), color: classColor(k) })),
      note: 'Points: their class. Background: the class the model predicts there, paler where it is less sure.',
    };
  } else if (planar && regression && !oneD && scale) {
    plane = { kind: 'scale', ...scale, note: 'Background: the prediction; points: their target, on the same scale.' };
  }
  let outputs;
  if (regression) {
    outputs = { text: 'the prediction over the plane, on the plane\u2019s colour scale', ...(scale ?? {}) };
  } else if (K === 2) {
    outputs = {
      text: 'P(class 1) over the plane, from white (0) to class 1\u2019s colour (1)',
      stops: [rgbCss(WHITE), classColor(1)],
      ticks: [{ at: 0, text: '0' }, { at: 1, text: '1' }],
    };
  } else {
    outputs = {
      text: 'P(class k) over the plane, from white (0) to class k\u2019s colour (1)',
      stops: [rgbCss(WHITE), classColor(0)],
      ticks: [{ at: 0, text: '0' }, { at: 1, text: '1' }],
    };
  }
  const links = [
    { text: 'positive weight', color: divergingCss(1), width: 4 },
    { text: 'negative weight', color: divergingCss(-1), width: 4 },
    { text: 'small |w| (thin, pale)', color: divergingCss(0.5, 0.5), width: 1 },
  ];
  const hidden = {
    text: 'their values over the plane: negative blue, 0 white, positive orange, each on its own scale',
    stops: divergingStops(1),
  };
  const key = JSON.stringify([task, K, classNames ?? null, range ?? null, planar, oneD]);
  return { key, plane, outputs, links, hidden };
}

/**
 * createColorLegend(doc = document) -> { plane, network, update(info) }
 * plane, network: the two elements to place (under the data plane, under the network);
 * update(info): legendModel's info; rebuilds only when what it shows changes. Each element has
 * data-legend ('plane' | 'network'); the plane's also data-task and data-classes.
 */
export function createColorLegend(doc = document) {
  const make = (tag, cls, text) => {
    const el = doc.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  };
  const plane = make('div', 'color-legend plane-legend');
  plane.dataset.legend = 'plane';
  plane.setAttribute('role', 'group');
  plane.setAttribute('aria-label', 'Colours of the data plane');
  plane.hidden = true;
  const network = make('div', 'color-legend network-legend');
  network.dataset.legend = 'network';
  network.setAttribute('role', 'group');
  network.setAttribute('aria-label', 'Colours of the network diagram');
  network.hidden = true;
  let key = '';

  /** A gradient bar with numbers under it. */
  function scaleBar(stops, ticks) {
    const wrap = make('span', 'legend-scale');
    const bar = make('span', 'legend-bar');
    bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
    bar.setAttribute('aria-hidden', 'true');
    const labels = make('span', 'legend-ticks');
    for (const t of ticks) {
      const label = make('span', 'legend-tick', t.text);
      label.style.left = `${(t.at * 100).toFixed(2)}%`;
      labels.append(label);
    }
    if (ticks.length) wrap.setAttribute('aria-label', `from ${ticks[0].text} to ${ticks.at(-1).text}`);
    wrap.append(bar, labels);
    return wrap;
  }

  function row(title, ...children) {
    const r = make('div', 'legend-row');
    r.append(make('span', 'legend-title', title), ...children);
    return r;
  }

  function build(m) {
    plane.replaceChildren();
    if (m.plane?.kind === 'classes') {
      const list = make('ul', 'legend-classes');
      for (const item of m.plane.items) {
        const li = make('li', 'legend-class');
        const dot = make('span', 'legend-dot');
        dot.style.background = item.color;
        dot.setAttribute('aria-hidden', 'true');
        li.append(dot, make('span', '', item.text));
        list.append(li);
      }
      plane.append(row('Colours', list), make('p', 'legend-note', m.plane.note));
    } else if (m.plane?.kind === 'scale') {
      plane.append(row('Colours', scaleBar(m.plane.stops, m.plane.ticks)), make('p', 'legend-note', m.plane.note));
    }
    plane.hidden = !m.plane;
    plane.dataset.task = m.plane?.kind === 'scale' ? 'regression' : 'classification';
    plane.dataset.classes = String(m.plane?.items?.length ?? 0);

    network.replaceChildren();
    const out = row('Outputs', make('span', 'legend-text', m.outputs.text));
    if (m.outputs.stops) out.append(scaleBar(m.outputs.stops, m.outputs.ticks ?? []));
    const links = make('ul', 'legend-links');
    for (const l of m.links) {
      const li = make('li', 'legend-link');
      const line = make('span', 'legend-line');
      Object.assign(line.style, { background: l.color, height: `${l.width}px` });
      line.setAttribute('aria-hidden', 'true');
      li.append(line, make('span', '', l.text));
      links.append(li);
    }
    const linkRow = row('Links', links);
    linkRow.append(make('span', 'legend-text', 'wider and darker: larger |w| (relative to the layer\u2019s largest); point at a link for its value'));
    const hidden = row('Inputs, hidden units', make('span', 'legend-text', m.hidden.text), scaleBar(m.hidden.stops, []));
    network.append(out, linkRow, hidden);
    network.hidden = false;
  }

  return {
    plane,
    network,
    update(info) {
      const m = legendModel(info);
      if (m.key === key) return;
      key = m.key;
      build(m);
    },
  };
}
