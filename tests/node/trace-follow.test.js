// "Follow one input" kept current (app/trace-follow.js) against a stub engine client: what a
// pick asks, a re-trace after every update with one request in flight and the latest winning,
// the pace while playing, the step kept and written to the config, a data point's label as the
// target and the neighbours, new data, a link's view.trace, and an engine error shown in the card.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createSession } from '../../web/src/app/session.js';
import { createStore } from '../../web/src/app/store.js';
import { createTraceFollow, describePick, matchDataPoint } from '../../web/src/app/trace-follow.js';
import { defaultConfig } from '../../web/src/state/config.js';
import { fakeClock } from './support.js';

/** A client whose trace() promises the test settles by hand, in order. */
function stubClient() {
  const listeners = new Map();
  const asked = [];
  return {
    asked,
    on(type, fn) {
      listeners.set(type, [...(listeners.get(type) ?? []), fn]);
      return () => {};
    },
    emit(type, m) {
      for (const fn of listeners.get(type) ?? []) fn(m);
    },
    trace(point, target) {
      return new Promise((resolve, reject) => asked.push({ point, target, resolve, reject }));
    },
  };
}

/** A trace reply of a (2) -> 3 -> 1 net whose output value says which request it answers. */
const reply = (value) => ({ precision: 'float64', point: [0, 0], input: Float64Array.of(0, 0),
  layers: [{ activation: 'tanh', z: new Float64Array(3), a: new Float64Array(3), delta: new Float64Array(3) },
    { activation: 'logistic', z: new Float64Array(1), a: Float64Array.of(value), delta: new Float64Array(1) }],
  output: { kind: 'binary', values: Float64Array.of(value) } });

/** The card's side: what it was told, in order. */
function stubView() {
  const log = { shown: [], cleared: 0, picks: [], errors: [] };
  return {
    log,
    show: (trace, options) => log.shown.push({ value: trace.output.values[0], ...options }),
    clear: () => { log.cleared += 1; },
    setPick: (pick, words) => log.picks.push(words),
    setError: (message) => log.errors.push(message),
  };
}

/** Three training points and one test point of the plane, classes 0 1 1 | 0. */
const display = () => ({ arrays: { nFeatures: 2, nTargets: 1, xTrain: Float64Array.of(0.5, -0.25, 1.234567, 0.1, -1, 2),
  yTrain: Float64Array.of(0, 1, 1), xTest: Float64Array.of(0.75, 0.75), yTest: Float64Array.of(0) } });

/** The page's defaults with the test points shown. */
function shown() {
  const config = defaultConfig();
  config.view.showTest = true;
  return config;
}

function setUp(config = shown()) {
  const clock = fakeClock();
  const client = stubClient();
  const store = createStore(config);
  const view = stubView();
  const session = { display: display() };
  const follow = createTraceFollow({ client, store, session, view, minInterval: 200, ...clock });
  return { clock, client, store, view, session, follow };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a click on the plane asks for its trace, with no target; the panel shows it and the config says it', async () => {
  const { client, store, view, follow } = setUp();
  follow.pickAt(0.5, 0.25, null);
  assert.equal(client.asked.length, 1);
  assert.deepEqual(client.asked[0].point, [0.5, 0.25]);
  assert.equal(client.asked[0].target, undefined);
  assert.deepEqual(view.log.picks, ['the point (0.5, 0.25) of the plane']);
  assert.deepEqual(store.get().view.trace, { point: [0.5, 0.25], step: 0 });
  client.asked[0].resolve(reply(0.8));
  await settle();
  assert.equal(view.log.shown.length, 1);
  assert.equal(view.log.shown[0].value, 0.8);
  assert.deepEqual(view.log.shown[0].featureNames, ['x', 'y']);
  assert.equal(view.log.shown[0].alpha, store.get().model.alpha);
  assert.equal('step' in view.log.shown[0], false, 'the panel keeps its step');
});

