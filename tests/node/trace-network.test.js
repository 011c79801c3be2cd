// The network diagram's trace overlay (issue 14) on a recording context: without a trace the
// links are the weights exactly as before; with one, each link is drawn by the trace's value
// (w a forward, the gradient back), links not reached yet are grey, and the units reached are
// ringed with their a or delta.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { traceSteps } from '../../web/src/state/trace-steps.js';
import { weightOffsets } from '../../web/src/views/network/architecture.js';
import { computeGeometry } from '../../web/src/views/network/geometry.js';
import { drawLinks, layerMaxAbs, linkScale, linkValue, weight } from '../../web/src/views/network/links.js';
import { drawTraceMarks, traceFits } from '../../web/src/views/network/trace-marks.js';
import { traceOverlay } from '../../web/src/views/trace/overlay.js';
import { binaryTrace } from './trace-fixture.js';

/** The packed weights of a trace (coefs_ then intercepts_), as the diagram's update carries them. */
function packed(trace) {
  return Float64Array.from([...trace.weights.coefs.flatMap((W) => Array.from(W)), ...trace.weights.intercepts.flatMap((b) => Array.from(b))]);
}

function diagram(trace) {
  const layerUnits = [trace.input.length, ...trace.layers.map((ly) => ly.a.length)];
  const view = { net: { layerUnits, weights: packed(trace) }, offsets: weightOffsets(layerUnits), trace: null };
  view.geometry = computeGeometry(view, { font: '', measureText: (s) => ({ width: 6 * String(s).length }) }, 600, 360);
  return view;
}

/** A context that records each stroke: its style, width and the links (moveTo points) in its path. */
function recorder() {
  const strokes = [];
  let path = [];
  const c = {
    lineWidth: 1,
    strokeStyle: '',
    fillStyle: '',
    font: '',
    beginPath: () => (path = []),
    moveTo: (x, y) => path.push([x, y]),
    bezierCurveTo() {},
    lineTo() {},
    arc() {},
    arcTo() {},
    closePath() {},
    quadraticCurveTo() {},
    rect() {},
    fill() {},
    save() {},
    restore() {},
    fillText: (text, x, y) => strokes.push({ text, x, y }),
    stroke: () => strokes.push({ style: c.strokeStyle, width: c.lineWidth, path }),
  };
  return { c, strokes };
}

test('without a trace a link is its weight, scaled by the layer\'s largest |w|', () => {
  const view = diagram(binaryTrace());
  for (let l = 0; l < 3; l += 1) {
    assert.equal(linkScale(view, l), layerMaxAbs(view, l));
    assert.equal(linkValue(view, l, 1, 0), weight(view, l, 1, 0));
  }
  assert.equal(weight(view, 0, 1, 2), -1.2, 'coefs_[0][1, 2]');
  // The strongest stroke of layer 0 is its largest weight's link, w = -1.2 (x2 to unit 3).
  const { c, strokes } = recorder();
  drawLinks(view, c, null, 0, 0);
  const top = strokes.reduce((a, b) => (b.width > a.width ? b : a));
  assert.equal(top.path.length, 1);
  const from = view.geometry.cols[0].nodes[1];
  assert.deepEqual(top.path[0], [from.x + view.geometry.node / 2, from.y]);
});

test('with a forward step the links are drawn by w a, the layers not reached in grey', () => {
  const trace = binaryTrace();
  const view = diagram(trace);
  const steps = traceSteps(trace);
  view.trace = traceOverlay(trace, steps[1]); // forward through layer 1
  assert.ok(traceFits(view.trace, view.net.layerUnits));
  assert.equal(linkValue(view, 0, 1, 2), -1.2 * -1.1, 'w a for x2 to unit 3');
  assert.ok(Number.isNaN(linkValue(view, 1, 0, 0)), 'layer 2 not reached yet');
  assert.equal(linkScale(view, 1), 0);
  const { c, strokes } = recorder();
  drawLinks(view, c);
  const grey = strokes.filter((s) => s.style === 'rgba(120, 120, 120, 0.35)');
  assert.equal(grey.length, 1, 'one grey path');
  assert.equal(grey[0].path.length, 3 * 2 + 2 * 1, 'the links of layers 2 and 3');
  // The strongest stroke is the largest |w a| (1.32: x2 to unit 3), not the largest |w|.
  const top = strokes.filter((s) => s.path).reduce((a, b) => (b.width > a.width ? b : a));
  const x2 = view.geometry.cols[0].nodes[1];
  assert.deepEqual(top.path, [[x2.x + view.geometry.node / 2, x2.y]]);
  // Going back, the links carry the gradients.
  view.trace = traceOverlay(trace, steps.at(-1));
  assert.equal(linkValue(view, 2, 0, 0), trace.gradients.coefs[2][0]);
});

test('the units a step has reached are ringed with their values; an overlay of another net does not fit', () => {
  const trace = binaryTrace();
  const view = diagram(trace);
  view.trace = traceOverlay(trace, traceSteps(trace)[2]); // forward through layer 2
  const { c, strokes } = recorder();
  drawTraceMarks(view, c);
  const rings = strokes.filter((s) => s.style !== undefined);
  assert.equal(rings.length, 2 + 3 + 2, 'inputs, layer 1 and layer 2: not the output');
  const texts = strokes.filter((s) => s.text !== undefined).map((s) => s.text);
  assert.ok(texts.includes('1.53'), `a of unit 3 of layer 1 written (${texts})`);
  assert.ok(texts.includes('0'), 'a dead unit reads 0');
  assert.equal(traceFits(view.trace, [2, 3, 2]), false);
  assert.equal(traceFits(view.trace, [2, 4, 2, 1]), false);
  view.trace = null;
  const none = recorder();
  drawTraceMarks(view, none.c);
  assert.equal(none.strokes.length, 0);
});
