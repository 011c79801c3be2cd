// Lessons 6-9: the digits weights, the vanishing gradient, batch size, softmax (schema: state/lessons.js).
import { ADAM, BATCH, BLOBS, DEEP, DIGITS, MOONS, PAUSE_AT } from './presets.js';

/** The lessons that look inside: weights as images, gradients per layer, batches, the output layer. */
export const INSIDE = [
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
