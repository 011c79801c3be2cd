// The settings the lessons' steps share (the datasets, the solvers as the page trains them, where
// Play pauses), as { 'config.path': value } changes (schema: state/lessons.js).

/** make_moons with the page's defaults, every data knob explicit. */
export const MOONS = {
  'data.generator': 'moons', 'data.n_samples': 300, 'data.noise': 0.2, 'data.random_state': 0, 'data.test_size': 0.25,
};
/** Few noisy points, half of them held out as test points: room to overfit, and a test set of 150. */
export const NOISY = {
  'data.generator': 'moons', 'data.n_samples': 300, 'data.noise': 0.3, 'data.random_state': 0, 'data.test_size': 0.5,
};
export const BLOBS = {
  'data.generator': 'blobs', 'data.n_samples': 300, 'data.centers': 3, 'data.cluster_std': 1, 'data.random_state': 0,
  'data.test_size': 0.25,
};
/** Play pauses after `epochs` epochs: fit() with max_iter=epochs and no early stop by the tol rule. */
export const PAUSE_AT = (epochs) => ({
  'model.max_iter': epochs, 'model.n_iter_no_change': 'inf', 'train.stopAtFit': true,
});
/** Adam as the page trains it, from the seed the page starts with. */
export const ADAM = { 'model.solver': 'adam', 'model.learning_rate_init': 0.01, 'model.random_state': 0 };
/** Plain sgd: no momentum, so the learning rate alone sets the step. */
export const SGD = { 'model.solver': 'sgd', 'model.momentum': 0, 'model.learning_rate': 'constant', 'model.random_state': 0 };
// scikit-learn's "Visualization of MLP weights on MNIST" example, on the 8x8 digits: 64 pixels (scaled
// to 0..1), one hidden layer of 50, sgd at 0.1 for 10 epochs; the split of the reference runs.
export const DIGITS = {
  'data.generator': 'digits', 'data.test_size': 0.3, 'data.random_state': 0, 'model.hidden_layer_sizes': [50],
  'model.solver': 'sgd', 'model.learning_rate_init': 0.1, 'model.max_iter': 10, 'model.random_state': 1,
  'train.stopAtFit': true,
};
/**
 * The "Gradients per layer" presets: five hidden layers of 16, sgd with momentum; 20 epochs, where
 * the page names the deep logistic net stalled (one class, its first layers' gradients vanishing).
 */
export const DEEP = {
  ...MOONS, 'model.hidden_layer_sizes': [16, 16, 16, 16, 16], 'model.solver': 'sgd', 'model.learning_rate_init': 0.1,
  'model.momentum': 0.9, 'model.random_state': 0, ...PAUSE_AT(20), 'train.speed': 5,
};
/** The "Batch size" presets: sgd (learning rate 0.01, momentum 0.9) for 30 epochs from the same weights. */
export const BATCH = {
  ...MOONS, 'model.hidden_layer_sizes': [8, 8], 'model.activation': 'relu', 'model.solver': 'sgd',
  'model.learning_rate_init': 0.01, 'model.momentum': 0.9, 'model.random_state': 0, ...PAUSE_AT(30), 'train.speed': 5,
};
