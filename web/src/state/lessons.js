// The guided lessons: each a few steps, and each step a share link (the page's defaults plus a
// few changes, and lesson=ID&step=K so that the page shows the lesson's text). A teacher can
// send or embed any step. Pure: no DOM.
//
// Every number a step's text gives is what its own settings give: a run of the step's config
// (the page's engine, float64, keep_training) pauses where the text says (train.stopAtFit with
// max_iter, fit()'s own stop, or where the page finds the run collapsed to one class) and shows
// those numbers. tests/node/lessons-claims.test.js trains every step as the page does and checks
// its `checks` and every number in its text.
//
// ---- The schema
// LESSONS: [{ id, title, steps: [step], checks?: [across] }]
// step: {
//   text:    what the student reads (plain words, with the run's numbers);
//   look:    where to look ("Look at: ..." is shown under the text);
//   changes: { 'config.path': value }: the step's config is the page's defaults plus these;
//   checks:  [check]: claims of the text as data (not shown), evaluated on the step's run;
//   given?:  numbers in the text that are neither settings nor measured (e.g. sgd's '5' in
//            'divided by 5'). Every other number in the text and the look line must be a setting
//            (a value in `changes`; a fraction may be written as a percentage), a check's `says`,
//            or a check's epoch or bound ('over 1,000 times' with min: 1000).
// }
// check: { metric, epoch?, step?, min?, max?, equals?, says? }
//   The value of `metric` in the run of this step (or of step `step`, 0-based, of the same lesson)
//   after `epoch` epochs: an integer, 'fitStop' (the epoch where fit() stops), or [a, b] (at every
//   epoch a..b, each value must pass). min/max: bounds (inclusive); equals: exact value.
//   says: the text's words for the value, as written in the text: '86.7%' (a share, as a percentage
//   with that many decimals), '0.31' (that many decimals), '7,570' (an integer). The test checks
//   that the text contains it and that the value, rounded the same way, is exactly it.
//   Metrics after an epoch:
//     trainScore, testScore, trainLoss, testLoss   the page's per-epoch measurements (scores are
//                       accuracies in 0..1; losses are full passes over the training/test rows)
//     topShare          share of training rows predicted as the most predicted class
//     loss              scikit-learn's loss_curve_ (the loss chart's training curve)
//     lossRises         epochs 2..epoch whose loss_curve_ value is above the one before
//     peakTestScore, peakTestEpoch   the best test accuracy over epochs 1..epoch, and its epoch
//     gapPoints         (trainScore - testScore) * 100, in percentage points
//     gradientRatio     the last weight layer's mean gradient norm over the first layer's
//     gradientSpread    the largest layer's gradient norm over the smallest one's
//     boundaryLength    length of the 0.5 contour (the drawn boundary), in plot widths
//     learningRate      sgd's rate for the next epoch (constant, or invscaling from the samples seen)
//     fadedUnits        first-layer units whose incoming weights are under half as long as at epoch 0
//     probabilitySum    the largest |sum of the class probabilities - 1| over the plot's grid
//     regions           classes that win somewhere on the plot's grid
//     gridChannels      values per grid point (1 for binary, one per class for more)
//   Facts of the run (no epoch): fitStopEpoch, bestEpoch (early stopping's best epoch, whose
//     weights fit() returns), bestTestScore, bestTrainScore (those weights' accuracies),
//     collapsedAt (the epoch where the page pauses a run collapsed to one class, state/health.js;
//     0: never; a step whose run collapses must say so with this check), stalledAt (the epoch where
//     the page names the run stalled: one class, and the first layers' gradients vanish; it does
//     not pause; 0: never; a step whose run stalls by its pause must say so), outputUnits, nTrain,
//     nTest, nFeatures, updatesPerEpoch (batches per epoch).
// check: { boundary: 'straight' | 'curved' | 'none', epoch }: the 0.5 contour on the page's grid
//   after that epoch: one straight line (every contour point within 0.5% of the plot's width of
//   one line), curved (some point further than 5% from the best line), or none (one class everywhere).
// across (lesson-level): { across: [step, ...], metric, epoch?, order: 'increasing' | 'decreasing', by? }
//   the metric in those steps' runs, in that order, strictly (by: the smallest step between them).
import { defaultConfig, setPath } from './config.js';

