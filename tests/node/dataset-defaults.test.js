// Per-dataset defaults: each dataset's own noise, n_samples, ...; the page session's memory of
// what the user set on each dataset; share links of format 2 (relative to the dataset's
// defaults) and of format 1 (relative to the page's defaults, whatever the dataset); the
// lesson links written before, unchanged. Pure modules: no DOM, no engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { keepValidEdits } from '../../web/src/app/edits.js';
import { createStore } from '../../web/src/app/store.js';
import { DEFAULTS, GENERATORS, defaultConfig, generateRequest, validateConfig } from '../../web/src/state/config.js';
import {
  DATASET_KNOBS,
  createDatasetMemory,
  datasetDefaults,
  defaultConfigFor,
  knobsOf,
} from '../../web/src/state/dataset-defaults.js';
import { toPython } from '../../web/src/state/python.js';
import { decode, encode, isDatasetRelative } from '../../web/src/state/url.js';
import { inVocabulary } from './old-vocabulary.js';

/** The defaults chosen by looking at each generated set (see dataset-defaults.js). */
const EXPECTED = {
  moons: { n_samples: 300, noise: 0.2 },
  circles: { n_samples: 300, noise: 0.08, factor: 0.5 },
  blobs: { n_samples: 300, centers: 3, cluster_std: 0.7 },
  xor: { n_samples: 300, noise: 0.05 },
  spirals: { n_samples: 500, noise: 0.04 },
  gaussian: { n_samples: 300, noise: 0.1 },
  regression: { n_samples: 300, noise: 10, n_features: 1 },
  plane: { n_samples: 300, noise: 0.05 },
  sine: { n_samples: 300, noise: 0.1 },
};

/** A store as the page makes it: the dataset memory, then the point-edit rules. */
function pageStore(initial = defaultConfig()) {
  const memory = createDatasetMemory();
  const dropped = [];
  const store = createStore(initial, {
    normalize: (next, prev) => keepValidEdits(memory.switchDataset(next, prev), prev, (sameKind) => dropped.push(sameKind)),
  });
  return { store, dropped };
}

const data = (store) => store.get().data;

test('every dataset has its own defaults, valid for it; moons\' are the page\'s defaults', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), Object.keys(GENERATORS).filter((g) => !GENERATORS[g].table && !GENERATORS[g].images).sort());
  for (const [generator, values] of Object.entries(EXPECTED)) {
    const config = defaultConfigFor(generator);
    assert.equal(config.data.generator, generator);
    assert.deepEqual(validateConfig(config), [], generator);
    for (const [key, value] of Object.entries(values)) assert.equal(config.data[key], value, `${generator} ${key}`);
    // Only the knobs differ from the page's defaults.
    const rest = (c) => ({ ...c, data: { ...c.data, generator: null }, view: { ...c.view, logScale: null } });
    for (const path of DATASET_KNOBS.filter((p) => p.startsWith('data.'))) {
      const key = path.slice(5);
      config.data[key] = DEFAULTS.data[key];
    }
    assert.deepEqual(rest(config), rest(DEFAULTS), `${generator}: only the data knobs and the view options change`);
  }
  // The page opens on moons: its defaults are DEFAULTS, so ?v=2, ?v=1 and no link agree.
  assert.deepEqual(defaultConfigFor('moons'), defaultConfig());
  assert.deepEqual(datasetDefaults('moons'), knobsOf(DEFAULTS));
  // The real data use none of the knobs: the page's values.
  for (const table of ['iris', 'digits', 'csv']) assert.deepEqual(datasetDefaults(table), knobsOf(DEFAULTS), table);
  // The regression set's loss spans decades: its loss chart starts on a log scale; no other does.
  for (const generator of Object.keys(GENERATORS)) {
    assert.equal(defaultConfigFor(generator).view.logScale, generator === 'regression', generator);
  }
  // What the engine is asked for.
  assert.deepEqual(generateRequest(defaultConfigFor('spirals')).params, { n_samples: 500, random_state: 0, noise: 0.04 });
  assert.deepEqual(generateRequest(defaultConfigFor('blobs')).params, { n_samples: 300, random_state: 0, centers: 3, cluster_std: 0.7 });
  // An unknown name gets the page's values (never a crash).
  assert.deepEqual(datasetDefaults('banana'), knobsOf(DEFAULTS));
  assert.deepEqual(datasetDefaults('__proto__'), knobsOf(DEFAULTS));
});

