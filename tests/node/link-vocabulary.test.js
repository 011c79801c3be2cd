// One vocabulary (issue 13): the config, the control ids and the engine's errors use scikit-learn's
// names (data.random_state, data.test_size), while every share link written before the rename
// still loads exactly as it did. Pure modules: no DOM, no engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { controlIdOf } from '../../web/src/app/controls.js';
import { DATA_RANDOM_STATE } from '../../web/src/engine/protocol.js';
import { dataParameter } from '../../web/src/engine/worker-host.js';
import { CONTROL_IDS, PANEL_IDS, PARAMS, PARAM_BY_ID, defaultConfig, getPath } from '../../web/src/state/config.js';
import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { decode, encode } from '../../web/src/state/url.js';
import { RENAMED_IDS, RENAMED_PATHS, pathsInVocabulary } from './old-vocabulary.js';

const FIXTURE = JSON.parse(fs.readFileSync(new URL('../fixtures/old-links.json', import.meta.url), 'utf8'));

/** A config as { path: value } for its leaves (arrays and empty objects are leaves), as the fixture holds them. */
function flat(object, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) flat(v, path, out);
    else out[path] = v;
  }
  return out;
}

// Keys the config gained after the fixture was written, at their defaults (no old link sets them):
// view.trace, the input followed (issue 14); view.tune, Tune's search (issue 15); view.weightMode,
// the weight images' mode (issue 16).
const NEWER_DEFAULTS = { 'view.trace': null, 'view.tune': null, 'view.weightMode': 'all' };

/** The config the fixture says a link gave: the old defaults with its changes, under today's names. */
function recorded(link) {
  const paths = pathsInVocabulary({ ...FIXTURE.defaults, ...NEWER_DEFAULTS, ...link.changes });
  // An object in the changes (lesson: { id, step }) replaces the null leaf the defaults had.
  for (const path of Object.keys(paths)) if (Object.keys(paths).some((p) => p.startsWith(`${path}.`))) delete paths[path];
  return paths;
}

/** JSON's view of a value (Infinity and NaN as null), as the fixture was written. */
const asJson = (paths) => Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, JSON.parse(JSON.stringify(v) ?? 'null')]));

test('the page defaults are those of before the rename, under the new names', () => {
  assert.deepEqual(asJson(flat(defaultConfig())), asJson(pathsInVocabulary({ ...FIXTURE.defaults, ...NEWER_DEFAULTS })));
  assert.equal(getPath(defaultConfig(), 'data.random_state'), 0);
  assert.equal(getPath(defaultConfig(), 'data.test_size'), 0.25);
});

test('every link written before the rename decodes to the configuration it gave then', () => {
  // Every link in tests/, every lesson step's links (v=1, v=2, embedded with the old ids) and
  // every long name the decoder read for the data's seed and test share.
  assert.ok(FIXTURE.links.length >= 200, `${FIXTURE.links.length} links`);
  const lessonLinks = FIXTURE.links.filter((l) => l.query.includes('lesson='));
  assert.ok(lessonLinks.length >= 60, `${lessonLinks.length} lesson links`);
  for (const link of FIXTURE.links) {
    const { config, ignored, epochs, left } = decode(link.query);
    assert.deepEqual(asJson(flat(config)), asJson(recorded(link)), link.query);
    assert.equal(ignored.length, link.ignored, `${link.query}: ${ignored.join(' ')}`);
    assert.equal(epochs, link.epochs, link.query);
    assert.deepEqual(left, link.left, link.query);
  }
});

