// Lessons 4-5: the learning rate and its schedules, early stopping (schema: state/lessons.js).
import { ADAM, MOONS, NOISY, PAUSE_AT, SGD } from './presets.js';

/** The lessons on how training goes: the step size, and when to stop. */
export const TRAINING = [
  {
    id: 'learning-rate',
    title: 'The learning rate and its schedules',
    steps: [
      {
        text: 'Plain sgd (momentum 0) with learning_rate_init = 0.001: every step is tiny. The loss creeps down, from ' +
          '0.722 after the first epoch to 0.675 after 300, and only 62.7% of the test points are right.',
        look: 'the loss chart: an almost flat line.',
        changes: { ...MOONS, ...SGD, 'model.learning_rate_init': 0.001, ...PAUSE_AT(300) },
        checks: [
          { metric: 'loss', epoch: 1, says: '0.722' },
          { metric: 'loss', epoch: 300, says: '0.675' },
          { metric: 'testScore', epoch: 300, says: '62.7%' },
        ],
      },
      {
        text: 'learning_rate_init = 0.1, a hundred times bigger steps: the loss falls fast, to 0.307 in 100 epochs, ' +
          'then slowly (0.296 at epoch 300), and 81.3% of the test points are right.',
        look: 'the loss chart: a fast fall, then a slow one.',
        changes: { ...MOONS, ...SGD, 'model.learning_rate_init': 0.1, ...PAUSE_AT(300) },
        checks: [
          { metric: 'loss', epoch: 100, says: '0.307' },
          { metric: 'loss', epoch: 300, says: '0.296' },
          { metric: 'testScore', epoch: 300, says: '81.3%' },
        ],
      },
      {
        text: 'learning_rate_init = 1, ten times bigger again: the loss gets further still, to 0.109 after 300 epochs, ' +
          'with a boundary that follows the moons and 100.0% of the test points right. But big steps also overshoot: the loss ' +
          'goes up in 135 of the 300 epochs, and jumps as high as 0.676 at epoch 233.',
        look: 'the jumps in the loss chart.',
        changes: { ...MOONS, ...SGD, 'model.learning_rate_init': 1, ...PAUSE_AT(300) },
        checks: [
          { metric: 'loss', epoch: 300, says: '0.109' },
          { boundary: 'curved', epoch: 300 },
          { metric: 'testScore', epoch: 300, says: '100.0%' },
          { metric: 'lossRises', epoch: 300, says: '135' },
          { metric: 'loss', epoch: 233, says: '0.676' },
        ],
      },
      {
        text: 'learning_rate_init = 5: steps far too big. The updates overshoot: instead of falling, the loss bounces ' +
          '(0.704 after the first epoch, 0.705 after 23), and the net soon gives every point one class, with no boundary ' +
          'at all. After 23 epochs the page pauses and says the network has collapsed to one class.',
        look: 'the loss chart, the Output panel in one colour, and the message in the bar.',
        changes: { ...MOONS, ...SGD, 'model.learning_rate_init': 5, ...PAUSE_AT(300) },
        checks: [
          { metric: 'loss', epoch: 1, says: '0.704' },
          { metric: 'loss', epoch: 23, says: '0.705' },
          { metric: 'loss', epoch: [1, 23], min: 0.55, max: 0.85 },
          { metric: 'collapsedAt', says: '23' },
          { boundary: 'none', epoch: 23 },
          { metric: 'topShare', epoch: [4, 23], equals: 1 },
        ],
      },
      {
        text: "learning_rate = 'invscaling': the rate is learning_rate_init / (t + 1)^0.5, with t the number of samples " +
          'seen. From the same start of 1, after one epoch (225 samples) it is already 0.067, and after 300 epochs ' +
          '0.0038. The loss is still 0.494 after 300 epochs, where a constant rate of 1 reached 0.109: a schedule has to ' +
          'suit the problem.',
        look: 'the loss chart: it slows down and stalls.',
        changes: {
          ...MOONS, ...SGD, 'model.learning_rate_init': 1, 'model.learning_rate': 'invscaling', 'model.power_t': 0.5,
          ...PAUSE_AT(300),
        },
        given: ['1'],
        checks: [
          { metric: 'nTrain', says: '225' },
          { metric: 'learningRate', epoch: 1, says: '0.067' },
          { metric: 'learningRate', epoch: 300, says: '0.0038' },
          { metric: 'loss', epoch: 300, says: '0.494' },
          { metric: 'loss', epoch: 300, step: 2, says: '0.109' },
        ],
      },
      {
        text: "learning_rate = 'adaptive', from the same start of 1: the same run as the constant rate, jumps included, " +
          'until the loss goes more than 10 epochs (n_iter_no_change) without improving by tol. Then the rate is divided by 5, ' +
          'and again each time that happens. The jumps die out: from epoch 250 on the loss stays under 0.11, where the ' +
          'constant rate still jumped to 0.249 at epoch 262. fit() stops at epoch 335, when the rate has become too ' +
          'small, with the loss at 0.098 and 98.7% of the test points right.',
        look: 'the loss chart calming down, and the mark where fit() stops.',
        changes: {
          ...MOONS, ...SGD, 'model.learning_rate_init': 1, 'model.learning_rate': 'adaptive', 'model.max_iter': 1000,
          'model.n_iter_no_change': 10, 'train.stopAtFit': true,
        },
        given: ['5'],
        checks: [
          { metric: 'loss', epoch: [250, 335], max: 0.11 },
          { metric: 'loss', epoch: 262, step: 2, says: '0.249' },
          { metric: 'fitStopEpoch', says: '335' },
          { metric: 'loss', epoch: 'fitStop', says: '0.098' },
          { metric: 'testScore', epoch: 'fitStop', says: '98.7%' },
        ],
      },
    ],
    checks: [
      { across: [0, 1, 2], metric: 'loss', epoch: 300, order: 'decreasing', by: 0.1 },
      { across: [2, 4], metric: 'loss', epoch: 300, order: 'increasing', by: 0.1 },
    ],
  },
  {
    id: 'early-stopping',
    title: 'Early stopping',
    steps: [
      {
        text: 'A big net (50, 50) on 150 noisy points, trained for 500 epochs. It keeps getting better on its training ' +
          'points (99.3%), but the test accuracy peaks at 95.3% at epoch 40 and then falls, to 90.7%, and the test loss ' +
          'climbs from 0.18 at epoch 50 to 0.85: overfitting. Pin the run before you go on.',
        look: 'the train and test curves in the loss chart, and the accuracies in the bar.',
        changes: { ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], ...PAUSE_AT(500), 'train.speed': 60 },
        checks: [
          { metric: 'nTrain', says: '150' },
          { metric: 'trainScore', epoch: 500, says: '99.3%' },
          { metric: 'peakTestScore', epoch: 500, says: '95.3%' },
          { metric: 'peakTestEpoch', epoch: 500, says: '40' },
          { metric: 'testLoss', epoch: 50, says: '0.18' },
          { metric: 'testLoss', epoch: 500, says: '0.85' },
          { metric: 'testScore', epoch: 500, says: '90.7%' },
        ],
      },
      {
        text: 'early_stopping: 30% of the training points are held out as a validation set. Training stops when the ' +
          'validation score has not improved for 50 epochs (n_iter_no_change): fit() stops at epoch 99 and returns ' +
          'the best weights, from epoch 48, with 94.0% of the test points right against 90.7% when trained to the end.',
        look: "the mark where fit() stops on the loss chart, and the bar's message: the epoch whose weights fit() returns, and their test accuracy.",
        changes: {
          ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], 'model.early_stopping': true,
          'model.validation_fraction': 0.3, 'model.n_iter_no_change': 50, 'model.max_iter': 500, 'train.stopAtFit': true,
        },
        checks: [
          { metric: 'fitStopEpoch', says: '99' },
          { metric: 'bestEpoch', says: '48' },
          { metric: 'bestTestScore', says: '94.0%' },
          { metric: 'testScore', epoch: 500, step: 0, says: '90.7%' },
        ],
      },
      {
        text: 'The same with the default patience, n_iter_no_change = 10. The validation score stalls for a while ' +
          'early on, before the net has found the moons\' shape, and fit() stops at epoch 16 with the weights of epoch ' +
          '5: only 86.0% of the test points right. Early stopping needs enough patience to get past a plateau.',
        look: "the mark where fit() stops on the loss chart, and the bar's message: the epoch whose weights fit() returns.",
        changes: {
          ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], 'model.early_stopping': true,
          'model.validation_fraction': 0.3, 'model.n_iter_no_change': 10, 'model.max_iter': 500, 'train.stopAtFit': true,
        },
        checks: [
          { metric: 'fitStopEpoch', says: '16' },
          { metric: 'bestEpoch', says: '5' },
          { metric: 'bestTestScore', says: '86.0%' },
        ],
      },
    ],
    checks: [
      { across: [1, 2], metric: 'bestTestScore', order: 'decreasing', by: 0.03 },
    ],
  },
];
