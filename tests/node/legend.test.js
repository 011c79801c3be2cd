// What the colour legends say: each class's colour for a classifier, the regression scale with
// its numbers, the output tiles, the links' sign and width.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { className, legendModel, scaleTicks } from '../../web/src/views/legend.js';
import { classColor, divergingCss } from '../../web/src/views/palette.js';

test('a classifier\'s plane legend lists every class in the colour its points and regions use', () => {
  const m = legendModel({ task: 'classification', nClasses: 5 });
  assert.equal(m.plane.kind, 'classes');
  assert.deepEqual(m.plane.items.map((i) => i.text), ['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
  m.plane.items.forEach((item, k) => assert.equal(item.color, classColor(k)));
  assert.match(m.outputs.text, /P\(class k\)/);
  assert.equal(m.outputs.stops.length, 2);
});

test('a binary classifier\'s output tile is P(class 1), white to class 1\'s colour', () => {
  const m = legendModel({ task: 'classification', nClasses: 2 });
  assert.equal(m.plane.items.length, 2);
  assert.match(m.outputs.text, /P\(class 1\)/);
  assert.deepEqual(m.outputs.stops, ['rgb(255, 255, 255)', classColor(1)]);
  assert.deepEqual(m.outputs.ticks.map((t) => t.text), ['0', '1']);
});

test('class names from the data are shown beside the class number', () => {
  assert.equal(className(0, ['setosa', 'versicolor']), 'class 0 (setosa)');
  assert.equal(className(3, ['0', '1', '2', '3']), 'class 3', 'a name that is the number adds nothing');
  assert.equal(className(2, null), 'class 2');
  const m = legendModel({ task: 'classification', nClasses: 3, classNames: ['setosa', 'versicolor', 'virginica'] });
  assert.equal(m.plane.items[2].text, 'class 2 (virginica)');
});

test('a regressor\'s legend is the colour scale with numbers, for the plane and the output tile', () => {
  const m = legendModel({ task: 'regression', range: [-120, 80] });
  assert.equal(m.plane.kind, 'scale');
  assert.ok(m.plane.stops.length >= 3);
  const numbers = m.plane.ticks.map((t) => Number(t.text.replace('\u2212', '-')));
  assert.ok(numbers.length >= 3, `ticks ${numbers}`);
  assert.ok(numbers.every((v) => v >= -120 && v <= 80));
  for (const t of m.plane.ticks) assert.ok(t.at >= 0 && t.at <= 1);
  assert.deepEqual(m.outputs.ticks, m.plane.ticks, 'the output tile uses the plane\'s scale');
  // A 1-D regression draws a curve, not colours: no plane legend, the tile's scale stays.
  const curve = legendModel({ task: 'regression', range: [-1, 1], oneD: true });
  assert.equal(curve.plane, null);
  assert.ok(curve.outputs.ticks.length >= 2);
});

test('no plane (more than two inputs, no PCA plane): no plane legend, the network\'s stays', () => {
  const m = legendModel({ task: 'classification', nClasses: 10, planar: false });
  assert.equal(m.plane, null);
  assert.ok(m.links.length >= 2);
});

test('links: orange for a positive weight, blue for a negative one, thicker for larger |w|', () => {
  const { links } = legendModel({ task: 'classification', nClasses: 2 });
  const [pos, neg, small] = links;
  assert.match(pos.text, /positive/);
  assert.equal(pos.color, divergingCss(1));
  assert.match(neg.text, /negative/);
  assert.equal(neg.color, divergingCss(-1));
  assert.ok(small.width < pos.width);
});

test('scaleTicks puts round numbers along [lo, hi]; the legend rebuilds only when its content changes', () => {
  const ticks = scaleTicks(0, 10, 4);
  assert.deepEqual(ticks.map((t) => t.text), ['0', '5', '10']);
  assert.deepEqual(ticks.map((t) => t.at), [0, 0.5, 1]);
  assert.deepEqual(scaleTicks(1, 1), []);
  const a = legendModel({ task: 'classification', nClasses: 3 });
  assert.equal(a.key, legendModel({ task: 'classification', nClasses: 3 }).key);
  assert.notEqual(a.key, legendModel({ task: 'classification', nClasses: 4 }).key);
});
