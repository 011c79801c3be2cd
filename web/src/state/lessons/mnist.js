// Lesson 12: the course's MNIST example at full size (issue 16; schema: state/lessons.js), on
// Fashion-MNIST, MNIST's drop-in replacement that Debian packages (same 28x28 images, same
// 60,000/10,000 split). In float64 the run is scikit-learn 1.2.1's own: every figure below is also
// what the step's Python export prints (tests/node/lessons-claims.test.js trains each step).

/**
 * The course's estimator: MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd',
 * tol=1e-4, random_state=1, learning_rate_init=.1); Play pauses where fit() stops (max_iter).
 */
const COURSE = {
  'model.hidden_layer_sizes': [50], 'model.max_iter': 10, 'model.alpha': 0.0001, 'model.solver': 'sgd', 'model.tol': 0.0001,
  'model.random_state': 1, 'model.learning_rate_init': 0.1, 'model.momentum': 0.9, 'model.learning_rate': 'constant',
  'model.batch_size': 'auto', 'train.stopAtFit': true,
};
/** The first layer's weights as the course draws them (Fashion-MNIST's own picture: a link need not say it). */
const PICTURE = { 'view.weightMode': 'course' };
/** The full set: 60,000 training and 10,000 test images. */
const FULL = { 'data.generator': 'fashion-full', ...COURSE, ...PICTURE };
/** The quick subset: the first 10,000 training and 2,000 test images. */
const QUICK = { 'data.generator': 'fashion', ...COURSE, ...PICTURE };
/** Steps that read the trained model share the first step's run: the same 10 epochs. */
const TRAINED = { metric: 'loss', epoch: 10, min: 0 };

const CODE = 'MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver="sgd", tol=1e-4, ' +
  'random_state=1, learning_rate_init=.1)';

/** The lesson on the course's MNIST example. */
export const MNIST = [
  {
    id: 'mnist-full',
    title: 'The MNIST example at full size',
    steps: [
      {
        text: `The course's central example trains ${CODE} on 60,000 images of 28x28 pixels (pixels / 255) and ` +
          'tests it on 10,000 more. Debian does not package MNIST; it packages Fashion-MNIST, its drop-in ' +
          'replacement (the same shapes and split, clothes instead of digits), so that is what the page trains. ' +
          'Press Play: an epoch is 300 minibatches of 200 images, and the bar counts them. scikit-learn stops at ' +
          'max_iter after 10 epochs (with a ConvergenceWarning): the loss falls from 0.532 after the first epoch ' +
          'to 0.280, and 90.32% of the training images and 86.65% of the test images are classified right.',
        look: 'the training bar (epoch and minibatch), the loss curve, and the two accuracies.',
        changes: FULL,
        given: ['28', '255', '200', '4'],
        checks: [
          { metric: 'nTrain', equals: 60000, says: '60,000' }, { metric: 'nTest', equals: 10000, says: '10,000' },
          { metric: 'updatesPerEpoch', equals: 300, says: '300' }, { metric: 'fitStopEpoch', equals: 10 },
          { metric: 'loss', epoch: 1, says: '0.532' }, { metric: 'loss', epoch: 10, says: '0.280' },
          { metric: 'trainScore', epoch: 10, says: '90.32%' }, { metric: 'testScore', epoch: 10, says: '86.65%' },
        ],
      },
      {
        text: "The course then draws coefs_[0]'s columns, the 784 weights into each of the first 16 hidden units, " +
          'as 28x28 images on a 4x4 grid: gray, with black and white at half the smallest and largest weight ' +
          '(here the weights run from -0.788 to 0.723). A unit answers to the pixels its light parts cover and ' +
          'against the dark ones: many show the outline of a garment (sleeves, a collar, a dress), a few are still ' +
          'close to the noise they started from. "All units" shows the 50 on a symmetric scale, and the view ' +
          'under it the test images that drive each unit most.',
        look: 'First-layer weights: "As in the course" (4x4), then "All units"; the most-activating inputs.',
        changes: FULL,
        epochs: 10,
        given: ['0', '784', '16', '28', '4'],
        checks: [TRAINED, { metric: 'coefsMin', says: '-0.788' }, { metric: 'coefsMax', says: '0.723' }],
      },
      {
        text: 'Where does it go wrong? The confusion matrix has 1,000 test images of each class. Shirts are the ' +
          'hardest: 622 are recognised, 146 are taken for a T-shirt/top and 135 for a pullover. Coats go to ' +
          'Pullover 195 times. Trousers (971), bags (968) and sandals (959) are nearly solved. The gallery shows ' +
          'the misclassified test images first, each with what the network said and the truth.',
        look: 'the confusion matrix (rows: the true class) and the gallery of test images.',
        changes: FULL,
        epochs: 10,
        given: ['1,000'],
        checks: [
          TRAINED,
          { metric: 'confusion', of: '6.6', says: '622' }, { metric: 'confusion', of: '6.0', says: '146' },
          { metric: 'confusion', of: '6.2', says: '135' }, { metric: 'confusion', of: '4.2', says: '195' },
          { metric: 'confusion', of: '1.1', says: '971' }, { metric: 'confusion', of: '8.8', says: '968' },
          { metric: 'confusion', of: '5.5', says: '959' },
        ],
      },
      {
        text: 'The quick subset is the same code on the first 10,000 training and first 2,000 test images: 50 ' +
          'minibatches an epoch, six times faster. After the same 10 epochs it classifies 89.91% of its training ' +
          'images and 85.40% of its test images right (a smaller test set: the two test figures are not measured ' +
          'on the same images). "Export to Python" writes either run as scikit-learn code that reads the same four ' +
          'IDX files (apt install dataset-fashion-mnist) and draws the course\'s 4x4 picture.',
        look: 'the accuracies, and the Python export (the loading lines and the picture at its end).',
        changes: QUICK,
        given: ['4'],
        checks: [
          { metric: 'nTrain', equals: 10000, says: '10,000' }, { metric: 'nTest', equals: 2000, says: '2,000' },
          { metric: 'updatesPerEpoch', equals: 50, says: '50' },
          { metric: 'trainScore', epoch: 10, says: '89.91%' }, { metric: 'testScore', epoch: 10, says: '85.40%' },
        ],
      },
    ],
  },
];
