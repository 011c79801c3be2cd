// The element-wise work of training, with a plain reference beside each kernel: the hidden
// activations and their derivatives, the output logistic and softmax, and the optimizer updates.
//
// In WebAssembly with SIMD, float32 runs on the f32x4 kernels of cpp/src/elementwise.cpp
// (activations.hpp and optimizers.hpp call them where uses_simd_kernels<S>). Why: Eigen 3.4 has
// no wasm packet math, so its exp and tanh are scalar calls per entry there, and each optimizer
// expression is a separate pass. Everywhere else the Eigen expressions stay: native builds have
// Eigen's AVX packets, and float64 (in wasm too) keeps exact scikit-learn parity.
//
// What the kernels compute, against the float32 code they replace:
//  - relu, leaky_relu, the four derivative multiplies, adam and sgd: the same IEEE operations in the same
//    order, so bit-for-bit the same results.
//  - tanh: Eigen's own float tanh (the 13/6 rational approximation Eigen uses for float, clamped
//    at +-7.90531), so bit-for-bit what Eigen computed in wasm before: within 6.9 ulps of tanh.
//  - logistic and softmax: from a vector exp (Cephes' range reduction and degree-7 polynomial)
//    where the C library's expf was called before. Measured over every float: exp within 0.98
//    ulp of the exact exp (expf: 0.5), logistic within 2.5 ulps of the exact expit, as with expf.
// Natively the kernels run on a portable 4-lane stand-in, used by the tests (so that both builds
// test the same arithmetic, and the debug preset's sanitizers watch the tails) and by the native
// runner, which computes what wasm computes (portable_math.hpp).
#pragma once

#include <algorithm>
#include <cmath>

#include "mlp/kernels.hpp"
#include "mlp/scalar.hpp"

/// Put before a loop that runs at most a few steps: keeps clang from vectorising and unrolling it.
#ifdef __clang__
#define MLP_SCALAR_LOOP _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#else
#define MLP_SCALAR_LOOP
#endif