test('old long names and old control ids load under the new names', () => {
  const one = (query) => decode(query).config;
  for (const query of ['data_seed=5', 'seed=5', 'random_state%20(data)=5', 'data_random_state=5', 'ds=5']) {
    assert.equal(one(query).data.random_state, 5, query);
    assert.equal(one(query).model.random_state, 0, `${query}: the model's random_state is another`);
  }
  for (const query of ['test_fraction=0.4', 'testFraction=0.4', 'test_size=0.4', 'tf=0.4']) assert.equal(one(query).data.test_size, 0.4, query);
  // random_state alone is the estimator's, as it always was.
  assert.deepEqual([one('random_state=4').model.random_state, one('random_state=4').data.random_state], [4, 0]);
  const embed = one('embed=1&show=data_seed,test_fraction,plane&lock=data_seed,test_fraction,reseed').embed;
  assert.deepEqual(embed.show, ['data_random_state', 'test_size', 'plane']);
  assert.deepEqual(embed.lock, ['data_random_state', 'test_size', 'reseed']);
  assert.deepEqual(one('show=data_random_state,test_size&embed=1').embed.show, ['data_random_state', 'test_size']);
  // The page's own settings: one name in the config, the control and the protocol (stopAtFit).
  const own = one('embed=1&show=features,show_test,log_scale,stop_at_fit&lock=stop_at_fit').embed;
  assert.deepEqual([own.show, own.lock], [['derived', 'showTest', 'logScale', 'stopAtFit'], ['stopAtFit']]);
  for (const query of ['fx=x2&saf=1&st=1&ls=1', 'features=x2&stop_at_fit=1&show_test=1&log_scale=1', 'derived=x2&stopAtFit=1&showTest=1&logScale=1']) {
    const c = one(query);
    assert.deepEqual([c.data.derived, c.train.stopAtFit, c.view.showTest, c.view.logScale], [['x2'], true, true, true], query);
  }
});

test('a decoded config holds only the new names: no old path, no old control id', () => {
  for (const link of FIXTURE.links) {
    const { config } = decode(link.query);
    const paths = Object.keys(flat(config));
    for (const old of Object.keys(RENAMED_PATHS)) assert.ok(!paths.includes(old), `${link.query}: ${old}`);
    for (const id of [...config.embed.show, ...config.embed.lock]) {
      assert.ok(CONTROL_IDS.includes(id) || PANEL_IDS.includes(id), `${link.query}: ${id}`);
      assert.ok(!(id in RENAMED_IDS), `${link.query}: ${id}`);
    }
  }
  // One name per concept: a control's id is its path's last part, or (for the data's random_state,
  // since the model has the plain one) the path with its section.
  for (const p of PARAMS) {
    const [section, leaf] = p.path.includes('.') ? p.path.split('.') : ['', p.path];
    assert.ok(p.id === leaf || p.id === `${section}_${leaf}`, `${p.id} at ${p.path}`);
  }
  assert.deepEqual(PARAMS.filter((p) => p.id !== p.path.split('.').pop()).map((p) => p.id), ['data_random_state']);
});

test('links written now keep the compact keys: every lesson step gives the link it gave before', () => {
  const before = new Set(FIXTURE.links.map((l) => l.query));
  // The lessons of the fixture's time (a lesson written since has no link from before).
  const then = new Set(FIXTURE.links.map((l) => new URLSearchParams(l.query).get('lesson')).filter(Boolean));
  assert.ok(then.size >= 9, `${then.size} lessons`);
  for (const lesson of LESSONS.filter((l) => then.has(l.id))) {
    lesson.steps.forEach((_, k) => {
      const query = encode(lessonConfig(lesson, k));
      assert.ok(before.has(query), `${lesson.id} step ${k + 1}: ${query}`);
    });
  }
  const c = defaultConfig();
  c.data.random_state = 12;
  c.data.test_size = 0.1;
  assert.equal(encode(c), 'v=2&ds=12&tf=0.1');
});

test("an engine error's parameter is the control's id; the worker names a data request's settings so", () => {
  for (const id of ['alpha', 'hidden_layer_sizes', 'random_state', 'n_samples', 'test_size', 'data_random_state', 'generator', 'precision']) {
    assert.equal(controlIdOf({ request: 'data', parameter: id }), id);
  }
  // Nothing translates the old names any more.
  for (const name of ['test_fraction', 'testFraction', 'splitSeed', 'data_seed', 'dataset.generator', 'dataset.params.noise', 'seed']) {
    assert.equal(controlIdOf({ request: 'data', parameter: name }), null, name);
  }
  assert.equal(controlIdOf({ request: 'configure', parameter: 'memory' }), null);
  // The core's own names for a data request (its job runner's and its Session's), as the protocol gives them.
  assert.equal(DATA_RANDOM_STATE, 'data_random_state');
  assert.ok(PARAM_BY_ID[DATA_RANDOM_STATE]);
  const cases = {
    'dataset.params.n_samples': 'n_samples',
    'dataset.params.noise': 'noise',
    'dataset.params.random_state': 'data_random_state',
    'dataset.generator': 'generator',
    test_size: 'test_size',
    random_state: 'data_random_state',
    'dataset.params': 'params',
    X: 'X',
    memory: 'memory',
  };
  for (const [core, name] of Object.entries(cases)) assert.equal(dataParameter(core), name, core);
});
