// The page's state beyond the link round trips: point edits, embed ids, the knobs beyond scikit-learn,
// pinned runs, lesson links and tables.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyEdits, dataRect, nearestRow, removeDisplayed } from '../../web/src/app/edits.js';
import { CONTROL_IDS, DEFAULTS, PARAM_BY_ID, defaultConfig, engineParams, beyondSettings, featuresRequest, setPath, validateConfig, changeKind, estimatorOf, imageShapeOf, inputLabels, isPlanar, nClassesOf, nFeaturesOf, tableOf, taskOf } from '../../web/src/state/config.js';
import { beyondNotes, testRows, toPython } from '../../web/src/state/python.js';
import { decode, encode, pinDifference } from '../../web/src/state/url.js';

const withValue = (config, id, value) => setPath(config, PARAM_BY_ID[id].path, value);

test('point edits: applied in order, removed by displayed row, nearest point found', () => {
  const base = {
    nFeatures: 2,
    xTrain: Float64Array.from([0, 0, 1, 1, 2, 2]),
    yTrain: Float64Array.from([0, 1, 0]),
    xTest: Float64Array.from([3, 3]),
    yTest: Float64Array.from([1]),
  };
  const edits = { added: [[5, 5, 1]], removed: [1] };
  const { arrays, origin, trainCount } = applyEdits(base, edits);
  assert.deepEqual([...arrays.xTrain], [0, 0, 2, 2, 5, 5]);
  assert.deepEqual([...arrays.yTrain], [0, 0, 1]);
  assert.deepEqual([...arrays.xTest], [3, 3]);
  assert.equal(trainCount, 3);
  assert.deepEqual(origin, [{ row: 0 }, { row: 2 }, { added: 0 }, { row: 3 }]);
  assert.deepEqual(removeDisplayed(edits, origin, 2), { added: [], removed: [1] });
  assert.deepEqual(removeDisplayed(edits, origin, 3), { added: [[5, 5, 1]], removed: [1, 3] });
  assert.equal(nearestRow(arrays, 2.1, 1.9), 1);
  assert.equal(nearestRow(arrays, 3.1, 3), 3);
  assert.equal(nearestRow(arrays, 3.1, 3, { onlyTrain: true }), 1);
  assert.equal(nearestRow(arrays, 10, 10, { radius: 1 }), -1);
  const rect = dataRect(arrays);
  assert.ok(rect.xMin < 0 && rect.xMax > 5 && rect.xMax - rect.xMin === rect.yMax - rect.yMin);
});

test('control ids for embed show/lock include the actions', () => {
  for (const id of ['play', 'step', 'reset', 'reseed', 'edit', 'noise', 'generator']) assert.ok(CONTROL_IDS.includes(id), id);
});

// ---- the engine's extensions beyond scikit-learn

const beyond = (changes) => {
  let config = defaultConfig();
  for (const [id, value] of Object.entries(changes)) config = withValue(config, id, value);
  return config;
};

test('the knobs beyond scikit-learn: short keys, a link round trip, range checks', () => {
  for (const id of ['leaky_slope', 'init', 'l1', 'dropout']) assert.equal(PARAM_BY_ID[id].group, 'beyond', id);
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.05, init: 'zeros', l1: 0.003, dropout: 0.25 });
  const query = encode(config);
  assert.equal(query, 'v=2&act=leaky_relu&lks=0.05&ini=zeros&l1=0.003&do=0.25');
  const { config: back, ignored } = decode(`?${query}`);
  assert.deepEqual(ignored, []);
  assert.deepEqual(back, config);
  // Their scikit-learn-style long names are read too.
  assert.deepEqual(decode('?activation=leaky_relu&leaky_slope=0.3&init=he&dropout=0.1').ignored, []);
  // At their defaults they are not written.
  assert.equal(encode(beyond({ leaky_slope: 0.01, init: 'glorot', l1: 0, dropout: 0 })), 'v=2');
  const messages = (link) => decode(link).ignored.join('\n');
  assert.match(messages('?lks=0'), /leaky_slope must be a number in \(0, 1\); got 0/);
  assert.match(messages('?lks=1'), /leaky_slope must be a number in \(0, 1\); got 1/);
  assert.match(messages('?ini=xavier'), /init must be one of 'glorot', 'he', 'zeros'; got 'xavier'/);
  assert.match(messages('?l1=-0.1'), /l1 must be a number in \[0, 100\]; got -0\.1/);
  assert.match(messages('?do=1'), /dropout must be a number in \[0, 1\); got 1/);
  const damaged = decode('?lks=2&ini=xavier&l1=abc&do=-1&act=leaky_relu');
  assert.deepEqual(validateConfig(damaged.config), []);
  assert.equal(damaged.config.model.activation, 'leaky_relu');
  assert.equal(damaged.ignored.length, 4);
});

