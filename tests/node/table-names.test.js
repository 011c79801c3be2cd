// Tables with their own names: a CSV file's columns name the axes and the network's inputs,
// each axis spans its own column; its class labels name the outputs and come back in the
// model's classes_ (the engine sees codes 0..k-1); the exported model carries scikit-learn's
// feature_names_in_, loss_, n_layers_, n_outputs_ and n_features_in_, through the worker;
// "Your CSV" before a file sends nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { dataRect } from '../../web/src/app/edits.js';
import { parseCsv } from '../../web/src/data/csv.js';
import { decodeBundled } from '../../web/src/data/datasets.js';
import { awaitsFile, setCsvTable, tableNames } from '../../web/src/data/tables.js';
import { createRunTracker, request, validateRequest } from '../../web/src/engine/protocol.js';
import { createWorkerHost } from '../../web/src/engine/worker-host.js';
import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { axisNames, classNamesOf, defaultConfig, derivedLabel, inputLabels, outputLabels } from '../../web/src/state/config.js';
import { root } from './support.js';

// Sizes 30..200 against weights 0.3..2.0: columns a hundred times apart.
const FRUIT = ['size,weight,kind', ...Array.from({ length: 30 }, (_, i) => {
  const k = i % 3;
  return `${30 + 60 * k + (i % 5) * 10},${(0.3 + 0.6 * k + (i % 4) * 0.1).toFixed(2)},${['apple', 'fig', 'plum'][k]}`;
})].join('\n');

/** A config whose dataset is the parsed CSV text (as the Data panel sets it). */
function csvConfig(text, options) {
  const parsed = parseCsv(text, options);
  assert.equal(parsed.error, null, parsed.error?.message);
  const config = defaultConfig();
  config.data.generator = 'csv';
  config.data.csv = setCsvTable(parsed, 'fruit.csv');
  return { config, parsed };
}

test('"Your CSV" waits for a file: awaitsFile until one is loaded', () => {
  // First in this file: the module keeps the loaded CSV, and no test has loaded one yet.
  assert.equal(awaitsFile('csv'), true);
  assert.equal(awaitsFile('iris'), false);
  assert.equal(awaitsFile(null), false);
  csvConfig(FRUIT);
  assert.equal(awaitsFile('csv'), false);
});

test('a table\'s rectangle spans each column; generated data keep equal axes', () => {
  const parsed = parseCsv(FRUIT);
  const arrays = { nFeatures: 2, xTrain: parsed.X, yTrain: parsed.y, xTest: [], yTest: [] };
  const own = dataRect(arrays, { equal: false });
  // Each axis covers its own data (sizes 30..190, weights 0.3..1.8) with 12% to spare on either side.
  assert.deepEqual(own, { xMin: 10.8, xMax: 209.2, yMin: 0.12, yMax: 1.98 });
  const equal = dataRect(arrays);
  const [sx, sy] = [equal.xMax - equal.xMin, equal.yMax - equal.yMin];
  assert.ok(Math.abs(sx - sy) < 1e-3 * sx, `generated data: one scale (${sx}, ${sy}; rounded to 4 digits)`);
  // A constant column still gets a rectangle the grid can cover.
  const flat = dataRect({ nFeatures: 2, xTrain: [5, 150, 7, 150], yTrain: [0, 1], xTest: [], yTest: [] }, { equal: false });
  assert.ok(flat.yMax > flat.yMin && flat.yMin < 150 && flat.yMax > 150, JSON.stringify(flat));
});

