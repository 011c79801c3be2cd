// The core's transcendental functions in plain IEEE arithmetic (see portable_math.hpp).
//
// Each reduces its argument exactly (or nearly: by a constant split so that k * hi is exact),
// then evaluates a Taylor polynomial short enough for |r| on the reduced range and long enough
// that the first dropped term is under 2^-56 of the result. Coefficients are 1/n! with n! exact in
// double (n <= 18), so each is one correctly rounded division that every compiler folds alike.
#include "mlp/portable_math.hpp"

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mlp::math {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with its 32 low significand bits zero (k * kLn2Hi is exact
// for |k| < 2^32). pi/2 = kPio2[0] + kPio2[1] + kPio2[2], the first two with 33 zero bits.
constexpr double kLn2Hi = 0x1.62e4200000000p-1;
constexpr double kLn2Lo = 0x1.fdf473de6af28p-22;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kPio2Hi = 0x1.921fa00000000p+0;
constexpr double kPio2Mid = 0x1.5444200000000p-20;
constexpr double kPio2Lo = 0x1.a308d313198a3p-41;
constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
constexpr double kPio4 = 0x1.921fb54442d18p-1;

/// The polynomials' coefficients, computed once by the compiler (each one correctly rounded
/// division, so every compiler folds them alike): 1/n! for n <= 18 and 2/(2k+1) for k <= 11.
struct Coefficients {
  double inv_factorial[19];
  double two_over_odd[12];
};
constexpr Coefficients make_coefficients() {
  Coefficients c{};
  double factorial = 1.0;  // n! is exact in double for n <= 18
  for (int n = 0; n <= 18; ++n) {
    if (n > 1) factorial *= n;
    c.inv_factorial[n] = 1.0 / factorial;
  }
  for (int k = 0; k <= 11; ++k) c.two_over_odd[k] = 2.0 / (2 * k + 1);
  return c;
}
constexpr Coefficients kCoefficients = make_coefficients();
constexpr double inv_factorial(int n) { return kCoefficients.inv_factorial[n]; }

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
/// 2^k for -1022 <= k <= 1023.
double two_to(int k) { return from_bits(static_cast<std::uint64_t>(k + 1023) << 52); }
/// x * 2^k for |k| <= 2100, rounded once (only when the result is subnormal).
double scale(double x, int k) {
  while (k > 1023) {
    x *= two_to(1023);
    k -= 1023;
  }
  if (k < -1022) {
    // Two steps: the first is exact (the result stays normal), the second rounds once.
    x *= two_to(-1022 + 53);
    k += 1022 - 53;
    if (k < -1022) {
      x *= two_to(-1022);
      k += 1022;
    }
  }
  return x * two_to(k);
}

/// exp(r) - 1 for |r| <= ln2 / 2 + a little: Taylor to r^14 (r^15 / 15! < 2^-56 r there).
double expm1_reduced(double r) {
  double p = inv_factorial(14);
  for (int n = 13; n >= 2; --n) p = inv_factorial(n) + r * p;
  return r + r * (r * p);
}

/// x = k ln2 + r with |r| <= ln2/2 (about): returns r and sets k. |x| <= 746.
double reduce_ln2(double x, int& k) {
  const double kd = std::floor(x * kInvLn2 + 0.5);
  k = static_cast<int>(kd);
  return (x - kd * kLn2Hi) - kd * kLn2Lo;
}

/// sin(r) and cos(r) for |r| <= pi/4 (+ a little): Taylor to r^17 and r^18.
double sin_reduced(double r) {
  const double z = r * r;
  double p = inv_factorial(17);  // 17 % 4 == 1: positive
  for (int n = 15; n >= 3; n -= 2) p = (n % 4 == 3 ? -inv_factorial(n) : inv_factorial(n)) + z * p;
  return r + r * (z * p);
}
double cos_reduced(double r) {
  const double z = r * r;
  double p = -inv_factorial(18);  // 18 % 4 == 2: negative
  for (int n = 16; n >= 2; n -= 2) p = (n % 4 == 2 ? -inv_factorial(n) : inv_factorial(n)) + z * p;
  return 1.0 + z * p;
}

/// x = k pi/2 + r with |r| <= pi/4 (about); returns r and sets q = k mod 4.
double reduce_pio2(double x, int& q) {
  if (std::fabs(x) <= kPio4) {
    q = 0;
    return x;
  }
  if (std::fabs(x) >= 0x1p30) {
    // Past 2^30, first bring x below 2 pi by fmod (exact, so the same everywhere), by the
    // double nearest 2 pi: not the true sine any more, but the same bits on every machine.
    x = std::fmod(x, 4.0 * (kPio2Hi + kPio2Mid));
  }
  const double kd = std::floor(x * kTwoOverPi + 0.5);
  const auto k = static_cast<std::int64_t>(kd);
  q = static_cast<int>(((k % 4) + 4) % 4);
  return ((x - kd * kPio2Hi) - kd * kPio2Mid) - kd * kPio2Lo;
}

}  // namespace

double expm1(double x) {
  if (std::isnan(x)) return x;
  if (std::fabs(x) < 0x1p-54) return x;
  if (x > 709.782712893384) return kInf;
  if (x < -40.0) return -1.0;
  int k = 0;
  const double r = reduce_ln2(x, k);
  const double em = expm1_reduced(r);
  if (k == 0) return em;
  if (k > 52) return scale(1.0 + em, k) - 1.0;
  // exp(x) - 1 = em 2^k + (2^k - 1): both terms exact, one rounding.
  return scale(em, k) + (two_to(k) - 1.0);
}

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return kInf;
  if (x < -745.1332191019412) return 0.0;
  if (std::fabs(x) < 0x1p-54) return 1.0 + x;
  int k = 0;
  const double r = reduce_ln2(x, k);
  return scale(1.0 + expm1_reduced(r), k);
}

