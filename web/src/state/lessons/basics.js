// Lessons 1-3: hidden layers, activation functions, regularisation strength (schema: state/lessons.js).
import { ADAM, MOONS, NOISY, PAUSE_AT } from './presets.js';

/** The lessons on what the network is: its layers, its activations, its penalty. */
export const BASICS = [
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
];