test('a CSV file\'s columns name the axes and the inputs, derived features included', () => {
  const { config } = csvConfig(FRUIT);
  assert.deepEqual(axisNames(config), { x: 'size', y: 'weight' });
  assert.deepEqual(inputLabels(config), ['size', 'weight']);
  config.data.derived = ['x2', 'xy', 'siny'];
  assert.deepEqual(inputLabels(config), ['size', 'weight', 'size²', 'size·weight', 'sin(weight)']);
  assert.equal(derivedLabel(config, 'y2'), 'weight²', 'the Data panel\'s toggles use the names too');
  // Generated data keep x and y, unnamed axes.
  const moons = defaultConfig();
  moons.data.derived = ['x2'];
  assert.deepEqual(axisNames(moons), { x: null, y: null });
  assert.deepEqual(inputLabels(moons), ['x', 'y', 'x²']);
  assert.equal(derivedLabel(moons, 'xy'), 'x·y');
  // One column: the axes are the column and the target.
  const wave = ['t,level', ...Array.from({ length: 20 }, (_, i) => `${i / 4},${Math.sin(i / 4).toFixed(3)}`)].join('\n');
  assert.deepEqual(axisNames(csvConfig(wave).config), { x: 't', y: 'level' });
  // No header: the columns are "column 1", ... on the axes, but not the data's own names.
  const { config: bare, parsed } = csvConfig(FRUIT.split('\n').slice(1).join('\n'));
  assert.deepEqual(axisNames(bare), { x: 'column 1', y: 'column 2' });
  assert.equal(tableNames({ ...parsed, namedColumns: parsed.hasHeader, task: 'classification', classLabels: parsed.classLabels })
    .features, undefined);
});

test('class names name the outputs: P(fig), one unit for two classes, ŷ for a regression', () => {
  const { config } = csvConfig(FRUIT);
  assert.deepEqual(classNamesOf(config), ['apple', 'fig', 'plum']);
  assert.deepEqual(outputLabels(config, 3), ['P(apple)', 'P(fig)', 'P(plum)']);
  assert.deepEqual(outputLabels(config, 3, ['setosa', 'versicolor', 'virginica']), ['P(setosa)', 'P(versicolor)', 'P(virginica)']);
  assert.deepEqual(outputLabels(defaultConfig(), 1), ['P(class 1)']);
  const blobs = defaultConfig();
  blobs.data.generator = 'blobs';
  assert.deepEqual(outputLabels(blobs, 3), ['P(class 0)', 'P(class 1)', 'P(class 2)']);
  const plane = defaultConfig();
  plane.data.generator = 'plane';
  assert.deepEqual(outputLabels(plane, 1), ['ŷ']);
});

