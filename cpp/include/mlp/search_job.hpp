// The job runner's "search" field (README, "The JSON job runner"): GridSearchCV,
// RandomizedSearchCV, validation_curve and learning_curve run on the job's data, estimator,
// params and precision, with scikit-learn 1.2.1's splits, candidates and statistics.
//
// Every fit of a search has an index f = candidate * n_splits + split (learning_curve: the train
// size's index; validation_curve: param_range's). That is the contract of the page's worker
// pool: "fit_range": [start, stop] runs fits start..stop-1 only and returns them unaggregated;
// "fit_results" (every fit in that form) runs none and returns what the whole run returns. So
// any split of the fits between workers gives the whole run's result.
//
// search_json.cpp reads the field and a fit's record; search_plan.cpp lays the search out and
// aggregates the fits; search_run.cpp runs them. Not here (not needed by the defaults):
// ShuffleSplit, learning_curve's shuffle, scoring other than the estimators' score, refit.
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mlp/cv_split.hpp"
#include "mlp/job_io.hpp"
#include "mlp/search.hpp"

namespace mlp {

enum class SearchKind { grid, random, validation_curve, learning_curve };

/// The "search" field as read, before the data are seen. Values are range-checked here where
/// they can be; against the data (cv, train_sizes, the number of fits) by make_plan.
struct SearchSpec {
  SearchKind kind = SearchKind::grid;
  std::vector<ParamDict> grid;  ///< param_grid / param_distributions
  long long n_iter = 10;
  std::optional<std::uint32_t> random_state;  ///< RandomizedSearchCV's (None: a fresh seed)
  std::string param_name;
  std::vector<nlohmann::json> param_range;
  std::vector<double> train_sizes = default_train_sizes();
  bool train_size_fractions = true;       ///< any size written with a fraction part or exponent
  std::optional<long long> cv_folds = 5;  ///< cv as an integer (check_cv's rule; None is 5); else cv_spec
  CvSpec cv_spec;
  bool return_train_score = false;  ///< the curves always score the training rows
  bool error_raise = false;         ///< error_score: "raise"
  double error_score = std::numeric_limits<double>::quiet_NaN();
  std::optional<std::pair<long long, long long>> fit_range;
  const nlohmann::json* fit_results = nullptr;
};

/// Reads and checks job["search"]; throws mlp::Error naming "search.<field>".
SearchSpec read_search(const nlohmann::json& search);

/// The search laid out on the data: its splits, its candidates and their fits.
struct SearchPlan {
  SearchKind kind = SearchKind::grid;
  std::vector<CvSplit> splits;
  /// Each candidate's hyperparameters over the job's params ({} for each learning_curve size).
  std::vector<nlohmann::json> candidates;
  std::vector<long long> train_sizes;  ///< learning_curve's train_sizes_abs
  bool train_scores = false;           ///< whether fits score their training rows too
  std::vector<std::string> warnings;   ///< the splitter's, the sampler's, the train sizes'

  std::size_t n_splits() const { return splits.size(); }
  std::size_t n_fits() const { return candidates.size() * splits.size(); }
  /// "candidate 3, split 1" (learning_curve: "train size 40, split 1"), for messages.
  std::string label(std::size_t fit) const;
};

/// What the data tell the plan: the rows, the estimator, y's type and labels (for
/// StratifiedKFold: a regressor's single column as numbers).
struct SearchData {
  Index n_samples = 0;
  bool classifier = false;
  std::string target_type;
  std::vector<Label> labels;
};

/// Lays the search out: the cv splits (check_cv's rule for an integer cv), the candidates
/// (ParameterGrid, ParameterSampler, param_range, or the translated train sizes). Checks the
/// number of fits against kMaxSearchFits before enumerating; throws mlp::Error naming the field.
SearchPlan make_plan(const SearchSpec& spec, const SearchData& data);

/// One fit's outcome, as "fit_range" returns it and "fit_results" gives it back.
struct FitRecord {
  double test_score = std::numeric_limits<double>::quiet_NaN();
  double train_score = std::numeric_limits<double>::quiet_NaN();
  double fit_time = 0;
  double score_time = 0;
  std::vector<std::string> warnings;
  std::optional<std::string> error;  ///< why the fit failed (its scores are then error_score)
};

/// {"fit", "test_score", "train_score" (when the plan scores training rows), "fit_time",
/// "score_time", "warnings"[, "error"]}; NaN scores as null.
nlohmann::json fit_record_json(std::size_t fit, const FitRecord& record, bool train_scores);

/// "fit_results": every fit of the plan exactly once, in any order; returned by fit index.
std::vector<FitRecord> read_fit_results(const nlohmann::json& fits, const SearchPlan& plan);

/// The whole search's result from every fit's record: cv_results_, best_index_, best_params_,
/// best_score_, n_splits_ (grid, random); train_scores and test_scores, n_params x n_splits
/// (validation_curve), with train_sizes_abs (learning_curve); and "warnings". Throws
/// mlp::Error("search", ...) when every fit of a grid or random search failed, as 1.2.1 raises.
nlohmann::json aggregate(const SearchPlan& plan, const std::vector<FitRecord>& fits);

/// Runs a job that has a "search" field (job.cpp calls it after reading params and data).
nlohmann::json run_search(const nlohmann::json& job, const std::string& estimator, Precision precision,
                          const job_io::Data& data);

}  // namespace mlp
