// The message module both sides use: request validation, replies, the run tracker.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as protocol from '../../web/src/engine/protocol.js';

const { REPLIES, REQUESTS, createRunTracker, isReply, request, validateRequest } = protocol;

test('well-formed requests of every type pass validation', () => {
  const fields = {
    init: {},
    configure: { estimator: 'MLPRegressor', params: { alpha: 0.1 }, precision: 'float32' },
    data: { generate: { generator: 'xor', params: { n_samples: 10 } }, split: { test_size: 0.5, random_state: 3 } },
    play: {},
    pause: {},
    step: { epochs: 10 },
    reset: { random_state: 2 ** 32 - 1 },
    grid: { xMin: -1, xMax: 1, yMin: 0, yMax: 2, nx: 2, ny: 2048, units: { nx: 24, ny: 24 } },
    test: { enabled: true },
    export: {},
    import: { json: '{}' },
    trace: { point: [0.5, -1], target: 1 },
    ping: {},
    sync: { token: 7 },
    cancel: {},
  };
  assert.deepEqual(Object.keys(fields), REQUESTS);
  for (const type of REQUESTS) assert.equal(validateRequest(request(type, 0, fields[type])), null, type);
  const arrays = { nFeatures: 2, xTrain: new Float64Array(6), yTrain: [0, 1, 0], xTest: [1, 2], yTest: [1] };
  assert.equal(validateRequest(request('data', 5, { arrays })), null);
  const features = { derived: ['x2', 'siny'], standardize: true };
  assert.equal(validateRequest(request('data', 5, { arrays, features })), null);
  assert.equal(validateRequest(request('data', 5, { arrays, split: { test_size: 0.3, random_state: 0 } })), null);
});

test("a split (train_test_split's test_size and random_state) goes with generate or arrays and names its bad field", () => {
  const arrays = { nFeatures: 1, xTrain: [1, 2], yTrain: [0, 1] };
  const generate = { generator: 'xor' };
  assert.equal(validateRequest(request('data', 0, { generate, split: { test_size: 0.3 } })), null);
  assert.equal(validateRequest(request('data', 0, { generate, split: { test_size: 0.3, random_state: 2 ** 32 - 1 } })), null);
  assert.equal(validateRequest(request('data', 0, { arrays, split: 0.3 })).parameter, 'split');
  assert.equal(validateRequest(request('data', 0, { arrays, split: { test_size: '0.3' } })).parameter, 'test_size');
  // The data's random_state is named as the page's control for it (random_state is the estimator's).
  assert.equal(validateRequest(request('data', 0, { arrays, split: { test_size: 0.3, random_state: -1 } })).parameter,
    'data_random_state');
  assert.equal(validateRequest(request('test', 0, { enabled: 'yes' })).parameter, 'enabled');
});

test('features, units and import are checked too', () => {
  const arrays = { nFeatures: 1, xTrain: [0, 1], yTrain: [0, 1] };
  const bad = (type, fields) => validateRequest(request(type, 0, fields))?.parameter;
  assert.equal(bad('data', { arrays, features: { derived: ['x3'] } }), 'features.derived');
  assert.equal(bad('data', { arrays, features: { standardize: 'yes' } }), 'features.standardize');
  assert.equal(bad('data', { arrays, features: ['x2'] }), 'features');
  const rect = { xMin: -1, xMax: 1, yMin: 0, yMax: 2, nx: 8, ny: 8 };
  assert.equal(bad('grid', { ...rect, units: { nx: 1, ny: 8 } }), 'units');
  assert.equal(bad('grid', { ...rect, units: { nx: 8, ny: 500 } }), 'units');
  assert.equal(bad('import', { json: { coefs_: [] } }), 'json');
});