test('choosing a dataset sets its defaults; the user\'s values stay on it and come back after a visit elsewhere', () => {
  const { store } = pageStore();
  assert.equal(data(store).noise, 0.2);
  store.set('data.generator', 'spirals');
  assert.equal(data(store).noise, 0.04);
  assert.equal(data(store).n_samples, 500);

  // The user's own noise survives changes of anything else.
  store.set('data.noise', 0.1);
  store.set('data.random_state', 7);
  store.set('model.hidden_layer_sizes', [16, 16, 16]);
  store.update({ 'model.activation': 'tanh', 'data.test_size': 0.3, 'data.standardize': true });
  assert.equal(data(store).noise, 0.1);
  assert.equal(data(store).n_samples, 500);

  // To moons: moons' defaults; the data's random_state and the model carry over.
  store.set('data.generator', 'moons');
  assert.equal(data(store).noise, 0.2);
  assert.equal(data(store).n_samples, 300);
  assert.equal(data(store).random_state, 7);
  assert.deepEqual(store.get().model.hidden_layer_sizes, [16, 16, 16]);
  store.set('data.n_samples', 450);

  // Back to spirals: the typed noise; back to moons: its n_samples.
  store.set('data.generator', 'spirals');
  assert.equal(data(store).noise, 0.1);
  assert.equal(data(store).n_samples, 500);
  store.set('data.generator', 'moons');
  assert.equal(data(store).n_samples, 450);
  assert.equal(data(store).noise, 0.2);

  // Every knob and the view option: regression sets noise 10 and the log scale; the user's
  // n_features and linear scale are remembered; sine has neither.
  store.set('data.generator', 'regression');
  assert.equal(data(store).noise, 10);
  assert.equal(store.get().view.logScale, true);
  store.update({ 'data.n_features': 2, 'view.logScale': false });
  store.set('data.generator', 'sine');
  assert.equal(data(store).noise, 0.1);
  assert.equal(data(store).n_features, 1);
  assert.equal(store.get().view.logScale, false);
  store.set('data.generator', 'regression');
  assert.equal(data(store).n_features, 2);
  assert.equal(store.get().view.logScale, false);
  store.set('data.generator', 'blobs');
  store.set('data.centers', 5);
  store.set('data.generator', 'circles');
  assert.equal(data(store).factor, 0.5);
  assert.equal(data(store).centers, 3);
  store.set('data.generator', 'blobs');
  assert.equal(data(store).centers, 5);
  assert.equal(data(store).cluster_std, 0.7);

  // A change that sets the dataset and a knob at once keeps the knob it was given.
  store.update({ 'data.generator': 'xor', 'data.noise': 0.3 });
  assert.equal(data(store).noise, 0.3);
  // A table (a CSV load sets the dataset and its facts): the page's values, harmless.
  store.update({ 'data.generator': 'csv', 'data.csv': { name: 'x.csv', task: 'classification', nFeatures: 3, nClasses: 2 } });
  assert.deepEqual(knobsOf(store.get()), knobsOf(DEFAULTS));
  store.set('data.generator', 'xor');
  assert.equal(data(store).noise, 0.3);
  assert.deepEqual(validateConfig(store.get()), []);
});

test('the memory starts from the link: an old link\'s spirals keep noise 0.2 after a visit elsewhere', () => {
  const { store } = pageStore(decode('?v=1&g=spirals').config);
  assert.equal(data(store).noise, 0.2);
  store.set('data.generator', 'moons');
  store.set('data.generator', 'spirals');
  assert.equal(data(store).noise, 0.2);
  assert.equal(data(store).n_samples, 300);
});

test('point edits: kept on the same data, dropped with a new dataset; undoing them is untouched by the memory', () => {
  const { store, dropped } = pageStore();
  store.set('data.generator', 'spirals');
  store.set('data.edits', { added: [[0.1, 0.2, 1]], removed: [3] });
  // Undo puts back an older edits object: no knob moves.
  store.set('data.edits', { added: [], removed: [] });
  store.set('data.edits', { added: [[0.1, 0.2, 1]], removed: [3] });
  assert.equal(data(store).noise, 0.04);
  assert.deepEqual(dropped, []);
  // New noise: the added points stay, the removed rows come back.
  store.set('data.noise', 0.06);
  assert.deepEqual(data(store).edits, { added: [[0.1, 0.2, 1]], removed: [] });
  assert.deepEqual(dropped, [true]);
  // A new dataset: every edit goes, and moons gets its defaults.
  store.set('data.generator', 'moons');
  assert.deepEqual(data(store).edits, { added: [], removed: [] });
  assert.deepEqual(dropped, [true, false]);
  assert.equal(data(store).noise, 0.2);
  // Back on spirals: the remembered noise, no edits.
  store.set('data.generator', 'spirals');
  assert.equal(data(store).noise, 0.06);
  assert.deepEqual(data(store).edits, { added: [], removed: [] });
});

