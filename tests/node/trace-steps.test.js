// "Follow one input" (issue 14) without a DOM: the steps of a trace and the cursor over them,
// the step in a share link, the terms the panel sorts, the network diagram's overlay, the
// activation's derivative and the autoplay on a fake clock. The traces are the hand-made ones
// of trace-fixture.js, checked first against finite differences of their own loss.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createStepCursor, stepFromLink, stepToLink, traceSteps } from '../../web/src/state/trace-steps.js';
import { ACTIVATIONS, derivativeFromOutput, drawActivation, plotRange } from '../../web/src/views/trace/activation-plot.js';
import { createAutoplay } from '../../web/src/views/trace/autoplay.js';
import { contributions, traceOverlay } from '../../web/src/views/trace/overlay.js';
import { backwardTerms, foldTerms, forwardTerms, gradientTerms, largestAt, layerWidths } from '../../web/src/views/trace/terms.js';
import { fakeClock } from './support.js';
import { binaryTrace, makeTrace, multiclassTrace, wideRegressionTrace } from './trace-fixture.js';

const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

test('the fixtures are consistent: their gradients are the finite differences of their loss', () => {
  const specs = [
    ['binary', 'relu', 'logistic', [[0.8, -0.5, 0.3, -0.4, 0.9, -1.2], [1.1, -0.7, 0.6, 0.5, 0.9, 0.2], [1.3, -0.8]], [[0.1, -0.2, 0.05], [0, 0.3], [-0.1]], [1]],
    ['multiclass', 'tanh', 'softmax', [[0.5, -1, 0.25, 0.7, -0.6, 0.4, 1.1, -0.3], [0.9, -0.4, 0.2, -0.5, 0.8, 0.1, 0.3, 0.3, -1, -0.7, 0.2, 0.6]], [[0, 0.1, -0.1, 0.2], [0.05, -0.05, 0]], [0, 0, 1]],
    ['multilabel', 'logistic', 'logistic', [[0.4, -0.9, 1.2, 0.8, 0.3, -0.5], [1.5, -0.6, -0.7, 0.9, 0.2, 0.4]], [[0.1, 0, -0.2], [-0.3, 0.1]], [1, 0]],
    // One target: with several, scikit-learn's squared loss is a mean over the targets but its
    // output delta is not divided by their number (the gradient is not the loss's derivative).
    ['regression', 'tanh', 'identity', [[0.7, -0.2, 0.5, 0.3, 0.8, -0.6], [1.0, -0.5, 0.3]], [[0.2, 0.1, 0], [0.05]], [0.9]],
  ];
  for (const [kind, hidden, out, coefs, intercepts, target] of specs) {
    const spec = { kind, hidden, out, coefs, intercepts, point: [0, 0], input: [0.52, -1.1], target, alpha: 0.01, learningRate: 0.1 };
    const t = makeTrace(spec);
    const h = 1e-6;
    coefs.forEach((W, l) => W.forEach((w, k) => {
      const at = (v) => makeTrace({ ...spec, coefs: coefs.map((M, m) => (m === l ? M.map((x, q) => (q === k ? v : x)) : M)) }).loss.total;
      const fd = (at(w + h) - at(w - h)) / (2 * h);
      assert.ok(Math.abs(fd - t.gradients.coefs[l][k]) < 1e-7, `${kind} coefs[${l}][${k}]: ${fd} vs ${t.gradients.coefs[l][k]}`);
    }));
  }
  const b = binaryTrace();
  assert.equal(b.output.values[0], b.layers[2].a[0]);
  assert.equal(b.layers[0].a[1], 0, 'a dead relu unit in layer 1');
  assert.ok(b.step.loss.total < b.loss.total, 'the sgd step lowers the loss');
  assert.deepEqual(layerWidths(b), [2, 3, 2, 1]);
  assert.deepEqual(layerWidths(multiclassTrace()), [2, 4, 3]);
});

test('a network of L layers has 3L + 4 steps: input, forward by layer, output, loss, then back', () => {
  const steps = traceSteps(binaryTrace());
  assert.equal(steps.length, 13);
  assert.deepEqual(steps.map((s) => `${s.kind}${s.layer}`), [
    'input0', 'forward1', 'forward2', 'forward3', 'output3', 'loss3', 'error3', 'delta2', 'delta1', 'gradient3', 'gradient2', 'gradient1', 'sgd-1',
  ]);
  assert.deepEqual(steps.map((s) => s.phase[0]).join(''), 'ffffff' + 'bbbbbbb', 'the loss ends the forward pass');
  assert.equal(traceSteps(multiclassTrace()).length, 10);
  assert.equal(traceSteps({ layers: [{}] }).length, 7, 'no hidden layer: no delta step');
});

