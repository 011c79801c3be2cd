// The three matrix products of training, with a plain reference beside each.
//
//   forward   Z += A W     A (n x k), W (k x m), Z (n x m)
//   backward  G += A^T D   A (n x k), D (n x m), G (k x m)
//             P  = D W^T   D (n x m), W (k x m), P (n x k)
//
// In WebAssembly with SIMD, float32 products (of 4 output columns or more) run on gemm_blocked
// (cpp/src/kernels.cpp), a packed, register-blocked kernel written with simd.hpp's f32x4. Why: Eigen
// 3.4 has no wasm packet math, and clang's auto-vectorisation of Eigen's scalar product reaches
// under half of the f32x4 peak, the kernel nearly all of it. The native runner runs float32 on it
// too (on simd.hpp's stand-in), to give wasm's bits. Everywhere else the products are Eigen's
// expressions: the native library has Eigen's AVX kernels, and float64 keeps scikit-learn parity.
#pragma once

#include <type_traits>

#include "mlp/portable_math.hpp"
#include "mlp/scalar.hpp"
#include "mlp/simd.hpp"

namespace mlp::kernels {

/// True when products in scalar type S go to gemm_blocked in this build: float32 in wasm SIMD, and
/// in the native runner, which computes what wasm computes (on simd.hpp's stand-in).
template <class S>
constexpr bool uses_blocked_kernel = (simd::kF32x4 || math::kPortableArithmetic) && std::is_same_v<S, float>;

/// Products with fewer output columns than this stay on Eigen even where uses_blocked_kernel.
/// Why: a tile row is f32x4 vectors, so 1-3 columns waste most of every tile (the single output
/// of a binary classifier or a regressor); measured in node, Eigen is 1.3-9x faster there and
/// gemm_blocked 1.1-2x faster from 4 columns on.
constexpr Index kMinBlockedColumns = 4;

/// C = op(A) op(B) (accumulate false) or C += op(A) op(B) (accumulate true), in float32, where
/// op(A)(i, t) = A[i * a_row + t * a_col] is M x K, op(B)(t, j) = B[t * b_row + j * b_col] is K x N
/// and C (M x N) has row stride ldc. Strides pick the transposes: one kernel serves all three
/// products. f32x4 in wasm; elsewhere a portable 4-lane stand-in that only the tests use.
void gemm_blocked(Index M, Index N, Index K, const float* A, Index a_row, Index a_col, const float* B, Index b_row,
                  Index b_col, float* C, Index ldc, bool accumulate);

namespace detail {
/// Checks, at compile time, that an Eigen operand can be handed to gemm_blocked as (data, outerStride).
template <class M>
constexpr void require_row_major_unit_stride() {
  static_assert(std::decay_t<M>::IsRowMajor, "gemm_blocked takes row-major operands");
  static_assert(std::decay_t<M>::InnerStrideAtCompileTime == 1, "gemm_blocked takes rows with unit stride");
}
}  // namespace detail

/// Z += A W with A (n x k), W (k x m), Z (n x m), all row-major.
template <class MA, class MW, class MZ>
void add_a_b(const MA& A, const MW& W, MZ&& Z) {
  using S = typename std::decay_t<MZ>::Scalar;
  if constexpr (uses_blocked_kernel<S>) {
    detail::require_row_major_unit_stride<MA>();
    detail::require_row_major_unit_stride<MW>();
    detail::require_row_major_unit_stride<MZ>();
    if (W.cols() >= kMinBlockedColumns) {
      gemm_blocked(A.rows(), W.cols(), A.cols(), A.data(), A.outerStride(), 1, W.data(), W.outerStride(), 1, Z.data(),
                   Z.outerStride(), true);
      return;
    }
  }
  Z.noalias() += A * W;
}

/// G += A^T D with A (n x k), D (n x m), G (k x m), all row-major.
template <class MA, class MD, class MG>
void add_at_b(const MA& A, const MD& D, MG&& G) {
  using S = typename std::decay_t<MG>::Scalar;
  if constexpr (uses_blocked_kernel<S>) {
    detail::require_row_major_unit_stride<MA>();
    detail::require_row_major_unit_stride<MD>();
    detail::require_row_major_unit_stride<MG>();
    if (D.cols() >= kMinBlockedColumns) {
      // op(A)(i, t) = A(t, i): walking i is unit stride, walking t is a row.
      gemm_blocked(A.cols(), D.cols(), A.rows(), A.data(), 1, A.outerStride(), D.data(), D.outerStride(), 1, G.data(),
                   G.outerStride(), true);
      return;
    }
  }
  G.noalias() += A.transpose() * D;
}

/// P = D W^T with D (n x m), W (k x m), P (n x k), all row-major.
template <class MD, class MW, class MP>
void set_a_bt(const MD& D, const MW& W, MP&& P) {
  using S = typename std::decay_t<MP>::Scalar;
  if constexpr (uses_blocked_kernel<S>) {
    detail::require_row_major_unit_stride<MD>();
    detail::require_row_major_unit_stride<MW>();
    detail::require_row_major_unit_stride<MP>();
    if (W.rows() >= kMinBlockedColumns) {
      // op(B)(t, j) = W(j, t).
      gemm_blocked(D.rows(), W.rows(), D.cols(), D.data(), D.outerStride(), 1, W.data(), 1, W.outerStride(), P.data(),
                   P.outerStride(), false);
      return;
    }
  }
  P.noalias() = D * W.transpose();
}

/// Plain triple loops with the same contracts, summing in S in index order: what the tests
/// compare every path against.
namespace reference {

/// Z += A W with A (n x k), W (k x m), Z (n x m).
template <class MA, class MW, class MZ>
void add_a_b(const MA& A, const MW& W, MZ&& Z) {
  for (Index i = 0; i < A.rows(); ++i)
    for (Index j = 0; j < W.cols(); ++j) {
      typename std::decay_t<MZ>::Scalar sum = 0;
      for (Index t = 0; t < A.cols(); ++t) sum += A(i, t) * W(t, j);
      Z(i, j) += sum;
    }
}

/// G += A^T D with A (n x k), D (n x m), G (k x m).
template <class MA, class MD, class MG>
void add_at_b(const MA& A, const MD& D, MG&& G) {
  for (Index i = 0; i < A.cols(); ++i)
    for (Index j = 0; j < D.cols(); ++j) {
      typename std::decay_t<MG>::Scalar sum = 0;
      for (Index t = 0; t < A.rows(); ++t) sum += A(t, i) * D(t, j);
      G(i, j) += sum;
    }
}

/// P = D W^T with D (n x m), W (k x m), P (n x k).
template <class MD, class MW, class MP>
void set_a_bt(const MD& D, const MW& W, MP&& P) {
  for (Index i = 0; i < D.rows(); ++i)
    for (Index j = 0; j < W.rows(); ++j) {
      typename std::decay_t<MP>::Scalar sum = 0;
      for (Index t = 0; t < D.cols(); ++t) sum += D(i, t) * W(j, t);
      P(i, j) = sum;
    }
}

}  // namespace reference
}  // namespace mlp::kernels
