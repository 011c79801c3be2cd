// numpy's legacy RandomState, bit for bit (MT19937 + the legacy transforms).
//
// scikit-learn 1.2.1 draws every random number of an MLP fit (Glorot init,
// early-stopping split, per-epoch shuffles) and of its dataset generators from
// numpy.random.RandomState, so an integer random_state only reproduces
// scikit-learn's numbers if this stream is reproduced exactly.
#pragma once

#include <cstdint>
#include <vector>

namespace mlp {

class RandomState {
 public:
  /// Seeds MT19937 like numpy's RandomState(seed) (init_genrand).
  explicit RandomState(std::uint32_t seed);

  /// A RandomState seeded from the system's entropy (random_state=None).
  static RandomState from_entropy();

  /// The next raw 32-bit output of MT19937.
  std::uint32_t next_u32();

  /// Uniform double in [0, 1) with 53 random bits (numpy's random_sample).
  double random_double();

  /// lo + (hi - lo) * u, numpy's uniform(lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * random_double(); }

  /// Standard normal by the polar Box-Muller method with numpy's cached value.
  double gauss();

  /// loc + scale * gauss(), numpy's legacy normal(loc, scale).
  double normal(double loc, double scale) { return loc + scale * gauss(); }

  /// Uniform integer in [0, max] by masked rejection (numpy's random_interval).
  std::uint64_t interval(std::uint64_t max);

  /// Uniform integer in [0, high), numpy's legacy randint(high) (the same masked rejection as
  /// interval(high - 1)); high >= 1.
  std::uint64_t randint(std::uint64_t high) { return interval(high - 1); }

  /// Fisher-Yates shuffle in place, numpy's legacy shuffle of a 1-D array.
  template <class T>
  void shuffle(std::vector<T>& a) {
    for (std::size_t i = a.size(); i-- > 1;) {
      std::size_t j = static_cast<std::size_t>(interval(i));
      std::swap(a[i], a[j]);
    }
  }

  /// numpy's permutation(n): shuffle(arange(n)).
  std::vector<std::size_t> permutation(std::size_t n);

 private:
  void reload();

  std::uint32_t state_[624];
  int pos_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace mlp
