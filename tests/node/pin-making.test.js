// A pinned run (web/src/app/pins.js): its loss curve sampled to at most 150 epochs (the last
// kept), its boundary thinned to about 300 points, its label made of the knobs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { makePin, pinnedRuns, runLabel } from '../../web/src/app/pins.js';
import { defaultConfig, setPath } from '../../web/src/state/config.js';

test('a 1,000-epoch curve keeps at most 150 epochs and the last; non-finite losses are left out', () => {
  const curve = Float64Array.from({ length: 1000 }, (_, i) => (i === 14 ? NaN : 1 / (i + 1)));
  const pin = makePin(defaultConfig(), curve, []);
  assert.ok(pin.loss.epochs.length <= 151, `${pin.loss.epochs.length}`);
  assert.equal(pin.loss.epochs.at(-1), 1000);
  assert.equal(pin.loss.values.at(-1), 1 / 1000);
  assert.ok(!pin.loss.epochs.includes(15), 'the NaN epoch');
  assert.ok(pin.loss.values.every(Number.isFinite));
  assert.deepEqual(pin.ghost, []);
});

test('nothing trained: no pin', () => {
  assert.equal(makePin(defaultConfig(), [], [[0, 0, 1, 1]]), null);
  assert.equal(makePin(defaultConfig(), [NaN, NaN], []), null);
});

test('the boundary: the 12 longest lines, thinned to about 300 points, each keeping its end', () => {
  const line = (n, y) => Array.from({ length: n }, (_, k) => [k / n, y]).flat();
  const lines = [line(400, 0), line(300, 1), line(3, 2), ...Array.from({ length: 12 }, (_, j) => line(10, 3 + j))];
  const pin = makePin(defaultConfig(), [1, 0.5], lines);
  const points = pin.ghost.reduce((sum, l) => sum + l.length / 2, 0);
  assert.ok(points <= 300 + pin.ghost.length, `${points} points`);
  assert.ok(pin.ghost.length <= 12);
  assert.ok(!pin.ghost.some((l) => l[1] === 2), 'a short line is not among the 12 longest');
  const first = pin.ghost.find((l) => l[1] === 0);
  assert.deepEqual(first.slice(-2), lines[0].slice(-2), 'the line keeps its end');
});

test('the label names the knobs; pins take the three colours in turn', () => {
  let config = setPath(defaultConfig(), 'model.solver', 'sgd');
  config = setPath(config, 'model.learning_rate', 'adaptive');
  config = setPath(config, 'model.hidden_layer_sizes', [8, 8]);
  const label = runLabel(config);
  assert.match(label, /^\(8,8\) \w+ sgd lr=\S+ alpha=\S+ batch=\S+ adaptive$/);
  const pins = pinnedRuns({ pins: [{ label: 'a' }, { label: 'b' }, { label: 'c' }, { label: 'd' }] });
  assert.deepEqual(pins.map((p) => p.color), ['#CC79A7', '#56B4E9', '#E69F00', '#CC79A7']);
});
