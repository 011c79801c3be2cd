// The core's own exp, log, tanh, sin, cos and pow (portable_math.hpp): close to the C library's,
// with its special values, and the same bits in every build: a digest of each function over a
// fixed sweep of inputs is written below, and this suite checks it natively and in WebAssembly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "mlp/portable_math.hpp"

namespace mlp {
namespace {

using Fn = double (*)(double);

/// |a - b| in units of the last place of b.
double ulps(double a, double b) {
  if (a == b) return 0;
  const double ulp = std::nextafter(std::fabs(b), std::numeric_limits<double>::infinity()) - std::fabs(b);
  return std::fabs(a - b) / ulp;
}

/// n inputs spread over [lo, hi] (a fixed irrational stride, so no two sweeps line up).
template <class F>
void sweep(double lo, double hi, int n, F f) {
  for (int i = 0; i < n; ++i) f(lo + (hi - lo) * std::fmod(i * 0.6180339887498949, 1.0));
}

/// The worst distance, in ulps, of fn from the C library's over a sweep.
double worst_ulps(Fn fn, double (*libc)(double), double lo, double hi) {
  double worst = 0;
  sweep(lo, hi, 20000, [&](double x) { worst = std::max(worst, ulps(fn(x), libc(x))); });
  return worst;
}

double libc_exp(double x) { return std::exp(x); }
double libc_expm1(double x) { return std::expm1(x); }
double libc_log(double x) { return std::log(x); }
double libc_tanh(double x) { return std::tanh(x); }
double libc_sin(double x) { return std::sin(x); }
double libc_cos(double x) { return std::cos(x); }
double my_exp(double x) { return math::exp(x); }
double my_log(double x) { return math::log(x); }
double my_tanh(double x) { return math::tanh(x); }

// The C library is itself within about 0.5-1 ulp of the true value, so these bounds allow the
// measured error of ours (exp 0.53, expm1 1.5, log 1.3, tanh 2.3, sin/cos 1.5 ulps against a
// long double reference) plus the library's.
TEST(PortableMath, CloseToTheCLibrary) {
  EXPECT_LE(worst_ulps(my_exp, libc_exp, -745, 709.7), 2.0);
  EXPECT_LE(worst_ulps(my_exp, libc_exp, -1, 1), 2.0);
  EXPECT_LE(worst_ulps(math::expm1, libc_expm1, -5, 5), 3.0);
  EXPECT_LE(worst_ulps(math::expm1, libc_expm1, -1e-3, 1e-3), 2.0);
  EXPECT_LE(worst_ulps(my_log, libc_log, 1e-300, 1e300), 2.0);
  EXPECT_LE(worst_ulps(my_log, libc_log, 0.5, 2), 2.0);
  EXPECT_LE(worst_ulps(my_tanh, libc_tanh, -5, 5), 3.5);
  EXPECT_LE(worst_ulps(my_tanh, libc_tanh, -0.01, 0.01), 3.5);
  EXPECT_LE(worst_ulps(math::sin, libc_sin, -100, 100), 2.5);
  EXPECT_LE(worst_ulps(math::cos, libc_cos, -100, 100), 2.5);
  EXPECT_LE(worst_ulps(math::sin, libc_sin, -1e6, 1e6), 2.5);
}

// pow is exp(y log x): log's last-bit error, times y, is an error in the exponent, so pow is within
// about 1 + |y log x| ulps. Adam's 1 - beta^t is unaffected (beta^t's error stays under 1 ulp of
// 1 - beta^t), and invscaling's (t + 1)^power_t has |y log x| < 7.
TEST(PortableMath, PowAsTheOptimizersUseIt) {
  double worst = 0;  // in units of 2 + 2 |y log x| ulps
  const auto check = [&](double x, double y) {
    worst = std::max(worst, ulps(math::pow(x, y), std::pow(x, y)) / (2 + 2 * std::fabs(y * std::log(x))));
  };
  for (int t = 1; t <= 2000; ++t) {
    check(0.999, t);
    check(0.9, t);
    check(t + 1.0, 0.25);
  }
  EXPECT_LE(worst, 1.0);
  EXPECT_EQ(math::pow(7.0, 0.5), std::sqrt(7.0));
  EXPECT_EQ(math::pow(3.0, 0.0), 1.0);
  EXPECT_EQ(math::pow(0.0, 2.0), 0.0);
  EXPECT_EQ(math::pow(0.0, -1.0), std::numeric_limits<double>::infinity());
}

// float32's log (the float32 losses): the float64 log rounded to float, but for the rare input
// that lies within 3e-10 of a rounding boundary.
TEST(PortableMath, FloatLogIsTheRoundedLog) {
  int off = 0;
  float worst = 0;
  sweep(1e-30, 1e4, 200000, [&](double x) {
    const float f = static_cast<float>(x);
    const float want = static_cast<float>(std::log(static_cast<double>(f)));
    const float got = math::log(f);
    if (got != want) ++off;
    worst = std::max(worst, std::fabs(got - want) / (std::nextafter(std::fabs(want), 1e30f) - std::fabs(want)));
  });
  EXPECT_LE(worst, 1.0f);
  EXPECT_LE(off, 20);
}

TEST(PortableMath, SpecialValues) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(math::exp(0.0), 1.0);
  EXPECT_EQ(math::exp(-inf), 0.0);
  EXPECT_EQ(math::exp(inf), inf);
  EXPECT_EQ(math::exp(710.0), inf);
  EXPECT_EQ(math::exp(-746.0), 0.0);
  EXPECT_GT(math::exp(-744.0), 0.0);  // subnormal
  EXPECT_TRUE(std::isnan(math::exp(nan)));
  EXPECT_EQ(math::log(1.0), 0.0);
  EXPECT_EQ(math::log(0.0), -inf);
  EXPECT_EQ(math::log(inf), inf);
  EXPECT_TRUE(std::isnan(math::log(-1.0)));
  EXPECT_NEAR(math::log(4.9e-324), -744.44007192138122, 1e-12);  // the smallest subnormal
  EXPECT_EQ(math::tanh(30.0), 1.0);
  EXPECT_EQ(math::tanh(-30.0), -1.0);
  EXPECT_TRUE(std::signbit(math::tanh(-0.0)));
  EXPECT_TRUE(std::signbit(math::sin(-0.0)));
  EXPECT_EQ(math::cos(0.0), 1.0);
  EXPECT_TRUE(std::isnan(math::sin(inf)));
  EXPECT_TRUE(std::isnan(math::cos(nan)));
  EXPECT_EQ(math::expm1(-50.0), -1.0);
  // float32: the float64 value rounded once.
  EXPECT_EQ(math::log(0.5f), static_cast<float>(math::log(0.5)));
}

/// A digest of fn's bits over a sweep: equal only if every result is equal, bit for bit.
std::uint64_t digest(double (*fn)(double), double lo, double hi) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the results' bits
  sweep(lo, hi, 20000, [&](double x) {
    const double y = fn(x);
    std::uint64_t b;
    std::memcpy(&b, &y, sizeof b);
    for (int i = 0; i < 8; ++i) h = (h ^ ((b >> (8 * i)) & 0xff)) * 1099511628211ULL;
  });
  return h;
}

double pow_beta(double t) { return math::pow(0.999, std::floor(t)); }

// These digests were computed by the native build; the WebAssembly build must give the same.
TEST(PortableMath, SameBitsInEveryBuild) {
  EXPECT_EQ(digest(my_exp, -745, 709.7), 0xb66b20b81e8bb908ULL);
  EXPECT_EQ(digest(math::expm1, -5, 5), 0x54c2e1c098a37a74ULL);
  EXPECT_EQ(digest(my_log, 1e-300, 1e300), 0x57555a70520bbdf9ULL);
  EXPECT_EQ(digest(my_tanh, -5, 5), 0x185b116611364cb0ULL);
  EXPECT_EQ(digest(math::sin, -1e7, 1e7), 0x263c3f425c0cbaf4ULL);
  EXPECT_EQ(digest(math::cos, -1e7, 1e7), 0xb24ccb7be645e24aULL);
  EXPECT_EQ(digest(math::sin, -1e300, 1e300), 0xa60a0d95eb0b6758ULL);
  EXPECT_EQ(digest(pow_beta, 1, 1e5), 0x39c034b54c8f6bceULL);
}

}  // namespace
}  // namespace mlp
