// A search laid out on the data (make_plan) and its fits gathered into scikit-learn's results
// (aggregate): search_job.hpp.
#include <cmath>
#include <cstdio>
#include <set>

#include "mlp/error.hpp"
#include "mlp/limits.hpp"
#include "mlp/search_job.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;
using job_io::real;

/// An mlp::Error from the core (named "cv", "train_sizes", ...) as the job's "search.<name>".
template <class F>
auto in_search(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    throw Error("search." + e.parameter(), e.value(), e.what());
  }
}

void check_fits(double n_candidates, double n_splits, const char* candidates, const std::string& field) {
  const double fits = n_candidates * n_splits;
  if (fits > static_cast<double>(kMaxSearchFits))
    throw Error(field, std::to_string(static_cast<long long>(n_candidates)) + " " + candidates,
                "the search would run " + std::to_string(static_cast<long long>(n_candidates)) + " " + candidates +
                    " x " + std::to_string(static_cast<long long>(n_splits)) +
                    " folds = " + std::to_string(static_cast<long long>(fits)) +
                    " fits; the limit (kMaxSearchFits) is " + std::to_string(kMaxSearchFits));
}

}  // namespace

std::string SearchPlan::label(std::size_t fit) const {
  const std::size_t c = fit / n_splits(), s = fit % n_splits();
  return (kind == SearchKind::learning_curve ? "train size " + std::to_string(train_sizes[c])
                                             : "candidate " + std::to_string(c)) +
         ", split " + std::to_string(s);
}

SearchPlan make_plan(const SearchSpec& spec, const SearchData& data) {
  SearchPlan plan;
  plan.kind = spec.kind;
  plan.train_scores =
      spec.return_train_score || spec.kind == SearchKind::validation_curve || spec.kind == SearchKind::learning_curve;
  CvSpec cv = spec.cv_folds ? check_cv(*spec.cv_folds, data.classifier, data.target_type) : spec.cv_spec;
  // The count of fits is known before anything is enumerated: check it first.
  double n_candidates = 0;
  const char* what = "candidates";
  std::string field = "search.param_grid";
  if (spec.kind == SearchKind::grid) {
    n_candidates = ParameterGrid(spec.grid).size();
  } else if (spec.kind == SearchKind::random) {
    const double space = ParameterGrid(spec.grid).size();
    if (space > kMaxParameterSpace)
      throw Error("search.param_distributions", std::to_string(space),
                  "search.param_distributions spans more than 2^53 candidates (kMaxParameterSpace)");
    n_candidates = std::min(space, static_cast<double>(spec.n_iter));
    field = "search.n_iter";
  } else if (spec.kind == SearchKind::validation_curve) {
    n_candidates = static_cast<double>(spec.param_range.size());
    field = "search.param_range";
  } else {
    n_candidates = static_cast<double>(spec.train_sizes.size());
    what = "train sizes";
    field = "search.train_sizes";
  }
  // The splits first (their checks name cv), then the count of fits, before any candidate is
  // drawn or enumerated.
  std::vector<std::string> split_warnings;
  plan.splits = in_search([&] {
    return cv.kind == CvSpec::Kind::KFold ? kfold_split(data.n_samples, cv)
                                          : stratified_kfold_split(data.labels, data.target_type, cv, split_warnings);
  });
  check_fits(n_candidates, static_cast<double>(cv.n_splits), what, field);
  // RandomizedSearchCV draws its candidates before cv.split: the sampler's warning comes first.
  if (spec.kind == SearchKind::random) {
    RandomState rng = spec.random_state ? RandomState(*spec.random_state) : RandomState::from_entropy();
    plan.candidates = parameter_sampler(ParameterGrid(spec.grid), spec.n_iter, rng, plan.warnings);
  }
  plan.warnings.insert(plan.warnings.end(), split_warnings.begin(), split_warnings.end());
  if (spec.kind == SearchKind::grid) {
    const ParameterGrid grid(spec.grid);
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(n_candidates); ++i) plan.candidates.push_back(grid.at(i));
  } else if (spec.kind == SearchKind::validation_curve) {
    for (const json& v : spec.param_range) plan.candidates.push_back(json{{spec.param_name, v}});
  } else if (spec.kind == SearchKind::learning_curve) {
    // The largest training set is the first split's.
    const auto n_max = static_cast<long long>(plan.splits[0].train.size());
    plan.train_sizes = in_search(
        [&] { return translate_train_sizes(spec.train_sizes, spec.train_size_fractions, n_max, plan.warnings); });
    plan.candidates.assign(plan.train_sizes.size(), json::object());
  }
  return plan;
}

namespace {

/// numpy's repr of a row of means, near enough for a warning: [0.5 nan 0.75].
std::string means_text(const std::vector<double>& means) {
  std::string out = "[";
  for (std::size_t i = 0; i < means.size(); ++i) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.8g", means[i]);
    out += (i ? " " : "") + (std::isnan(means[i]) ? std::string("nan") : std::string(buffer));
  }
  return out + "]";
}

