// trace_sample (trace.hpp): one sample through the training's own forward and backward passes.
#include "mlp/trace.hpp"

#include "mlp/activations.hpp"

namespace mlp {

template <class S>
NetworkTrace<S> trace_sample(const Architecture& net, const Vec<S>& theta, const RowVec<S>& x, const RowVec<S>& y,
                             double alpha, double l1, double learning_rate) {
  const Layout& layout = net.layout;
  const auto L = static_cast<std::size_t>(layout.n_weights());
  Workspace<S> ws;
  ws.reserve(layout, 1);
  ws.reserve_pre_activations();
  // The targets as a training batch holds them (perceptron_sgd.cpp's Y_batch.topRows(n)), so that
  // the call below is the training's, to the types of its arguments.
  Mat<S> Y = y;

  // The sample's loss at parameters p, as the training measures a batch of it: loss_and_gradient
  // (which leaves every layer's a, z and delta in ws and the gradient in g), then the L1 term
  // added as the epoch loop adds it. The data term and the L2 term again on their own, from the
  // same functions on the same numbers.
  const auto measure = [&](const S* p, S* g) {
    ws.A[0].row(0) = x;
    TraceLoss loss;
    loss.total = loss_and_gradient(net, p, Y.topRows(1), alpha, ws, 1, g);
    loss.data = data_loss<S>(net.output, Y.topRows(1), ws.A[L].topRows(1));
    loss.penalty = l2_penalty(layout, p, alpha, 1);
    if (l1 > 0) {
      const double term = l1 * l1_norm_of_weights(layout, p);
      loss.total += term;
      loss.penalty += term;
    }
    return loss;
  };

  NetworkTrace<S> out;
  out.input = x;
  out.gradient.resize(layout.size());
  out.loss = measure(theta.data(), out.gradient.data());
  for (std::size_t l = 0; l < L; ++l) {
    out.z.emplace_back(ws.Z[l].row(0));
    out.a.emplace_back(ws.A[l + 1].row(0));
    out.delta.emplace_back(ws.D[l].row(0));
  }

  // One plain sgd step, in the model's precision.
  out.learning_rate = learning_rate;
  const Vec<S> stepped = theta - static_cast<S>(learning_rate) * out.gradient;
  Vec<S> unused(layout.size());
  out.step_loss = measure(stepped.data(), unused.data());
  out.step_output = ws.A[L].row(0);
  return out;
}

template NetworkTrace<double> trace_sample(const Architecture&, const Vec<double>&, const RowVec<double>&,
                                           const RowVec<double>&, double, double, double);
template NetworkTrace<float> trace_sample(const Architecture&, const Vec<float>&, const RowVec<float>&,
                                          const RowVec<float>&, double, double, double);

}  // namespace mlp