test('a new link is written relative to its dataset\'s defaults (v=2) and reads back exactly', () => {
  assert.equal(encode(defaultConfigFor('spirals')), 'v=2&g=spirals');
  assert.equal(encode(defaultConfigFor('regression')), 'v=2&g=regression');
  const spirals = decode('?v=2&g=spirals');
  assert.deepEqual(spirals.ignored, []);
  assert.equal(spirals.config.data.noise, 0.04);
  assert.equal(spirals.config.data.n_samples, 500);
  assert.deepEqual(spirals.config, defaultConfigFor('spirals'));
  assert.equal(decode('?v=2&g=regression').config.view.logScale, true);
  // A value the user changed is written, and only that.
  const typed = { ...defaultConfigFor('spirals') };
  typed.data = { ...typed.data, noise: 0.1 };
  assert.equal(encode(typed), 'v=2&g=spirals&nz=0.1');
  assert.deepEqual(decode(encode(typed)).config, typed);
  // The page's noise on spirals (as a v=1 link gives) is written explicitly.
  const old = decode('?v=1&g=spirals').config;
  assert.equal(encode(old), 'v=2&g=spirals&n=300&nz=0.2');
  assert.deepEqual(decode(encode(old)).config, old);
  // Long names, the key order, newer formats: relative to the dataset too.
  assert.equal(decode('?v=2&noise=0.3&dataset=spirals').config.data.noise, 0.3);
  assert.equal(decode('?v=2&nz=0.3&g=spirals').config.data.n_samples, 500);
  assert.equal(decode('?v=3&g=spirals').config.data.noise, 0.04);
  // Every dataset, every knob at another value: a round trip.
  for (const generator of Object.keys(GENERATORS)) {
    const config = defaultConfigFor(generator);
    for (const c of [config, { ...config, data: { ...config.data, n_samples: 1234, noise: 0.15, random_state: 3 } }]) {
      const { config: back, ignored } = decode(encode(c));
      assert.deepEqual(ignored, [], generator);
      assert.deepEqual(back, c, generator);
    }
  }
});

test('old links (v=1, no version) keep the page\'s defaults whatever the dataset', () => {
  for (const link of ['?v=1&g=spirals', '?g=spirals', '?dataset=spirals']) {
    const { config, ignored } = decode(link);
    assert.deepEqual(ignored, [], link);
    assert.equal(config.data.generator, 'spirals');
    assert.equal(config.data.noise, 0.2, link);
    assert.equal(config.data.n_samples, 300, link);
  }
  assert.equal(decode('?v=1&g=regression').config.data.noise, 0.2);
  assert.equal(decode('?v=1&g=regression').config.view.logScale, false);
  assert.equal(decode('?v=1&g=blobs').config.data.cluster_std, 1.5);
  assert.equal(decode('?v=1&g=circles&nz=0.1').config.data.noise, 0.1);
  // Versions that never existed are read as format 1 was, with a message.
  assert.equal(decode('?v=0&g=spirals').config.data.noise, 0.2);
  assert.match(decode('?v=0&g=spirals').ignored.join(' '), /Unknown link version v=0/);
  assert.match(decode('?v=abc').ignored.join(' '), /Unknown link version v=abc/);
  assert.deepEqual([undefined, '1', '0', 'abc', '2', '3', ' 2', '1.5'].map(isDatasetRelative),
    [false, false, false, false, true, true, true, false]);
});

test('bad values in a link are named and replaced by the link\'s own defaults', () => {
  // noise 500 is beyond make_regression's range: format 2 falls back to regression's noise, format 1 to the page's.
  const v2 = decode('?v=2&g=regression&nz=500');
  assert.match(v2.ignored.join(' '), /noise must be a number in \[0, 100\]; got 500/);
  assert.equal(v2.config.data.noise, 10);
  const v1 = decode('?v=1&g=regression&nz=500');
  assert.match(v1.ignored.join(' '), /noise must be a number in \[0, 100\]; got 500/);
  assert.equal(v1.config.data.noise, 0.2);
  const bad = decode('?v=2&g=spirals&nz=abc&n=5');
  assert.match(bad.ignored.join(' '), /Ignored nz=abc: noise must be a number/);
  assert.match(bad.ignored.join(' '), /Ignored n=5: n_samples must be an integer from 10/);
  assert.equal(bad.config.data.noise, 0.04);
  assert.equal(bad.config.data.n_samples, 500);
  // An unknown dataset: moons, with moons' defaults.
  const banana = decode('?v=2&g=banana&nz=0.3');
  assert.match(banana.ignored.join(' '), /Dataset must be one of/);
  assert.equal(banana.config.data.generator, 'moons');
  assert.equal(banana.config.data.noise, 0.3);
  assert.deepEqual(validateConfig(banana.config), []);
});