test('a click on a data point follows that point, with its label as the target; [ and ] walk the shown points', async () => {
  const { client, store, view, follow } = setUp();
  follow.pickAt(1.2, 0.1, { part: 'train', index: 1 });
  assert.deepEqual(client.asked[0].point, [1.234567, 0.1], 'its exact coordinates');
  assert.equal(client.asked[0].target, 1);
  assert.equal(view.log.picks.at(-1), 'the training point #2 (class 1) at (1.235, 0.1)');
  assert.deepEqual(store.get().view.trace.point, [1.235, 0.1]);
  client.asked[0].resolve(reply(0.3));
  await settle();
  assert.equal(follow.canMove(-1), true);
  assert.equal(follow.move(1), true);
  assert.deepEqual(follow.pick.source, { part: 'train', index: 2 });
  client.asked[1].resolve(reply(0.4));
  await settle();
  assert.equal(follow.move(1), true, 'past the training rows, the test rows');
  assert.deepEqual(follow.pick.source, { part: 'test', index: 0 });
  assert.equal(client.asked[2].target, 0);
  assert.equal(view.log.picks.at(-1), 'the test point #1 (class 0) at (0.75, 0.75)');
  assert.equal(follow.canMove(1), false);
  assert.equal(follow.move(1), false);
  // Without the test points shown, the last training point is the end.
  store.set('view.showTest', false);
  follow.pickRow('train', 2);
  assert.equal(follow.canMove(1), false);
  // A position has no neighbours.
  follow.pickAt(0, 0, null);
  assert.equal(follow.canMove(1), false);
  assert.equal(follow.canMove(-1), false);
});

test('every update asks again, one request in flight, the latest pick wins, at most one every 200 ms', async () => {
  const { clock, client, view, follow } = setUp();
  client.emit('update', { epoch: 1 });
  assert.equal(client.asked.length, 0, 'nothing picked, nothing asked');
  follow.pickAt(0.1, 0.1, null);
  client.emit('update', { epoch: 2 });
  client.emit('update', { epoch: 3 });
  follow.pickAt(0.2, 0.2, null);
  assert.equal(client.asked.length, 1, 'one request in flight');
  client.asked[0].resolve(reply(0.1));
  await settle();
  assert.equal(view.log.shown.length, 0, 'the reply for a pick that was replaced is not shown');
  assert.equal(client.asked.length, 1, 'the next one waits out the 200 ms');
  clock.advance(199);
  assert.equal(client.asked.length, 1);
  clock.advance(1);
  assert.equal(client.asked.length, 2);
  assert.deepEqual(client.asked[1].point, [0.2, 0.2], 'the latest pick');
  client.asked[1].resolve(reply(0.2));
  await settle();
  assert.deepEqual(view.log.shown.map((s) => [s.value, s.epoch]), [[0.2, 3]]);
  // Updates while playing, 50 a second for 400 ms, each request answered at once: one trace
  // every 200 ms at most, and the last update is traced.
  const answer = async () => {
    for (const a of client.asked.slice(2)) {
      if (a.done) continue;
      a.done = true;
      a.resolve(reply(0.3));
    }
    await settle();
  };
  for (let k = 0; k < 20; k += 1) {
    client.emit('update', { epoch: 4 + k });
    clock.advance(20);
    await answer();
  }
  const during = client.asked.length - 2;
  assert.ok(during >= 2 && during <= 3, `${during} requests for 20 updates in 400 ms`);
  clock.advance(200);
  await answer();
  clock.advance(200);
  await answer();
  assert.equal(view.log.shown.at(-1).epoch, 23, 'the last update is traced');
});

test('the step is kept across re-traces and written to the config; a link\'s step is shown first', async () => {
  const config = shown();
  config.view.trace = { point: [0.75, 0.75], step: 5 };
  const { clock, client, store, view, follow } = setUp(config);
  assert.equal(client.asked.length, 0, 'no model yet: nothing asked');
  client.emit('update', { epoch: 0 });
  assert.equal(client.asked.length, 1);
  // The link's point is a data point (rounded as the link writes it): that point, with its label.
  assert.deepEqual(client.asked[0].point, [0.75, 0.75]);
  assert.equal(client.asked[0].target, 0);
  assert.deepEqual(follow.pick.source, { part: 'test', index: 0 });
  client.asked[0].resolve(reply(0.6));
  await settle();
  assert.equal(view.log.shown[0].step, 5);
  follow.stepShown(5);
  follow.stepShown(7);
  assert.deepEqual(store.get().view.trace, { point: [0.75, 0.75], step: 7 });
  client.emit('update', { epoch: 1 });
  clock.advance(200);
  client.asked[1].resolve(reply(0.65));
  await settle();
  assert.equal('step' in view.log.shown[1], false, 'a re-trace keeps the panel\'s step');
  assert.deepEqual(store.get().view.trace, { point: [0.75, 0.75], step: 7 });
  // Closing clears the view and the config.
  follow.close();
  assert.equal(view.log.cleared, 1);
  assert.equal(store.get().view.trace, null);
  client.emit('update', { epoch: 2 });
  assert.equal(client.asked.length, 2, 'nothing followed, nothing asked');
});

