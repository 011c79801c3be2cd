// The searches' candidates, train sizes and statistics (search.hpp).
#include "mlp/search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "mlp/error.hpp"

namespace mlp {

using json = nlohmann::json;

double ParameterGrid::size() const {
  double total = 0;
  for (const ParamDict& dict : grid_) {
    double product = 1;
    for (const auto& [name, values] : dict) product *= static_cast<double>(values.size());
    total += product;  // an empty dict is one candidate: the product of no lengths
  }
  return total;
}

json ParameterGrid::at(std::uint64_t index) const {
  for (const ParamDict& dict : grid_) {
    std::uint64_t total = 1;
    for (const auto& [name, values] : dict) total *= values.size();
    if (index >= total) {
      index -= total;
      continue;
    }
    // The last key (in sorted order) varies fastest: peel the index off from the last key.
    json out = json::object();
    for (auto it = dict.rbegin(); it != dict.rend(); ++it) {
      const std::uint64_t n = it->second.size();
      out[it->first] = it->second[static_cast<std::size_t>(index % n)];
      index /= n;
    }
    return out;
  }
  throw Error("param_grid", std::to_string(index), "ParameterGrid index out of range");
}

namespace {

/// Draws with rng.randint(n_population) until an unseen index comes up.
std::vector<std::uint64_t> tracking_selection(std::uint64_t n_population, std::uint64_t n_samples, RandomState& rng) {
  std::vector<std::uint64_t> out;
  std::set<std::uint64_t> selected;
  for (std::uint64_t i = 0; i < n_samples; ++i) {
    std::uint64_t j = rng.randint(n_population);
    while (selected.count(j)) j = rng.randint(n_population);
    selected.insert(j);
    out.push_back(j);
  }
  return out;
}

/// arange(n_samples), each later index i replacing out[j] when randint(i + 1) gives j < n_samples.
std::vector<std::uint64_t> reservoir_sampling(std::uint64_t n_population, std::uint64_t n_samples, RandomState& rng) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < n_samples; ++i) out.push_back(i);
  for (std::uint64_t i = n_samples; i < n_population; ++i) {
    const std::uint64_t j = rng.randint(i + 1);
    if (j < n_samples) out[static_cast<std::size_t>(j)] = i;
  }
  return out;
}

/// Draws from a pool of the indices left, the last one moving into the drawn one's place.
std::vector<std::uint64_t> pool_sampling(std::uint64_t n_population, std::uint64_t n_samples, RandomState& rng) {
  std::vector<std::uint64_t> out;
  std::vector<std::uint64_t> pool(static_cast<std::size_t>(n_population));
  for (std::uint64_t i = 0; i < n_population; ++i) pool[static_cast<std::size_t>(i)] = i;
  for (std::uint64_t i = 0; i < n_samples; ++i) {
    const auto j = static_cast<std::size_t>(rng.randint(n_population - i));
    out.push_back(pool[j]);
    pool[j] = pool[static_cast<std::size_t>(n_population - i - 1)];
  }
  return out;
}

}  // namespace

std::vector<std::uint64_t> sample_without_replacement(std::uint64_t n_population, std::uint64_t n_samples,
                                                      RandomState& rng, const std::string& method) {
  if (method != "auto" && method != "tracking_selection" && method != "reservoir_sampling" && method != "pool")
    throw Error("method", method, "method must be auto, tracking_selection, reservoir_sampling or pool");
  if (n_samples > n_population)
    throw Error("n_iter", std::to_string(n_samples),
                "n_population should be greater or equal than n_samples, got n_samples > n_population (" +
                    std::to_string(n_samples) + " > " + std::to_string(n_population) + ")");
  const double ratio = n_population != 0 ? static_cast<double>(n_samples) / static_cast<double>(n_population) : 1.0;
  if (method == "auto" && ratio > 0.01 && ratio < 0.99) {
    const std::vector<std::size_t> perm = rng.permutation(static_cast<std::size_t>(n_population));
    return std::vector<std::uint64_t>(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(n_samples));
  }
  // "tracking_selection" too switches to reservoir sampling from a ratio of 0.2 (scikit-learn's
  // threshold, from its benchmarks).
  if (method == "auto" || method == "tracking_selection")
    return ratio < 0.2 ? tracking_selection(n_population, n_samples, rng)
                       : reservoir_sampling(n_population, n_samples, rng);
  return method == "pool" ? pool_sampling(n_population, n_samples, rng)
                          : reservoir_sampling(n_population, n_samples, rng);
}

std::vector<std::uint64_t> sample_without_replacement(std::uint64_t n_population, std::uint64_t n_samples,
                                                      RandomState& rng) {
  return sample_without_replacement(n_population, n_samples, rng, "auto");
}

