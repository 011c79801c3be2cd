// Tune's pure parts: reading values as a user types them, the runner's search object, the
// checks before a search, the candidates in scikit-learn's ParameterGrid order, the scores
// while fits come in, and the Python export (GridSearchCV and friends, the pipeline's names).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULTS } from '../../web/src/state/defaults.js';
import { searchJob } from '../../web/src/tune/job.js';
import { tunePython } from '../../web/src/tune/python.js';
import { meanStd, partialScores, plannedCandidates } from '../../web/src/tune/results.js';
import { TUNE_DEFAULTS, candidateCount, parseValues, searchOf, specProblem, valuesText } from '../../web/src/tune/spec.js';

test('values as typed: numbers, layer tuples, words; errors name the parameter and the value', () => {
  assert.deepEqual(parseValues('alpha', '1e-4, 0.01; 1', DEFAULTS), { values: [1e-4, 0.01, 1] });
  assert.deepEqual(parseValues('hidden_layer_sizes', '(10,), (20, 10)', DEFAULTS), { values: [[10], [20, 10]] });
  assert.deepEqual(parseValues('hidden_layer_sizes', '10; 20 10', DEFAULTS), { values: [[10], [20, 10]] });
  assert.deepEqual(parseValues('activation', 'relu, tanh', DEFAULTS), { values: ['relu', 'tanh'] });
  assert.deepEqual(parseValues('early_stopping', 'True, False', DEFAULTS), { values: [true, false] });
  assert.match(parseValues('alpha', '0.1, -1', DEFAULTS).error, /^alpha = -1: /);
  assert.match(parseValues('alpha', '', DEFAULTS).error, /alpha: give at least one value/);
  assert.match(parseValues('alpha', '1, 1', DEFAULTS).error, /alpha: 1 is given twice/);
  assert.match(parseValues('activation', 'relu, sigmoid', DEFAULTS).error, /^activation = sigmoid: /);
  assert.match(parseValues('generator', 'moons', DEFAULTS).error, /generator is not a hyperparameter Tune searches/);
  assert.equal(valuesText('hidden_layer_sizes', [[10], [20, 10]]), '(10,), (20, 10)');
});

test('the search object speaks the runner: param_grid, param_distributions, param_name/param_range, train_sizes', () => {
  assert.deepEqual(searchOf(TUNE_DEFAULTS), { kind: 'grid', cv: 5, return_train_score: true,
    param_grid: { alpha: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1], hidden_layer_sizes: [[5], [10], [20]] } });
  const random = searchOf({ ...TUNE_DEFAULTS, kind: 'random', n_iter: 4, random_state: 7 });
  assert.deepEqual([random.n_iter, random.random_state, Object.keys(random.param_distributions)], [4, 7, ['alpha', 'hidden_layer_sizes']]);
  const curve = searchOf({ ...TUNE_DEFAULTS, kind: 'validation_curve' });
  assert.deepEqual([curve.param_name, curve.param_range.length, curve.param_grid], ['alpha', 6, undefined]);
  assert.deepEqual(searchOf({ ...TUNE_DEFAULTS, kind: 'learning_curve' }).train_sizes, [0.1, 0.325, 0.55, 0.775, 1]);
  assert.equal(candidateCount(TUNE_DEFAULTS), 18);
  assert.equal(candidateCount({ ...TUNE_DEFAULTS, kind: 'random', n_iter: 30 }), 18);
});

test('checks before a search: folds, fits, repeated hyperparameters, sizes', () => {
  assert.equal(specProblem(TUNE_DEFAULTS, 225), null);
  assert.match(specProblem({ ...TUNE_DEFAULTS, cv: 1 }, 225), /cv must be a whole number from 2 to 20; got 1/);
  assert.match(specProblem({ ...TUNE_DEFAULTS, cv: 5 }, 4), /cv = 5 folds need at least 5 training rows; there are 4/);
  assert.match(specProblem({ ...TUNE_DEFAULTS, params: [TUNE_DEFAULTS.params[0], TUNE_DEFAULTS.params[0]] }, 225), /chosen twice/);
  const many = { ...TUNE_DEFAULTS, params: [{ id: 'alpha', values: Array.from({ length: 20 }, (_, i) => i) }, { id: 'tol', values: Array.from({ length: 20 }, (_, i) => i + 1) }] };
  assert.match(specProblem({ ...many, cv: 10 }, 225), /400 candidates x 10 folds = 4000 fits; Tune runs at most 2000/);
  assert.match(specProblem({ ...TUNE_DEFAULTS, kind: 'learning_curve', train_sizes: [0, 1] }, 225), /fractions in \(0, 1\]/);
});

