// The forward and backward passes over one batch (sections 4-6 of the spec).
#pragma once

#include <cmath>
#include <type_traits>
#include <vector>

#include "mlp/activations.hpp"
#include "mlp/kernels.hpp"
#include "mlp/layout.hpp"
#include "mlp/params.hpp"
#include "mlp/rows.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

/// Scratch buffers for one batch size, allocated once and reused by every batch.
template <class S>
struct Workspace {
  std::vector<Mat<S>> A;  ///< A[0] = inputs (rows x n_features), A[l] = layer l outputs
  std::vector<Mat<S>> D;  ///< D[l] = delta of layer l+1's pre-activations (rows x units[l+1])
  /// Dropout while training (empty: none). keep[l] (rows x units[l+1]) multiplies hidden layer
  /// l+1's outputs: 0 for a dropped unit, 1 / (1 - rate) for a kept one. The caller fills it.
  std::vector<Mat<S>> keep;
  /// With dropout: hidden layer l+1's outputs before the mask (its derivative is written from them).
  std::vector<Mat<S>> H;
  /// Pre-activations kept (empty: not kept; training never keeps them). Z[l] (rows x units[l+1]) is
  /// layer l+1's z = a W + b before its activation: for the per-input trace (trace.hpp).
  std::vector<Mat<S>> Z;

  /// Sizes every buffer for up to `rows` samples (no-op when already that size).
  void reserve(const Layout& layout, Index rows);
  /// Sizes keep and H like the hidden layers' A, which turns dropout on; call after reserve.
  void reserve_dropout();
  /// Sizes Z like A[1..L], which makes forward() keep the pre-activations; call after reserve.
  void reserve_pre_activations();
  Index capacity() const { return A.empty() ? 0 : A[0].rows(); }
};

/// The network's structure: layer units plus activations.
struct Architecture {
  Layout layout;
  Activation hidden = Activation::relu;
  OutActivation output = OutActivation::identity;
  double leaky_slope = 0.01;  ///< leaky_relu's slope for z <= 0
};

/// Forward pass for the first n rows of ws.A[0]; fills ws.A[1..L] (section 4). With ws.keep
/// (dropout), hidden outputs are multiplied by it, and ws.H keeps them as they were before.
template <class S>
void forward(const Architecture& net, const S* theta, Workspace<S>& ws, Index n);

/// The L2 term of the loss, (alpha/2) ||W||^2 / n (every W, not the biases), summed in double.
/// The rows n of the evaluation scale it (quirk Q1). Always inlined, as l1_norm_of_weights: the
/// trace (trace.cpp, at -Os in wasm) calls them too, and an out-of-line copy of its own could be
/// the one the linker keeps for the training's -O3 epoch loop.
template <class S>
[[gnu::always_inline]] inline double l2_penalty(const Layout& layout, const S* theta, double alpha, Index n) {
  double squared_weights = 0;
  for (Index l = 0; l < layout.n_weights(); ++l)
    squared_weights += static_cast<double>(layout.W(theta, l).squaredNorm());
  return (0.5 * alpha) * squared_weights / static_cast<double>(n);
}

/// forward()'s hook for the trace: copies layer l+1's pre-activations (the first n rows of
/// ws.A[l + 1], before its activation) into ws.Z[l]. Out of line (trace.cpp) so that the passes
/// that never keep them, inlined in many places, carry only the test of ws.Z.
template <class S>
void keep_pre_activations(Workspace<S>& ws, Index l, Index n);
extern template void keep_pre_activations(Workspace<double>&, Index, Index);
extern template void keep_pre_activations(Workspace<float>&, Index, Index);

/// Forward pass, then the loss (data term + (alpha/2)||W||^2/n + l1 sum|W|/n) and its
/// gradient into grad (layout-sized), for the first n rows of ws.A[0] against
/// Y (n x n_outputs) (sections 5-6). The L1 term's gradient is l1 sign(W) / n (0 at W = 0).
/// Returns the loss.
template <class S, class MY>
double loss_and_gradient(const Architecture& net, const S* theta, const MY& Y, double alpha, Workspace<S>& ws, Index n,
                         S* grad, double l1 = 0);