test('every lesson link written before per-dataset defaults still gives the configuration it gave', () => {
  // The fixture holds each lesson step as the page wrote it then (a v=1 link) and the config it
  // gave. The lessons themselves have changed since (their own settings and texts: lessons.js),
  // but a link already sent keeps its meaning: the same data, model and lesson step.
  const { steps } = JSON.parse(fs.readFileSync(new URL('../fixtures/lesson-configs.json', import.meta.url), 'utf8'));
  assert.ok(steps.length >= 19);
  for (const before of steps) {
    const what = `${before.lesson} step ${before.step}`;
    assert.match(before.query, /^v=1&/, what);
    assert.deepEqual(before.config.lesson, { id: before.lesson, step: before.step }, what);
    const old = decode(before.query);
    assert.deepEqual(old.ignored, [], what);
    // The training settings (speed, stop where fit() stops) came later: the fixture has none. Its
    // names are the old ones (data.seed, data.testFraction): the same values go under today's.
    // And view.trace (the input followed, issue 14), view.tune (Tune's search, issue 15) and
    // view.weightMode (the weight images' mode, issue 16) came later too: none, and every unit.
    const config = inVocabulary(before.config);
    config.view = { ...config.view, trace: null, tune: null, weightMode: 'all' };
    assert.deepEqual({ ...old.config, train: undefined }, { ...config, train: undefined }, `${what}: its old link ${before.query}`);
    assert.deepEqual(old.config.train, DEFAULTS.train, `${what}: an old link trains as the page did`);
  }
});

test('the Python export writes every dataset\'s parameters explicitly', () => {
  const py = (generator, patch = {}) => {
    const config = defaultConfigFor(generator);
    config.data = { ...config.data, ...patch };
    return toPython(config);
  };
  assert.match(py('moons'), /make_moons\(n_samples=300, noise=0\.2, random_state=0\)/);
  assert.match(py('circles'), /make_circles\(n_samples=300, noise=0\.08, factor=0\.5, random_state=0\)/);
  assert.match(py('blobs'), /make_blobs\(n_samples=300, centers=3, cluster_std=0\.7, random_state=0\)/);
  assert.match(py('xor'), /make_xor\(n_samples=300, noise=0\.05, random_state=0\)/);
  assert.match(py('spirals'), /make_spirals\(n_samples=500, noise=0\.04, random_state=0\)/);
  assert.match(py('spirals', { noise: 0.1 }), /make_spirals\(n_samples=500, noise=0\.1, random_state=0\)/);
  assert.match(py('gaussian'), /make_gaussian\(n_samples=300, noise=0\.1, random_state=0\)/);
  assert.match(py('regression'), /make_regression\(n_samples=300, n_features=1, noise=10\.0, random_state=0\)/);
  assert.match(py('plane'), /make_plane\(n_samples=300, noise=0\.05, random_state=0\)/);
  assert.match(py('sine'), /make_sine\(n_samples=300, noise=0\.1, random_state=0\)/);
});

test("the Fashion-MNIST sets open on the course's configuration; leaving them gives the model back", () => {
  for (const key of ['fashion', 'fashion-full']) {
    const m = defaultConfigFor(key).model;
    assert.deepEqual([m.hidden_layer_sizes, m.solver, m.learning_rate_init, m.alpha, m.max_iter, m.tol, m.random_state, m.batch_size],
      [[50], 'sgd', 0.1, 1e-4, 10, 1e-4, 1, 'auto'], key);
    assert.deepEqual(validateConfig(defaultConfigFor(key)), [], key);
    // A link to the course's run names only the dataset.
    assert.equal(encode(defaultConfigFor(key)), `v=2&g=${key}`);
    assert.deepEqual(decode(`?v=2&g=${key}`).config, defaultConfigFor(key));
  }
  const { store } = pageStore();
  store.set('model.hidden_layer_sizes', [5]);
  store.set('data.generator', 'fashion');
  assert.deepEqual(store.get().model.hidden_layer_sizes, [50]);
  store.set('model.max_iter', 3);
  store.set('data.generator', 'fashion-full'); // from one image set to the other: its own (the course's)
  assert.equal(store.get().model.max_iter, 10);
  store.set('data.generator', 'moons');
  assert.deepEqual(store.get().model.hidden_layer_sizes, [5], 'the model as it was before Fashion-MNIST');
  assert.equal(store.get().model.solver, 'adam');
  store.set('data.generator', 'fashion');
  assert.equal(store.get().model.max_iter, 3, 'the quick set as it was left');
});