test('the cursor moves one step at a time, clamps at both ends and says when it moved', () => {
  const seen = [];
  const c = createStepCursor(5, { index: 9, onChange: (i) => seen.push(i) });
  assert.equal(c.index, 4, 'a start past the end is the last step');
  assert.equal(c.atEnd, true);
  assert.equal(c.next(), false);
  assert.equal(c.previous(), true);
  assert.equal(c.go(0), true);
  assert.equal(c.atStart, true);
  assert.equal(c.previous(), false);
  assert.equal(c.go(2.7), true, 'fractions are cut');
  assert.equal(c.index, 2);
  assert.equal(c.go(NaN), false);
  assert.equal(c.go(-3), true);
  assert.deepEqual(seen, [3, 0, 2, 0]);
  assert.equal(createStepCursor(5, { index: NaN }).index, 0);
});

test('the step travels in a link as a small integer; anything else reads as no step, never throws', () => {
  assert.equal(stepToLink(7), '7');
  assert.equal(stepFromLink(stepToLink(7), 13), 7);
  assert.equal(stepFromLink('40', 13), 12, 'past the end: the last step');
  assert.equal(stepFromLink('0', 13), 0);
  for (const bad of ['', '-1', '1.5', 'x', '12345', ' 3', null, undefined, 3, {}]) assert.equal(stepFromLink(bad, 13), null, String(bad));
  assert.equal(stepFromLink('3', 0), null);
  assert.equal(stepToLink(-2), '0');
});

test('a unit\'s sum: the terms w a add up with the bias to the trace\'s z, largest first', () => {
  for (const trace of [binaryTrace(), multiclassTrace(), wideRegressionTrace()]) {
    for (let l = 1; l <= trace.layers.length; l += 1) {
      for (let j = 0; j < trace.layers[l - 1].z.length; j += 1) {
        const { terms, bias, z } = forwardTerms(trace, l, j);
        assert.equal(z, trace.layers[l - 1].z[j]);
        assert.ok(close(terms.reduce((s, t) => s + t.product, bias), z, 1e-12), `layer ${l} unit ${j}`);
        for (let k = 1; k < terms.length; k += 1) assert.ok(Math.abs(terms[k - 1].product) >= Math.abs(terms[k].product));
      }
    }
  }
  const t = binaryTrace();
  const { terms } = forwardTerms(t, 1, 2);
  // z_3 of layer 1 = 0.3 * 0.52 + (-1.2) * (-1.1) + 0.05: the second input's term is the larger.
  assert.deepEqual(terms.map((x) => x.index), [1, 0]);
  assert.ok(close(terms[0].product, 1.32));
  assert.ok(close(terms[1].product, 0.156));
});

test('going back: the terms delta w times the derivative are the trace\'s delta; the gradients are the trace\'s', () => {
  for (const trace of [binaryTrace(), multiclassTrace(), wideRegressionTrace()]) {
    const L = trace.layers.length;
    for (let l = 1; l < L; l += 1) {
      const layer = trace.layers[l - 1];
      for (let j = 0; j < layer.a.length; j += 1) {
        const { terms, delta } = backwardTerms(trace, l, j);
        const slope = derivativeFromOutput(layer.activation, layer.a[j]);
        assert.ok(close(terms.reduce((s, t) => s + t.product, 0) * slope, delta, 1e-12), `delta ${l},${j}`);
      }
    }
    for (let l = 1; l <= L; l += 1) {
      const { terms, biasGradient, delta } = gradientTerms(trace, l, 0);
      assert.equal(biasGradient, trace.gradients.intercepts[l - 1][0]);
      assert.equal(delta, trace.layers[l - 1].delta[0]);
      for (const t of terms) {
        assert.equal(t.product, trace.gradients.coefs[l - 1][t.index * trace.layers[l - 1].a.length], 'the trace\'s own gradient');
        assert.ok(Math.abs(t.product - (t.v * delta + alphaOf(trace) * t.w)) < 1e-12, 'a_i delta_j + alpha w_ij');
      }
    }
  }
});

/** The fixtures' alpha, read back from the penalty: penalty = alpha / 2 * sum w^2. */
function alphaOf(trace) {
  let sq = 0;
  for (const W of trace.weights.coefs) for (const w of W) sq += w * w;
  return (2 * trace.loss.penalty) / sq;
}

test('wide sums fold after the 5 largest terms; 7 or fewer are shown whole', () => {
  const terms = Array.from({ length: 20 }, (_, k) => ({ product: 20 - k }));
  const { shown, folded } = foldTerms(terms);
  assert.equal(shown.length, 5);
  assert.equal(folded.length, 15);
  assert.equal(foldTerms(terms.slice(0, 7)).folded.length, 0);
  assert.equal(foldTerms(terms.slice(0, 8)).shown.length, 5);
  assert.equal(largestAt([0.1, -3, 2]), 1);
  assert.equal(largestAt([]), 0);
});