/// loss_and_gradient for the first n rows of a training batch, whose targets are the first n rows
/// of Y_batch (l1 = 0: the epoch loop adds the L1 term itself): the stochastic epoch loop's call
/// (perceptron_sgd.cpp defines it), which the per-input trace (trace.hpp) makes too. One copy per
/// precision, out of line: the trace runs the training's very code, and the WebAssembly module
/// holds it once.
template <class S>
double batch_loss_and_gradient(const Architecture& net, const S* theta, Mat<S>& Y_batch, double alpha, Workspace<S>& ws,
                               Index n, S* grad);
extern template double batch_loss_and_gradient(const Architecture&, const double*, Mat<double>&, double,
                                               Workspace<double>&, Index, double*);
extern template double batch_loss_and_gradient(const Architecture&, const float*, Mat<float>&, double,
                                               Workspace<float>&, Index, float*);

// The extensions' element-wise work (l1, dropout) runs in plain loops kept scalar: it is cheap
// next to the products, and Eigen's vectorised, unrolled expressions would cost the wasm module
// kilobytes for code that only runs when l1 or dropout is on.

/// sum |W| over every weight matrix (biases excluded: they come after all W in theta), in double.
template <class S>
[[gnu::always_inline]] inline double l1_norm_of_weights(const Layout& layout, const S* theta) {
  double sum = 0;
  MLP_SCALAR_LOOP
  for (Index i = 0; i < layout.n_coefs(); ++i) sum += std::abs(static_cast<double>(theta[i]));
  return sum;
}

/// Z *= keep entry by entry (dropout's mask; same shapes).
template <class MK, class MZ>
void multiply_by_mask(const MK& keep, MZ&& Z) {
  using S = typename std::decay_t<MZ>::Scalar;
  elementwise::for_each_span(keep, Z, [](const S* k, S* z, Index n) {
    MLP_SCALAR_LOOP
    for (Index i = 0; i < n; ++i) z[i] *= k[i];
  });
}

/// Network outputs for all rows of X, in chunks of at most `chunk` rows.
template <class S>
Mat<S> predict_outputs(const Architecture& net, const S* theta, const Mat<S>& X, Index chunk = 4096);
/// The same for rows from a source, read a chunk at a time (for a dense source: the same bits).
template <class S>
Mat<S> predict_rows(const Architecture& net, const S* theta, const RowSource<S>& X, Index chunk = 4096);

// ---------------------------------------------------------------------------

template <class S>
void Workspace<S>::reserve(const Layout& layout, Index rows) {
  const auto& units = layout.units();
  if (A.size() == units.size() && capacity() == rows && A[0].cols() == units[0]) return;
  A.resize(units.size());
  D.resize(units.size() - 1);
  for (std::size_t l = 0; l < units.size(); ++l) A[l].resize(rows, units[l]);
  for (std::size_t l = 0; l + 1 < units.size(); ++l) D[l].resize(rows, units[l + 1]);
  keep.clear();
  H.clear();
  Z.clear();
}

template <class S>
void Workspace<S>::reserve_dropout() {
  keep.assign(A.begin() + 1, A.end() - 1);
  H = keep;
}

template <class S>
void Workspace<S>::reserve_pre_activations() {
  Z.assign(A.begin() + 1, A.end());
}

template <class S>
void forward(const Architecture& net, const S* theta, Workspace<S>& ws, Index n) {
  const Layout& layout = net.layout;
  const Index L = layout.n_weights();
  for (Index l = 0; l < L; ++l) {
    auto Z = ws.A[static_cast<std::size_t>(l + 1)].topRows(n);
    // Start from the bias and accumulate the product: one pass less than
    // product-then-bias (Eigen would zero Z first), same value up to rounding.
    Z.rowwise() = layout.b(theta, l).transpose();
    kernels::add_a_b(ws.A[static_cast<std::size_t>(l)].topRows(n), layout.W(theta, l), Z);
    if (!ws.Z.empty()) keep_pre_activations(ws, l, n);
    if (l + 1 < L) {
      apply_activation<S>(net.hidden, Z, net.leaky_slope);
      if (!ws.keep.empty()) {  // inverted dropout: the expected output of a unit is unchanged
        ws.H[static_cast<std::size_t>(l)].topRows(n) = Z;
        multiply_by_mask(ws.keep[static_cast<std::size_t>(l)].topRows(n), Z);
      }
    } else
      apply_output_activation<S>(net.output, Z);
  }
}

