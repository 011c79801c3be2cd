// The trace request (protocol.js; the engine's Session.trace): one input followed through the
// model, driven through the worker host in node (worker-host-support.js) and through the client.
// The reply's shape for a classifier and a regressor, its output against the grid and against a
// predict through the engine (runJob), the errors, and a trace while playing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEngineClient } from '../../web/src/engine/client.js';
import { createWorkerHost } from '../../web/src/engine/worker-host.js';
import { CONFIG, GRID, MOONS, harness, modulePromise, ready } from './worker-host-support.js';
import { fakeClock } from './support.js';

/** The trace reply to one trace request (or the error it gave). */
async function traceOf(h, fields) {
  const before = h.posted.length;
  await h.send('trace', fields);
  const replies = h.posted.slice(before).filter((m) => m.type === 'trace' || m.type === 'error');
  assert.equal(replies.length, 1, 'one answer');
  return replies[0];
}

/** predict_proba / predict of the traced weights through the engine's job runner, for one row of inputs. */
async function predictThroughEngine(trace, estimator, params, X, y) {
  const { weights } = trace;
  const units = [trace.input.length, ...trace.layers.map((l) => l.a.length)];
  const rows = (flat, n) => Array.from({ length: flat.length / n }, (_, i) => Array.from(flat.slice(i * n, (i + 1) * n)));
  const job = {
    estimator,
    precision: trace.precision,
    params,
    X,
    y,
    init: {
      coefs: weights.coefs.map((c, l) => rows(c, units[l + 1])),
      intercepts: weights.intercepts.map((b) => Array.from(b)),
    },
    calls: [],
    X_test: [Array.from(trace.input)],
  };
  const { status, output } = (await modulePromise).runJob(JSON.stringify(job));
  assert.equal(status, 0, output);
  return JSON.parse(output);
}

const isFloats = (v, length) => v instanceof Float64Array && v.length === length;

test('a classifier trace: every layer, the output, the gradients and the step, in the shape the page reads', async () => {
  const h = harness();
  await ready(h);
  await h.send('step', { epochs: 3 });
  const update = h.last('update');
  const t = await traceOf(h, { point: [0.5, -0.25], target: 1 });
  assert.equal(t.type, 'trace');
  assert.equal(t.runId, update.runId);
  assert.deepEqual(Object.keys(t).sort(),
    ['gradients', 'input', 'layers', 'loss', 'output', 'point', 'precision', 'runId', 'step', 'transfer', 'type', 'weights']);
  assert.equal(t.precision, 'float64');
  assert.deepEqual(t.point, [0.5, -0.25]);
  assert.ok(isFloats(t.input, 2));
  assert.deepEqual(Array.from(t.input), [0.5, -0.25], 'no derived features, no scaler: a(0) is the point');
  assert.deepEqual(t.layers.map((l) => l.activation), ['relu', 'logistic']);
  for (const [l, width] of [[0, 6], [1, 1]])
    for (const key of ['z', 'a', 'delta']) assert.ok(isFloats(t.layers[l][key], width), `layer ${l + 1} ${key}`);
  assert.deepEqual(Object.keys(t.output).sort(), ['kind', 'predicted', 'target', 'values']);
  assert.equal(t.output.kind, 'binary');
  assert.ok(isFloats(t.output.values, 1));
  assert.equal(t.output.values[0], t.layers[1].a[0]);
  assert.equal(typeof t.output.predicted, 'number');
  assert.equal(t.output.predicted, t.output.values[0] > 0.5 ? 1 : 0);
  assert.deepEqual(Array.from(t.output.target), [1]);
  assert.equal(t.layers[1].delta[0], t.output.values[0] - 1, 'the output error a(L) - Y');
  for (const part of [t.weights, t.gradients]) {
    assert.deepEqual(part.coefs.map((c) => c.length), [12, 6]);
    assert.deepEqual(part.intercepts.map((b) => b.length), [6, 1]);
    assert.ok([...part.coefs, ...part.intercepts].every((a) => a instanceof Float64Array));
  }
  const packed = [...t.weights.coefs, ...t.weights.intercepts].flatMap((a) => Array.from(a));
  assert.deepEqual(packed, Array.from(update.weights), 'the weights traced are the model\'s, as the update carries them');
  // The output layer's gradients: a(1)^T delta(2) + alpha W(2), and delta(2).
  const alpha = 0.0001;
  for (let i = 0; i < 6; i += 1) {
    const expected = t.layers[0].a[i] * t.layers[1].delta[0] + alpha * t.weights.coefs[1][i];
    assert.ok(Math.abs(t.gradients.coefs[1][i] - expected) <= 1e-15 * Math.max(1, Math.abs(expected)), `dW2[${i}]`);
  }
  assert.equal(t.gradients.intercepts[1][0], t.layers[1].delta[0]);
  assert.deepEqual(Object.keys(t.loss).sort(), ['data', 'penalty', 'total']);
  assert.equal(t.loss.total, t.loss.data + t.loss.penalty);
  assert.ok(Math.abs(t.loss.data + Math.log(t.output.values[0])) < 1e-12, 'log-loss of class 1: -log p');
  // adam's current rate after 3 updates (one batch an epoch): learning_rate_init sqrt(1 - beta_2^t) / (1 - beta_1^t).
  const adamRate = (CONFIG.params.learning_rate_init * Math.sqrt(1 - 0.999 ** 3)) / (1 - 0.9 ** 3);
  assert.ok(Math.abs(t.step.learningRate - adamRate) < 1e-15, `${t.step.learningRate} vs ${adamRate}`);
  assert.ok(isFloats(t.step.values, 1));
  assert.ok(t.step.loss.total < t.loss.total, 'one small step down the gradient lowers this sample\'s loss');
  // Everything numeric was transferred, not copied.
  assert.equal(t.transfer.length, 1 + 3 * 2 + 2 + 4 * 2 + 1);
  assert.equal(h.of('error').length, 0);
  h.dispose();
});

