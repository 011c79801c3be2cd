#include "mlp/rng.hpp"

#include <cmath>
#include <numeric>
#include <random>

#include "mlp/portable_math.hpp"

namespace mlp {

namespace {
constexpr int kN = 624;
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpper = 0x80000000U;
constexpr std::uint32_t kLower = 0x7fffffffU;
}  // namespace

RandomState::RandomState(std::uint32_t seed) {
  state_[0] = seed;
  for (int i = 1; i < kN; ++i) {
    state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  }
  pos_ = kN;
}

RandomState RandomState::from_entropy() {
  std::random_device device;
  return RandomState(device());
}

void RandomState::reload() {
  for (int i = 0; i < kN; ++i) {
    std::uint32_t y = (state_[i] & kUpper) | (state_[(i + 1) % kN] & kLower);
    std::uint32_t next = state_[(i + kM) % kN] ^ (y >> 1);
    state_[i] = (y & 1U) ? (next ^ kMatrixA) : next;
  }
  pos_ = 0;
}

std::uint32_t RandomState::next_u32() {
  if (pos_ >= kN) reload();
  std::uint32_t y = state_[pos_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double RandomState::random_double() {
  // numpy: (a >> 5) * 2^26 + (b >> 6), divided by 2^53.
  std::uint32_t a = next_u32() >> 5;
  std::uint32_t b = next_u32() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double RandomState::gauss() {
  if (has_gauss_) {
    has_gauss_ = false;
    return gauss_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * random_double() - 1.0;
    x2 = 2.0 * random_double() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = std::sqrt(-2.0 * math::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

std::uint64_t RandomState::interval(std::uint64_t max) {
  if (max == 0) return 0;
  std::uint64_t mask = max;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  std::uint64_t value;
  if (max <= 0xffffffffULL) {
    while ((value = (next_u32() & mask)) > max) {
    }
  } else {
    while ((value = (((std::uint64_t{next_u32()} << 32) | next_u32()) & mask)) > max) {
    }
  }
  return value;
}

std::vector<std::size_t> RandomState::permutation(std::size_t n) {
  std::vector<std::size_t> a(n);
  std::iota(a.begin(), a.end(), std::size_t{0});
  shuffle(a);
  return a;
}

}  // namespace mlp
