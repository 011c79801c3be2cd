// Lesson 10: one input through the network, forward and back (schema: state/lessons.js). Every
// step follows the same training point (view.trace: the link's tr= and ts=, the step of the trace
// shown) after the same 30 epochs; its numbers are the engine's trace of that point (the checks'
// metric 'trace' reads them by path, tests/node/lesson-run.js). The first step asks for Play; the
// others read the trained model, so their links train to epoch 30 (epochs: ep=30).
import { MOONS, PAUSE_AT, SGD } from './presets.js';

/** A (3,) tanh net, plain sgd at 0.1, paused after 30 epochs; the training point of class 1 at (1.891, 0.148) followed. */
const NET = {
  ...MOONS, ...SGD, 'model.hidden_layer_sizes': [3], 'model.activation': 'tanh', 'model.learning_rate_init': 0.1,
  'model.alpha': 0.0001, ...PAUSE_AT(30), 'train.speed': 5,
};
/** The settings of a step showing step `step` of the trace (0: the input; trace-steps.js). */
const at = (step) => ({ ...NET, 'view.trace': { point: [1.891, 0.148], step } });
const trace = (of, says) => ({ metric: 'trace', epoch: 30, of, says });

/** The lesson that follows one input through the network. */
export const FOLLOW = [
  {
    id: 'one-input',
    title: 'One input through the network',
    steps: [
      {
        text: 'A (3,) tanh network learns the moons with sgd at a learning rate of 0.1. Press Play: training pauses ' +
          'after 30 epochs. The card "Follow one input" under the network diagram follows one training point, of ' +
          'class 1, at (1.891, 0.148): its way forward through the network and back, one step at a time, with the ' +
          "engine's own numbers. Its first step is a(0), the input: with no scaler and no derived features it is the " +
          'point itself.',
        look: 'the ring on the plot, and the card under the Network panel\'s diagram (Next moves a step).',
        changes: at(0),
        given: ['0'],
        checks: [
          trace('input.0', '1.891'),
          trace('input.1', '0.148'),
          trace('output.target.0', '1'),
        ],
      },
      {
        text: 'The hidden layer: z(1) = W(1) a(0) + b(1), where W(1) is 3 x 2 (3 units, 2 inputs), so z(1) has one ' +
          'number per unit: -0.219, 1.478 and 1.386. Then a(1) = tanh(z(1)) squeezes each into -1..1: -0.215, 0.901 ' +
          'and 0.882. The diagram colours each link by what it adds for this input, w times a.',
        look: 'the hidden layer\'s step in the card (Next from the input), and the links of the diagram.',
        changes: at(1),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        given: ['0', '1', '2'],
        checks: [
          trace('layers.0.z.0', '-0.219'),
          trace('layers.0.z.1', '1.478'),
          trace('layers.0.z.2', '1.386'),
          trace('layers.0.a.0', '-0.215'),
          trace('layers.0.a.1', '0.901'),
          trace('layers.0.a.2', '0.882'),
        ],
      },
      {
        text: 'The output layer has one unit: z(2) = W(2) a(1) + b(2) = 0.541, and the logistic function gives ' +
          'P = g(z) = 1 / (1 + e^-z) = 0.632, the probability of class 1. It is above the 0.5 threshold, so the ' +
          'network predicts class 1: right for this point, but not sure of it.',
        look: 'the output step of the card: P against the 0.5 mark on its bar (Previous shows z(2) and the logistic curve ' +
          'with the point on it).',
        changes: at(3),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        given: ['1', '2', '0.5'],
        checks: [
          trace('layers.1.z.0', '0.541'),
          trace('output.values.0', '0.632'),
          { metric: 'trace', epoch: 30, of: 'output.predicted', equals: 1 },
        ],
      },
      {
        text: 'The loss for this point is the log loss of its true class, -log(0.632) = 0.459, plus the L2 term ' +
          'alpha/2 times the sum of the squared weights (alpha = 0.0001): 0.00014. Backpropagation starts from the ' +
          'output error, P - Y = 0.632 - 1 = -0.368: negative, so the output should be larger.',
        look: 'the output error in the card, the first step of Backpropagation (Previous shows the loss).',
        changes: at(5),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        given: ['1', '2'],
        checks: [
          trace('output.values.0', '0.632'),
          trace('loss.data', '0.459'),
          trace('loss.penalty', '0.00014'),
          trace('layers.1.delta.0', '-0.368'),
        ],
      },
      {
        text: 'The error goes back through the weights: delta(1) = (W(2)^T delta(2)) times tanh\'s slope 1 - a(1)^2. ' +
          'For the first hidden unit, whose weight to the output is -0.549 and whose a is -0.215: ' +
          '-0.549 x -0.368 x (1 - 0.215^2) = 0.193.',
        look: 'the delta step of the card and the first hidden unit in the diagram.',
        changes: at(6),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        given: ['1', '2'],
        checks: [
          trace('weights.coefs.1.0', '-0.549'),
          trace('layers.0.a.0', '-0.215'),
          trace('layers.1.delta.0', '-0.368'),
          trace('layers.0.delta.0', '0.193'),
        ],
      },
      {
        text: 'Each weight\'s gradient is the error at its end times the activation at its start, plus alpha times ' +
          'the weight: dJ/dW(2) = delta(2) a(1)^T + alpha W(2). For the first hidden unit\'s weight to the output: ' +
          '-0.368 x -0.215 + 0.0001 x -0.549 = 0.079.',
        look: 'the output layer\'s gradients in the card, drawn on the links of the diagram.',
        changes: at(7),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        given: ['1', '2'],
        checks: [
          trace('layers.1.delta.0', '-0.368'),
          trace('layers.0.a.0', '-0.215'),
          trace('weights.coefs.1.0', '-0.549'),
          trace('gradients.coefs.1.0', '0.079'),
        ],
      },
      {
        text: 'One sgd step on this point alone moves every weight against its gradient: W <- W - 0.1 dJ/dW. With ' +
          'the new weights P rises from 0.632 to 0.666 and the loss for this point falls from 0.459 to 0.406. ' +
          'Training does this for every batch, with the gradients averaged over its points.',
        look: 'the last step of the card: the loss before and after the step.',
        changes: at(9),
        epochs: 30, // its link trains to the epoch the text reads (ep=30)
        checks: [
          trace('step.learningRate', '0.1'),
          trace('output.values.0', '0.632'),
          trace('step.values.0', '0.666'),
          trace('loss.total', '0.459'),
          trace('step.loss.total', '0.406'),
          { metric: 'traceLossDrop', epoch: 30, min: 0.05 },
        ],
      },
    ],
  },
];
