// Lesson 11: tuning alpha and the hidden layer size with cross-validation (Tune, issue 15;
// schema: state/lessons.js). Every step carries its search (view.tune: the link's tu=), which the
// Tune panel fills in; its numbers are the engine's for that search on the step's training rows
// (the checks' metric 'tune' runs it, tests/node/lesson-run.js), equal to scikit-learn's.
import { ADAM } from './presets.js';

/** 150 noisy moons (112 training rows), a (40,) adam net: room to overfit. */
const NET = {
  'data.generator': 'moons', 'data.n_samples': 150, 'data.noise': 0.35, 'data.random_state': 0, 'data.test_size': 0.25,
  ...ADAM, 'model.hidden_layer_sizes': [40], 'model.alpha': 0.0001, 'model.max_iter': 400, 'train.stopAtFit': true,
};
const ALPHAS = [0.0001, 0.001, 0.01, 0.1, 1, 3, 10];
const CURVE = { kind: 'validation_curve', params: [{ id: 'alpha', values: ALPHAS }], cv: 5, n_iter: 10, random_state: 0, train_sizes: [0.1, 0.325, 0.55, 0.775, 1] };
const GRID = {
  kind: 'grid', cv: 5, n_iter: 10, random_state: 0, train_sizes: [0.1, 0.325, 0.55, 0.775, 1],
  params: [{ id: 'alpha', values: [0.0001, 0.01, 1, 10] }, { id: 'hidden_layer_sizes', values: [[2], [10], [40]] }],
};
/** A check of the step's search: a number at `of` (tune/results.js rows, the runner's result). */
const tune = (of, says) => ({ metric: 'tune', of, says });

/** The lesson on tuning alpha and the hidden layer size. */
export const TUNE = [
  {
    id: 'tune-alpha',
    title: 'Tuning alpha and the hidden layer size',
    steps: [
      {
        text: 'alpha is the L2 penalty: it pulls every weight towards 0. The Tune panel (under the workspace) holds a ' +
          'validation curve: the (40,) network trained on 4 of 5 folds of the 112 training rows and scored on the ' +
          'fifth, for each alpha. Press "Compute the curve". With alpha = 0.0001 the network fits its training ' +
          'folds at 0.924 but scores 0.793 on the folds it did not see: a gap of 0.13, high variance ' +
          '(overfitting).',
        look: 'the Tune panel: the red training curve and the blue cross-validation curve, left end.',
        changes: { ...NET, 'view.tune': CURVE },
        given: ['40', '4', '5', '112', '0.0001'],
        checks: [
          tune('rows.0.train.mean', '0.924'), tune('rows.0.test.mean', '0.793'), tune('gaps.0', '0.13'),
          { metric: 'nTrain', equals: 112 },
        ],
      },
      {
        text: 'Raise alpha and the two curves meet: at alpha = 1 the network scores 0.837 on its training folds and ' +
          '0.838 on the held-out ones, the best cross-validation score of the curve. Beyond it the penalty wins: at ' +
          'alpha = 10 both fall to about 0.80 (0.803 and 0.802), high bias (underfitting): the boundary is too ' +
          'simple for the moons.',
        look: 'the right half of the curves, and the table under them (sorted by alpha).',
        changes: { ...NET, 'view.tune': CURVE },
        given: ['1', '10'],
        checks: [
          tune('rows.4.train.mean', '0.837'), tune('rows.4.test.mean', '0.838'), tune('best.test.mean', '0.838'),
          tune('rows.6.train.mean', '0.803'), tune('rows.6.test.mean', '0.802'), tune('rows.6.test.mean', '0.80'),
        ],
      },
      {
        text: 'The hidden layer size is the other knob: a grid search (GridSearchCV) tries every pair of alpha ' +
          '(0.0001, 0.01, 1, 10) and hidden_layer_sizes ((2,), (10,), (40,)): 12 candidates x 5 folds = 60 fits. ' +
          'Press "Run search". The best is alpha = 0.01 with 10 units, 0.865. The 2-unit network is too small to ' +
          'overfit (0.829 for any alpha up to 1); the 40-unit one needs alpha = 1 to reach 0.838. "Use the best" ' +
          'loads the winner into the model.',
        look: 'the heatmap of mean CV accuracy (the best cell outlined) and the cv_results_ table by rank.',
        changes: { ...NET, 'view.tune': GRID },
        given: ['0.0001', '0.01', '1', '10', '2', '40', '12', '5', '60'],
        checks: [
          tune('result.best_params_.alpha', '0.01'), tune('result.best_params_.hidden_layer_sizes.0', '10'),
          tune('result.best_score_', '0.865'), tune('rows.0.test.mean', '0.829'), tune('rows.3.test.mean', '0.829'), tune('rows.6.test.mean', '0.829'),
          tune('rows.8.test.mean', '0.838'),
        ],
      },
    ],
  },
];