template <class S, class MY>
double loss_and_gradient(const Architecture& net, const S* theta, const MY& Y, double alpha, Workspace<S>& ws, Index n,
                         S* grad, double l1) {
  forward(net, theta, ws, n);
  const Layout& layout = net.layout;
  const Index L = layout.n_weights();
  const auto P = ws.A[static_cast<std::size_t>(L)].topRows(n);
  double loss = data_loss<S>(net.output, Y, P);

  // The L2 term is scaled by the rows of *this* evaluation (quirk Q1).
  loss += l2_penalty(layout, theta, alpha, n);
  if (l1 != 0) loss += l1 * l1_norm_of_weights(layout, theta) / static_cast<double>(n);

  // One output delta P - Y serves all three output/loss pairs.
  auto delta_out = ws.D[static_cast<std::size_t>(L - 1)].topRows(n);
  delta_out = P - Y;
  const S s_alpha = static_cast<S>(alpha);
  for (Index l = L - 1; l >= 0; --l) {
    auto delta = ws.D[static_cast<std::size_t>(l)].topRows(n);
    const auto A_l = ws.A[static_cast<std::size_t>(l)].topRows(n);
    auto gW = layout.W(grad, l);
    // (A^T delta + alpha W) / n, accumulating the product onto alpha W.
    gW = s_alpha * layout.W(theta, l);
    kernels::add_at_b(A_l, delta, gW);
    if (l1 != 0) {  // + l1 sign(W), 0 at W = 0
      const S* w = layout.W(theta, l).data();
      const S penalty = static_cast<S>(l1);
      MLP_SCALAR_LOOP
      for (Index i = 0; i < gW.size(); ++i) gW.data()[i] += w[i] > 0 ? penalty : w[i] < 0 ? -penalty : S(0);
    }
    gW /= static_cast<S>(n);
    layout.b(grad, l) = delta.colwise().sum().transpose() / static_cast<S>(n);
    if (l > 0) {
      auto previous = ws.D[static_cast<std::size_t>(l - 1)].topRows(n);
      kernels::set_a_bt(delta, layout.W(theta, l), previous);
      if (ws.keep.empty()) {
        apply_derivative<S>(net.hidden, A_l, previous, net.leaky_slope);
      } else {  // dropout: f' from the outputs before the mask, then the mask
        const std::size_t h = static_cast<std::size_t>(l - 1);
        apply_derivative<S>(net.hidden, ws.H[h].topRows(n), previous, net.leaky_slope);
        multiply_by_mask(ws.keep[h].topRows(n), previous);
      }
    }
  }
  return loss;
}

template <class S>
Mat<S> predict_outputs(const Architecture& net, const S* theta, const Mat<S>& X, Index chunk) {
  return predict_rows(net, theta, DenseRows<S>(X), chunk);
}

template <class S>
Mat<S> predict_rows(const Architecture& net, const S* theta, const RowSource<S>& X, Index chunk) {
  const Index L = net.layout.n_weights();
  Mat<S> out(X.rows(), net.layout.units().back());
  Workspace<S> ws;
  ws.reserve(net.layout, std::min(chunk, std::max<Index>(X.rows(), 1)));
  for (Index start = 0; start < X.rows(); start += ws.capacity()) {
    Index n = std::min(ws.capacity(), X.rows() - start);
    X.block(start, n, ws.A[0]);
    forward(net, theta, ws, n);
    out.middleRows(start, n) = ws.A[static_cast<std::size_t>(L)].topRows(n);
  }
  return out;
}

}  // namespace mlp
