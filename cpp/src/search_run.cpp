// A search job's fits: each a fresh estimator from the job's params overridden by the
// candidate's, fitted on the training rows (in their order) and scored on the test rows (and
// the training rows), as scikit-learn 1.2.1's _fit_and_score does (search_job.hpp).
#include <chrono>
#include <cmath>
#include <optional>

#include "mlp/error.hpp"
#include "mlp/features.hpp"
#include "mlp/limits.hpp"
#include "mlp/params_json.hpp"
#include "mlp/search_job.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;
using namespace job_io;

/// The given rows of a matrix, in the given order (X[train] in numpy).
template <class M>
M take_rows(const M& m, const std::vector<Index>& rows) {
  M out(static_cast<Index>(rows.size()), m.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = m.row(rows[i]);
  return out;
}

// What differs between the estimators: the target, its rows, and the labels StratifiedKFold sees.
template <class S>
struct ClassifierFits {
  using Model = MLPClassifier<S>;
  using Target = ClassTarget;
  static constexpr bool kClassifier = true;
  static Target targets(const Call& call, const Data& data, std::vector<std::string>& warnings) {
    return class_rows(call, data, warnings);
  }
  static Target take(const Target& y, const std::vector<Index>& rows) {
    ClassTarget out;
    out.multilabel = y.multilabel;
    if (y.multilabel) {
      out.indicator = take_rows(y.indicator, rows);
    } else {
      for (Index i : rows) out.labels.push_back(y.labels[static_cast<std::size_t>(i)]);
    }
    return out;
  }
  static std::vector<Label> labels(const Target& y) { return y.labels; }
  static Index rows(const Target& y) { return y.size(); }
};

template <class S>
struct RegressorFits {
  using Model = MLPRegressor<S>;
  using Target = Mat<S>;
  static constexpr bool kClassifier = false;
  static Target targets(const Call& call, const Data& data, std::vector<std::string>& warnings) {
    bool one_d = true;
    return real_rows<S>(call, data, warnings, one_d);
  }
  static Target take(const Target& Y, const std::vector<Index>& rows) { return take_rows(Y, rows); }
  static Index rows(const Target& Y) { return Y.rows(); }
  static std::vector<Label> labels(const Target& Y) {
    std::vector<Label> out;
    if (Y.cols() == 1)
      for (Index i = 0; i < Y.rows(); ++i) out.emplace_back(static_cast<double>(Y(i, 0)));
    return out;
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The job's "features" ({"derived": [...], "standardize": bool}, as the session takes them), or
/// none: each fit then derives them and fits the scaler on its own training rows, as
/// make_pipeline(FunctionTransformer, StandardScaler, MLP...) in a scikit-learn search does.
std::optional<Features> read_features(const json& job, Index n_columns) {
  if (!job.contains("features") || job["features"].is_null()) return std::nullopt;
  const json& v = job["features"];
  if (!v.is_object()) fail("features", v, "features must be {\"derived\": [names], \"standardize\": true | false}");
  Features features;
  for (const auto& [key, value] : v.items()) {
    if (key == "derived")
      features.derived = parse_derived(value);
    else if (key == "standardize")
      features.standardize = json_read::boolean(value, "features.standardize");
    else
      fail("features." + key, value, "features takes only derived and standardize");
  }
  features.check_columns(static_cast<int>(n_columns));
  if (features.derived.empty() && !features.standardize) return std::nullopt;
  return features;
}

/// _fit_and_score for fit `f` of the plan.
template <class Fits, class S>
FitRecord run_fit(const json& base_params, const SearchPlan& plan, const SearchSpec& spec, std::size_t f,
                  const Mat<double>& X, const std::optional<Features>& features, const typename Fits::Target& y) {
  const std::size_t c = f / plan.n_splits();
  const CvSplit& split = plan.splits[f % plan.n_splits()];
  std::vector<Index> train = split.train;
  if (plan.kind == SearchKind::learning_curve) train.resize(static_cast<std::size_t>(plan.train_sizes[c]));
  json params = base_params.is_object() ? base_params : json::object();
  for (const auto& [name, value] : plan.candidates[c].items()) params[name] = value;
  FitRecord r;
  const auto t0 = std::chrono::steady_clock::now();
  std::optional<Features> fitted = features;
  const Mat<S> X_train = (fitted ? fitted->fit(take_rows(X, train)) : take_rows(X, train)).cast<S>();
  const typename Fits::Target y_train = Fits::take(y, train);
  std::optional<typename Fits::Model> model;
  try {
    model.emplace(params_from_json(params));
    model->fit(X_train, y_train);
  } catch (const Error& e) {
    r.fit_time = seconds_since(t0);
    if (spec.error_raise) throw Error(e.parameter(), e.value(), plan.label(f) + ": " + e.what());
    r.error = std::string(e.what());
    r.test_score = r.train_score = spec.error_score;
    r.warnings.push_back(plan.label(f) + ": the fit failed and its scores are set to error_score (" +
                         (std::isnan(spec.error_score) ? std::string("nan") : std::to_string(spec.error_score)) +
                         "): " + e.what());
    return r;
  }
  r.fit_time = seconds_since(t0);
  const Mat<S> X_test = (fitted ? fitted->inputs(take_rows(X, split.test)) : take_rows(X, split.test)).cast<S>();
  r.test_score = model->score(X_test, Fits::take(y, split.test));
  r.score_time = seconds_since(t0) - r.fit_time;
  if (plan.train_scores) r.train_score = model->score(X_train, y_train);
  for (const auto& w : model->warnings()) r.warnings.push_back(plan.label(f) + ": " + w);
  return r;
}

template <class Fits, class S>
json run_with(const json& job, const SearchSpec& spec, const Data& data) {
  Call call{"fit", data.X, data.y, "X", "y", false, {}};
  if ((call.X == nullptr && !data.generated) || (call.X != nullptr && call.X->is_null()))
    fail("X", nullptr, "X is required (or a dataset)");
  if ((call.y == nullptr && !data.generated) || (call.y != nullptr && call.y->is_null()))
    fail("y", nullptr, "y is required (or a dataset)");
  std::vector<std::string> read_warnings;
  const Mat<double> X = rows_of(call, data);
  const std::optional<Features> features = read_features(job, X.cols());
  const typename Fits::Target y = Fits::targets(call, data, read_warnings);
  if (Fits::rows(y) != X.rows())
    fail("y", std::to_string(Fits::rows(y)) + " samples",
         "X and y must have the same number of rows; got " + std::to_string(X.rows()) + " and " +
             std::to_string(Fits::rows(y)));
  SearchData about{X.rows(), Fits::kClassifier, type_of_target(y), Fits::labels(y)};
  SearchPlan plan = make_plan(spec, about);
  plan.warnings.insert(plan.warnings.begin(), read_warnings.begin(), read_warnings.end());
  const std::size_t n = plan.n_fits();
  // A fit's copies of its training and test rows, and the result's JSON (about 8 numbers a fit).
  check_memory(static_cast<double>(X.size()) * 2 * 8 + kJsonBytesPerNumber * 8 * static_cast<double>(n), "search",
               "the search's copies of the data and its results");
  if (spec.fit_results) return aggregate(plan, read_fit_results(*spec.fit_results, plan));
  std::size_t start = 0, stop = n;
  if (spec.fit_range) {
    const auto [a, b] = *spec.fit_range;
    if (a < 0 || b < a || b > static_cast<long long>(n))
      fail("search.fit_range", json::array({a, b}),
           "search.fit_range must be [start, stop] with 0 <= start <= stop <= " + std::to_string(n) +
               " (the search's fits)");
    start = static_cast<std::size_t>(a);
    stop = static_cast<std::size_t>(b);
  }
  const json base = job.value("params", json::object());
  std::vector<FitRecord> records;
  for (std::size_t f = start; f < stop; ++f) records.push_back(run_fit<Fits, S>(base, plan, spec, f, X, features, y));
  if (!spec.fit_range) return aggregate(plan, records);
  json fits = json::array();
  for (std::size_t f = start; f < stop; ++f) fits.push_back(fit_record_json(f, records[f - start], plan.train_scores));
  return json{{"n_fits", n}, {"fits", std::move(fits)}};
}

template <class S>
json run_precision(const json& job, const std::string& estimator, const SearchSpec& spec, const Data& data) {
  return estimator == "MLPClassifier" ? run_with<ClassifierFits<S>, S>(job, spec, data)
                                      : run_with<RegressorFits<S>, S>(job, spec, data);
}

}  // namespace

json run_search(const json& job, const std::string& estimator, Precision precision, const Data& data) {
  for (const char* other : {"calls", "init", "X_test", "y_test", "output"})
    if (job.contains(other))
      fail(other, job[other],
           std::string("a search job takes no '") + other +
               "': each fit is a fresh estimator fitted on its training rows and scored on its test rows");
  const SearchSpec spec = read_search(job["search"]);
  return precision == Precision::float64 ? run_precision<double>(job, estimator, spec, data)
                                         : run_precision<float>(job, estimator, spec, data);
}

}  // namespace mlp
