// The core's transcendental functions in plain IEEE arithmetic (see portable_math.hpp).
//
// Each reduces its argument exactly (or nearly: by a constant split so that k * hi is exact),
// looks up a table where it has one (2^(j/32) for exp, expm1 and tanh; 32 buckets for float32's
// log), then evaluates a Taylor polynomial short enough for |r| on the reduced range and long
// enough that the first dropped term is under 2^-56 of the result (float32's log: 1.3e-10).
// Coefficients are 1/n!, 1/n and the like, each one correctly rounded division that every
// compiler folds alike; the tables are cpp/tools/portable_math_tables.py's, from 60-digit values.
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
constexpr double kLn2 = 0x1.62e42fefa39efp-1;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kPio2Hi = 0x1.921fa00000000p+0;
constexpr double kPio2Mid = 0x1.5444200000000p-20;
constexpr double kPio2Lo = 0x1.a308d313198a3p-41;
constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
constexpr double kPio4 = 0x1.921fb54442d18p-1;

/// The polynomials' coefficients, computed once by the compiler (each one correctly rounded
/// division, so every compiler folds them alike): 1/n! for n <= 18, 2/(2k+1) for k <= 11, 1/n
/// for n <= 6 and tanh's Taylor series.
struct Coefficients {
  double inv_factorial[19];
  double two_over_odd[12];
  double inv_n[7];
  double tanh_odd[5];  // tanh's Taylor coefficients of a^1, a^3, ..., a^9
};
constexpr Coefficients make_coefficients() {
  Coefficients c{};
  double factorial = 1.0;  // n! is exact in double for n <= 18
  for (int n = 0; n <= 18; ++n) {
    if (n > 1) factorial *= n;
    c.inv_factorial[n] = 1.0 / factorial;
  }
  for (int k = 0; k <= 11; ++k) c.two_over_odd[k] = 2.0 / (2 * k + 1);
  for (int n = 1; n <= 6; ++n) c.inv_n[n] = 1.0 / n;
  c.tanh_odd[0] = 1.0;
  c.tanh_odd[1] = -1.0 / 3;
  c.tanh_odd[2] = 2.0 / 15;
  c.tanh_odd[3] = -17.0 / 315;
  c.tanh_odd[4] = 62.0 / 2835;
  return c;
}
constexpr Coefficients kCoefficients = make_coefficients();
constexpr double inv_factorial(int n) { return kCoefficients.inv_factorial[n]; }

/// 2^(j/32) = hi + lo for j = 0..31 (cpp/tools/portable_math_tables.py: from 60-digit values).
struct TwoToFraction {
  double hi, lo;
};
constexpr TwoToFraction kTwoToFraction[32] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};

/// float32's log: for the 32 buckets of z in [0.6875, 1.375) (see log(float)), invc, near 1/c
/// for the bucket's centre c (1 beside 1) with 28 significant bits, and -log(invc)
/// (cpp/tools/portable_math_tables.py).
struct LogBucket {
  double invc, log_c;
};
constexpr LogBucket kLogBuckets[32] = {
    {0x1.702e05c000000p+0, -0x1.741d876a67bb1p-2},
    {0x1.6816816000000p+0, -0x1.5d5bddde95f30p-2},
    {0x1.6058160000000p+0, -0x1.4718dc171c41bp-2},
    {0x1.58ed230000000p+0, -0x1.314f1e0535ce4p-2},
    {0x1.51d07ea000000p+0, -0x1.1bf9960aa6b95p-2},
    {0x1.4afd6a0000000p+0, -0x1.071385f4d5862p-2},
    {0x1.446f866000000p+0, -0x1.e530f03c71012p-3},
    {0x1.3e22cbc000000p+0, -0x1.bd087327bd8adp-3},
    {0x1.3813814000000p+0, -0x1.95a5ae037017fp-3},
    {0x1.323e34a000000p+0, -0x1.6f0128a556abcp-3},
    {0x1.2c9fb4e000000p+0, -0x1.4913d8693b561p-3},
    {0x1.27350b8000000p+0, -0x1.23d7126c9c202p-3},
    {0x1.21fb782000000p+0, -0x1.fe891461bd565p-4},
    {0x1.1cf06ae000000p+0, -0x1.b6ac892ed5b1cp-4},
    {0x1.1811812000000p+0, -0x1.700d3122ac0e1p-4},
    {0x1.135c812000000p+0, -0x1.2aa04b00717a4p-4},
    {0x1.0ecf56c000000p+0, -0x1.ccb73d0ddb2ccp-5},
    {0x1.0a6810a000000p+0, -0x1.466aec7ade3e9p-5},
    {0x1.0624dd2000000p+0, -0x1.84924edc8cabdp-6},
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.e9131ac000000p-1, 0x1.77458f532dcfcp-5},
    {0x1.dae6076000000p-1, 0x1.341d79c5bd1d1p-4},
    {0x1.cd8568a000000p-1, 0x1.a926d318ad564p-4},
    {0x1.c0e0704000000p-1, 0x1.0d77e7a908e59p-3},
    {0x1.b4e81b4000000p-1, 0x1.44d2b710b7d1ep-3},
    {0x1.a98ef60000000p-1, 0x1.7ab890410d909p-3},
    {0x1.9ec8e96000000p-1, 0x1.af3c949e0bff3p-3},
    {0x1.948b0fc000000p-1, 0x1.e2707726af2e6p-3},
    {0x1.8acb910000000p-1, 0x1.0a324e0f390e3p-2},
    {0x1.8181818000000p-1, 0x1.22941fc0f7966p-2},
    {0x1.78a4c82000000p-1, 0x1.3a64c53f945eap-2},
};

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