test('the overlay: forward steps give w a on the links reached and a on the units; backward steps the gradients and deltas', () => {
  const t = binaryTrace();
  const steps = traceSteps(t);
  const input = traceOverlay(t, steps[0]);
  assert.deepEqual(input.links, [null, null, null]);
  assert.deepEqual(Array.from(input.units[0]), Array.from(t.input));
  assert.equal(input.units[1], null);
  const f2 = traceOverlay(t, steps[2]); // forward through layer 2
  assert.equal(f2.kind, 'contribution');
  assert.equal(f2.focus, 2);
  assert.ok(f2.links[0] && f2.links[1] && f2.links[2] === null);
  assert.deepEqual(Array.from(f2.units[2]), Array.from(t.layers[1].a));
  assert.equal(f2.units[3], null);
  // Column sums of the contributions plus the bias are z (layer 2: 3 inputs, 2 units).
  for (let j = 0; j < 2; j += 1) {
    const s = [0, 1, 2].reduce((acc, i) => acc + f2.links[1][i * 2 + j], t.weights.intercepts[1][j]);
    assert.ok(close(s, t.layers[1].z[j]));
  }
  assert.deepEqual(Array.from(contributions(t, 0)), Array.from(t.weights.coefs[0], (w, k) => w * t.input[Math.floor(k / 3)]));
  const loss = traceOverlay(t, steps[5]);
  assert.ok(loss.links.every(Boolean), 'the loss step: the whole forward pass');
  const d2 = traceOverlay(t, steps[7]); // delta of hidden layer 2
  assert.equal(d2.kind, 'gradient');
  assert.equal(d2.unitKind, 'delta');
  assert.deepEqual(d2.links.map(Boolean), [false, true, true]);
  assert.deepEqual(d2.units.map(Boolean), [false, false, true, true]);
  assert.deepEqual(Array.from(d2.links[2]), Array.from(t.gradients.coefs[2]));
  assert.deepEqual(Array.from(d2.units[2]), Array.from(t.layers[1].delta));
  const sgd = traceOverlay(t, steps.at(-1));
  assert.ok(sgd.links.every(Boolean));
  assert.equal(sgd.focus, -1);
  assert.equal(sgd.units[0], null, 'no delta for the inputs');
});

test('the derivative from the output is the slope of the activation', () => {
  for (const name of ['identity', 'logistic', 'tanh', 'relu']) {
    for (const z of [-2.5, -0.3, 0.4, 1.7]) {
      const h = 1e-6;
      const fd = (ACTIVATIONS[name](z + h) - ACTIVATIONS[name](z - h)) / (2 * h);
      assert.ok(Math.abs(derivativeFromOutput(name, ACTIVATIONS[name](z)) - fd) < 1e-8, `${name} at ${z}`);
    }
  }
  assert.ok(Number.isNaN(derivativeFromOutput('softmax', 0.3)));
  assert.deepEqual(plotRange(1), [-4, 4]);
  assert.deepEqual(plotRange(-8), [-10, 10], 'a large z is taken in with a margin');
});

test('the activation plot draws the curve and the unit\'s point; softmax is not drawn', () => {
  const calls = [];
  const ctx = new Proxy({}, {
    get: (target, key) => (key in target ? target[key] : (...args) => calls.push([key, ...args])),
    set: (target, key, value) => ((target[key] = value), true),
  });
  const canvas = { width: 0, height: 0, getContext: () => ctx };
  assert.equal(drawActivation(canvas, { activation: 'logistic', z: 0, value: 0.5, width: 100, height: 60 }), true);
  assert.equal(canvas.width, 100);
  const arc = calls.find((c) => c[0] === 'arc');
  // z = 0 is the middle of [-4, 4]: 6 + (100 - 12) / 2 = 50.
  assert.equal(arc[1], 50);
  assert.ok(calls.some((c) => c[0] === 'fillText' && c[1] === 'z = 0'));
  assert.equal(drawActivation(canvas, { activation: 'softmax', z: 0, value: 0.2 }), false);
});

test('the autoplay steps every 1.2 s, stops on the last step, and starts over from there', () => {
  const clock = fakeClock();
  const cursor = createStepCursor(4);
  const changes = [];
  const play = createAutoplay({
    advance: () => cursor.next(),
    atEnd: () => cursor.atEnd,
    restart: () => cursor.go(0),
    onChange: (p) => changes.push(p),
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  play.play();
  assert.equal(play.playing, true);
  clock.advance(1199);
  assert.equal(cursor.index, 0);
  clock.advance(1);
  assert.equal(cursor.index, 1);
  clock.advance(2400);
  assert.equal(cursor.index, 3);
  assert.equal(play.playing, false, 'stopped at the end by itself');
  assert.equal(clock.pending, 0);
  assert.deepEqual(changes, [true, false]);
  play.play();
  assert.equal(cursor.index, 0, 'Play on the last step starts over');
  clock.advance(1200);
  assert.equal(cursor.index, 1);
  play.pause();
  clock.advance(5000);
  assert.equal(cursor.index, 1);
  assert.equal(clock.pending, 0);
  play.toggle();
  assert.equal(play.playing, true);
  play.stop();
  assert.equal(clock.pending, 0);
  assert.deepEqual(changes, [true, false, true, false, true]);
});
