// The element-wise kernels of elementwise.hpp against their plain-loop references, on awkward
// shapes (rows and columns in {1, 3, 5, 7, 17, 33}, so batches 1 and 7 and every f32x4 tail
// show) and extreme inputs (+-100, +-0, tiny and denormal values, +-inf, NaN). In the wasm suite
// the kernels are the f32x4 code; natively its portable 4-lane stand-in, the same arithmetic.
// The activations and optimizers are also checked through activations.hpp and optimizers.hpp,
// whichever path the build gives them.
//
// Tolerances, in float ulps between kernel and reference (the reference calls <cmath>):
//   relu, leaky_relu, the derivative multiplies, softmax's shift and division, adam, sgd: 0 (bit-for-bit:
//   the same IEEE operations in the same order);
//   exp 2 (measured: at most 1 against the C library's expf, on every third float in [-110, 100]);
//   logistic 4 (measured 4: 1 + exp(-z) rounds to a spacing of 2 near z = -16.6);
//   softmax 4 (exp's ulp, carried through the row sum);
//   tanh 8 (measured 7: Eigen's rational tanh, which the kernel reproduces, is 6.9 ulps from tanh).
// Through activations.hpp natively (Eigen's own exp and tanh packets) logistic, tanh and softmax
// get 8.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "mlp/activations.hpp"
#include "mlp/elementwise.hpp"
#include "mlp/optimizers.hpp"