/// Scores as an n_candidates x n_splits list of lists (the curves' train_scores, test_scores).
json score_rows(const std::vector<double>& values, std::size_t n_rows, std::size_t n_splits) {
  json out = json::array();
  for (std::size_t c = 0; c < n_rows; ++c) {
    json row = json::array();
    for (std::size_t s = 0; s < n_splits; ++s) row.push_back(real(values[c * n_splits + s]));
    out.push_back(std::move(row));
  }
  return out;
}

/// cv_results_'s mean_, std_ (and rank_) columns of one quantity, with split<k>_ columns for scores.
void store(json& results, const std::string& key, const std::vector<double>& values, std::size_t n_candidates,
           std::size_t n_splits, bool splits, bool rank, std::vector<std::string>& warnings) {
  const ScoreSummary s = summarize_scores(values, n_candidates, n_splits);
  if (splits)
    for (std::size_t k = 0; k < n_splits; ++k) {
      json column = json::array();
      for (std::size_t c = 0; c < n_candidates; ++c) column.push_back(real(values[c * n_splits + k]));
      results["split" + std::to_string(k) + "_" + key] = std::move(column);
    }
  json mean = json::array(), std = json::array();
  bool finite = true;
  for (std::size_t c = 0; c < n_candidates; ++c) {
    mean.push_back(real(s.mean[c]));
    std.push_back(real(s.std[c]));
    finite = finite && std::isfinite(s.mean[c]);
  }
  if (splits && !finite)
    warnings.push_back("One or more of the " + key.substr(0, key.find('_')) +
                       " scores are non-finite: " + means_text(s.mean));
  results["mean_" + key] = std::move(mean);
  results["std_" + key] = std::move(std);
  if (rank) results["rank_" + key] = s.rank;
}

}  // namespace

json aggregate(const SearchPlan& plan, const std::vector<FitRecord>& fits) {
  const std::size_t n_splits = plan.n_splits(), n_candidates = plan.candidates.size();
  std::vector<double> test(fits.size()), train(fits.size()), fit_time(fits.size()), score_time(fits.size());
  json warnings = plan.warnings;
  std::size_t failed = 0;
  std::string first_error;
  for (std::size_t f = 0; f < fits.size(); ++f) {
    test[f] = fits[f].test_score;
    train[f] = fits[f].train_score;
    fit_time[f] = fits[f].fit_time;
    score_time[f] = fits[f].score_time;
    for (const auto& w : fits[f].warnings) warnings.push_back(w);
    if (fits[f].error && failed++ == 0) first_error = plan.label(f) + ": " + *fits[f].error;
  }
  json r;
  if (plan.kind == SearchKind::validation_curve || plan.kind == SearchKind::learning_curve) {
    r["train_scores"] = score_rows(train, n_candidates, n_splits);
    r["test_scores"] = score_rows(test, n_candidates, n_splits);
    if (plan.kind == SearchKind::learning_curve) r["train_sizes_abs"] = plan.train_sizes;
    r["warnings"] = std::move(warnings);
    return r;
  }
  // GridSearchCV / RandomizedSearchCV: 1.2.1 raises when every fit failed, warns when some did.
  if (failed == fits.size())
    throw Error("search", std::to_string(failed) + " fits",
                "All the " + std::to_string(failed) +
                    " fits failed. It is very likely that your model is misconfigured. You can try to debug the "
                    "error by setting error_score='raise'. The first failure: " +
                    first_error);
  if (failed > 0)
    warnings.push_back(std::to_string(failed) + " fits failed out of a total of " + std::to_string(fits.size()) +
                       ". The score on these train-test partitions for these parameters will be set to the "
                       "error_score. The first failure: " +
                       first_error);
  std::vector<std::string> store_warnings;
  json results = json::object();
  store(results, "fit_time", fit_time, n_candidates, n_splits, false, false, store_warnings);
  store(results, "score_time", score_time, n_candidates, n_splits, false, false, store_warnings);
  store(results, "test_score", test, n_candidates, n_splits, true, true, store_warnings);
  if (plan.train_scores) store(results, "train_score", train, n_candidates, n_splits, true, false, store_warnings);
  // param_<name>: each candidate's value, null where its dict has no such key (a masked entry).
  std::set<std::string> names;
  for (const json& c : plan.candidates)
    for (const auto& [name, v] : c.items()) names.insert(name);
  for (const std::string& name : names) {
    json column = json::array();
    for (const json& c : plan.candidates) column.push_back(c.contains(name) ? c[name] : json(nullptr));
    results["param_" + name] = std::move(column);
  }
  results["params"] = plan.candidates;
  const std::vector<int> ranks = results["rank_test_score"].get<std::vector<int>>();
  const std::size_t best = best_index(ranks);
  r["cv_results_"] = std::move(results);
  r["best_index_"] = best;
  r["best_params_"] = plan.candidates[best];
  r["best_score_"] = r["cv_results_"]["mean_test_score"][best];
  r["n_splits_"] = n_splits;
  for (const auto& w : store_warnings) warnings.push_back(w);
  r["warnings"] = std::move(warnings);
  return r;
}

}  // namespace mlp