test('labels keep their kind: text stays text, integer labels are numbers', () => {
  const text = parseCsv(FRUIT);
  assert.deepEqual(text.classLabels, ['apple', 'fig', 'plum']);
  assert.deepEqual(text.classNames, ['apple', 'fig', 'plum']);
  const numbers = parseCsv('a,b,c\n1,2,10\n2,3,3\n3,1,10\n4,4,3\n5,2,7\n6,1,7');
  assert.deepEqual(numbers.classLabels, [3, 7, 10]);
  assert.deepEqual(numbers.classNames, ['3', '7', '10']);
  assert.equal(parseCsv('a,b\n1,2.5\n2,3.25\n3,1.5').classLabels, null, 'a regression has no labels');

  const bundled = (name) => decodeBundled(fs.readFileSync(path.join(root, 'web', 'public', 'data', `${name}.json`), 'utf8'));
  assert.deepEqual(bundled('iris').classLabels, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(bundled('digits').classLabels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('tableNames: the columns when they are the data\'s own, the labels of a classification', () => {
  const { parsed } = csvConfig(FRUIT);
  const table = { ...parsed, namedColumns: parsed.hasHeader };
  assert.deepEqual(tableNames(table), { features: ['size', 'weight'], classes: ['apple', 'fig', 'plum'] });
  assert.deepEqual(tableNames({ ...table, task: 'regression', classLabels: null }), { features: ['size', 'weight'] });
  assert.equal(tableNames({ ...table, namedColumns: false, task: 'regression' }), null);
  assert.equal(tableNames(null), null);
});

test('the data request\'s names are checked before they reach the engine', () => {
  const data = (names) => request('data', 1, { arrays: { nFeatures: 1, xTrain: [1, 2], yTrain: [0, 1] }, names });
  assert.equal(validateRequest(data({ features: ['a'], classes: ['x', 'y'] })), null);
  assert.equal(validateRequest(data({ classes: [3, 7] })), null);
  assert.equal(validateRequest(data(undefined)), null);
  assert.equal(validateRequest(data({ features: 'a' })).parameter, 'names.features');
  assert.equal(validateRequest(data({ classes: [null] })).parameter, 'names.classes');
  assert.equal(validateRequest(data([1])).parameter, 'names');
});

/** A worker host driven directly (no Worker): replies collected, ticks run by hand. */
function host(modulePromise) {
  const posted = [];
  const tasks = [];
  let clock = 0;
  const h = createWorkerHost({
    createModule: () => modulePromise,
    post: (message) => posted.push(message),
    now: () => (clock += 1),
    defer: (fn) => tasks.push(fn),
  });
  const tracker = createRunTracker();
  return {
    posted,
    send: (type, fields, runId = tracker.runId) => h.handle(request(type, runId, fields)),
    next: () => tracker.next(),
    last: (type) => posted.filter((m) => m.type === type).at(-1),
    dispose: () => h.dispose(),
  };
}

test('through the worker: the exported model names its classes and columns; import maps them back', async () => {
  const modulePromise = loadMlpModule();
  const { parsed } = csvConfig(FRUIT);
  const names = tableNames({ ...parsed, namedColumns: true });
  const config = { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [4], random_state: 0, learning_rate_init: 0.05 },
    precision: 'float64' };
  const data = () => ({ arrays: { nFeatures: 2, xTrain: parsed.X.slice(), yTrain: parsed.y.slice() },
    split: { test_size: 0.25, random_state: 0 }, features: { derived: ['xy'], standardize: true }, names });

  const h = host(modulePromise);
  await h.send('init', {}, h.next());
  await h.send('configure', config, h.next());
  await h.send('data', data(), h.next());
  assert.equal(h.last('error'), undefined, h.last('error')?.message);
  await h.send('step', { epochs: 8 });
  const trained = h.last('update');
  await h.send('export');
  const model = JSON.parse(h.last('model').json);
  assert.deepEqual(model.classes_, ['apple', 'fig', 'plum']);
  assert.deepEqual(model.feature_names_in_, ['size', 'weight', 'size weight']);
  assert.equal(model.n_features_in_, 3);
  assert.equal(model.n_layers_, 3);
  assert.equal(model.n_outputs_, 3);
  assert.equal(model.n_iter_, 8);
  assert.equal(model.loss_, model.loss_curve_.at(-1));
  assert.deepEqual(model.features.derived, ['xy']);
  assert.equal(model.features.mean_.length, 3);
  assert.equal(model.features.scale_.length, 3);

  // The same named data in another worker: the imported model scores them as the trained one did.
  const g = host(modulePromise);
  await g.send('init', {}, g.next());
  await g.send('configure', config, g.next());
  await g.send('data', data(), g.next());
  await g.send('import', { json: h.last('model').json }, g.next());
  assert.equal(g.last('error'), undefined, g.last('error')?.message);
  const imported = g.last('update');
  assert.equal(imported.trainScore, trained.trainScore);
  assert.equal(imported.testScore, trained.testScore);
  await g.send('export');
  assert.deepEqual(JSON.parse(g.last('model').json).classes_, model.classes_);

  // Labels that do not fit the data's codes are refused, naming the parameter; generated data have no names.
  await g.send('data', { ...data(), names: { classes: ['apple', 'fig'] } }, g.next());
  assert.equal(g.last('error').parameter, 'class_labels');
  await g.send('data', { generate: { generator: 'make_moons', params: { n_samples: 40, random_state: 0 } } }, g.next());
  await g.send('step', { epochs: 1 });
  await g.send('export');
  const moons = JSON.parse(g.last('model').json);
  assert.deepEqual(moons.classes_, [0, 1]);
  assert.equal('feature_names_in_' in moons, false);
  h.dispose();
  g.dispose();
});