/** make_moons with the page's defaults, every data knob explicit. */
const MOONS = {
  'data.generator': 'moons', 'data.n_samples': 300, 'data.noise': 0.2, 'data.seed': 0, 'data.testFraction': 0.25,
};
/** Few noisy points, half of them held out as test points: room to overfit, and a test set of 150. */
const NOISY = {
  'data.generator': 'moons', 'data.n_samples': 300, 'data.noise': 0.3, 'data.seed': 0, 'data.testFraction': 0.5,
};
const BLOBS = {
  'data.generator': 'blobs', 'data.n_samples': 300, 'data.centers': 3, 'data.cluster_std': 1, 'data.seed': 0,
  'data.testFraction': 0.25,
};
/** Play pauses after `epochs` epochs: fit() with max_iter=epochs and no early stop by the tol rule. */
const PAUSE_AT = (epochs) => ({
  'model.max_iter': epochs, 'model.n_iter_no_change': 'inf', 'train.stopAtFit': true,
});
/** Adam as the page trains it, from the seed the page starts with. */
const ADAM = { 'model.solver': 'adam', 'model.learning_rate_init': 0.01, 'model.random_state': 0 };
/** Plain sgd: no momentum, so the learning rate alone sets the step. */
const SGD = { 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate': 'constant', 'model.random_state': 0 };
// scikit-learn's "Visualization of MLP weights on MNIST" example, on the 8x8 digits: 64 pixels (scaled
// to 0..1), one hidden layer of 50, sgd at 0.1 for 10 epochs; the split of the reference runs.
const DIGITS = {
  'data.generator': 'digits', 'data.testFraction': 0.3, 'data.seed': 0, 'model.hidden_layer_sizes': [50],
  'model.solver': 'sgd', 'model.learning_rate_init': 0.1, 'model.max_iter': 10, 'model.random_state': 1,
  'train.stopAtFit': true,
};
/**
 * The "Gradients per layer" presets: five hidden layers of 16, sgd with momentum; 20 epochs, where
 * the page names the deep logistic net stalled (one class, its first layers' gradients vanishing).
 */
const DEEP = {
  ...MOONS, 'model.hidden_layer_sizes': [16, 16, 16, 16, 16], 'model.solver': 'sgd', 'model.learning_rate_init': 0.1,
  'model.momentum': 0.9, 'model.random_state': 0, ...PAUSE_AT(20), 'train.speed': 5,
};
/** The "Batch size" presets: sgd (learning rate 0.01, momentum 0.9) for 30 epochs from the same weights. */
const BATCH = {
  ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu', 'model.solver': 'sgd',
  'model.learning_rate_init': 0.01, 'model.momentum': 0.9, 'model.random_state': 0, ...PAUSE_AT(30), 'train.speed': 5,
};

/**
 * LESSONS: [{ id, title, steps: [{ text, look, changes, checks, given }], checks }] (schema above).
 * A step's config is the page's defaults with its changes, so its link is the same whatever was
 * on screen.
 */
export const LESSONS = [
  {
    id: 'hidden-layers',
    title: 'Hidden layers',
    steps: [
      {
        text: 'One hidden unit with the logistic activation. Press Play: training pauses after 300 epochs. Whatever ' +
          'one unit learns, the boundary is a single straight line, and no line can separate the two moons: 85.3% of ' +
          'the training points and 81.3% of the test points end up on the right side.',
        look: 'the boundary in the Output panel, and the train and test accuracy in the bar.',
        changes: {
          ...MOONS, ...ADAM, 'model.learning_rate_init': 0.1, 'model.hidden_layer_sizes': [1], 'model.activation': 'logistic',
          ...PAUSE_AT(300),
        },
        checks: [
          { boundary: 'straight', epoch: 300 },
          { metric: 'trainScore', epoch: 300, says: '85.3%' },
          { metric: 'testScore', epoch: 300, says: '81.3%' },
        ],
      },
      {
        text: 'Two hidden layers of 10 ReLU units. Each unit of the first layer draws a line; the second layer combines ' +
          'them into a curved boundary that follows the moons. After 300 epochs: 97.3% of the training points and ' +
          '100.0% of the test points are right.',
        look: 'the boundary bending in the Output panel; point at a unit in the Network panel to see the line it draws.',
        changes: {
          ...MOONS, ...ADAM, 'model.learning_rate_init': 0.1, 'model.hidden_layer_sizes': [10, 10], 'model.activation': 'relu',
          ...PAUSE_AT(300),
        },
        checks: [
          { boundary: 'curved', epoch: 300 },
          { metric: 'trainScore', epoch: 300, says: '97.3%' },
          { metric: 'testScore', epoch: 300, says: '100.0%' },
        ],
      },
    ],
    checks: [{ across: [0, 1], metric: 'testScore', epoch: 300, order: 'increasing', by: 0.1 }],
  },
  {
    id: 'activations',
    title: 'Activation functions',
    steps: [
      {
        text: 'identity: f(x) = x. Without a non-linearity the two hidden layers collapse into one linear map, so the ' +
          'boundary is a straight line, no better than a single unit: after 300 epochs, 84.0% of the test points are right.',
        look: 'the straight boundary in the Output panel and the test accuracy in the bar.',
        changes: { ...MOONS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'identity', ...PAUSE_AT(300) },
        checks: [
          { boundary: 'straight', epoch: 300 },
          { metric: 'testScore', epoch: 300, says: '84.0%' },
        ],
      },
      {
        text: 'logistic: smooth S-shaped units, flat at both ends, so they learn slowly. The loss sits on a plateau: ' +
          'at epoch 300 it is 0.306 and the boundary is still a straight line; at epoch 1000 it is 0.297. Then the units ' +
          'find the curve: when training pauses at epoch 1500 the loss is 0.106 and 97.3% of the test points are right.',
        look: 'the flat stretch of the loss chart, then its drop, and the boundary as it starts to bend.',
        changes: {
          ...MOONS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'logistic', ...PAUSE_AT(1500),
          'train.speed': 60,
        },
        checks: [
          { metric: 'loss', epoch: 300, says: '0.306' },
          { boundary: 'straight', epoch: 300 },
          { metric: 'loss', epoch: 1000, says: '0.297' },
          { metric: 'loss', epoch: [300, 1000], min: 0.29, max: 0.32 },
          { metric: 'loss', epoch: 1500, says: '0.106' },
          { metric: 'testScore', epoch: 1500, says: '97.3%' },
          { boundary: 'curved', epoch: 1500 },
        ],
      },
      {
        text: 'tanh: the same S shape, but centred on zero (from -1 to 1) and four times steeper in the middle. ' +
          'No long plateau: after 300 epochs the loss is 0.094 and 98.7% of the test points are right.',
        look: 'the loss chart (compare with logistic at the same epoch) and the curved boundary.',
        changes: { ...MOONS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'tanh', ...PAUSE_AT(300) },
        given: ['1'],
        checks: [
          { metric: 'loss', epoch: 300, says: '0.094' },
          { metric: 'testScore', epoch: 300, says: '98.7%' },
          { boundary: 'curved', epoch: 300 },
        ],
      },
      {
        text: 'relu: max(0, x). Each unit is a hinge, so the boundary is made of straight pieces joined at corners. ' +
          'After 300 epochs: loss 0.086, and 97.3% of the test points are right.',
        look: 'the unit pictures in the Network panel (each a hinge) and the boundary made of straight pieces.',
        changes: { ...MOONS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu', ...PAUSE_AT(300) },
        given: ['0'],
        checks: [
          { metric: 'loss', epoch: 300, says: '0.086' },
          { metric: 'testScore', epoch: 300, says: '97.3%' },
          { boundary: 'curved', epoch: 300 },
        ],
      },
    ],
    checks: [{ across: [1, 2], metric: 'loss', epoch: 300, order: 'decreasing', by: 0.1 }],
  },
  {
    id: 'regularisation',
    title: 'Regularisation strength',
    steps: [
      {
        text: 'A big net (50, 50) on 150 noisy training points, with almost no L2 penalty (alpha = 0.0001). After 500 ' +
          'epochs it gets 99.3% of its training points right but only 90.7% of the test points: it has learned the ' +
          'noise, and its boundary bends around single points. Pin the run before you go on.',
        look: 'the boundary in the Output panel, and the train and test accuracy in the bar.',
        changes: { ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], 'model.alpha': 0.0001, ...PAUSE_AT(500), 'train.speed': 60 },
        checks: [
          { metric: 'nTrain', says: '150' },
          { metric: 'trainScore', epoch: 500, says: '99.3%' },
          { metric: 'testScore', epoch: 500, says: '90.7%' },
          { boundary: 'curved', epoch: 500 },
        ],
      },
      {
        text: 'alpha = 1: large weights cost more, so the boundary is smoother and shorter. Training accuracy drops to ' +
          '93.3% and test accuracy rises to 92.7%: the gap between them shrinks from over 8 points to under 1.',
        look: 'the boundary against the pinned one (dashed), and the gap between train and test accuracy.',
        changes: { ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], 'model.alpha': 1, ...PAUSE_AT(500), 'train.speed': 60 },
        checks: [
          { metric: 'trainScore', epoch: 500, says: '93.3%' },
          { metric: 'testScore', epoch: 500, says: '92.7%' },
          { metric: 'gapPoints', epoch: 500, step: 0, min: 8 },
          { metric: 'gapPoints', epoch: 500, max: 1 },
        ],
      },
      {
        text: 'alpha = 10: the penalty wins. The boundary is a straight line, and even the training accuracy falls, to ' +
          '80.7% (test 86.0%): too much regularisation underfits.',
        look: 'the straight boundary and the training accuracy in the bar.',
        changes: { ...NOISY, ...ADAM, 'model.hidden_layer_sizes': [50, 50], 'model.alpha': 10, ...PAUSE_AT(500), 'train.speed': 60 },
        checks: [
          { boundary: 'straight', epoch: 500 },
          { metric: 'trainScore', epoch: 500, says: '80.7%' },
          { metric: 'testScore', epoch: 500, says: '86.0%' },
        ],
      },
    ],
    checks: [
      { across: [0, 1, 2], metric: 'boundaryLength', epoch: 500, order: 'decreasing', by: 0.2 },
      { across: [0, 1, 2], metric: 'trainScore', epoch: 500, order: 'decreasing', by: 0.03 },
      { across: [0, 1], metric: 'testScore', epoch: 500, order: 'increasing' },
      { across: [1, 2], metric: 'testScore', epoch: 500, order: 'decreasing', by: 0.03 },
    ],
  },
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
  {
    id: 'digits-weights',
    title: 'The digits weights',
    steps: [
      {
        text: "Handwritten digits: 8x8 images, so 64 inputs, and 10 classes. scikit-learn's MNIST example in small: one " +
          'hidden layer of 50, sgd, 10 epochs. Press Play: training pauses after 10 epochs with 95.6% of the 540 test ' +
          'digits right (scikit-learn gets the same). The confusion matrix shows which digits get mixed up.',
        look: 'the test accuracy in the bar and the confusion matrix in the Output panel.',
        changes: { ...DIGITS, 'train.speed': 5 },
        given: ['8', '8'],
        checks: [
          { metric: 'nFeatures', says: '64' },
          { metric: 'outputUnits', equals: 10 },
          { metric: 'nTest', says: '540' },
          { metric: 'testScore', epoch: 10, says: '95.6%' },
        ],
      },
      {
        text: 'Each tile under "First-layer weights" is one hidden unit\'s 64 weights laid out as the image: white pixels ' +
          'push it up, black ones down. They start as random noise (press Reset to see); during the 10 epochs some units ' +
          'grow strokes and blobs, the parts of digits they respond to. Open "Inputs that most activate each unit" to see ' +
          'the test digits each unit fires on.',
        look: 'the First-layer weights tiles while it trains (one epoch a second).',
        changes: { ...DIGITS, 'train.speed': 1 },
        checks: [
          { metric: 'nFeatures', says: '64' },
          { metric: 'fadedUnits', epoch: 10, equals: 0 },
        ],
      },
      {
        text: 'A strong L2 penalty (alpha = 3) pulls every weight toward zero: after 10 epochs 17 of the 50 units have ' +
          'weights less than half as long as they started, and their tiles fade to gray; the strokes that help stand ' +
          'out. The test accuracy drops to 93.5%, against 95.6% with almost no penalty.',
        look: 'the First-layer weights tiles (compare with the previous step) and the test accuracy.',
        changes: { ...DIGITS, 'model.alpha': 3, 'train.speed': 5 },
        checks: [
          { metric: 'fadedUnits', epoch: 10, says: '17' },
          { metric: 'testScore', epoch: 10, says: '93.5%' },
          { metric: 'testScore', epoch: 10, step: 0, says: '95.6%' },
        ],
      },
    ],
  },
  {
    id: 'vanishing-gradient',
    title: 'The vanishing gradient',
    steps: [
      {
        text: 'Five hidden layers of 16 logistic units, sgd. After 20 epochs the net still gives every point one class ' +
          'and its loss is 0.696: the page says that training has stalled, and that a lower learning rate would not ' +
          'help. The reason is in the gradients: the gradient reaches the first layer through every layer above it, ' +
          "and at each logistic layer it is multiplied by the units' slope, which is at most 0.25. After 20 epochs the " +
          "first layer's gradient is 7,468 times smaller than the last layer's, and it is over 1,000 times smaller in " +
          'every epoch: the first layers hardly learn.',
        look: 'the message in the bar, and the "Gradients per layer" chart (log scale): the first layer\'s line far ' +
          'below the last one\'s.',
        changes: { ...DEEP, 'model.activation': 'logistic' },
        given: ['0.25'],
        checks: [
          { metric: 'stalledAt', equals: 20 },
          { metric: 'collapsedAt', equals: 0 },
          { metric: 'loss', epoch: 20, says: '0.696' },
          { boundary: 'none', epoch: 20 },
          { metric: 'gradientRatio', epoch: 20, says: '7,468' },
          { metric: 'gradientRatio', epoch: [1, 20], min: 1000 },
        ],
      },
      {
        text: "The same net with ReLU units: their slope is 1 wherever a unit is on, so the gradient reaches the first " +
          "layer undiminished. In every epoch all six layers' gradients are within a factor of 10 of each other (after " +
          "20 epochs the first layer's is even larger than the last layer's), and the net learns: 93.3% of the test " +
          'points right after 20 epochs.',
        look: 'the "Gradients per layer" chart: the lines stay together. "Compare both" shows the two charts side by side.',
        changes: { ...DEEP, 'model.activation': 'relu' },
        given: ['1'],
        checks: [
          { metric: 'gradientSpread', epoch: [1, 20], max: 10 },
          { metric: 'gradientRatio', epoch: 20, max: 1 },
          { metric: 'testScore', epoch: 20, says: '93.3%' },
          { boundary: 'curved', epoch: 20 },
        ],
      },
    ],
    checks: [{ across: [0, 1], metric: 'gradientRatio', epoch: 20, order: 'decreasing' }],
  },
  {
    id: 'batch-size',
    title: 'Batch size',
    steps: [
      {
        text: 'batch_size = 1 (stochastic gradient descent): one update per training point, so 225 updates per epoch. ' +
          'After 30 epochs the loss is 0.122 and 96.0% of the test points are right, but the curve is bumpy: the loss ' +
          'went up in 10 of the 30 epochs. Pin the run before you go on.',
        look: 'the loss chart: a fast, bumpy descent.',
        changes: { ...BATCH, 'model.batch_size': 1 },
        checks: [
          { metric: 'updatesPerEpoch', says: '225' },
          { metric: 'loss', epoch: 30, says: '0.122' },
          { metric: 'testScore', epoch: 30, says: '96.0%' },
          { metric: 'lossRises', epoch: 30, says: '10' },
        ],
      },
      {
        text: 'batch_size = 32 (mini-batch): 8 updates per epoch, each on the mean gradient of up to 32 points, from the same ' +
          'initial weights. Smoother, but after 30 epochs the loss is only down to 0.310 (81.3% of the test points right). ' +
          'Pin this run too.',
        look: 'the loss chart against the pinned curve (dotted).',
        changes: { ...BATCH, 'model.batch_size': 32 },
        checks: [
          { metric: 'updatesPerEpoch', says: '8' },
          { metric: 'loss', epoch: 30, says: '0.310' },
          { metric: 'testScore', epoch: 30, says: '81.3%' },
        ],
      },
      {
        text: 'batch_size = 225, the whole training set (full batch): 1 update per epoch, on the exact gradient. The ' +
          'smoothest curve, never going up, and the slowest: the loss is still 0.627 after 30 epochs. Per epoch, many ' +
          'small noisy steps get further than one exact step.',
        look: 'the three loss curves together (the two pinned ones dotted).',
        changes: { ...BATCH, 'model.batch_size': 225 },
        checks: [
          { metric: 'nTrain', says: '225' },
          { metric: 'updatesPerEpoch', says: '1' },
          { metric: 'lossRises', epoch: 30, equals: 0 },
          { metric: 'loss', epoch: 30, says: '0.627' },
        ],
      },
    ],
    checks: [
      { across: [0, 1, 2], metric: 'loss', epoch: 30, order: 'increasing', by: 0.1 },
      { across: [0, 1, 2], metric: 'updatesPerEpoch', order: 'decreasing' },
    ],
  },
  {
    id: 'softmax',
    title: 'Softmax and many classes',
    steps: [
      {
        text: 'Three blobs, three classes. The output layer has 3 units, one per class, and softmax turns their values ' +
          "into probabilities that add up to 1 at every point of the plane. The plot mixes the classes' colours by " +
          'their probabilities: pure where the net is sure, blended where two blobs meet; the lines are where the most ' +
          'probable class changes. After 100 epochs 92.0% of the test points are right.',
        look: 'the 3 output units in the Network panel; point at the plot: the three percentages add up to 100%.',
        changes: { ...BLOBS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu', ...PAUSE_AT(100) },
        given: ['100%'],
        checks: [
          { metric: 'outputUnits', says: '3' },
          { metric: 'gridChannels', epoch: 100, equals: 3 },
          { metric: 'probabilitySum', epoch: 100, max: 1e-5 },
          { metric: 'regions', epoch: 100, equals: 3 },
          { metric: 'testScore', epoch: 100, says: '92.0%' },
        ],
      },
      {
        text: "Two classes: here scikit-learn does not use two softmax units but a single output unit with the logistic " +
          'function. It gives P(class 1); P(class 0) is 1 minus that. After 100 epochs 90.7% of the test points are right.',
        look: 'the single output unit in the Network panel, and the one probability shown when you point at the plot.',
        changes: { ...MOONS, ...ADAM, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu', ...PAUSE_AT(100) },
        given: ['1', '0', '1'],
        checks: [
          { metric: 'outputUnits', equals: 1 },
          { metric: 'gridChannels', epoch: 100, equals: 1 },
          { metric: 'testScore', epoch: 100, says: '90.7%' },
        ],
      },
    ],
  },
];

export const lessonById = (id) => LESSONS.find((lesson) => lesson.id === id) ?? null;

/** The config of step `step` (0-based) of a lesson, tagged with the lesson. */
export function lessonConfig(lesson, step) {
  let config = defaultConfig();
  for (const [path, value] of Object.entries(lesson.steps[step].changes)) config = setPath(config, path, value);
  config.lesson = { id: lesson.id, step: step + 1 };
  return config;
}