namespace {
/// log(x 2^e_offset) for a positive, finite, normal x, with R summed to s^(2 last_k) (see log below).
double log_normal(double x, int last_k, int e_offset = 0) {
  const std::uint64_t b = bits_of(x);
  int e = static_cast<int>(b >> 52) - 1023 + e_offset;
  double m = from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // in [1, 2)
  if (m > 0x1.6a09e667f3bcdp+0) {                                             // sqrt(2): keep m in [sqrt(1/2), sqrt(2)]
    m *= 0.5;
    ++e;
  }
  // log(1 + f) = f - s (f - R), s = f / (2 + f), R = sum 2 s^2k / (2k + 1) (k >= 1):
  // from log(1 + f) = 2 atanh(s) and f - s f = 2 s. |s| <= 0.1716.
  const double f = m - 1.0;  // exact
  const double s = f / (2.0 + f);
  const double z = s * s;
  double R = kCoefficients.two_over_odd[last_k];
  for (int k = last_k - 1; k >= 1; --k) R = kCoefficients.two_over_odd[k] + z * R;
  R *= z;
  const double log_m = f - s * (f - R);
  if (e == 0) return log_m;
  const double ed = e;
  return ed * kLn2Hi + (log_m + ed * kLn2Lo);
}
}  // namespace

float log(float x) {
  if (!(x > 0.0f) || std::isinf(x)) return static_cast<float>(log(static_cast<double>(x)));
  // Every positive float is a normal double; terms to s^10 leave under 3e-10 of relative error.
  return static_cast<float>(log_normal(x, 5));
}

double log(double x) {
  if (std::isnan(x)) return x;
  if (x < 0.0) return kNaN;
  if (x == 0.0) return -kInf;
  if (x == kInf) return x;
  if (x < std::numeric_limits<double>::min()) return log_normal(x * 0x1p54, 11, -54);  // subnormal
  // Terms to s^22: the first dropped is under 2^-56 of the result.
  return log_normal(x, 11);
}

double tanh(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  double t;
  if (a < 0x1p-28) {
    return x;
  } else if (a > 22.0) {
    t = 1.0;
  } else if (a >= 0.55) {
    t = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
  } else {
    const double em = expm1(2.0 * a);
    t = em / (em + 2.0);
  }
  return x < 0 ? -t : t;
}

double sin(double x) {
  if (!std::isfinite(x)) return kNaN;
  if (std::fabs(x) < 0x1p-27) return x;
  int q = 0;
  const double r = reduce_pio2(x, q);
  switch (q) {
    case 0:
      return sin_reduced(r);
    case 1:
      return cos_reduced(r);
    case 2:
      return -sin_reduced(r);
    default:
      return -cos_reduced(r);
  }
}

double cos(double x) {
  if (!std::isfinite(x)) return kNaN;
  int q = 0;
  const double r = reduce_pio2(x, q);
  switch (q) {
    case 0:
      return cos_reduced(r);
    case 1:
      return -sin_reduced(r);
    case 2:
      return -cos_reduced(r);
    default:
      return sin_reduced(r);
  }
}

double pow(double x, double y) {
  if (y == 0.0 || x == 1.0) return 1.0;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x < 0.0) return kNaN;
  if (y == 1.0) return x;
  if (x == 0.0) return y > 0 ? 0.0 : kInf;
  if (x == kInf) return y > 0 ? kInf : 0.0;
  if (y == 0.5) return std::sqrt(x);
  if (y == 2.0) return x * x;
  return exp(y * log(x));
}

void fix_product_blocking() {
  if constexpr (kPortableArithmetic) {
    // The sizes Eigen assumes where it cannot ask the processor (its defaults outside x86 and
    // PowerPC), which is what it uses in WebAssembly.
    static const bool fixed = (Eigen::setCpuCacheSizes(16 * 1024, 512 * 1024, 512 * 1024), true);
    (void)fixed;
  }
}

}  // namespace mlp::math