/// x = k ln2/32 + r with |r| <= ln2/64 (about): returns r and sets k. |x| <= 746, so k * kLn2Hi/32
/// is exact (dividing by 32 is exact too).
double reduce_ln2_32(double x, int& k) {
  const double kd = std::floor(x * (32 * kInvLn2) + 0.5);
  k = static_cast<int>(kd);
  return (x - kd * (kLn2Hi / 32)) - kd * (kLn2Lo / 32);
}

/// exp(r) - 1 for |r| <= ln2/64 + a little: Taylor to r^7 (r^8 / 8! < 2^-66 there: small next to
/// the ulp of expm1's results near ln2/64 too, where its two terms cancel). In pairs of terms
/// (Estrin's scheme), which the processor evaluates side by side.
double expm1_small(double r) {
  const double r2 = r * r;
  const double p23 = inv_factorial(2) + r * inv_factorial(3);
  const double p45 = inv_factorial(4) + r * inv_factorial(5);
  const double p67 = inv_factorial(6) + r * inv_factorial(7);
  return r + r2 * (p23 + r2 * (p45 + r2 * p67));
}

/// exp(x) as 2^m * 2^(j/32) * exp(r), x = (32 m + j) ln2/32 + r, rounded to y in [0.98, 2.03): m and y.
double exp_parts(double x, int& m) {
  int k = 0;
  const double r = reduce_ln2_32(x, k);
  const int j = k & 31;
  m = (k - j) >> 5;  // floor(k / 32): k - j is a multiple of 32 (>> of a negative int is
                     // arithmetic in gcc and clang)
  const TwoToFraction& t = kTwoToFraction[j];
  return t.hi + (t.lo + t.hi * expm1_small(r));
}

/// exp(x) for |x| <= 708 (the result normal).
double exp_normal(double x) {
  int m = 0;
  const double y = exp_parts(x, m);
  return y * two_to(m);
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
  const double r = reduce_ln2_32(x, k);
  const double p = expm1_small(r);
  if (k == 0) return p;
  const int j = k & 31;
  const int m = (k - j) >> 5;
  const TwoToFraction& t = kTwoToFraction[j];
  if (m > 52) return scale(t.hi + (t.lo + t.hi * p), m) - 1.0;
  // exp(x) - 1 = (2^m hi - 1) + 2^m (lo + hi p): the first term is exact for |x| < 1.03 (where
  // 2^m hi is in [1/2, 2]), so near 0 only the small second term rounds before the sum.
  const double s = two_to(m);
  return (s * t.hi - 1.0) + s * (t.lo + t.hi * p);
}

double exp(double x) {
  if (std::isnan(x)) return x;
  if (std::fabs(x) <= 708.0) return exp_normal(x);
  if (x > 709.782712893384) return kInf;
  if (x < -745.1332191019412) return 0.0;
  int m = 0;
  const double y = exp_parts(x, m);
  return scale(y, m);
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

namespace {
/// log(float) of zero, a subnormal, a negative, an infinity or NaN: the float64 log (every float
/// is a normal double). Not inlined, so that log(float) stays small.
[[gnu::noinline]] float log_special(float x) { return static_cast<float>(log(static_cast<double>(x))); }
}  // namespace

float log(float x) {
  std::uint32_t ix;
  std::memcpy(&ix, &x, sizeof ix);
  if (ix - 0x00800000u >= 0x7f800000u - 0x00800000u) return log_special(x);  // not positive and normal
  // x = 2^k z with z in [0.6875, 1.375), from the bits of x minus 0.6875's: k their difference's
  // exponent field (an arithmetic shift, in gcc and clang), j its top 5 significand bits, the
  // bucket of z. Then log x = k ln2 - log(invc) + log(1 + r), r = z invc - 1 exact (z has 24
  // significant bits, invc 28) and |r| <= 1/32.
  const std::uint32_t tmp = ix - 0x3f300000u;  // the bits of 0.6875f
  const int k = static_cast<std::int32_t>(tmp) >> 23;
  const int j = static_cast<int>((tmp >> 18) & 31);
  const std::uint32_t iz = ix - (tmp & 0xff800000u);
  float zf;
  std::memcpy(&zf, &iz, sizeof zf);
  const LogBucket& c = kLogBuckets[j];
  const double r = static_cast<double>(zf) * c.invc - 1.0;
  // log(1 + r) to r^6, in pairs of terms: the first dropped term is under 1.3e-10 of the result.
  const double r2 = r * r;
  const double p23 = -kCoefficients.inv_n[2] + r * kCoefficients.inv_n[3];
  const double p456 = -kCoefficients.inv_n[4] + r * kCoefficients.inv_n[5] - r2 * kCoefficients.inv_n[6];
  const double log_1pr = r + r2 * (p23 + r2 * p456);
  return static_cast<float>((c.log_c + static_cast<double>(k) * kLn2) + log_1pr);
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
  } else if (a < 0x1p-5) {
    // The odd Taylor series to a^9: the first dropped term, 1382/155925 a^11, is under 2^-56 a.
    const double z = a * a;
    const double p = kCoefficients.tanh_odd[1] +
                     z * (kCoefficients.tanh_odd[2] + z * (kCoefficients.tanh_odd[3] + z * kCoefficients.tanh_odd[4]));
    t = a + a * (z * p);
  } else if (a > 22.0) {
    t = 1.0;
  } else if (a >= 0.55) {
    t = 1.0 - 2.0 / (exp_normal(2.0 * a) + 1.0);
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