test('the knobs beyond scikit-learn reach the engine only when they change the run', () => {
  const plain = engineParams(DEFAULTS);
  for (const name of ['leaky_slope', 'init', 'l1', 'dropout']) assert.ok(!(name in plain), name);
  assert.deepEqual(beyondSettings(DEFAULTS), {});
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.1, init: 'he', l1: 0.01, dropout: 0.2 });
  const params = engineParams(config);
  assert.equal(params.activation, 'leaky_relu');
  assert.equal(params.leaky_slope, 0.1);
  assert.equal(params.init, 'he');
  assert.equal(params.l1, 0.01);
  assert.equal(params.dropout, 0.2);
  // leaky_slope only with leaky_relu; dropout not with lbfgs (the engine would reject it).
  assert.ok(!('leaky_slope' in engineParams(withValue(config, 'activation', 'tanh'))));
  assert.ok(!('dropout' in engineParams(withValue(config, 'solver', 'lbfgs'))));
  assert.equal(PARAM_BY_ID.dropout.ignoredWhy(withValue(config, 'solver', 'lbfgs')), 'ignored by lbfgs');
  assert.equal(PARAM_BY_ID.leaky_slope.hiddenWhy(DEFAULTS), 'leaky_relu only');
  assert.equal(PARAM_BY_ID.leaky_slope.hiddenWhy(config), null);
});