namespace mlp::elementwise {

/// True when element-wise work in scalar type S runs on this header's kernels in this build
/// (float32 in wasm SIMD, as for kernels::uses_blocked_kernel).
template <class S>
constexpr bool uses_simd_kernels = kernels::uses_blocked_kernel<S>;

/// x[i] = exp(x[i]) for i < n. 0 below -104, inf above 89, NaN stays NaN.
void exp(float* x, Index n);
/// z[i] = max(z[i], 0) for i < n: NaN stays NaN, -0 gives +0 (IEEE 754-2019 maximum, wasm's
/// f32x4.max: what clang's wasm backend also makes of Eigen's z.max(0.0f)).
void relu(float* z, Index n);
/// z[i] = z[i] > 0 ? z[i] : slope * z[i] for i < n (NaN stays NaN).
void leaky_relu(float* z, Index n, float slope);
/// z[i] = 1 / (1 + exp(-z[i])) (scipy's expit) for i < n.
void logistic(float* z, Index n);
/// z[i] = tanh(z[i]) for i < n.
void tanh(float* z, Index n);
/// d[i] = 0 where a[i] == 0 (relu's derivative from its output a) for i < n.
void relu_derivative(const float* a, float* d, Index n);
/// d[i] = a[i] > 0 ? d[i] : slope * d[i] (leaky_relu's derivative from its output a) for i < n.
void leaky_relu_derivative(const float* a, float* d, Index n, float slope);
/// d[i] = d[i] * a[i] * (1 - a[i]) (logistic's derivative from its output a) for i < n.
void logistic_derivative(const float* a, float* d, Index n);
/// d[i] = d[i] * (1 - a[i]^2) (tanh's derivative from its output a) for i < n.
void tanh_derivative(const float* a, float* d, Index n);
/// Softmax of each row of z (rows x cols, row stride `stride`), in place: exp(z - row max), then
/// divided by the row sum (summed left to right).
void softmax(float* z, Index rows, Index cols, Index stride);

/// The float32 coefficients of one Adam step, as AdamOptimizer::update computes them.
struct AdamStep {
  float beta_1, beta_2;
  float one_minus_beta_1, one_minus_beta_2;
  float learning_rate;  ///< already bias-corrected
  float epsilon;
};
/// For i < n: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; theta -= lr m / (sqrt(v) + eps).
void adam_update(Index n, const float* grad, float* m, float* v, float* theta, const AdamStep& step);
/// For i < n: velocity = momentum velocity - lr g; theta += momentum velocity - lr g (Nesterov,
/// with the new velocity) or theta += velocity.
void sgd_update(Index n, const float* grad, float* velocity, float* theta, float momentum, float learning_rate,
                bool nesterov);

/// Plain loops with the same contracts, on <cmath>'s exp and tanh: what the tests compare every
/// kernel against. The arithmetic-only ones (relu, derivatives, optimizers) also serve the kernels
/// for their last n % 4 entries; MLP_SCALAR_LOOP keeps clang from vectorising and unrolling
/// those loops of at most 3 steps (code the wasm module would carry for nothing).
namespace reference {

inline void exp(float* x, Index n) {
  for (Index i = 0; i < n; ++i) x[i] = std::exp(x[i]);
}
inline void relu(float* z, Index n) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) z[i] = z[i] > 0.0f || std::isnan(z[i]) ? z[i] : 0.0f;
}
inline void leaky_relu(float* z, Index n, float slope) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) z[i] = z[i] > 0.0f ? z[i] : slope * z[i];
}
inline void logistic(float* z, Index n) {
  for (Index i = 0; i < n; ++i) z[i] = 1.0f / (1.0f + std::exp(-z[i]));
}
inline void tanh(float* z, Index n) {
  for (Index i = 0; i < n; ++i) z[i] = std::tanh(z[i]);
}
inline void relu_derivative(const float* a, float* d, Index n) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) d[i] = a[i] == 0.0f ? 0.0f : d[i];
}
inline void leaky_relu_derivative(const float* a, float* d, Index n, float slope) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) d[i] = a[i] > 0.0f ? d[i] : slope * d[i];
}
inline void logistic_derivative(const float* a, float* d, Index n) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) d[i] = d[i] * a[i] * (1.0f - a[i]);
}
inline void tanh_derivative(const float* a, float* d, Index n) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) d[i] = d[i] * (1.0f - a[i] * a[i]);
}
inline void softmax(float* z, Index rows, Index cols, Index stride) {
  for (Index i = 0; i < rows; ++i) {
    float* row = z + i * stride;
    float max = row[0];
    for (Index j = 1; j < cols; ++j) max = std::max(max, row[j]);
    float sum = 0.0f;
    for (Index j = 0; j < cols; ++j) sum += row[j] = std::exp(row[j] - max);
    for (Index j = 0; j < cols; ++j) row[j] /= sum;
  }
}
inline void adam_update(Index n, const float* grad, float* m, float* v, float* theta, const AdamStep& step) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) {
    m[i] = step.beta_1 * m[i] + step.one_minus_beta_1 * grad[i];
    v[i] = step.beta_2 * v[i] + step.one_minus_beta_2 * (grad[i] * grad[i]);
    theta[i] = theta[i] - step.learning_rate * m[i] / (std::sqrt(v[i]) + step.epsilon);
  }
}
inline void sgd_update(Index n, const float* grad, float* velocity, float* theta, float momentum, float learning_rate,
                       bool nesterov) {
  MLP_SCALAR_LOOP
  for (Index i = 0; i < n; ++i) {
    velocity[i] = momentum * velocity[i] - learning_rate * grad[i];
    theta[i] = theta[i] + (nesterov ? momentum * velocity[i] - learning_rate * grad[i] : velocity[i]);
  }
}

}  // namespace reference

/// Calls f(pointer, length) over the entries of a row-major matrix block with unit inner stride:
/// once when its rows are contiguous (the network's top-rows blocks), else once per row.
template <class M, class F>
void for_each_span(M&& X, F f) {
  kernels::detail::require_row_major_unit_stride<M>();
  if (X.rows() == 1 || X.outerStride() == X.cols()) {
    f(X.data(), X.size());
  } else {
    for (Index i = 0; i < X.rows(); ++i) f(X.data() + i * X.outerStride(), X.cols());
  }
}

/// Calls f(a, d, length) over matching spans of A and D (same shape, as for_each_span).
template <class MA, class MD, class F>
void for_each_span(const MA& A, MD&& D, F f) {
  kernels::detail::require_row_major_unit_stride<MA>();
  kernels::detail::require_row_major_unit_stride<MD>();
  if (D.rows() == 1 || (A.outerStride() == A.cols() && D.outerStride() == D.cols())) {
    f(A.data(), D.data(), D.size());
  } else {
    for (Index i = 0; i < D.rows(); ++i) f(A.data() + i * A.outerStride(), D.data() + i * D.outerStride(), D.cols());
  }
}

}  // namespace mlp::elementwise
