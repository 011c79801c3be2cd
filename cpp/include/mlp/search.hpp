// scikit-learn 1.2.1's hyperparameter searches, the parts that are not fitting: the candidates
// (ParameterGrid, ParameterSampler over lists with sample_without_replacement), learning_curve's
// train sizes (_translate_train_sizes), and the cv_results_ statistics (means, population
// stds, ranks). Hyperparameter values stay JSON values, as the job gives them; the fits
// themselves are run by search_job.hpp.
//
// | piece                      | scikit-learn 1.2.1                                          |
// |----------------------------|-------------------------------------------------------------|
// | ParameterGrid              | keys sorted, the last varying fastest; len and [i]          |
// | sample_without_replacement | "auto": permutation, tracking selection or reservoir        |
// | parameter_sampler          | ParameterSampler.__iter__ when every value is a list        |
// | translate_train_sizes      | _translate_train_sizes: fractions or counts, np.unique      |
// | summarize_scores           | GridSearchCV._format_results' _store (mean, std, rank)      |
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/rng.hpp"

namespace mlp {

/// One dict of a param_grid: each hyperparameter (sorted by name) and its list of values.
using ParamDict = std::map<std::string, std::vector<nlohmann::json>>;

/// ParameterGrid over a list of dicts (a single dict is a list of one). An empty dict is one
/// candidate, {}.
class ParameterGrid {
 public:
  explicit ParameterGrid(std::vector<ParamDict> grid) : grid_(std::move(grid)) {}

  /// len(ParameterGrid): the sum over the dicts of the product of their list lengths (as a
  /// double, so that a huge grid is measured before anything is enumerated).
  double size() const;

  /// ParameterGrid[index]: the candidate as a JSON object {name: value}; index < size().
  nlohmann::json at(std::uint64_t index) const;

  const std::vector<ParamDict>& dicts() const { return grid_; }

 private:
  std::vector<ParamDict> grid_;
};

/// sklearn.utils.random.sample_without_replacement(n_population, n_samples, method="auto"):
/// rng.permutation(n_population)[:n_samples] when 0.01 < ratio < 0.99, else tracking selection
/// (ratio < 0.2) or reservoir sampling, with rng.randint's draws. n_samples <= n_population.
std::vector<std::uint64_t> sample_without_replacement(std::uint64_t n_population, std::uint64_t n_samples,
                                                      RandomState& rng);

/// The same with the method named: "auto", "tracking_selection" (which, as scikit-learn's, turns
/// to reservoir sampling from a ratio of 0.2), "reservoir_sampling" or "pool".
std::vector<std::uint64_t> sample_without_replacement(std::uint64_t n_population, std::uint64_t n_samples,
                                                      RandomState& rng, const std::string& method);

/// ParameterSampler(grid, n_iter, random_state=rng) when every value is a list: n_iter
/// candidates drawn without replacement from the grid. When the grid has fewer, appends
/// scikit-learn's warning to `warnings` and returns the grid's size of them.
std::vector<nlohmann::json> parameter_sampler(const ParameterGrid& grid, long long n_iter, RandomState& rng,
                                              std::vector<std::string>& warnings);

/// learning_curve's default train_sizes, np.linspace(0.1, 1.0, 5).
std::vector<double> default_train_sizes();

/// _translate_train_sizes: `fractions` (scikit-learn's test: the array is floating) are taken of
/// n_max_training_samples, truncated and clipped to [1, n_max]; counts must lie in (0, n_max].
/// The result is sorted and de-duplicated, with scikit-learn's warning when that removed any.
/// Throws mlp::Error("train_sizes", ...) in scikit-learn's words.
std::vector<long long> translate_train_sizes(const std::vector<double>& train_sizes, bool fractions,
                                             long long n_max_training_samples, std::vector<std::string>& warnings);

/// The cv_results_ statistics of one score (or time), given n_candidates x n_splits values
/// (row-major: candidate c's split s at c * n_splits + s).
struct ScoreSummary {
  std::vector<double> mean;  ///< np.average over the splits (NaN when a split is NaN)
  std::vector<double> std;   ///< population standard deviation (ddof 0)
  std::vector<int> rank;     ///< rankdata(-mean, "min"); NaN means rank last, tied; all NaN: all 1
};

ScoreSummary summarize_scores(const std::vector<double>& values, std::size_t n_candidates, std::size_t n_splits);

/// best_index_: the first candidate with the lowest rank.
std::size_t best_index(const std::vector<int>& rank);

}  // namespace mlp