test('a trace\'s output equals a predict through the engine, and the grid at a grid point', async () => {
  for (const precision of ['float64', 'float32']) {
    const h = harness();
    await ready(h, { ...CONFIG, precision });
    await h.send('grid', GRID);
    await h.send('step', { epochs: 5 });
    const grid = h.last('update').grid;
    const [i, j] = [7, 3];
    const x = GRID.xMin + (i * (GRID.xMax - GRID.xMin)) / (GRID.nx - 1);
    const y = GRID.yMax - (j * (GRID.yMax - GRID.yMin)) / (GRID.ny - 1);
    const t = await traceOf(h, { point: [x, y] });
    assert.equal(t.type, 'trace');
    assert.equal(t.precision, precision);
    const job = await predictThroughEngine(t, 'MLPClassifier', CONFIG.params, [[0, 0], [1, 1]], [0, 1]);
    assert.equal(t.output.values[0], job.predict_proba[0][1], `${precision}: predict_proba's P(class 1), exactly`);
    assert.equal(t.output.predicted, job.predict[0]);
    assert.deepEqual(Array.from(t.output.target), [t.output.predicted], 'no target: the predicted class');
    const onGrid = grid.values[j * GRID.nx + i];
    // The grid is drawn in float32 whatever the precision: a float32 model's trace is that value.
    if (precision === 'float32') assert.equal(t.output.values[0], onGrid);
    else assert.ok(Math.abs(t.output.values[0] - onGrid) < 1e-6, `${t.output.values[0]} vs ${onGrid}`);
    h.dispose();
  }
});

test('a regressor trace: identity output, the values predicted, a target per output', async () => {
  const h = harness();
  const params = { hidden_layer_sizes: [5, 3], activation: 'tanh', random_state: 2, learning_rate_init: 0.001, solver: 'sgd' };
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', { estimator: 'MLPRegressor', params, precision: 'float64' }, h.tracker.next());
  await h.send('data', { generate: { generator: 'make_regression',
    params: { n_samples: 50, n_features: 2, n_targets: 2, noise: 1, random_state: 0 } } }, h.tracker.next());
  await h.send('step', { epochs: 2 });
  const t = await traceOf(h, { point: [0.3, -1.2], target: [10, -20] });
  assert.equal(t.type, 'trace');
  assert.deepEqual(t.layers.map((l) => l.activation), ['tanh', 'tanh', 'identity']);
  assert.deepEqual(t.layers.map((l) => l.a.length), [5, 3, 2]);
  assert.equal(t.output.kind, 'regression');
  assert.ok(Array.isArray(t.output.predicted));
  assert.deepEqual(t.output.predicted, Array.from(t.output.values));
  assert.deepEqual(Array.from(t.output.target), [10, -20]);
  assert.deepEqual(Array.from(t.layers[2].delta), [t.output.values[0] - 10, t.output.values[1] + 20]);
  assert.deepEqual(t.weights.coefs.map((c) => c.length), [10, 15, 6]);
  const job = await predictThroughEngine(t, 'MLPRegressor', params, [[0, 0], [1, 1]], [[0, 0], [1, 1]]);
  assert.deepEqual(Array.from(t.output.values), job.predict[0], 'predict\'s row, exactly');
  // The sample's loss: half the squared error (averaged over outputs), plus alpha/2 sum W^2.
  const data = ((t.output.values[0] - 10) ** 2 + (t.output.values[1] + 20) ** 2) / 4;
  assert.ok(Math.abs(t.loss.data - data) < 1e-9 * data);
  assert.equal(t.step.learningRate, 0.001);
  h.dispose();
});

