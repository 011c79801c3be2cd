// trace_sample (trace.hpp): one sample through the training's own forward and backward passes.
#include "mlp/trace.hpp"

#include "mlp/activations.hpp"

namespace mlp {

namespace {

/// n values of S from `data` as doubles (exact: float32 widens without rounding).
template <class S>
std::vector<double> widened(const S* data, Index n) {
  return std::vector<double>(data, data + n);
}

}  // namespace

template <class S>
void keep_pre_activations(Workspace<S>& ws, Index l, Index n) {
  ws.Z[static_cast<std::size_t>(l)].topRows(n) = ws.A[static_cast<std::size_t>(l + 1)].topRows(n);
}

template void keep_pre_activations(Workspace<double>&, Index, Index);
template void keep_pre_activations(Workspace<float>&, Index, Index);

template <class S>
InputTrace trace_sample(const Architecture& net, const Vec<S>& theta, const RowVec<S>& x, const RowVec<S>& y,
                        double alpha, double l1, double learning_rate) {
  const Layout& layout = net.layout;
  const auto L = static_cast<std::size_t>(layout.n_weights());
  Workspace<S> ws;
  ws.reserve(layout, 1);
  ws.reserve_pre_activations();
  Mat<S> Y = y;  // a training batch of one row
  Vec<S> gradient(layout.size());

  // The sample's loss at parameters p, as the training measures a batch of it: the epoch loop's
  // batch_loss_and_gradient (which leaves every layer's a, z and delta in ws and the gradient in
  // g), then the L1 term added as the loop adds it. The data term and the L2 term again on their
  // own, from the same functions on the same numbers.
  const auto measure = [&](const S* p, S* g) {
    ws.A[0].row(0) = x;
    TraceLoss loss;
    loss.total = batch_loss_and_gradient(net, p, Y, alpha, ws, 1, g);
    // On matrices, not on the blocks the epoch loop's call passes: the same arithmetic, and not the
    // instantiation that loop calls, whose copy must stay the -O3 one (trace.cpp is -Os in wasm).
    loss.data = data_loss<S>(net.output, Y, Mat<S>(ws.A[L].topRows(1)));
    loss.penalty = l2_penalty(layout, p, alpha, 1);
    if (l1 > 0) {
      const double term = l1 * l1_norm_of_weights(layout, p);
      loss.total += term;
      loss.penalty += term;
    }
    return loss;
  };

  InputTrace out;
  out.loss = measure(theta.data(), gradient.data());
  out.input = widened(x.data(), x.size());
  for (std::size_t l = 0; l < L; ++l) {
    const Index width = ws.Z[l].cols();
    out.layers.push_back({l + 1 < L ? name_of(net.hidden) : name_of(net.output), widened(ws.Z[l].data(), width),
                          widened(ws.A[l + 1].data(), width), widened(ws.D[l].data(), width)});
  }
  out.values = out.layers.back().a;
  for (Index u : layout.units()) out.units.push_back(static_cast<int>(u));
  out.weights = widened(theta.data(), theta.size());
  out.gradients = widened(gradient.data(), gradient.size());

  // One plain sgd step, in the model's precision.
  out.learning_rate = learning_rate;
  const Vec<S> stepped = theta - static_cast<S>(learning_rate) * gradient;
  out.step_loss = measure(stepped.data(), gradient.data());
  out.step_values = widened(ws.A[L].data(), ws.A[L].cols());
  return out;
}

template InputTrace trace_sample(const Architecture&, const Vec<double>&, const RowVec<double>&, const RowVec<double>&,
                                 double, double, double);
template InputTrace trace_sample(const Architecture&, const Vec<float>&, const RowVec<float>&, const RowVec<float>&,
                                 double, double, double);

}  // namespace mlp
