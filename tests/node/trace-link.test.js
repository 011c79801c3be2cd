// "Follow one input" in the share link (issue 14): tr=x,y and ts=N both ways, what a bad value
// gives (a message, nothing followed), links without them unchanged, and a change of the input
// followed that touches nothing of the engine's state. Pure modules: no DOM, no engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { changeKind, defaultConfig, validateConfig } from '../../web/src/state/config.js';
import { decodeTrace, encodeTrace, normalizeTrace, traceProblem } from '../../web/src/state/trace-link.js';
import { decode, encode } from '../../web/src/state/url.js';

const withTrace = (trace, config = defaultConfig()) => ({ ...config, view: { ...config.view, trace } });

test('the input followed and its step go into the link and come back', () => {
  const query = encode(withTrace({ point: [0.5, -0.25], step: 7 }));
  assert.match(query, /(^|&)tr=0\.5,-0\.25&ts=7(&|$)/);
  const { config, ignored } = decode(query);
  assert.deepEqual(ignored, []);
  assert.deepEqual(config.view.trace, { point: [0.5, -0.25], step: 7 });
  assert.equal(encode(config), query);
  // The first step is the default: no ts=.
  assert.match(encode(withTrace({ point: [1, 2], step: 0 })), /(^|&)tr=1,2$/);
  assert.deepEqual(decode('tr=1,2').config.view.trace, { point: [1, 2], step: 0 });
  // Rounded as point edits are (3 decimals), so that a link reproduces the trace it shows.
  assert.deepEqual(encodeTrace({ point: [0.12345, -1.98765], step: 3 }), ['tr=0.123,-1.988', 'ts=3']);
  assert.deepEqual(normalizeTrace({ point: [-0.0001, 2], step: 2 }), { point: [0, 2], step: 2 });
  // With a lesson: after its step, before ep=.
  const lesson = { ...withTrace({ point: [0.2, 0.3], step: 4 }), lesson: { id: 'first-look', step: 1 } };
  const q = encode(lesson);
  assert.match(q, /lesson=first-look&step=1&tr=0\.2,0\.3&ts=4/);
  assert.deepEqual(decode(`${q}&ep=30`).config.view.trace, { point: [0.2, 0.3], step: 4 });
  assert.equal(decode(`${q}&ep=30`).epochs, 30);
});

test('a bad tr= or ts= is ignored with a message; nothing else of the link is lost', () => {
  const cases = [
    ['tr=abc', /^Ignored tr=abc: the input to follow must be x,y/],
    ['tr=1', /^Ignored tr=1: /],
    ['tr=1,2,3', /^Ignored tr=1,2,3: /],
    ['tr=1,', /^Ignored tr=1,: /],
    ['tr=1,Infinity', /^Ignored tr=1,Infinity: /],
    ['tr=0x1,2', /^Ignored tr=0x1,2: /],
    ['ts=3', /^Ignored ts=3: it is the step of a followed input, and the link follows none/],
    ['g=iris&tr=1,2', /^Ignored tr=1,2: only a point of the plane can be followed/],
  ];
  for (const [query, message] of cases) {
    const { config, ignored } = decode(`v=2&act=tanh&${query}`);
    assert.equal(config.view.trace, null, query);
    assert.equal(config.model.activation, 'tanh', query);
    assert.equal(ignored.length, 1, `${query}: ${ignored.join(' | ')}`);
    assert.match(ignored[0], message, query);
  }
  // A bad step keeps the input, from the first step.
  for (const ts of ['-1', 'x', '1.5', '12345', '']) {
    const { config, ignored } = decode(`tr=0.5,0.5&ts=${ts}`);
    assert.deepEqual(config.view.trace, { point: [0.5, 0.5], step: 0 }, ts);
    assert.equal(ignored.length, 1, ts);
    assert.match(ignored[0], /^Ignored ts=.*: the step must be an integer from 0 to 9999\.$/, ts);
  }
  // Repeated keys: the first one, as for every key.
  const twice = decode('tr=1,1&tr=2,2');
  assert.deepEqual(twice.config.view.trace, { point: [1, 1], step: 0 });
  assert.equal(twice.ignored.length, 1);
  // decodeTrace alone.
  const ignored = [];
  assert.equal(decodeTrace(new Map(), defaultConfig(), ignored), null);
  assert.deepEqual(ignored, []);
});