namespace mlp {
namespace {

namespace ew = elementwise;

const Index kSizes[] = {1, 3, 5, 7, 17, 33};
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

/// Distance between two floats in units in the last place (adjacent floats are 1 apart, +0 and
/// -0 are 0 apart); 0 when both are NaN, "infinite" when only one is.
std::int64_t ulp_distance(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : std::numeric_limits<int>::max();
  auto key = [](float f) {
    std::int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits < 0 ? -static_cast<std::int64_t>(bits & 0x7fffffff) : static_cast<std::int64_t>(bits);
  };
  return std::llabs(key(a) - key(b));
}

/// True when a and b have the same bits, or are both NaN.
bool same_float(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

/// Every entry of got within max_ulps of want (NaN where want has NaN); 0 asks for the same bits.
void expect_within_ulps(const std::vector<float>& got, const std::vector<float>& want, std::int64_t max_ulps,
                        const std::vector<float>& input) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool ok = max_ulps == 0 ? same_float(got[i], want[i]) : ulp_distance(got[i], want[i]) <= max_ulps;
    EXPECT_TRUE(ok) << "entry " << i << " of " << got.size() << ": input " << input[i] << ", got " << got[i]
                    << ", want " << want[i] << " (" << ulp_distance(got[i], want[i]) << " ulps)";
  }
}

/// n inputs uniform in [lo, hi], with the extreme values of `extremes` written over some of them
/// (cycling through the list, one every 5 entries starting at `offset`, so each shape gets them in
/// different lanes and tails).
std::vector<float> inputs(Index n, float lo, float hi, std::mt19937& gen, const std::vector<float>& extremes = {},
                          Index offset = 0) {
  std::uniform_real_distribution<float> uniform(lo, hi);
  std::vector<float> x(static_cast<std::size_t>(n));
  for (float& v : x) v = uniform(gen);
  std::size_t next = 0;
  for (Index i = offset % 5; i < n && !extremes.empty(); i += 5)
    x[static_cast<std::size_t>(i)] = extremes[next++ % extremes.size()];
  return x;
}

const std::vector<float> kExtremeInputs = {100.0f, -100.0f, 0.0f,   -0.0f,   1e-30f, -1e-30f, 1e-40f,
                                           88.8f,  -88.8f,  200.0f, -200.0f, kInf,   -kInf,   kNaN};

using InPlaceKernel = void (*)(float*, Index);

void check_in_place(InPlaceKernel kernel, InPlaceKernel reference, std::int64_t max_ulps, float lo, float hi,
                    unsigned seed) {
  std::mt19937 gen(seed);
  for (Index rows : kSizes)
    for (Index cols : kSizes) {
      SCOPED_TRACE(::testing::Message() << "rows=" << rows << " cols=" << cols);
      const std::vector<float> x = inputs(rows * cols, lo, hi, gen, kExtremeInputs, rows + cols);
      std::vector<float> got = x, want = x;
      kernel(got.data(), rows * cols);
      reference(want.data(), rows * cols);
      expect_within_ulps(got, want, max_ulps, x);
    }
}

TEST(Elementwise, SimdKernelsServeFloat32WhereTheBuildComputesAsWasm) {
  // In wasm SIMD and on portable arithmetic (the native runner and tests): what wasm computes.
  EXPECT_EQ(ew::uses_simd_kernels<float>, simd::kF32x4 || math::kPortableArithmetic);
  // float64 stays on Eigen everywhere: scikit-learn parity.
  EXPECT_FALSE(ew::uses_simd_kernels<double>);
}

TEST(Elementwise, ExpIsWithin2UlpsOfTheCLibrary) { check_in_place(ew::exp, ew::reference::exp, 2, -90, 90, 1); }

TEST(Elementwise, ExpGivesZeroInfinityAndNaNWhereTheCLibraryDoes) {
  std::vector<float> x = {-104.0f, -200.0f, -kInf, 89.0f, 100.0f, kInf, kNaN, 0.0f, -0.0f, 1e-40f};
  std::vector<float> want = x;
  ew::reference::exp(want.data(), static_cast<Index>(want.size()));
  std::vector<float> got = x;
  ew::exp(got.data(), static_cast<Index>(got.size()));
  expect_within_ulps(got, want, 0, x);
}

TEST(Elementwise, ExpReachesTheDenormalsAndTheLargestFloat) {
  std::vector<float> x = {-87.0f, -90.0f, -95.0f, -100.0f, -103.0f, 88.0f, 88.5f, 88.72f};
  std::vector<float> want = x, got = x;
  ew::reference::exp(want.data(), static_cast<Index>(want.size()));
  ew::exp(got.data(), static_cast<Index>(got.size()));
  expect_within_ulps(got, want, 2, x);
}

TEST(Elementwise, ReluIsTheReferenceBitForBit) { check_in_place(ew::relu, ew::reference::relu, 0, -3, 3, 2); }

TEST(Elementwise, ReluKeepsNaNAndTurnsMinusZeroIntoZero) {
  std::vector<float> z = {-0.0f, kNaN, -1e-40f, 1e-40f, -kInf, kInf, 0.0f};
  ew::relu(z.data(), static_cast<Index>(z.size()));
  EXPECT_FALSE(std::signbit(z[0]));
  EXPECT_TRUE(std::isnan(z[1]));
  EXPECT_EQ(std::vector<float>(z.begin() + 2, z.end()), (std::vector<float>{0.0f, 1e-40f, 0.0f, kInf, 0.0f}));
}

// leaky_relu at the default slope (what activations.hpp passes by default) and at 0.3, which is
// not a power of two, so slope * z rounds.
void leaky_relu_default(float* z, Index n) { ew::leaky_relu(z, n, 0.01f); }
void leaky_relu_default_reference(float* z, Index n) { ew::reference::leaky_relu(z, n, 0.01f); }
void leaky_relu_03(float* z, Index n) { ew::leaky_relu(z, n, 0.3f); }
void leaky_relu_03_reference(float* z, Index n) { ew::reference::leaky_relu(z, n, 0.3f); }

TEST(Elementwise, LeakyReluIsTheReferenceBitForBit) {
  check_in_place(leaky_relu_03, leaky_relu_03_reference, 0, -3, 3, 21);
  check_in_place(leaky_relu_default, leaky_relu_default_reference, 0, -3, 3, 22);
}

TEST(Elementwise, LeakyReluScalesNegativesAndKeepsNaN) {
  std::vector<float> z = {-2.0f, 3.0f, 0.0f, -0.0f, kNaN, -kInf, kInf};
  ew::leaky_relu(z.data(), static_cast<Index>(z.size()), 0.5f);
  EXPECT_EQ(z[0], -1.0f);
  EXPECT_EQ(z[1], 3.0f);
  EXPECT_EQ(z[2], 0.0f);
  EXPECT_TRUE(std::isnan(z[4]));
  EXPECT_EQ(z[5], -kInf);
  EXPECT_EQ(z[6], kInf);
}

TEST(Elementwise, LogisticIsWithin4UlpsOfExpit) {
  check_in_place(ew::logistic, ew::reference::logistic, 4, -20, 20, 3);
}

TEST(Elementwise, TanhIsWithin8UlpsOfTanh) { check_in_place(ew::tanh, ew::reference::tanh, 8, -9, 9, 4); }

TEST(Elementwise, TanhIsEigensFloatTanhBitForBit) {
  // What Eigen computed for float32 tanh in wasm before the kernels: its scalar rational tanh,
  // without fused multiply-adds (wasm has none).
#ifdef EIGEN_VECTORIZE_FMA
  GTEST_SKIP() << "Eigen's float tanh uses fused multiply-adds in this build";
#endif
  std::mt19937 gen(5);
  const std::vector<float> x = inputs(4096, -9.0f, 9.0f, gen, {0.0f, -0.0f, 1e-30f, -3e-4f, 4e-4f, 1e-40f});
  std::vector<float> got = x, want = x;
  ew::tanh(got.data(), static_cast<Index>(got.size()));
  for (float& v : want) v = Eigen::numext::tanh(v);
  expect_within_ulps(got, want, 0, x);
}

TEST(Elementwise, TanhAndLogisticSaturateAtPlusMinusOneAndZeroOne) {
  std::vector<float> x = {100.0f, -100.0f, kInf, -kInf};
  std::vector<float> t = x, s = x;
  ew::tanh(t.data(), 4);
  ew::logistic(s.data(), 4);
  EXPECT_EQ(t, (std::vector<float>{1.0f, -1.0f, 1.0f, -1.0f}));
  EXPECT_EQ(s, (std::vector<float>{1.0f, 0.0f, 1.0f, 0.0f}));
}

using DerivativeKernel = void (*)(const float*, float*, Index);

void check_derivative(DerivativeKernel kernel, DerivativeKernel reference, float lo, float hi, unsigned seed) {
  std::mt19937 gen(seed);
  for (Index rows : kSizes)
    for (Index cols : kSizes) {
      SCOPED_TRACE(::testing::Message() << "rows=" << rows << " cols=" << cols);
      const Index n = rows * cols;
      // Activation outputs with exact zeros (relu's dead units) and a NaN among them.
      const std::vector<float> a = inputs(n, lo, hi, gen, {0.0f, -0.0f, lo, hi, kNaN, 1e-40f}, rows);
      const std::vector<float> d = inputs(n, -2, 2, gen, {0.0f, 100.0f, -1e-30f, kNaN}, cols);
      std::vector<float> got = d, want = d;
      kernel(a.data(), got.data(), n);
      reference(a.data(), want.data(), n);
      expect_within_ulps(got, want, 0, a);
    }
}

TEST(Elementwise, ReluDerivativeIsTheReferenceBitForBit) {
  check_derivative(ew::relu_derivative, ew::reference::relu_derivative, 0, 3, 6);
}

TEST(Elementwise, LogisticDerivativeIsTheReferenceBitForBit) {
  check_derivative(ew::logistic_derivative, ew::reference::logistic_derivative, 0, 1, 7);
}

TEST(Elementwise, TanhDerivativeIsTheReferenceBitForBit) {
  check_derivative(ew::tanh_derivative, ew::reference::tanh_derivative, -1, 1, 8);
}

void leaky_relu_derivative_03(const float* a, float* d, Index n) { ew::leaky_relu_derivative(a, d, n, 0.3f); }
void leaky_relu_derivative_03_reference(const float* a, float* d, Index n) {
  ew::reference::leaky_relu_derivative(a, d, n, 0.3f);
}
void leaky_relu_derivative_default_reference(const float* a, float* d, Index n) {
  ew::reference::leaky_relu_derivative(a, d, n, 0.01f);
}

TEST(Elementwise, LeakyReluDerivativeIsTheReferenceBitForBit) {
  check_derivative(leaky_relu_derivative_03, leaky_relu_derivative_03_reference, -1, 3, 23);
}

TEST(Elementwise, LeakyReluDerivativeIsOneAboveZeroAndTheSlopeElsewhere) {
  std::vector<float> a = {2.0f, -0.5f, 0.0f, -0.0f, 1e-40f}, d(5, 4.0f);
  ew::leaky_relu_derivative(a.data(), d.data(), 5, 0.25f);
  EXPECT_EQ(d, (std::vector<float>{4.0f, 1.0f, 1.0f, 1.0f, 4.0f}));
}

TEST(Elementwise, ReluDerivativeZeroesDeltaWhereTheOutputIsZero) {
  // Quirk Q9 through the kernel: +0 and -0 outputs both stop the gradient.
  std::vector<float> a = {0.0f, -0.0f, 1e-40f, 2.5f, 0.0f}, d(5, 3.0f);
  ew::relu_derivative(a.data(), d.data(), 5);
  EXPECT_EQ(d, (std::vector<float>{0.0f, 0.0f, 3.0f, 3.0f, 0.0f}));
}

void check_softmax(Index rows, Index cols, Index stride, std::mt19937& gen, bool extremes) {
  SCOPED_TRACE(::testing::Message() << "rows=" << rows << " cols=" << cols << " stride=" << stride);
  // Entries outside the rows' first cols entries are padding that must stay untouched.
  std::vector<float> x = inputs(rows * stride, -10, 10, gen, extremes ? kExtremeInputs : std::vector<float>{}, cols);
  std::vector<float> got = x, want = x;
  ew::softmax(got.data(), rows, cols, stride);
  ew::reference::softmax(want.data(), rows, cols, stride);
  expect_within_ulps(got, want, 4, x);
  for (Index i = 0; i < rows; ++i)
    for (Index j = cols; j < stride; ++j) EXPECT_TRUE(same_float(got[i * stride + j], x[i * stride + j]));
}

TEST(Elementwise, SoftmaxIsWithin4UlpsOfTheReference) {
  std::mt19937 gen(9);
  for (Index rows : kSizes)
    for (Index cols : kSizes) {
      check_softmax(rows, cols, cols, gen, false);
      check_softmax(rows, cols, cols + 3, gen, false);
    }
}

TEST(Elementwise, SoftmaxOfExtremeRowsMatchesTheReference) {
  // +-100 and +-200 (exp of the shifted row underflows), +-inf and NaN (the whole row turns NaN).
  std::mt19937 gen(10);
  for (Index rows : kSizes)
    for (Index cols : kSizes) check_softmax(rows, cols, cols, gen, true);
}

TEST(Elementwise, SoftmaxRowsSumToOne) {
  std::mt19937 gen(11);
  const Index rows = 7, cols = 33;
  std::vector<float> z = inputs(rows * cols, -30, 30, gen);
  ew::softmax(z.data(), rows, cols, cols);
  for (Index i = 0; i < rows; ++i) {
    double sum = 0;
    for (Index j = 0; j < cols; ++j) sum += z[static_cast<std::size_t>(i * cols + j)];
    EXPECT_NEAR(sum, 1.0, 1e-6) << "row " << i;
  }
}

ew::AdamStep adam_step(int t) {
  // As AdamOptimizer<float>::update computes them at step t.
  const double b1 = 0.9, b2 = 0.999, lr = 0.01;
  const double lr_t = lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
  return {static_cast<float>(b1),     static_cast<float>(b2),   static_cast<float>(1 - b1),
          static_cast<float>(1 - b2), static_cast<float>(lr_t), 1e-8f};
}

TEST(Elementwise, AdamUpdateIsTheReferenceBitForBit) {
  std::mt19937 gen(12);
  for (Index rows : kSizes)
    for (Index cols : kSizes) {
      SCOPED_TRACE(::testing::Message() << "rows=" << rows << " cols=" << cols);
      const Index n = rows * cols;
      std::vector<float> theta = inputs(n, -1, 1, gen), m(static_cast<std::size_t>(n), 0.0f), v = m;
      std::vector<float> theta_ref = theta, m_ref = m, v_ref = v;
      for (int t = 1; t <= 3; ++t) {
        const std::vector<float> grad = inputs(n, -1, 1, gen, {0.0f, 1e-30f, -100.0f, 1e-4f}, t);
        ew::adam_update(n, grad.data(), m.data(), v.data(), theta.data(), adam_step(t));
        ew::reference::adam_update(n, grad.data(), m_ref.data(), v_ref.data(), theta_ref.data(), adam_step(t));
      }
      expect_within_ulps(m, m_ref, 0, theta_ref);
      expect_within_ulps(v, v_ref, 0, theta_ref);
      expect_within_ulps(theta, theta_ref, 0, theta_ref);
    }
}

TEST(Elementwise, SgdUpdateIsTheReferenceBitForBit) {
  std::mt19937 gen(13);
  for (bool nesterov : {false, true})
    for (Index rows : kSizes)
      for (Index cols : kSizes) {
        SCOPED_TRACE(::testing::Message() << "rows=" << rows << " cols=" << cols << " nesterov=" << nesterov);
        const Index n = rows * cols;
        std::vector<float> theta = inputs(n, -1, 1, gen), velocity(static_cast<std::size_t>(n), 0.0f);
        std::vector<float> theta_ref = theta, velocity_ref = velocity;
        for (int t = 1; t <= 3; ++t) {
          const std::vector<float> grad = inputs(n, -1, 1, gen, {0.0f, 1e-30f, -100.0f}, t);
          ew::sgd_update(n, grad.data(), velocity.data(), theta.data(), 0.9f, 0.05f, nesterov);
          ew::reference::sgd_update(n, grad.data(), velocity_ref.data(), theta_ref.data(), 0.9f, 0.05f, nesterov);
        }
        expect_within_ulps(velocity, velocity_ref, 0, theta_ref);
        expect_within_ulps(theta, theta_ref, 0, theta_ref);
      }
}

// --- Through activations.hpp and optimizers.hpp (the kernels in wasm, Eigen natively) ----------

std::vector<float> to_vector(const Mat<float>& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

Mat<float> random_mat(Index rows, Index cols, float lo, float hi, std::mt19937& gen) {
  const std::vector<float> x = inputs(rows * cols, lo, hi, gen);
  Mat<float> m(rows, cols);
  std::copy(x.begin(), x.end(), m.data());
  return m;
}

TEST(Elementwise, HiddenActivationsOnBlocksMatchTheReference) {
  // The network's top-rows blocks (contiguous) and left-columns blocks (strided rows).
  struct Case {
    Activation activation;
    InPlaceKernel reference;
    std::int64_t max_ulps;  // natively Eigen's own exp and tanh: a few ulps more than the kernels
  };
  const Case cases[] = {{Activation::relu, ew::reference::relu, 0},
                        {Activation::leaky_relu, leaky_relu_default_reference, 0},
                        {Activation::logistic, ew::reference::logistic, 8},
                        {Activation::tanh, ew::reference::tanh, 8}};
  std::mt19937 gen(14);
  for (const Case& c : cases)
    for (Index batch : {1, 7})
      for (Index cols : kSizes) {
        SCOPED_TRACE(::testing::Message()
                     << "activation=" << name_of(c.activation) << " batch=" << batch << " cols=" << cols);
        Mat<float> Z = random_mat(batch + 2, cols + 3, -9, 9, gen);
        const Mat<float> Z0 = Z;
        apply_activation<float>(c.activation, Z.topRows(batch));
        Mat<float> want = Z0.topRows(batch);
        c.reference(want.data(), want.size());
        expect_within_ulps(to_vector(Z.topRows(batch)), to_vector(want), c.max_ulps, to_vector(Z0.topRows(batch)));
        EXPECT_EQ(Z.bottomRows(2), Z0.bottomRows(2));

        Mat<float> W = Z0;
        apply_activation<float>(c.activation, W.leftCols(cols));
        Mat<float> want_left = Z0.leftCols(cols);
        c.reference(want_left.data(), want_left.size());
        expect_within_ulps(to_vector(W.leftCols(cols)), to_vector(want_left), c.max_ulps, to_vector(Z0.leftCols(cols)));
        EXPECT_EQ(W.rightCols(3), Z0.rightCols(3));
      }
}

TEST(Elementwise, DerivativesOnBlocksAreTheReferenceBitForBit) {
  struct Case {
    Activation activation;
    DerivativeKernel reference;
    float lo, hi;
  };
  const Case cases[] = {{Activation::relu, ew::reference::relu_derivative, 0, 2},
                        {Activation::leaky_relu, leaky_relu_derivative_default_reference, -1, 2},
                        {Activation::logistic, ew::reference::logistic_derivative, 0, 1},
                        {Activation::tanh, ew::reference::tanh_derivative, -1, 1}};
  std::mt19937 gen(15);
  for (const Case& c : cases)
    for (Index batch : {1, 7})
      for (Index cols : kSizes) {
        SCOPED_TRACE(::testing::Message()
                     << "activation=" << name_of(c.activation) << " batch=" << batch << " cols=" << cols);
        Mat<float> A = random_mat(batch, cols + 1, c.lo, c.hi, gen);
        A(0, 0) = 0.0f;  // a dead relu unit
        const Mat<float> D0 = random_mat(batch, cols + 1, -2, 2, gen);
        Mat<float> D = D0;
        apply_derivative<float>(c.activation, A.leftCols(cols), D.leftCols(cols));
        Mat<float> a = A.leftCols(cols), want = D0.leftCols(cols);
        c.reference(a.data(), want.data(), want.size());
        expect_within_ulps(to_vector(D.leftCols(cols)), to_vector(want), 0, to_vector(a));
        EXPECT_EQ(D.rightCols(1), D0.rightCols(1));
      }
}

TEST(Elementwise, OutputActivationsMatchTheReference) {
  std::mt19937 gen(16);
  for (Index batch : {1, 7})
    for (Index cols : kSizes) {
      SCOPED_TRACE(::testing::Message() << "batch=" << batch << " cols=" << cols);
      const Mat<float> Z0 = random_mat(batch, cols, -20, 20, gen);
      Mat<float> softmax = Z0, logistic = Z0;
      apply_output_activation<float>(OutActivation::softmax, softmax.topRows(batch));
      apply_output_activation<float>(OutActivation::logistic, logistic.topRows(batch));
      Mat<float> want_softmax = Z0, want_logistic = Z0;
      ew::reference::softmax(want_softmax.data(), batch, cols, cols);
      ew::reference::logistic(want_logistic.data(), want_logistic.size());
      expect_within_ulps(to_vector(softmax), to_vector(want_softmax), 8, to_vector(Z0));
      expect_within_ulps(to_vector(logistic), to_vector(want_logistic), 8, to_vector(Z0));
    }
}

Params optimizer_params(Solver solver, bool nesterov) {
  Params p;
  p.solver = solver;
  p.learning_rate_init = 0.01;
  p.momentum = 0.9;
  p.nesterovs_momentum = nesterov;
  return p;
}

TEST(Elementwise, OptimizerClassesGiveTheReferenceUpdatesBitForBit) {
  std::mt19937 gen(17);
  for (Index n : kSizes) {
    SCOPED_TRACE(::testing::Message() << "n=" << n);
    AdamOptimizer<float> adam(n, optimizer_params(Solver::adam, true));
    SgdOptimizer<float> sgd(n, optimizer_params(Solver::sgd, true));
    SgdOptimizer<float> momentum(n, optimizer_params(Solver::sgd, false));
    const std::vector<float> theta0 = inputs(n, -1, 1, gen);
    Vec<float> theta_adam = Eigen::Map<const Vec<float>>(theta0.data(), n), theta_sgd = theta_adam,
               theta_momentum = theta_adam;
    std::vector<float> adam_ref = theta0, m(static_cast<std::size_t>(n), 0.0f), v = m;
    std::vector<float> sgd_ref = theta0, momentum_ref = theta0, velocity = m, velocity_momentum = m;
    for (int t = 1; t <= 3; ++t) {
      const std::vector<float> g = inputs(n, -1, 1, gen);
      const Vec<float> grad = Eigen::Map<const Vec<float>>(g.data(), n);
      adam.update(theta_adam, grad);
      sgd.update(theta_sgd, grad);
      momentum.update(theta_momentum, grad);
      ew::reference::adam_update(n, g.data(), m.data(), v.data(), adam_ref.data(), adam_step(t));
      ew::reference::sgd_update(n, g.data(), velocity.data(), sgd_ref.data(), 0.9f, 0.01f, true);
      ew::reference::sgd_update(n, g.data(), velocity_momentum.data(), momentum_ref.data(), 0.9f, 0.01f, false);
    }
    auto as_vector = [](const Vec<float>& x) { return std::vector<float>(x.data(), x.data() + x.size()); };
    {
      SCOPED_TRACE("adam");
      // Natively Eigen's AVX square root may be its rsqrt-and-Newton approximation (1 ulp).
      expect_within_ulps(as_vector(theta_adam), adam_ref, ew::uses_simd_kernels<float> ? 0 : 2, theta0);
    }
    {
      SCOPED_TRACE("sgd, Nesterov");
      expect_within_ulps(as_vector(theta_sgd), sgd_ref, 0, theta0);
    }
    {
      SCOPED_TRACE("sgd, momentum");
      expect_within_ulps(as_vector(theta_momentum), momentum_ref, 0, theta0);
    }
  }
}

}  // namespace
}  // namespace mlp