test('the candidates in ParameterGrid order (keys sorted, the last fastest) and the scores so far', () => {
  const spec = { ...TUNE_DEFAULTS, params: [{ id: 'hidden_layer_sizes', values: [[5], [10]] }, { id: 'alpha', values: [0.1, 1, 10] }] };
  assert.deepEqual(plannedCandidates(spec).map((c) => c.params), [
    { alpha: 0.1, hidden_layer_sizes: [5] }, { alpha: 0.1, hidden_layer_sizes: [10] },
    { alpha: 1, hidden_layer_sizes: [5] }, { alpha: 1, hidden_layer_sizes: [10] },
    { alpha: 10, hidden_layer_sizes: [5] }, { alpha: 10, hidden_layer_sizes: [10] }]);
  assert.equal(plannedCandidates({ ...spec, kind: 'random' }), null);
  const partial = partialScores(2, 2, [{ fit: 0, test_score: 0.5, train_score: 1 }, { fit: 1, test_score: 1, train_score: 1 }, { fit: 3, test_score: null, train_score: 1 }]);
  assert.deepEqual(partial[0], { test: { mean: 0.75, std: 0.25 }, train: { mean: 1, std: 0 }, done: 2 });
  assert.equal(partial[1].done, 1);
  assert.ok(Number.isNaN(partial[1].test.mean));
  assert.deepEqual(meanStd([1, 2, 3, 4]), { mean: 2.5, std: Math.sqrt(1.25) });
});

test('the job carries the page\'s estimator, parameters, precision, features and training rows', () => {
  const arrays = { nFeatures: 2, xTrain: new Float64Array([0, 1, 2, 3, 4, 5]), yTrain: new Float64Array([0, 1, 0]) };
  const { job } = searchJob({ ...DEFAULTS, data: { ...DEFAULTS.data, standardize: true } }, arrays, searchOf(TUNE_DEFAULTS));
  assert.deepEqual(job.X, [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(job.y, [0, 1, 0]);
  assert.equal(job.estimator, 'MLPClassifier');
  assert.deepEqual(job.params.hidden_layer_sizes, DEFAULTS.model.hidden_layer_sizes);
  assert.equal(job.precision, DEFAULTS.precision);
  assert.deepEqual(job.features, { derived: [], standardize: true });
  const big = { nFeatures: 50, xTrain: new Float64Array(50 * 50_000), yTrain: new Float64Array(50_000) };
  assert.match(searchJob(DEFAULTS, big, searchOf(TUNE_DEFAULTS)).error, /Tune searches at most 2,000,000 values/);
});

test('the Python export: the page\'s data and model, then the search with the pipeline\'s names', () => {
  const plain = tunePython(DEFAULTS, TUNE_DEFAULTS);
  assert.match(plain, /X_train, X_test, y_train, y_test = train_test_split/);
  assert.match(plain, /GridSearchCV\(model, \{'alpha': \[0\.00001, 0\.0001, 0\.001, 0\.01, 0\.1, 1\], 'hidden_layer_sizes': \[\(5,\), \(10,\), \(20,\)\]\}, cv=5, return_train_score=True\)/);
  assert.doesNotMatch(plain, /^model\.fit\(/m);
  const piped = tunePython({ ...DEFAULTS, data: { ...DEFAULTS.data, standardize: true } }, { ...TUNE_DEFAULTS, kind: 'validation_curve' });
  assert.match(piped, /validation_curve\(model, X_train, y_train, param_name='mlpclassifier__alpha'/);
  assert.match(tunePython(DEFAULTS, { ...TUNE_DEFAULTS, kind: 'learning_curve' }), /learning_curve\(model, X_train, y_train, train_sizes=\[0\.1, 0\.325, 0\.55, 0\.775, 1\], cv=5\)/);
  assert.match(tunePython(DEFAULTS, { ...TUNE_DEFAULTS, kind: 'random' }), /RandomizedSearchCV\(model, .*n_iter=10, random_state=0, cv=5, return_train_score=True\)/);
});

test('the search travels in the link (tu=) and comes back the same; a bad tu= is ignored with a message', async () => {
  const { decode, encodeLink } = await import('../../web/src/state/url.js');
  const specs = [
    { ...TUNE_DEFAULTS, params: [{ id: 'alpha', values: [1e-5, 0.01] }, { id: 'hidden_layer_sizes', values: [[5], [10, 10]] }] },
    { ...TUNE_DEFAULTS, kind: 'random', cv: 3, n_iter: 4, random_state: 7, params: [{ id: 'activation', values: ['relu', 'tanh'] }] },
    { ...TUNE_DEFAULTS, kind: 'validation_curve', params: [{ id: 'learning_rate_init', values: [0.001, 0.1] }] },
    { ...TUNE_DEFAULTS, kind: 'learning_curve', params: [], train_sizes: [0.2, 0.6, 1] },
  ];
  for (const spec of specs) {
    const config = { ...DEFAULTS, view: { ...DEFAULTS.view, tune: spec } };
    const { query } = encodeLink(config);
    assert.match(query, /tu=/);
    const back = decode(`?${query}`);
    assert.deepEqual(back.ignored, []);
    assert.deepEqual(back.config.view.tune, spec, query);
  }
  assert.equal(decode('?v=2').config.view.tune, null);
  for (const [q, why] of [['tu=x~5', /must start with g/], ['tu=g~1~alpha:1', /cv must be/], ['tu=g~5~alpha:-1', /alpha = -1/], ['tu=g~5~foo:1', /foo is not/]]) {
    const r = decode(`?v=2&${q}`);
    assert.equal(r.config.view.tune, null);
    assert.match(r.ignored.join(' '), why, q);
  }
});
