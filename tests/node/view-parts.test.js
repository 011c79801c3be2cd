// The pure parts of the split views: layouts, scales, hit tests and geometry, checked with
// numbers (a stub context measures text as 6 px per character).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nearestPoint, sampleGrid } from '../../web/src/views/boundary/hit-test.js';
import { planeLayout, pointX, pointY } from '../../web/src/views/boundary/layout.js';
import { buildGroups, dataBounds, regressionRange, viewRect } from '../../web/src/views/boundary/scene.js';
import { chartLayout } from '../../web/src/views/losschart/layout.js';
import { normalizeSeries } from '../../web/src/views/losschart/series.js';
import { networkLabel, weightOffsets } from '../../web/src/views/network/architecture.js';
import { computeGeometry, findNode, nodeAt } from '../../web/src/views/network/geometry.js';
import { activatingTitleAt, weightTitleAt } from '../../web/src/views/weights/hit-test.js';
import { atlasGrid, fitImage, weightGridLayout } from '../../web/src/views/weights/layout.js';

const stubContext = () => ({ font: '', measureText: (text) => ({ width: 6 * String(text).length }) });

const plane = (over = {}) => ({
  data: { nFeatures: 2, nTargets: 1, xTrain: [-1, -2, 3, 2], yTrain: [0, 1], xTest: [1, 0], yTest: [1] },
  task: 'classification',
  nClasses: 2,
  classNames: null,
  axes: { x: null, y: null },
  grid: null,
  rect: null,
  options: { showTrain: true, showTest: true },
  targetRange: null,
  ...over,
});

test('the data plane frames the data 10% wider, or shows the rectangle it is given', () => {
  assert.deepEqual(dataBounds(plane().data), { xMin: -1.4, xMax: 3.4, yMin: -2.4, yMax: 2.4 });
  assert.deepEqual(dataBounds(null), { xMin: -1.2, xMax: 1.2, yMin: -1.2, yMax: 1.2 });
  const rect = { xMin: 0, xMax: 1, yMin: 0, yMax: 2 };
  assert.equal(viewRect(plane({ rect })), rect);
});

test('the plane layout maps data units to pixels and back, the y axis pointing up', () => {
  const view = plane({ rect: { xMin: -2, xMax: 2, yMin: -1, yMax: 1 } });
  const L = planeLayout(view, stubContext(), 400, 300, 0);
  assert.equal(L.px(-2), L.plot.x);
  assert.equal(L.px(2), L.plot.x + L.plot.w);
  assert.equal(L.py(1), L.plot.y);
  assert.equal(L.py(-1), L.plot.y + L.plot.h);
  assert.ok(Math.abs(L.dx(L.px(0.7)) - 0.7) < 1e-12 && Math.abs(L.dy(L.py(-0.3)) + 0.3) < 1e-12);
  assert.equal(L.bt, null, 'no colour bar for classification');
  // A named y axis takes 16 px more on the left.
  const named = planeLayout({ ...view, axes: { x: null, y: 'petal' } }, stubContext(), 400, 300, 0);
  assert.equal(named.plot.x - L.plot.x, 16);
  assert.equal(pointX(view, L, 'train', 1), L.px(3));
  assert.equal(pointY(view, L, 'test', 0), L.py(0));
});

test('regression colours span the targets, else the grid; points group by class', () => {
  const grid = { nx: 2, ny: 2, channels: 1, values: Float32Array.from([0, 4, -2, 1]) };
  assert.deepEqual(regressionRange(plane({ task: 'regression', grid })), [-2, 4]);
  assert.deepEqual(regressionRange(plane({ task: 'regression', targetRange: [0, 1], grid })), [0, 1]);
  const view = plane();
  buildGroups(view);
  assert.deepEqual(view.groups.map((g) => [Array.from(g.train), Array.from(g.test)]), [[[0], []], [[1], [0]]]);
});

test('the grid is sampled bilinearly, and the nearest point is found within 10 px', () => {
  const grid = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, nx: 2, ny: 2, channels: 1, values: [0, 1, 2, 3] }; // row 0 at yMax
  const view = plane({ grid });
  assert.deepEqual(sampleGrid(view, 0.5, 0.5), [1.5]);
  assert.deepEqual(sampleGrid(view, 1, 1), [1]);
  assert.equal(sampleGrid(view, 1.5, 0.5), null);
  const L = planeLayout(plane({ rect: { xMin: -3, xMax: 4, yMin: -3, yMax: 3 } }), stubContext(), 400, 400, 0);
  assert.deepEqual(nearestPoint(view, L, L.px(3) + 5, L.py(2)), { index: 1, part: 'train' });
  assert.equal(nearestPoint(view, L, L.px(3) + 11, L.py(2)), null);
  assert.equal(nearestPoint(plane({ options: { showTrain: false, showTest: true } }), L, L.px(3), L.py(2)), null);
});

