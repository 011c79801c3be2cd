// The training products of kernels.hpp against their plain-loop references, on awkward shapes
// (every size in {1, 3, 5, 7, 17, 33} for batch, depth and width, so every tile edge and
// padding case shows) and on larger ones that cross the depth and row blocks. Natively the
// products are Eigen's; in the wasm suite float32 runs on the f32x4 kernel. gemm_blocked is also
// called directly in both builds (natively on its portable 4-lane stand-in, so the sanitizers of
// the debug preset watch its packing and edge handling).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "mlp/kernels.hpp"

namespace mlp {
namespace {

struct Shape {
  Index n, k, m;  // batch, fan_in, fan_out
};

std::vector<Shape> awkward_and_large_shapes() {
  std::vector<Shape> shapes;
  const Index sizes[] = {1, 3, 5, 7, 17, 33};
  for (Index n : sizes)
    for (Index k : sizes)
      for (Index m : sizes) shapes.push_back({n, k, m});
  // Depth past one block (256) and rows past one block (128) in each product (their depths are
  // k, n and m in turn), with ragged tiles everywhere.
  shapes.push_back({150, 300, 64});
  shapes.push_back({130, 261, 37});
  shapes.push_back({300, 19, 21});
  shapes.push_back({9, 21, 270});
  return shapes;
}

template <class S>
Mat<S> random_matrix(Index rows, Index cols, std::mt19937& gen) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Mat<S> m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<S>(uniform(gen));
  return m;
}

/// max over entries of |got - want| / bound, with bound = |C0| + sum of |terms| (the scale at
/// which a product's rounding error lives, even when the terms cancel). Infinite if an entry is
/// NaN (left over from the NaN-filled output of set_a_bt, for example).
template <class S>
double worst_relative_error(const Mat<S>& got, const Mat<S>& want, const Mat<S>& bound) {
  double worst = 0;
  for (Index i = 0; i < got.size(); ++i) {
    const double scale = std::max(static_cast<double>(bound.data()[i]), std::numeric_limits<double>::min());
    const double error = std::abs(static_cast<double>(got.data()[i]) - static_cast<double>(want.data()[i])) / scale;
    if (std::isnan(error)) return std::numeric_limits<double>::infinity();
    worst = std::max(worst, error);
  }
  return worst;
}

template <class S>
double tolerance() {
  return std::is_same_v<S, float> ? 1e-5 : 1e-12;
}

template <class S>
void check_add_a_b(const Shape& s, std::mt19937& gen) {
  const Mat<S> A = random_matrix<S>(s.n, s.k, gen), W = random_matrix<S>(s.k, s.m, gen);
  const Mat<S> Z0 = random_matrix<S>(s.n, s.m, gen);
  Mat<S> got = Z0, want = Z0, bound = Z0.cwiseAbs();
  kernels::add_a_b(A, W, got);
  kernels::reference::add_a_b(A, W, want);
  kernels::reference::add_a_b(Mat<S>(A.cwiseAbs()), Mat<S>(W.cwiseAbs()), bound);
  EXPECT_LE(worst_relative_error(got, want, bound), tolerance<S>());
  if constexpr (std::is_same_v<S, float>) {
    Mat<S> blocked = Z0;
    kernels::gemm_blocked(s.n, s.m, s.k, A.data(), s.k, 1, W.data(), s.m, 1, blocked.data(), s.m, true);
    EXPECT_LE(worst_relative_error(blocked, want, bound), tolerance<S>()) << "gemm_blocked";
  }
}

template <class S>
void check_add_at_b(const Shape& s, std::mt19937& gen) {
  const Mat<S> A = random_matrix<S>(s.n, s.k, gen), D = random_matrix<S>(s.n, s.m, gen);
  const Mat<S> G0 = random_matrix<S>(s.k, s.m, gen);
  Mat<S> got = G0, want = G0, bound = G0.cwiseAbs();
  kernels::add_at_b(A, D, got);
  kernels::reference::add_at_b(A, D, want);
  kernels::reference::add_at_b(Mat<S>(A.cwiseAbs()), Mat<S>(D.cwiseAbs()), bound);
  EXPECT_LE(worst_relative_error(got, want, bound), tolerance<S>());
  if constexpr (std::is_same_v<S, float>) {
    Mat<S> blocked = G0;
    kernels::gemm_blocked(s.k, s.m, s.n, A.data(), 1, s.k, D.data(), s.m, 1, blocked.data(), s.m, true);
    EXPECT_LE(worst_relative_error(blocked, want, bound), tolerance<S>()) << "gemm_blocked";
  }
}

template <class S>
void check_set_a_bt(const Shape& s, std::mt19937& gen) {
  const Mat<S> D = random_matrix<S>(s.n, s.m, gen), W = random_matrix<S>(s.k, s.m, gen);
  // P's old contents must not leak into the result.
  Mat<S> got = Mat<S>::Constant(s.n, s.k, std::numeric_limits<S>::quiet_NaN());
  Mat<S> want(s.n, s.k), bound(s.n, s.k);
  kernels::set_a_bt(D, W, got);
  kernels::reference::set_a_bt(D, W, want);
  kernels::reference::set_a_bt(Mat<S>(D.cwiseAbs()), Mat<S>(W.cwiseAbs()), bound);
  EXPECT_LE(worst_relative_error(got, want, bound), tolerance<S>());
  if constexpr (std::is_same_v<S, float>) {
    Mat<S> blocked = Mat<S>::Constant(s.n, s.k, std::numeric_limits<S>::quiet_NaN());
    kernels::gemm_blocked(s.n, s.k, s.m, D.data(), s.m, 1, W.data(), 1, s.m, blocked.data(), s.k, false);
    EXPECT_LE(worst_relative_error(blocked, want, bound), tolerance<S>()) << "gemm_blocked";
  }
}

TEST(Kernels, BlockedKernelServesFloat32WhereTheBuildComputesAsWasm) {
  // In wasm SIMD and on portable arithmetic (the native runner and tests): what wasm computes.
  EXPECT_EQ(kernels::uses_blocked_kernel<float>, simd::kF32x4 || math::kPortableArithmetic);
  // float64 stays on Eigen everywhere: scikit-learn parity.
  EXPECT_FALSE(kernels::uses_blocked_kernel<double>);
}

TEST(Kernels, ForwardProductAddAWMatchesReference) {
  std::mt19937 gen(1);
  for (const Shape& s : awkward_and_large_shapes()) {
    SCOPED_TRACE(::testing::Message() << "n=" << s.n << " k=" << s.k << " m=" << s.m);
    check_add_a_b<float>(s, gen);
    check_add_a_b<double>(s, gen);
  }
}

TEST(Kernels, WeightGradientAddAtDMatchesReference) {
  std::mt19937 gen(2);
  for (const Shape& s : awkward_and_large_shapes()) {
    SCOPED_TRACE(::testing::Message() << "n=" << s.n << " k=" << s.k << " m=" << s.m);
    check_add_at_b<float>(s, gen);
    check_add_at_b<double>(s, gen);
  }
}

TEST(Kernels, BackPropagatedDeltaDWtMatchesReference) {
  std::mt19937 gen(3);
  for (const Shape& s : awkward_and_large_shapes()) {
    SCOPED_TRACE(::testing::Message() << "n=" << s.n << " k=" << s.k << " m=" << s.m);
    check_set_a_bt<float>(s, gen);
    check_set_a_bt<double>(s, gen);
  }
}

TEST(Kernels, ProductsWorkOnTopRowsOfLargerBuffersAsTheNetworkUsesThem) {
  // The network multiplies the first n rows of workspaces sized for a larger batch.
  std::mt19937 gen(4);
  const Index capacity = 9, n = 7, k = 5, m = 17;
  Mat<float> A = random_matrix<float>(capacity, k, gen), W = random_matrix<float>(k, m, gen);
  Mat<float> Z = random_matrix<float>(capacity, m, gen);
  const Mat<float> untouched = Z.bottomRows(capacity - n);
  Mat<float> want = Z.topRows(n);
  auto Z_top = Z.topRows(n);
  kernels::add_a_b(A.topRows(n), W, Z_top);
  kernels::reference::add_a_b(A.topRows(n), W, want);
  EXPECT_LE((Z.topRows(n) - want).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_EQ(Z.bottomRows(capacity - n), untouched);
}

TEST(Kernels, GemmBlockedLeavesEverythingOutsideCAlone) {
  // C as a 5 x 19 window (row stride 23) inside a sentinel-filled buffer, in all three stride
  // patterns, storing (first depth block) and accumulating.
  std::mt19937 gen(5);
  const Index M = 5, N = 19, K = 300, ldc = 23;
  const float sentinel = 12345.0f;
  for (int pattern = 0; pattern < 3; ++pattern) {
    for (bool accumulate : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "pattern=" << pattern << " accumulate=" << accumulate);
      // op(A) is M x K and op(B) K x N, stored plainly or transposed.
      const Mat<float> opA = random_matrix<float>(M, K, gen), opB = random_matrix<float>(K, N, gen);
      const Mat<float> At = opA.transpose(), Bt = opB.transpose();
      std::vector<float> buffer(static_cast<std::size_t>((M + 2) * ldc), sentinel);
      float* C = buffer.data() + ldc + 2;  // one sentinel row above, two sentinel columns left
      for (Index i = 0; i < M; ++i)
        for (Index j = 0; j < N; ++j) C[i * ldc + j] = 1.0f;
      if (pattern == 0) kernels::gemm_blocked(M, N, K, opA.data(), K, 1, opB.data(), N, 1, C, ldc, accumulate);
      if (pattern == 1) kernels::gemm_blocked(M, N, K, At.data(), 1, M, opB.data(), N, 1, C, ldc, accumulate);
      if (pattern == 2) kernels::gemm_blocked(M, N, K, opA.data(), K, 1, Bt.data(), 1, K, C, ldc, accumulate);
      Mat<float> want = Mat<float>::Constant(M, N, accumulate ? 1.0f : 0.0f);
      kernels::reference::add_a_b(opA, opB, want);
      for (Index p = 0; p < static_cast<Index>(buffer.size()); ++p) {
        const Index offset = p - (ldc + 2);
        const Index i = offset >= 0 ? offset / ldc : -1, j = offset >= 0 ? offset % ldc : -1;
        if (i >= 0 && i < M && j < N)
          EXPECT_NEAR(buffer[static_cast<std::size_t>(p)], want(i, j), 1e-4f) << "C(" << i << ", " << j << ")";
        else
          EXPECT_EQ(buffer[static_cast<std::size_t>(p)], sentinel) << "buffer[" << p << "]";
      }
    }
  }
}

TEST(Kernels, GemmBlockedWithZeroDepthStoresZerosOrAddsNothing) {
  Mat<float> C = Mat<float>::Constant(3, 5, 2.0f);
  const float none = 0.0f;
  kernels::gemm_blocked(3, 5, 0, &none, 0, 1, &none, 5, 1, C.data(), 5, true);
  EXPECT_EQ(C, Mat<float>::Constant(3, 5, 2.0f));
  kernels::gemm_blocked(3, 5, 0, &none, 0, 1, &none, 5, 1, C.data(), 5, false);
  EXPECT_EQ(C, Mat<float>::Zero(3, 5));
}

TEST(Kernels, GemmBlockedOnEmptyOutputsTouchesNothing) {
  float untouched = 7.0f;
  kernels::gemm_blocked(0, 4, 3, nullptr, 3, 1, nullptr, 4, 1, &untouched, 4, false);
  kernels::gemm_blocked(4, 0, 3, nullptr, 3, 1, nullptr, 0, 1, &untouched, 0, false);
  EXPECT_EQ(untouched, 7.0f);
}

}  // namespace
}  // namespace mlp