test('the Python export says what scikit-learn cannot express, and stays plain scikit-learn', () => {
  for (const py of [toPython(DEFAULTS), toPython(DEFAULTS, { link: 'https://example.org/?v=1' })]) {
    assert.doesNotMatch(py, /[Bb]eyond scikit-learn|leaky|dropout|\bl1=|\binit=/);
  }
  assert.deepEqual(beyondNotes(DEFAULTS), []);
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.1, init: 'he', l1: 0.01, dropout: 0.2 });
  const py = toPython(config, { link: 'https://example.org/?act=leaky_relu' });
  const lines = py.split('\n');
  assert.equal(lines[1], '# https://example.org/?act=leaky_relu', 'the link stays the second line');
  // At the top and again next to the estimator.
  assert.equal(py.match(/^# Beyond scikit-learn: .* not available in MLPClassifier;$/gm).length, 2);
  assert.equal(py.match(/^# this code trains without them/gm).length, 2);
  assert.match(py, /^# Beyond scikit-learn:[^\n]*\n# this code trains without them[^\n]*\n(#   - [^\n]*\n){4}model = MLPClassifier\(/m);
  assert.match(py, /#   - activation='leaky_relu' \(leaky_slope=0\.1\) is replaced by 'relu'/);
  assert.match(py, /#   - init='he' is replaced by scikit-learn's Glorot initialisation/);
  assert.match(py, /#   - l1=0\.01 \(L1 penalty\) is left out/);
  assert.match(py, /#   - dropout=0\.2 \(on the hidden layers\) is left out/);
  // Runnable: only scikit-learn's own arguments, leaky_relu mapped to relu.
  assert.match(py, /^ {4}activation='relu', +# the page used leaky_relu \(beyond scikit-learn\)$/m);
  const est = /^model = MLPClassifier\(\n([\s\S]*?)\n\)$/m.exec(py)[1];
  assert.doesNotMatch(est, /leaky_slope|\binit=|\bl1=|dropout=/);
  // One setting alone: said in the singular; dropout ignored by lbfgs is not mentioned.
  const one = toPython(beyond({ l1: 0.5 }));
  assert.match(one, /# Beyond scikit-learn: the page's setting below is not available in MLPClassifier;/);
  assert.doesNotMatch(toPython(beyond({ dropout: 0.2, solver: 'lbfgs' })), /Beyond scikit-learn/);
  assert.match(toPython(beyond({ generator: 'sine', init: 'zeros' })), /not available in MLPRegressor;\n/);
});

test('pinned runs travel in the link: loss samples and boundary, at most three, damaged ones reported', () => {
  const config = defaultConfig();
  const pin = (label, last) => ({
    label,
    loss: { epochs: [1, 10, 20], values: [0.69, 0.4, last] },
    ghost: [[-1.234, 0.5, 0, 0.25, 1, -0.5], [2, 2, 2.5, 2.25]],
  });
  config.pins = [pin('(8, 8) relu', 0.1234), pin('a!b~c', 0.05)];
  const query = encode(config);
  assert.match(query, /&pin=/);
  const { config: back, ignored } = decode(query);
  assert.deepEqual(ignored, []);
  assert.equal(back.pins.length, 2);
  assert.equal(back.pins[0].label, '(8, 8) relu');
  assert.equal(back.pins[1].label, 'a b c', 'the separators cannot be part of a label');
  assert.deepEqual(back.pins[0].loss, { epochs: [1, 10, 20], values: [0.69, 0.4, 0.123] }, '3 significant digits');
  assert.deepEqual(back.pins[0].ghost, [[-1.23, 0.5, 0, 0.25, 1, -0.5], [2, 2, 2.5, 2.25]], '2 decimals');
  assert.equal(encode(back), query, 'stable');
  // Damaged pins are ignored one by one, with a message; the rest loads.
  const damaged = decode('v=1&pin=ok!1,0.5,2,0.4!~bad!1,x!~ghost!1,0.5!1,2,3~late!3,0.1,2,0.2!~extra!1,1!');
  assert.deepEqual(damaged.config.pins.map((p) => p.label), ['ok']);
  const messages = damaged.ignored.join('\n');
  assert.equal(damaged.ignored.length, 3, messages);
  assert.match(messages, /Ignored 2 pinned runs beyond the first 3/);
  assert.match(messages, /pinned run 2 \(bad\): its loss curve could not be read/);
  assert.match(messages, /pinned run 3 \(ghost\): its boundary could not be read/);
  assert.equal(decode('v=1&pin=late!3,0.1,2,0.2!').ignored.length, 1, 'epochs must increase');
  assert.equal(decode('v=1').config.pins.length, 0);
});

test('every lesson step is a share link that loads cleanly and names its lesson and step', async () => {
  const { LESSONS, lessonConfig } = await import('../../web/src/state/lessons.js');
  assert.ok(LESSONS.length >= 5);
  for (const lesson of LESSONS) {
    lesson.steps.forEach((step, k) => {
      const query = encode(lessonConfig(lesson, k));
      const { config, ignored } = decode(query);
      assert.deepEqual(ignored, [], `${lesson.id} step ${k + 1}: ${query}`);
      assert.deepEqual(config.lesson, { id: lesson.id, step: k + 1 });
      for (const [path, value] of Object.entries(step.changes)) {
        const got = path.split('.').reduce((o, key) => o[key], config);
        assert.deepEqual(got, value, `${lesson.id} step ${k + 1}: ${path}`);
      }
      assert.equal(encode(config), query, 'stable');
    });
  }
  assert.match(decode('v=1&lesson=nope').ignored.join(' '), /no such lesson/);
  const late = decode('v=1&lesson=hidden-layers&step=9');
  assert.match(late.ignored.join(' '), /has steps 1 to 2/);
  assert.deepEqual(late.config.lesson, { id: 'hidden-layers', step: 1 });
});

test('tables: iris, digits and a CSV file have their own facts, export and no plane', () => {
  const iris = withValue(defaultConfig(), 'generator', 'iris');
  assert.deepEqual([taskOf(iris), nFeaturesOf(iris), nClassesOf(iris), isPlanar(iris), tableOf(iris)], ['classification', 4, 3, false, 'iris']);
  assert.deepEqual(inputLabels(withValue(iris, 'derived', ['x2'])), ['sepal length', 'sepal width', 'petal length', 'petal width']);
  assert.deepEqual(featuresRequest(withValue(iris, 'derived', ['x2'])).derived, [], 'derived features need x and y');
  const digits = withValue(withValue(defaultConfig(), 'generator', 'digits'), 'test_size', 0.3);
  assert.deepEqual(imageShapeOf(digits), [8, 8]);
  assert.equal(testRows(digits), 540);
  let py = toPython(digits);
  assert.match(py, /from sklearn\.datasets import load_digits/);
  assert.match(py, /X, y = load_digits\(return_X_y=True\)\nX = X \/ 16\.0/);
  assert.match(py, /train_test_split\(X, y, test_size=0\.3, random_state=0\)/);

  const csv = withValue(defaultConfig(), 'generator', 'csv');
  assert.equal(nFeaturesOf(csv), 0, 'no file loaded yet');
  csv.data.csv = { name: 'wine quality.csv', task: 'regression', nFeatures: 3, nClasses: null, nSamples: 40,
    targetName: 'quality', targetColumn: 0, hasHeader: true, delimiter: ';', imageShape: null };
  assert.deepEqual([taskOf(csv), estimatorOf(csv), nFeaturesOf(csv), isPlanar(csv)], ['regression', 'MLPRegressor', 3, false]);
  py = toPython(csv);
  assert.match(py, /import pandas as pd/);
  assert.match(py, /data = pd\.read_csv\("wine quality\.csv", sep=";"\)\ntarget = data\.columns\[0\]  # "quality"/);
  assert.match(py, /MLPRegressor\(/);
  assert.doesNotMatch(py, /undefined|def make_/);
  assert.equal(testRows(csv), 10);
  // A new file is a data change: the engine gets the new rows.
  assert.equal(changeKind(csv, { ...csv, data: { ...csv.data, csv: { ...csv.data.csv, name: 'other.csv' } } }).data, true);
});

test('a pinned run is named by what sets it apart from the current run', () => {
  assert.equal(pinDifference('(8,8) relu adam lr=0.01 alpha=0.0001 batch=auto', '(8,8) tanh adam lr=0.01 alpha=0.0001 batch=auto'), 'relu');
  assert.equal(pinDifference('(8,8) relu sgd lr=0.1 alpha=0.0001 batch=1', '(8,8) relu sgd lr=0.1 alpha=0.0001 batch=32'), 'batch=1');
  assert.equal(pinDifference('(8,8) relu adam', '(8,8) relu adam'), '(8,8) relu adam', 'the same knobs: the whole label');
  assert.equal(pinDifference('run 1', ''), 'run 1');
});

test('applyEdits without edits shares the data\'s arrays, and with edits copies only what stays', () => {
  const base = {
    nFeatures: 2,
    xTrain: Float64Array.from([0, 0, 1, 1, 2, 2]),
    yTrain: Float64Array.from([0, 1, 0]),
    xTest: Float64Array.from([3, 3, 4, 4]),
    yTest: Float64Array.from([1, 0]),
  };
  const same = applyEdits(base, { added: [], removed: [] });
  assert.equal(same.arrays.xTrain, base.xTrain);
  assert.equal(same.arrays.yTest, base.yTest);
  assert.deepEqual(same.origin, [{ row: 0 }, { row: 1 }, { row: 2 }, { row: 3 }, { row: 4 }]);
  assert.equal(same.trainCount, 3);
  const edited = applyEdits(base, { added: [], removed: [4, 0, 99] });
  assert.deepEqual([...edited.arrays.xTrain], [1, 1, 2, 2]);
  assert.deepEqual([...edited.arrays.xTest], [3, 3]);
  assert.deepEqual([...edited.arrays.yTest], [1]);
  assert.deepEqual(edited.origin, [{ row: 1 }, { row: 2 }, { row: 3 }]);
  assert.equal(edited.trainCount, 2);
  assert.deepEqual([...base.xTrain], [0, 0, 1, 1, 2, 2], 'the data are not changed');
});