test('new data drop a data point\'s index but keep its position; an engine error shows in the card', async () => {
  const { clock, client, store, view, follow } = setUp();
  follow.pickAt(0, 0, { part: 'train', index: 0 });
  client.asked[0].resolve(reply(0.2));
  await settle();
  store.set('data.noise', 0.3);
  assert.equal(follow.pick.source, null);
  assert.deepEqual(follow.pick.point, [0.5, -0.25]);
  assert.equal(view.log.picks.at(-1), 'the point (0.5, -0.25) of the plane');
  assert.equal(client.asked.length, 2, 'asked again at once');
  assert.equal(client.asked[1].target, undefined);
  const refusal = Object.assign(new Error('x must be finite'), { reply: { request: 'trace', parameter: 'point', message: 'point[0]: must be finite' } });
  client.asked[1].reject(refusal);
  await settle();
  assert.equal(view.log.errors.at(-1), 'point[0]: must be finite');
  client.emit('update', { epoch: 1 });
  clock.advance(200);
  client.asked[2].resolve(reply(0.4));
  await settle();
  assert.equal(view.log.errors.at(-1), null, 'a trace clears the error');
  // A worker lost before it answered: its words.
  client.emit('update', { epoch: 2 });
  clock.advance(200);
  client.asked[3].reject(new Error('the training worker stopped before it answered the trace'));
  await settle();
  assert.equal(view.log.errors.at(-1), 'the training worker stopped before it answered the trace');
});

test('the words for a pick, and a link position matched to the data point it rounds to', () => {
  const config = defaultConfig();
  assert.equal(describePick({ point: [0.5, 0.25], row: [0.5, 0.25], source: null }, config), 'the point (0.5, 0.25) of the plane');
  assert.equal(describePick({ point: [0.53, -0.21], row: [0.53, -0.21], label: 1, source: { part: 'train', index: 11 } }, config),
    'the training point #12 (class 1) at (0.53, -0.21)');
  const d = display();
  assert.deepEqual(matchDataPoint(d.arrays, [1.235, 0.1])?.source, { part: 'train', index: 1 });
  assert.equal(matchDataPoint(d.arrays, [1.234, 0.1]), null);
  assert.equal(matchDataPoint(d.arrays, [0.75, 0.75], false), null, 'test points only when shown');
});

test('data with more inputs than the plane\'s end the following', async () => {
  const { store, view, follow } = setUp();
  follow.pickAt(0.5, 0.5, null);
  store.set('data.generator', 'iris');
  await settle();
  assert.equal(follow.pick, null);
  assert.equal(store.get().view.trace, null);
  assert.equal(view.log.cleared, 1);
});

test('following an input and moving its step send the engine nothing but traces, and keep the run', async () => {
  // The page's session on a fake worker (as formats.test.js makes one), beside the follower.
  const client = stubClient();
  const sent = [];
  client.send = (type, fields = {}) => sent.push({ type, ...fields });
  const frames = { task: () => ({ request() {}, cancel() {}, dirty: false }) };
  const store = createStore(shown());
  const session = createSession({ client, store, views: {}, frames });
  const view = stubView();
  const follow = createTraceFollow({ client, store, session: { display: display() }, view, minInterval: 0 });
  client.emit('ready', { runId: 0 });
  const before = sent.map((m) => m.type);
  assert.ok(before.includes('configure'));
  follow.pickAt(0.5, 0.25, null);
  client.asked[0].resolve(reply(0.7));
  await settle();
  follow.stepShown(3);
  follow.stepShown(4);
  store.set('view.trace', { point: [0.1, 0.2], step: 2 }); // as a link or a lesson would
  follow.close();
  assert.deepEqual(sent.map((m) => m.type), before, 'no configure, data, reset or play');
  assert.equal(client.asked.length, 1, 'the trace asked for; the link\'s waits for an update');
  assert.equal(session.status.playing, false);
});

/** Iris-like rows (4 columns): three training rows, two test rows; their places in the plane of principal components. */
function irisSetUp() {
  const config = defaultConfig();
  config.data.generator = 'iris';
  const clock = fakeClock();
  const client = stubClient();
  const store = createStore(config);
  const view = stubView();
  const row = (k) => [5 + k / 10, 3 + k / 10, 1 + k / 10, k / 10];
  const rows = { nFeatures: 4, xTrain: Float64Array.from([0, 1, 2].flatMap(row)), yTrain: Float64Array.of(0, 1, 2),
    xTest: Float64Array.from([3, 4].flatMap(row)), yTest: Float64Array.of(2, 1) };
  const plane = { nFeatures: 2, xTrain: Float64Array.of(-1, 0, 0, 0.5, 1, 1), yTrain: rows.yTrain, xTest: Float64Array.of(2, 2, 3, 3), yTest: rows.yTest };
  const session = { rows, display: { arrays: plane }, table: { classNames: ['setosa', 'versicolor', 'virginica'] } };
  const ignored = [];
  const follow = createTraceFollow({ client, store, session, view, onIgnored: (m) => ignored.push(m), minInterval: 200, ...clock });
  return { clock, client, store, view, session, follow, ignored, row };
}