test('a multiclass trace takes a class code and backpropagates its one-hot row', async () => {
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  await h.send('data', { generate: { generator: 'make_blobs', params: { n_samples: 60, centers: 3, random_state: 1 } } },
    h.tracker.next());
  const t = await traceOf(h, { point: [1, 2], target: [2] });
  assert.equal(t.output.kind, 'multiclass');
  assert.deepEqual(t.layers.map((l) => l.activation), ['relu', 'softmax']);
  assert.deepEqual(Array.from(t.output.target), [0, 0, 1]);
  assert.equal(typeof t.output.predicted, 'number');
  const values = Array.from(t.output.values);
  assert.equal(t.output.predicted, values.indexOf(Math.max(...values)));
  assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-15);
  assert.equal(t.step.learningRate, CONFIG.params.learning_rate_init, 'before any training: learning_rate_init');
  h.dispose();
});

test('errors name the parameter: no model, a row of the wrong length, a bad value, a target out of range', async () => {
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  const early = await traceOf(h, { point: [0, 0] });
  assert.deepEqual([early.type, early.request, early.parameter], ['error', 'trace', 'model']);
  await h.send('data', { generate: MOONS }, h.tracker.next());
  const cases = [
    [{ point: [0] }, 'point', '1 values'],
    [{ point: [0, 0, 0] }, 'point', '3 values'],
    [{ point: [0, NaN] }, 'point', 'nan'],
    [{ point: [0, 0], target: 2 }, 'target', '2'],
    [{ point: [0, 0], target: [0, 1] }, 'target', '2 values'],
    [{ point: [0, 0], target: 0.5 }, 'target', '0.5'],
    [{ point: 'here' }, 'point', '"here"'],
    [{ point: [] }, 'point', '[]'],
    [{ point: [0, 0], target: 'one' }, 'target', '"one"'],
  ];
  for (const [fields, parameter, value] of cases) {
    const e = await traceOf(h, fields);
    assert.deepEqual([e.type, e.request, e.parameter, e.value], ['error', 'trace', parameter, value], JSON.stringify(fields));
    assert.ok(e.message.length > 0);
  }
  const target = await traceOf(h, { point: [0, 0], target: 2 });
  assert.match(target.message, /class codes: 0, 1/);
  assert.equal((await traceOf(h, { point: [0, 0], target: 0 })).type, 'trace', 'the session is fine after them');
  h.dispose();
});

test('a trace while playing is answered between chunks; a failed one does not stop play', async () => {
  const h = harness({ frameMs: 5 });
  await ready(h);
  await h.send('play');
  h.runTicks(3);
  const epoch = h.last('progress').epoch;
  const t = await traceOf(h, { point: [0.1, 0.1], target: 0 });
  assert.equal(t.type, 'trace');
  const bad = await traceOf(h, { point: [0.1] });
  assert.equal(bad.type, 'error');
  assert.equal(h.of('stopped').length, 0, 'still playing');
  assert.equal(h.tasks.length, 1, 'the next chunk is waiting');
  h.runTicks(3);
  assert.ok(h.last('progress').epoch > epoch, 'and trains on');
  await h.send('pause');
  h.dispose();
});

/** A client whose worker is the real host behind a fake Worker. */
function clientOnHost() {
  const make = () => {
    const w = { onmessage: null, onerror: null, onmessageerror: null };
    const host = createWorkerHost({
      createModule: () => modulePromise,
      post: (message) => {
        const copy = structuredClone(message);
        setImmediate(() => w.onmessage?.({ data: copy }));
      },
    });
    w.postMessage = (message) => host.handle(structuredClone(message));
    w.terminate = () => host.dispose();
    return w;
  };
  return createEngineClient({ createWorker: make, moduleUrl: 'mlp.js', ...fakeClock() });
}

test('client.trace resolves with the trace reply; a refused trace rejects, without an error event', async () => {
  const client = clientOnHost();
  const errors = [];
  client.on('error', (e) => errors.push(e));
  const updated = new Promise((resolve) => {
    const off = client.on('update', (m) => {
      off();
      resolve(m);
    });
  });
  client.send('configure', CONFIG);
  client.send('data', { generate: MOONS });
  await updated;
  const [first, second] = await Promise.all([client.trace([0.2, 0.4], 1), client.trace(new Float64Array([1, -0.5]))]);
  assert.equal(first.type, 'trace');
  assert.deepEqual(first.point, [0.2, 0.4], 'answered in the order asked');
  assert.deepEqual(Array.from(first.output.target), [1]);
  assert.deepEqual(second.point, [1, -0.5]);
  await assert.rejects(client.trace([0, 0], 5), (e) => {
    assert.deepEqual([e.reply.request, e.reply.parameter, e.reply.value], ['trace', 'target', '5']);
    return true;
  });
  assert.equal(errors.length, 0);
  const pending = client.trace([0, 0]);
  client.terminate();
  await assert.rejects(pending, /stopped before it answered/);
});
