// The guided lessons: each a few steps, and each step a share link (the page's defaults plus a
// few changes, and lesson=ID&step=K so that the page shows the lesson's text). A teacher can
// send or embed any step. Pure: no DOM.
import { defaultConfig, setPath } from './config.js';

const MOONS = { 'data.generator': 'moons', 'data.n_samples': 300, 'data.noise': 0.2 };
const NOISY = { 'data.generator': 'moons', 'data.n_samples': 200, 'data.noise': 0.35 };
// scikit-learn's "Visualization of MLP weights on MNIST" example, on the 8x8 digits: 64 pixels (scaled
// to 0..1), one hidden layer of 50, sgd at 0.1 for 10 epochs; the split of the reference runs.
const DIGITS = {
  'data.generator': 'digits', 'data.testFraction': 0.3, 'data.seed': 0, 'model.hidden_layer_sizes': [50],
  'model.solver': 'sgd', 'model.learning_rate_init': 0.1, 'model.max_iter': 10, 'model.random_state': 1,
};

/**
 * LESSONS: [{ id, title, steps: [{ text, changes: { 'path': value } }] }]. A step's config is
 * the page's defaults with its changes, so its link is the same whatever was on screen.
 */
export const LESSONS = [
  {
    id: 'hidden-layers',
    title: 'Hidden layers',
    steps: [
      {
        text: 'One hidden unit with the logistic activation: whatever it learns, the boundary is a single straight line, ' +
          'and the moons cannot be separated by one. Press Play and watch the test accuracy stall.',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [1], 'model.activation': 'logistic' },
      },
      {
        text: 'Two hidden layers of 10 ReLU units: each unit draws a line (see its picture in the Network panel) and the ' +
          'next layer combines them into a curved boundary that follows the moons. Press Play.',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [10, 10], 'model.activation': 'relu' },
      },
    ],
  },
  {
    id: 'activations',
    title: 'Activation functions',
    steps: [
      {
        text: "identity: without a non-linearity the layers collapse into one linear map, so (8, 8) is no better than a " +
          'single line. Press Play.',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'identity' },
      },
      {
        text: 'logistic: smooth S-shaped units. The boundary bends, slowly: logistic units learn slowly when their inputs are large.',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'logistic' },
      },
      {
        text: 'tanh: like logistic but centred on zero; it usually trains faster.',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'tanh' },
      },
      {
        text: 'relu: max(0, x). Each unit is a hinge: the boundary is made of straight pieces (look at the unit pictures).',
        changes: { ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu' },
      },
    ],
  },
  {
    id: 'regularisation',
    title: 'Regularisation strength',
    steps: [
      {
        text: 'A big net (100, 100) on few noisy points with almost no L2 penalty (alpha = 0.0001): the boundary twists around ' +
          'single points. Compare the train and test accuracy when it stops. Pin the run before the next step.',
        changes: { ...NOISY, 'model.hidden_layer_sizes': [100, 100], 'model.alpha': 0.0001, 'model.max_iter': 400 },
      },
      {
        text: 'alpha = 0.1: large weights cost more, the boundary is smoother.',
        changes: { ...NOISY, 'model.hidden_layer_sizes': [100, 100], 'model.alpha': 0.1, 'model.max_iter': 400 },
      },
      {
        text: 'alpha = 3: the penalty wins and the boundary is nearly straight: too much regularisation underfits.',
        changes: { ...NOISY, 'model.hidden_layer_sizes': [100, 100], 'model.alpha': 3, 'model.max_iter': 400 },
      },
    ],
  },
  {
    id: 'learning-rate',
    title: 'The learning rate and its schedules',
    steps: [
      {
        text: 'Plain sgd (no momentum) with learning_rate_init = 0.001: every step is tiny and the loss creeps down.',
        changes: { ...MOONS, 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate_init': 0.001, 'model.max_iter': 300 },
      },
      {
        text: 'learning_rate_init = 0.1: a hundred times bigger steps; the loss falls fast.',
        changes: { ...MOONS, 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate_init': 0.1, 'model.max_iter': 300 },
      },
      {
        text: 'learning_rate_init = 5: steps far too big overshoot the minimum; the loss bounces instead of falling, and ' +
          'training stops after a few epochs no better than a guess.',
        changes: { ...MOONS, 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate_init': 5, 'model.max_iter': 300 },
      },
      {
        text: "learning_rate = 'invscaling': the rate is learning_rate_init / t^power_t, with t counting the samples seen. " +
          'After one epoch of 225 samples it is already 15 times smaller, and training stalls at a high loss: a schedule ' +
          'has to suit the problem.',
        changes: {
          ...MOONS, 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate_init': 0.1,
          'model.learning_rate': 'invscaling', 'model.max_iter': 300,
        },
      },
      {
        text: "learning_rate = 'adaptive': the rate stays at 0.1 while the loss falls, and is divided by 5 each time it stalls.",
        changes: {
          ...MOONS, 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate_init': 0.1,
          'model.learning_rate': 'adaptive', 'model.max_iter': 300,
        },
      },
    ],
  },
  {
    id: 'early-stopping',
    title: 'Early stopping',
    steps: [
      {
        text: 'A big net on noisy points, trained until the training loss stops improving: the training score keeps rising ' +
          'while the test score stops (overfitting). Pin the run.',
        changes: { ...NOISY, 'data.n_samples': 300, 'model.hidden_layer_sizes': [100, 100], 'model.max_iter': 500 },
      },
      {
        text: 'early_stopping: 10% of the training data is held out; training stops when its score (the green validation ' +
          'curve) has not improved for n_iter_no_change epochs, and the best weights are kept.',
        changes: {
          ...NOISY, 'data.n_samples': 300, 'model.hidden_layer_sizes': [100, 100], 'model.max_iter': 500,
          'model.early_stopping': true,
        },
      },
    ],
  },
  {
    id: 'digits-weights',
    title: 'The digits weights',
    steps: [
      {
        text: "Handwritten digits: 8x8 images, so 64 inputs, and 10 classes. scikit-learn's MNIST example in small: one " +
          'hidden layer of 50, sgd, 10 epochs. Press Play: about 96% of the test digits right (scikit-learn gets the same). ' +
          'The confusion matrix shows which digits get mixed up.',
        changes: { ...DIGITS },
      },
      {
        text: 'Each tile under "First-layer weights" is one hidden unit\'s 64 weights laid out as the image: white pixels ' +
          'push it up, black ones down. They start as random noise (press Reset to see); after 10 epochs some units show ' +
          'strokes and blobs, the parts of digits they respond to. Open "Inputs that most activate each unit" to see the ' +
          'test digits each unit fires on.',
        changes: { ...DIGITS },
      },
      {
        text: 'A strong L2 penalty (alpha = 3) pulls every weight toward zero: the noise fades to gray, some units fade out ' +
          'entirely, and the strokes that help stand out. The test accuracy drops (about 93.5% against 95.6%).',
        changes: { ...DIGITS, 'model.alpha': 3 },
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