test('a sample of data with more inputs (a table row) is followed with all its columns; [ and ] walk train then test rows', async () => {
  const { clock, client, store, view, follow, row } = irisSetUp();
  assert.equal(follow.pickRow('test', 1), true);
  assert.deepEqual(client.asked[0].point, row(4));
  assert.equal(client.asked[0].target, 1);
  assert.deepEqual(follow.pick.point, [3, 3], 'its place on the plane of principal components, for the marker');
  assert.deepEqual(store.get().view.trace, { sample: { part: 'test', index: 1 }, step: 0 });
  assert.equal(view.log.picks.at(-1), 'the test sample #2 (class versicolor, 4 inputs)');
  // The last row: no next one; back through the test rows into the training rows.
  assert.equal(follow.canMove(1), false);
  assert.equal(follow.move(1), false);
  assert.equal(follow.move(-1), true);
  assert.deepEqual([follow.pick.source, follow.pick.row], [{ part: 'test', index: 0 }, row(3)]);
  assert.equal(follow.move(-1), true);
  assert.deepEqual([follow.pick.source, follow.pick.target], [{ part: 'train', index: 2 }, 2]);
  // The request in flight answered, the latest pick is asked for.
  client.asked[0].resolve(reply(0.5));
  await settle();
  clock.advance(200);
  assert.deepEqual([client.asked.length, client.asked[1].point, client.asked[1].target], [2, row(2), 2]);
  assert.deepEqual(store.get().view.trace, { sample: { part: 'train', index: 2 }, step: 0 });
  follow.move(-1);
  follow.move(-1);
  assert.deepEqual([follow.pick.source, follow.canMove(-1), follow.canMove(4)], [{ part: 'train', index: 0 }, false, true]);
  // A position of the principal components' plane is no input of the model: nothing is asked.
  const n = client.asked.length;
  follow.pickAt(0.5, 0.5, null);
  assert.equal(client.asked.length, n);
  assert.deepEqual(follow.pick.source, { part: 'train', index: 0 });
  // New data: the index means another row now; nothing is followed.
  store.set('data.test_size', 0.5);
  await settle();
  assert.equal(follow.pick, null);
  assert.equal(store.get().view.trace, null);
});

test('a link\'s sample is asked for at the next update, at its step; one the data lack is ignored with a message', async () => {
  const { clock, client, store, view, follow, ignored, row } = irisSetUp();
  store.set('view.trace', { sample: { part: 'train', index: 1 }, step: 3 });
  assert.equal(client.asked.length, 0, 'the rows known now may be the previous data\'s');
  assert.match(view.log.picks.at(-1), /training sample #2 of the link/);
  client.emit('update', { epoch: 5 });
  assert.deepEqual([client.asked[0].point, client.asked[0].target], [row(1), 1]);
  client.asked[0].resolve(reply(0.25));
  await settle();
  assert.deepEqual(view.log.shown.map((s) => [s.value, s.step, s.epoch]), [[0.25, 3, 5]]);
  assert.equal(view.log.picks.at(-1), 'the training sample #2 (class versicolor, 4 inputs)');
  assert.deepEqual(store.get().view.trace, { sample: { part: 'train', index: 1 }, step: 3 });
  assert.deepEqual(ignored, []);
  // Out of range once the data are known: the message, and nothing followed.
  store.set('view.trace', { sample: { part: 'test', index: 7 }, step: 0 });
  client.emit('update', { epoch: 6 });
  clock.advance(200); // at most one request every 200 ms
  assert.equal(client.asked.length, 1);
  assert.deepEqual(ignored, ['Ignored tr=test:8: the data have 2 test samples (1 to 2).']);
  assert.equal(follow.pick, null);
  assert.equal(store.get().view.trace, null);
  // Before the data are known: it waits (no request, no message).
  const early = irisSetUp();
  early.session.rows = null;
  early.store.set('view.trace', { sample: { part: 'test', index: 0 }, step: 0 });
  early.client.emit('update', { epoch: 1 });
  assert.deepEqual([early.client.asked.length, early.ignored.length, early.follow.pick.pending], [0, 0, true]);
  early.session.rows = irisSetUp().session.rows;
  early.client.emit('update', { epoch: 2 });
  early.clock.advance(200);
  assert.deepEqual(early.client.asked[0].point, row(3));
});