test('the loss chart gives the loss panel 58% of the height beside a score panel, and epochs span the plot', () => {
  const chart = {
    series: [
      { spec: { key: 'lossCurve', label: 'train', panel: 'loss' }, data: normalizeSeries([1, 0.5, 0.25]) },
      { spec: { key: 'testScores', label: 'test', panel: 'score' }, data: normalizeSeries([0.5, 0.7, 0.9]) },
    ],
    markers: [{ epoch: 10 }],
    options: { logScale: false, scoreName: 'accuracy', cadence: 1 },
  };
  const L = chartLayout(chart, stubContext(), 600, 400);
  assert.deepEqual(L.panels.map((p) => p.name), ['loss', 'accuracy']);
  const [loss, score] = L.panels;
  assert.equal(loss.h, Math.round((loss.h + score.h) * 0.58));
  assert.equal(L.maxEpoch, 10, 'a marker past the data widens the axis');
  assert.equal(L.px(0), L.left);
  assert.equal(L.px(10), L.left + L.plotW);
  assert.equal(L.ex(L.px(4)), 4);
  assert.equal(score.map(0), score.y + score.h);
  assert.equal(score.map(1), score.y);
  chart.options.logScale = true;
  assert.equal(chartLayout(chart, stubContext(), 600, 400).panels[0].name, 'loss (log scale)');
});

test('the network diagram places columns left to right, collapses wide layers and finds units by position', () => {
  const view = { net: { layerUnits: [2, 20, 1], inputLabels: ['x', 'y'] } };
  const g = computeGeometry(view, stubContext(), 500, 400);
  assert.equal(g.cols.length, 3);
  assert.ok(g.cols[0].x < g.cols[1].x && g.cols[1].x < g.cols[2].x);
  assert.equal(g.cols[1].nodes.length, 10, 'the first and last 5 of 20');
  assert.deepEqual(g.cols[1].marker && g.cols[1].marker.count, 10);
  view.geometry = g;
  const nd = findNode(view, 1, 17);
  assert.equal(nd.u, 17);
  assert.equal(nodeAt(view, nd.x + g.node / 2 + 2, nd.y), nd);
  assert.equal(nodeAt(view, nd.x + g.node / 2 + 4, nd.y), null);
  assert.equal(findNode(view, 1, 7), null, 'a collapsed unit is not shown');
});

test('the network diagram is named for screen readers: inputs, hidden layers, outputs and the parameter count', () => {
  const net = { layerUnits: [2, 8, 8, 1], inputLabels: ['x', 'y'], outputLabels: ['P(class 1)'] };
  assert.equal(
    networkLabel({ net, offsets: weightOffsets(net.layerUnits) }),
    'Network: 2 inputs (x, y), 2 hidden layers of 8, 8 units, 1 output (P(class 1)); 105 parameters. ' +
      'Arrow keys move between units; Enter walks the links of a unit, with their weights.',
  );
  const bare = { layerUnits: [1, 3] };
  assert.match(networkLabel({ net: bare, offsets: weightOffsets(bare.layerUnits) }), /^Network: 1 input, no hidden layer, 3 outputs; 6 parameters\./);
});

test('the weight views name the tile under the pointer', () => {
  const layout = weightGridLayout(5, 200); // 56 px tiles, 3 columns
  assert.equal(layout.tile, 56);
  const drawn = { layout, nUnits: 5, lows: [0, 0, 0, 0, -0.5], highs: [1, 1, 1, 1, 0.25] };
  const step = layout.tile + layout.gap;
  assert.equal(weightTitleAt(drawn, layout.left + step + 1, layout.top + step + 1), 'unit 5: weights -0.5 to 0.25'.replace('-', '\u2212'));
  assert.equal(weightTitleAt(drawn, layout.left + 2 * step + 1, layout.top + step + 1), '', 'no sixth unit');
  assert.equal(weightTitleAt(drawn, layout.left + layout.tile + 1, layout.top + 1), '', 'the gap between tiles');
  const act = { layout: { top: 26, rowHeight: 45, tile: 40, label: 70 }, count: 2, k: 2, top: [3, 1, 0, 2], acts: [0.9, 0.8, 0.7, 0.6] };
  assert.equal(activatingTitleAt(act, 10, 26 + 45 + 5), 'unit 2');
  assert.equal(activatingTitleAt(act, 6 + 70 + 43 + 5, 26 + 5), 'unit 1, test input 2: activation 0.8');
});

test('the atlas packs slots in a near-square grid; an image fits its tile in whole pixels', () => {
  const a = atlasGrid(10, 8, 8);
  assert.deepEqual([a.width, a.height, a.x(5), a.y(5)], [32, 24, 8, 8]);
  assert.deepEqual(fitImage(56, 8, 8), { dx: 0, dy: 0, w: 56, h: 56 });
  assert.deepEqual(fitImage(40, 8, 4), { dx: 10, dy: 0, w: 20, h: 40 });
});
