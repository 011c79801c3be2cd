// Activation functions, their derivatives and the losses (scikit-learn's
// ACTIVATIONS, DERIVATIVES and LOSS_FUNCTIONS tables).
//
// Derivatives are written from the activation *output* A, as scikit-learn
// does, so the backward pass needs no copy of the pre-activations.
//
// Float32 in wasm SIMD (and in the native runner) runs on elementwise.hpp's f32x4 kernels;
// elsewhere the Eigen expressions below, whose exp, tanh and log are portable_math's where the
// build trains on portable arithmetic and Eigen's own (SIMD natively) in the fast native library.
#pragma once

#include <limits>

#include "mlp/elementwise.hpp"
#include "mlp/params.hpp"
#include "mlp/portable_math.hpp"
#include "mlp/scalar.hpp"

namespace mlp {
namespace detail {
/// exp, tanh and log of an Eigen array expression: portable_math's, or Eigen's in the fast
/// native library.
template <class E>
auto exp_of(const E& a) {
  if constexpr (math::kPortableArithmetic)
    return a.unaryExpr([](typename E::Scalar v) { return math::exp(v); });
  else
    return a.exp();
}
template <class E>
auto tanh_of(const E& a) {
  if constexpr (math::kPortableArithmetic)
    return a.unaryExpr([](typename E::Scalar v) { return math::tanh(v); });
  else
    return a.tanh();
}
template <class E>
auto log_of(const E& a) {
  if constexpr (math::kPortableArithmetic)
    return a.unaryExpr([](typename E::Scalar v) { return math::log(v); });
  else
    return a.log();
}
}  // namespace detail

/// Applies the hidden activation in place to Z (rows x units); `leaky_slope` is leaky_relu's slope.
template <class S, class M>
void apply_activation(Activation activation, M&& Z, double leaky_slope = 0.01) {
  if constexpr (elementwise::uses_simd_kernels<S>) {
    switch (activation) {
      case Activation::identity:
        break;
      case Activation::logistic:
        elementwise::for_each_span(Z, elementwise::logistic);
        break;
      case Activation::tanh:
        elementwise::for_each_span(Z, elementwise::tanh);
        break;
      case Activation::relu:
        elementwise::for_each_span(Z, elementwise::relu);
        break;
      case Activation::leaky_relu:
        elementwise::for_each_span(
            Z, [s = static_cast<float>(leaky_slope)](float* z, Index n) { elementwise::leaky_relu(z, n, s); });
        break;
    }
  } else {
    auto a = Z.array();
    switch (activation) {
      case Activation::identity:
        break;
      case Activation::logistic:  // scipy's expit: 1 / (1 + exp(-z))
        a = S(1) / (S(1) + detail::exp_of(-a));
        break;
      case Activation::tanh:
        a = detail::tanh_of(a);
        break;
      case Activation::relu:
        a = a.max(S(0));
        break;
      case Activation::leaky_relu:  // z for z > 0, slope * z otherwise
        // A plain loop: Eigen's vectorised select would add kilobytes to the wasm module (float64).
        elementwise::for_each_span(Z, [slope = static_cast<S>(leaky_slope)](S* z, Index n) {
          MLP_SCALAR_LOOP
          for (Index i = 0; i < n; ++i) z[i] = z[i] > S(0) ? z[i] : slope * z[i];
        });
        break;
    }
  }
}

/// Multiplies delta in place by f'(z), written from A = f(z).
template <class S, class MA, class MD>
void apply_derivative(Activation activation, const MA& A, MD&& delta, double leaky_slope = 0.01) {
  if constexpr (elementwise::uses_simd_kernels<S>) {
    switch (activation) {
      case Activation::identity:
        break;
      case Activation::logistic:
        elementwise::for_each_span(A, delta, elementwise::logistic_derivative);
        break;
      case Activation::tanh:
        elementwise::for_each_span(A, delta, elementwise::tanh_derivative);
        break;
      case Activation::relu:
        elementwise::for_each_span(A, delta, elementwise::relu_derivative);
        break;
      case Activation::leaky_relu:
        elementwise::for_each_span(A, delta, [s = static_cast<float>(leaky_slope)](const float* a, float* d, Index n) {
          elementwise::leaky_relu_derivative(a, d, n, s);
        });
        break;
    }
  } else {
    auto d = delta.array();
    auto a = A.array();
    switch (activation) {
      case Activation::identity:
        break;
      case Activation::logistic:
        d = d * a * (S(1) - a);
        break;
      case Activation::tanh:
        d = d * (S(1) - a.square());
        break;
      case Activation::relu:  // 0 where A == 0, so z == 0 also gets derivative 0 (quirk Q9)
        d = (a == S(0)).select(S(0), d);
        break;
      case Activation::leaky_relu:  // A > 0 exactly where z > 0 (0 < slope); z == 0 gets the slope
        elementwise::for_each_span(A, delta, [slope = static_cast<S>(leaky_slope)](const S* a_i, S* d_i, Index n) {
          MLP_SCALAR_LOOP
          for (Index i = 0; i < n; ++i) d_i[i] = a_i[i] > S(0) ? d_i[i] : slope * d_i[i];
        });
        break;
    }
  }
}

/// Applies the output activation in place.
template <class S, class M>
void apply_output_activation(OutActivation activation, M&& Z) {
  if constexpr (elementwise::uses_simd_kernels<S>) {
    switch (activation) {
      case OutActivation::identity:
        break;
      case OutActivation::logistic:
        elementwise::for_each_span(Z, elementwise::logistic);
        break;
      case OutActivation::softmax:
        kernels::detail::require_row_major_unit_stride<M>();
        elementwise::softmax(Z.data(), Z.rows(), Z.cols(), Z.outerStride());
        break;
    }
  } else {
    switch (activation) {
      case OutActivation::identity:
        break;
      case OutActivation::logistic:
        Z.array() = S(1) / (S(1) + detail::exp_of(-Z.array()));
        break;
      case OutActivation::softmax:
        // Shift by the row maximum so exp never overflows; the result is unchanged.
        for (Index i = 0; i < Z.rows(); ++i) {
          auto row = Z.row(i).array();
          row = detail::exp_of(row - row.maxCoeff());
          row /= row.sum();
        }
        break;
    }
  }
}

/// The data term of the loss (section 5).
///  identity -> squared error sum((Y-P)^2) / (2 n k)
///  softmax  -> log loss -sum(Y log P) / n
///  logistic -> binary log loss -sum(Y log P + (1-Y) log(1-P)) / n
/// P is clipped to [eps, 1-eps] (eps of S) before the logs, as scikit-learn.
template <class S, class MY, class MP>
double data_loss(OutActivation activation, const MY& Y, const MP& P) {
  const double n = static_cast<double>(P.rows());
  const S eps = std::numeric_limits<S>::epsilon();
  const auto y = Y.array();
  // Clipping keeps log finite, so 0 * log(p) below is exactly 0, as xlogy(0, p).
  const auto p = P.array().max(eps).min(S(1) - eps);
  // Sums run in S, vectorised (float32 sums of a batch stay well within the
  // precision the float32 path promises), and are returned as double.
  switch (activation) {
    case OutActivation::identity:
      return static_cast<double>((y - P.array()).square().sum()) / (2.0 * n * static_cast<double>(P.cols()));
    case OutActivation::softmax:
      return -static_cast<double>((y * detail::log_of(p)).sum()) / n;
    case OutActivation::logistic:
      return -static_cast<double>((y * detail::log_of(p) + (S(1) - y) * detail::log_of(S(1) - p)).sum()) / n;
  }
  return 0;
}

}  // namespace mlp