std::vector<json> parameter_sampler(const ParameterGrid& grid, long long n_iter, RandomState& rng,
                                    std::vector<std::string>& warnings) {
  const auto grid_size = static_cast<std::uint64_t>(grid.size());
  auto n = static_cast<std::uint64_t>(n_iter);
  if (grid_size < n) {
    warnings.push_back("The total space of parameters " + std::to_string(grid_size) +
                       " is smaller than n_iter=" + std::to_string(n_iter) + ". Running " + std::to_string(grid_size) +
                       " iterations. For exhaustive searches, use GridSearchCV.");
    n = grid_size;
  }
  std::vector<json> out;
  for (std::uint64_t i : sample_without_replacement(grid_size, n, rng)) out.push_back(grid.at(i));
  return out;
}

std::vector<double> default_train_sizes() {
  // np.linspace(0.1, 1.0, 5): start + i * ((stop - start) / 4), the last one exactly stop.
  const double step = (1.0 - 0.1) / 4;
  std::vector<double> out;
  for (int i = 0; i < 4; ++i) out.push_back(i * step + 0.1);
  out.push_back(1.0);
  return out;
}

namespace {

/// Python's "%f".
std::string fixed6(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%f", v);
  return buffer;
}

}  // namespace

std::vector<long long> translate_train_sizes(const std::vector<double>& train_sizes, bool fractions,
                                             long long n_max_training_samples, std::vector<std::string>& warnings) {
  if (train_sizes.empty()) throw Error("train_sizes", "[]", "train_sizes must list at least one size");
  const double lo = *std::min_element(train_sizes.begin(), train_sizes.end());
  const double hi = *std::max_element(train_sizes.begin(), train_sizes.end());
  std::vector<long long> sizes;
  if (fractions) {
    if (!(lo > 0.0) || !(hi <= 1.0))
      throw Error("train_sizes", "[" + fixed6(lo) + ", " + fixed6(hi) + "]",
                  "train_sizes has been interpreted as fractions of the maximum number of training samples and must "
                  "be within (0, 1], but is within [" +
                      fixed6(lo) + ", " + fixed6(hi) + "].");
    for (double f : train_sizes) {
      // astype(int) truncates toward zero; then np.clip(sizes, 1, n_max).
      const auto n = static_cast<long long>(f * static_cast<double>(n_max_training_samples));
      sizes.push_back(std::clamp(n, 1LL, n_max_training_samples));
    }
  } else {
    if (lo <= 0 || hi > static_cast<double>(n_max_training_samples))
      throw Error(
          "train_sizes",
          "[" + std::to_string(static_cast<long long>(lo)) + ", " + std::to_string(static_cast<long long>(hi)) + "]",
          "train_sizes has been interpreted as absolute numbers of training samples and must be within (0, " +
              std::to_string(n_max_training_samples) + "], but is within [" +
              std::to_string(static_cast<long long>(lo)) + ", " + std::to_string(static_cast<long long>(hi)) + "].");
    for (double n : train_sizes) sizes.push_back(static_cast<long long>(n));
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  if (sizes.size() < train_sizes.size())
    warnings.push_back(
        "Removed duplicate entries from 'train_sizes'. Number of ticks will be less than the size of 'train_sizes': " +
        std::to_string(sizes.size()) + " instead of " + std::to_string(train_sizes.size()) + ".");
  return sizes;
}

namespace {

/// numpy's pairwise summation (add.reduce along a contiguous axis), so that means come out
/// as np.average's bit for bit: 8 running sums over blocks of up to 128 values.
double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

}  // namespace

ScoreSummary summarize_scores(const std::vector<double>& values, std::size_t n_candidates, std::size_t n_splits) {
  ScoreSummary s;
  std::vector<double> squares(n_splits);
  for (std::size_t c = 0; c < n_candidates; ++c) {
    const double* row = values.data() + c * n_splits;
    const double mean = pairwise_sum(row, n_splits) / static_cast<double>(n_splits);
    for (std::size_t k = 0; k < n_splits; ++k) squares[k] = (row[k] - mean) * (row[k] - mean);
    s.mean.push_back(mean);
    s.std.push_back(std::sqrt(pairwise_sum(squares.data(), n_splits) / static_cast<double>(n_splits)));
  }
  // Ranks: a NaN mean (a failed fit) counts as below the lowest, so NaNs rank last and tie.
  bool all_nan = true;
  double lowest = std::numeric_limits<double>::infinity();
  for (double m : s.mean)
    if (!std::isnan(m)) {
      all_nan = false;
      lowest = std::min(lowest, m);
    }
  std::vector<double> keyed = s.mean;
  for (double& m : keyed)
    if (std::isnan(m)) m = lowest - 1;
  for (std::size_t c = 0; c < n_candidates; ++c) {
    int better = 0;  // rankdata(-mean, method="min"): 1 + the number of strictly better means
    if (!all_nan)
      for (double other : keyed) better += other > keyed[c] ? 1 : 0;
    s.rank.push_back(1 + better);
  }
  return s;
}

std::size_t best_index(const std::vector<int>& rank) {
  return static_cast<std::size_t>(std::min_element(rank.begin(), rank.end()) - rank.begin());
}

}  // namespace mlp