test('an image set is asked for by its folder, set and counts; only one kind of data a request', () => {
  const images = { url: 'http://x/data/fashion-mnist/', set: 'quick', nTrain: 10000, nTest: 2000 };
  const bad = (fields) => validateRequest(request('data', 0, fields))?.parameter ?? null;
  assert.equal(bad({ images }), null);
  assert.equal(bad({ images: { ...images, set: 'huge' } }), 'images.set');
  assert.match(validateRequest(request('data', 0, { images: { ...images, set: 'huge' } })).message, /quick, full/);
  assert.equal(bad({ images: { ...images, url: '' } }), 'images.url');
  assert.equal(bad({ images: { ...images, nTrain: 0 } }), 'images.nTrain');
  assert.equal(bad({ images, generate: { generator: 'xor' } }), 'data');
});

test('malformed requests name the field at fault', () => {
  const cases = [
    [undefined, 'message'],
    [[], 'message'],
    [{ type: 'init', runId: -1 }, 'runId'],
    [{ type: 'init', runId: 1.5 }, 'runId'],
    [request('configure', 0, {}), 'estimator'],
    [request('configure', 0, { estimator: 'MLPClassifier', params: [1] }), 'params'],
    [request('data', 0, { generate: {}, arrays: {} }), 'data'],
    [request('data', 0, { generate: { generator: 'xor' }, split: { test_size: 0.25, random_state: -1 } }), 'data_random_state'],
    [request('data', 0, { arrays: { nFeatures: 0, xTrain: [], yTrain: [] } }), 'nFeatures'],
    [request('data', 0, { arrays: { nFeatures: 1, xTrain: ['a'], yTrain: [0] } }), 'xTrain'],
    [request('data', 0, { arrays: { nFeatures: 1, xTrain: [1], yTrain: [0], xTest: [1, 2], yTest: [0] } }), 'xTest'],
    [request('step', 0, { epochs: 1.5 }), 'epochs'],
    [request('reset', 0, { random_state: 2 ** 32 }), 'random_state'],
    [request('grid', 0, { xMin: 0, xMax: 1, yMin: 0, yMax: 1, nx: 1, ny: 4 }), 'resolution'],
    [request('grid', 0, { xMin: 0, xMax: Infinity, yMin: 0, yMax: 1, nx: 4, ny: 4 }), 'rectangle'],
  ];
  for (const [message, parameter] of cases) {
    const problem = validateRequest(message);
    assert.equal(problem?.parameter, parameter, JSON.stringify(message));
    assert.equal(typeof problem.value, 'string');
    assert.ok(problem.message.length > 0);
  }
});

test('replies are recognised by type and runId', () => {
  for (const type of REPLIES) assert.ok(isReply({ type, runId: 3 }));
  assert.ok(!isReply({ type: 'configure', runId: 3 }));
  assert.ok(!isReply({ type: 'progress' }));
  assert.ok(!isReply(null));
});

test('the run tracker drops replies from older runs and follows newer ones', () => {
  const tracker = createRunTracker();
  assert.equal(tracker.runId, 0);
  assert.ok(tracker.accept({ type: 'ready', runId: 0 }));
  assert.equal(tracker.next(), 1);
  assert.ok(!tracker.accept({ type: 'progress', runId: 0 }));
  assert.ok(tracker.accept({ type: 'progress', runId: 1 }));
  assert.ok(tracker.accept({ type: 'progress', runId: 4 }), 'the worker bumped the run itself');
  assert.equal(tracker.runId, 4);
  assert.ok(!tracker.accept({ type: 'update', runId: 3 }));
  assert.ok(!tracker.accept({ type: 'nonsense', runId: 9 }));
});

test('a grid plane is origin, u and v: a multiple of three finite numbers', () => {
  const grid = { xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx: 4, ny: 4 };
  assert.equal(validateRequest(request('grid', 0, { ...grid, plane: [0, 0, 1, 0, 0, 1] })), null);
  assert.equal(validateRequest(request('grid', 0, { ...grid, plane: [0, 0, 1, 0] })).parameter, 'plane');
  assert.equal(validateRequest(request('grid', 0, { ...grid, plane: [0, NaN, 1] })).parameter, 'plane');
  assert.equal(validateRequest(request('grid', 0, { ...grid, plane: 'x' })).parameter, 'plane');
});
