// One input's way through the network, with every number: the forward pass layer by layer, the
// loss for that sample, backpropagation as scikit-learn's _backprop does it for a batch of that
// one sample, and what one sgd step with a given learning rate would change. For the playground's
// "follow one input" view (issue 14).
//
// Nothing is computed a second way: the forward and backward passes are the training's own
// (network.hpp's batch_loss_and_gradient, the epoch loop's call, on a one-row batch; its forward
// pass keeps the pre-activations when the workspace asks for them),
// so the output is predict_proba's / predict's for that input and the gradients are the ones a
// training batch of that sample would apply, bit for bit.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "mlp/network.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

/// A sample's loss: the data term (log-loss or half squared error), the penalty (the L2 term
/// (alpha/2) ||W||^2 / n_samples with n_samples = 1, plus l1 sum|W| when l1 is set) and their sum.
struct TraceLoss {
  double data = std::numeric_limits<double>::quiet_NaN();
  double penalty = std::numeric_limits<double>::quiet_NaN();
  double total = std::numeric_limits<double>::quiet_NaN();
};

/// One input's trace: every number widened to double (exactly, from float32).
struct InputTrace {
  std::string precision;      ///< the model's: "float64" | "float32"
  std::string kind;           ///< "binary" | "multiclass" | "multilabel" | "regression"
  std::vector<double> point;  ///< the raw row as given (the data's columns)
  std::vector<double> input;  ///< a(0): the network's inputs after the feature step
  struct Layer {
    std::string activation;     ///< its name: the hidden activation, or the output's
    std::vector<double> z;      ///< a(l-1) W(l) + b(l)
    std::vector<double> a;      ///< activation(z)
    std::vector<double> delta;  ///< dLoss/dz: a(L) - Y for the output layer, going back from it
  };
  std::vector<Layer> layers;   ///< l = 1..L, the output layer last
  std::vector<double> values;  ///< a(L): predict_proba's row (binary: P(class 1)) or predict's
  /// The prediction: a class code (one value), a 0/1 per output (multilabel) or the values.
  std::vector<double> predicted;
  std::vector<double> target;       ///< the Y row the backward pass used (one-hot for multiclass)
  std::vector<int> units;           ///< every layer's width, inputs first
  std::vector<double> weights;      ///< the weights traced, packed as theta (every W row-major, then every b)
  std::vector<double> gradients;    ///< dLoss/dtheta, packed as the weights
  TraceLoss loss;                   ///< at the weights
  double learning_rate = 0;         ///< the sgd step's
  TraceLoss step_loss;              ///< at weights - learning_rate * gradients
  std::vector<double> step_values;  ///< a(L) there
};

/// Traces one sample: inputs x (1 x units[0], after the feature step) with targets y (1 x
/// n_outputs: the 0/1 row of a classifier, the values of a regressor) through `net` with the
/// packed parameters theta, alpha and l1 as the model trains with them, in precision S. The
/// gradient is the training's for a batch of this one sample: a(l-1)^T delta(l) + alpha W(l) and
/// delta(l) (with l1 the training's too: the smooth part, its L1 term acting through the
/// soft-threshold step after each update). Then one plain sgd step theta - learning_rate *
/// gradient (no momentum, no soft-threshold) and the sample's loss and output there. No dropout:
/// a trace is of the model as it predicts. As in scikit-learn, a regressor's squared error is
/// averaged over its k outputs while the output delta a(L) - Y is not: with k > 1 the gradient is
/// that of k times the data term plus the penalty. Fills every field but precision, kind, point,
/// predicted and target.
template <class S>
InputTrace trace_sample(const Architecture& net, const Vec<S>& theta, const RowVec<S>& x, const RowVec<S>& y,
                        double alpha, double l1, double learning_rate);

extern template InputTrace trace_sample(const Architecture&, const Vec<double>&, const RowVec<double>&,
                                        const RowVec<double>&, double, double, double);
extern template InputTrace trace_sample(const Architecture&, const Vec<float>&, const RowVec<float>&,
                                        const RowVec<float>&, double, double, double);

}  // namespace mlp
