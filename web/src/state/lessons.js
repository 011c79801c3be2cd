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
//   epochs?: the step's link trains the run to this epoch and pauses there (ep=, as a link made
//            after training): for a step whose text reads a trained model without asking for Play
//            (each step is a link of its own, opened at epoch 0 otherwise).
// }
// check: { metric, epoch?, step?, min?, max?, equals?, says?, of? }
//   The value of `metric` in the run of this step (or of step `step`, 0-based, of the same lesson)
//   after `epoch` epochs: an integer, 'fitStop' (the epoch where fit() stops), or [a, b] (at every
//   epoch a..b, each value must pass). min/max: bounds (inclusive); equals: exact value.
//   says: the text's words for the value, as written in the text: '86.7%' (a share, as a percentage
//   with that many decimals), '0.31' (that many decimals), '7,570' (an integer). The test checks
//   that the text contains it and that the value, rounded the same way, is exactly it (a negative
//   value with its minus sign: '-0.368').
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
//     trace             a number of the trace of the step's view.trace (the input followed, as the
//                       page follows it: a data point at its rounded position, with its label), by
//                       its path `of` in the worker's trace reply: 'input.0', 'layers.0.z.1',
//                       'output.values.0', 'loss.data', 'gradients.coefs.1.0', 'step.loss.total', ...
//     traceLossDrop     that input's loss before one sgd step on it minus after (trace loss.total - step.loss.total)
//   Facts of the run (no epoch): fitStopEpoch, bestEpoch (early stopping's best epoch, whose
//     weights fit() returns), bestTestScore, bestTrainScore (those weights' accuracies),
//     collapsedAt (the epoch where the page pauses a run collapsed to one class, state/health.js;
//     0: never; a step whose run collapses must say so with this check), stalledAt (the epoch where
//     the page names the run stalled: one class, and the first layers' gradients vanish; it does
//     not pause; 0: never; a step whose run stalls by its pause must say so), outputUnits, nTrain,
//     nTest, nFeatures, updatesPerEpoch (batches per epoch).
//   Facts of the final model, for image data (no epoch): coefsMin, coefsMax (coefs_[0]'s range), confusion
//     (the test images of true class t predicted as p, with of: 't.p').
// check: { boundary: 'straight' | 'curved' | 'none', epoch }: the 0.5 contour on the page's grid
//   after that epoch: one straight line (every contour point within 0.5% of the plot's width of
//   one line), curved (some point further than 5% from the best line), or none (one class everywhere).
// across (lesson-level): { across: [step, ...], metric, epoch?, order: 'increasing' | 'decreasing', by? }
//   the metric in those steps' runs, in that order, strictly (by: the smallest step between them).
//
// The lessons' steps live in lessons/ by group (basics.js, training.js, inside.js, follow.js, tune.js, mnist.js), with
// the settings they share in lessons/presets.js.
import { defaultConfig, setPath } from './defaults.js';
import { BASICS } from './lessons/basics.js';
import { FOLLOW } from './lessons/follow.js';
import { INSIDE } from './lessons/inside.js';
import { MNIST } from './lessons/mnist.js';
import { TRAINING } from './lessons/training.js';
import { TUNE } from './lessons/tune.js';

/**
 * LESSONS: [{ id, title, steps: [{ text, look, changes, checks, given, epochs }], checks }] (schema above).
 * A step's config is the page's defaults with its changes, so its link is the same whatever was
 * on screen.
 */
export const LESSONS = [...BASICS, ...TRAINING, ...INSIDE, ...FOLLOW, ...TUNE, ...MNIST];

export const lessonById = (id) => LESSONS.find((lesson) => lesson.id === id) ?? null;

/** The config of step `step` (0-based) of a lesson, tagged with the lesson. */
export function lessonConfig(lesson, step) {
  let config = defaultConfig();
  for (const [path, value] of Object.entries(lesson.steps[step].changes)) config = setPath(config, path, value);
  config.lesson = { id: lesson.id, step: step + 1 };
  return config;
}