test('links without tr= follow nothing, and write no tr= or ts=', () => {
  for (const query of ['', 'v=2', 'v=1&g=spirals', 'v=2&a=relu&hl=8,8&ep=40', 'lesson=first-look&step=1']) {
    const { config } = decode(query);
    assert.equal(config.view.trace, null, query);
    assert.doesNotMatch(encode(config), /(^|&)t[rs]=/, query);
  }
  assert.equal(encode(defaultConfig()), 'v=2');
  assert.equal(defaultConfig().view.trace, null);
});

test('the config checks view.trace; a change of it touches neither the run nor the view options', () => {
  assert.deepEqual(validateConfig(defaultConfig()), []);
  assert.deepEqual(validateConfig(withTrace({ point: [0.5, 0.5], step: 3 })), []);
  for (const bad of [{ point: [0.5], step: 0 }, { point: [0.5, NaN], step: 0 }, { point: [0, 0], step: -1 }, { point: [0, 0], step: 1.5 }, 'tr']) {
    const problems = validateConfig(withTrace(bad));
    assert.equal(problems.length, 1, JSON.stringify(bad));
    assert.equal(problems[0].id, 'trace');
    assert.equal(traceProblem(bad), problems[0].message);
  }
  const a = defaultConfig();
  const b = withTrace({ point: [0.5, 0.5], step: 0 }, a);
  const c = withTrace({ point: [0.5, 0.5], step: 4 }, a);
  for (const [x, y] of [[a, b], [b, c], [c, a]]) {
    const kind = changeKind(x, y);
    assert.deepEqual(kind, { data: false, edits: false, features: false, model: false, train: false, view: false, trace: true });
  }
  const shown = { ...c, view: { ...c.view, showTest: !c.view.showTest } };
  assert.deepEqual([changeKind(c, shown).view, changeKind(c, shown).trace], [true, false]);
});

test('a sample of the data followed is tr=train:N or tr=test:N (counted from 1), both ways, for any data', () => {
  const iris = decode('v=2&g=iris').config;
  const query = encode(withTrace({ sample: { part: 'test', index: 11 }, step: 4 }, iris));
  assert.match(query, /(^|&)g=iris&tr=test:12&ts=4(&|$)/);
  const { config, ignored } = decode(query);
  assert.deepEqual(ignored, []);
  assert.deepEqual(config.view.trace, { sample: { part: 'test', index: 11 }, step: 4 });
  assert.equal(encode(config), query);
  assert.deepEqual(encodeTrace({ sample: { part: 'train', index: 0 }, step: 0 }), ['tr=train:1']);
  assert.deepEqual(decode('g=digits&tr=train:1797').config.view.trace, { sample: { part: 'train', index: 1796 }, step: 0 });
  // Points of the plane have samples too (the page writes their position, but reads either).
  assert.deepEqual(decode('tr=train:3&ts=2').config.view.trace, { sample: { part: 'train', index: 2 }, step: 2 });
  assert.deepEqual(validateConfig(withTrace({ sample: { part: 'train', index: 3 }, step: 1 }, iris)), []);
  // What is wrong with a sample, said; whether the data have that row is known once they are loaded (app/trace-follow.js).
  const cases = [
    ['tr=test:0', /^Ignored tr=test:0: samples are counted from 1 \(tr=test:1 is the first\)\.$/],
    ['tr=valid:3', /^Ignored tr=valid:3: the input to follow must be x,y \(two numbers\), or train:N or test:N/],
    ['tr=test:-1', /^Ignored tr=test:-1: /],
    ['tr=test:1.5', /^Ignored tr=test:1\.5: /],
    ['tr=test:123456789', /^Ignored tr=test:123456789: /],
  ];
  for (const [q, message] of cases) {
    const result = decode(`v=2&g=iris&act=tanh&${q}&ts=2`);
    assert.equal(result.config.view.trace, null, q);
    assert.equal(result.config.model.activation, 'tanh', q);
    assert.equal(result.ignored.length, 1, `${q}: ${result.ignored.join(' | ')}`);
    assert.match(result.ignored[0], message, q);
  }
  for (const bad of [{ sample: { part: 'valid', index: 0 }, step: 0 }, { sample: { part: 'test', index: -1 }, step: 0 }, { sample: null, step: 0 }]) {
    assert.equal(normalizeTrace(bad), null, JSON.stringify(bad));
    assert.match(traceProblem(bad), /^the sample followed must be/, JSON.stringify(bad));
  }
  // A position on data with more inputs still says what a sample's link is.
  assert.match(decode('g=digits&tr=1,2').ignored[0], /a sample of it is tr=train:N or tr=test:N/);
});
