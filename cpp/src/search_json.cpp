// The "search" field read from a job, and one fit's record written and read back (search_job.hpp).
#include <cmath>
#include <set>

#include "mlp/error.hpp"
#include "mlp/limits.hpp"
#include "mlp/params_json.hpp"
#include "mlp/search_job.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;
using namespace json_read;

/// The fields each kind takes, beyond "kind".
const std::set<std::string>& fields_of(SearchKind kind) {
  static const std::set<std::string> grid{"param_grid",  "cv",        "return_train_score",
                                          "error_score", "fit_range", "fit_results"};
  static const std::set<std::string> random{"param_distributions", "n_iter",      "random_state", "cv",
                                            "return_train_score",  "error_score", "fit_range",    "fit_results"};
  // The curves always score the training rows; they take return_train_score (true or false) and
  // ignore it, so that one search object serves every kind.
  static const std::set<std::string> validation{"param_name",  "param_range", "cv",         "return_train_score",
                                                "error_score", "fit_range",   "fit_results"};
  static const std::set<std::string> learning{"train_sizes", "cv",        "return_train_score",
                                              "error_score", "fit_range", "fit_results"};
  switch (kind) {
    case SearchKind::grid:
      return grid;
    case SearchKind::random:
      return random;
    case SearchKind::validation_curve:
      return validation;
    default:
      return learning;
  }
}

std::string listed(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// A hyperparameter name of a grid, param_name: one the estimators take.
void check_name(const std::string& name, const std::string& field) {
  if (!is_parameter_name(name))
    fail(field, name,
         "unknown hyperparameter '" + name + "' in " + field +
             "; MLPClassifier/MLPRegressor take hidden_layer_sizes, activation, solver, alpha, batch_size, "
             "learning_rate, learning_rate_init, power_t, max_iter, shuffle, random_state, tol, verbose, "
             "warm_start, momentum, nesterovs_momentum, early_stopping, validation_fraction, beta_1, beta_2, "
             "epsilon, n_iter_no_change, max_fun, leaky_slope, init, l1, dropout");
}

/// One dict of a param_grid: every value a non-empty list (ParameterGrid's checks).
ParamDict read_dict(const json& dict, const std::string& field) {
  if (!dict.is_object()) fail(field, dict, field + " must be a dict {name: [values]} or a list of such dicts");
  ParamDict out;
  for (const auto& [name, values] : dict.items()) {
    check_name(name, field + "." + name);
    if (!values.is_array())
      fail(field + "." + name, values,
           "Parameter grid for parameter '" + name + "' needs to be a list, but got " + short_dump(values) +
               " instead. Single values need to be wrapped in a list with one element.");
    if (values.empty())
      fail(field + "." + name, values,
           "Parameter grid for parameter '" + name + "' need to be a non-empty sequence, got: []");
    out[name] = std::vector<json>(values.begin(), values.end());
  }
  return out;
}

std::vector<ParamDict> read_grid(const json& v, const std::string& field) {
  if (v.is_object()) return {read_dict(v, field)};
  if (!v.is_array() || v.empty())
    fail(field, v, field + " must be a dict {name: [values]} or a non-empty list of such dicts");
  std::vector<ParamDict> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(read_dict(v[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::optional<std::uint32_t> read_seed(const json& v, const std::string& field) {
  if (v.is_null()) return std::nullopt;
  const long long seed = v.is_number_integer() ? integer(v, field) : -1;
  if (seed < 0 || seed > 4294967295LL)
    fail(field, v, field + " must be null or an integer in [0, 4294967295]; got " + short_dump(v));
  return static_cast<std::uint32_t>(seed);
}

/// cv: an integer (check_cv decides the splitter) or {"kind", "n_splits", "shuffle", "random_state"}.
void read_cv(const json& v, SearchSpec& spec) {
  if (v.is_null()) return;  // None: 5 folds
  if (v.is_number_integer()) {
    spec.cv_folds = integer(v, "search.cv");
    return;
  }
  if (!v.is_object())
    fail("search.cv", v,
         "search.cv must be an integer >= 2 or {\"kind\": \"KFold\" | \"StratifiedKFold\", \"n_splits\", "
         "\"shuffle\", \"random_state\"}");
  spec.cv_folds.reset();
  if (!v.contains("kind")) fail("search.cv.kind", nullptr, "search.cv.kind is required: KFold or StratifiedKFold");
  for (const auto& [key, value] : v.items()) {
    if (key == "kind") {
      const std::string kind = string(value, "search.cv.kind");
      if (kind != "KFold" && kind != "StratifiedKFold")
        fail("search.cv.kind", value, "search.cv.kind must be \"KFold\" or \"StratifiedKFold\"; got " + kind);
      spec.cv_spec.kind = kind == "KFold" ? CvSpec::Kind::KFold : CvSpec::Kind::StratifiedKFold;
    } else if (key == "n_splits") {
      spec.cv_spec.n_splits = integer(value, "search.cv.n_splits");
    } else if (key == "shuffle") {
      spec.cv_spec.shuffle = boolean(value, "search.cv.shuffle");
    } else if (key == "random_state") {
      spec.cv_spec.random_state = read_seed(value, "search.cv.random_state");
    } else {
      fail("search.cv." + key, value, "search.cv takes only kind, n_splits, shuffle and random_state");
    }
  }
}

void read_fit_range(const json& v, SearchSpec& spec) {
  if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_number_integer())
    fail("search.fit_range", v, "search.fit_range must be [start, stop], two integers with 0 <= start <= stop");
  spec.fit_range = std::make_pair(integer(v[0], "search.fit_range"), integer(v[1], "search.fit_range"));
}

}  // namespace

SearchSpec read_search(const json& search) {
  if (!search.is_object() || !search.contains("kind"))
    fail("search", search,
         "search must be an object {\"kind\": \"grid\" | \"random\" | \"validation_curve\" | \"learning_curve\", ...}");
  SearchSpec spec;
  const std::string kind = string(search["kind"], "search.kind");
  if (kind == "grid")
    spec.kind = SearchKind::grid;
  else if (kind == "random")
    spec.kind = SearchKind::random;
  else if (kind == "validation_curve")
    spec.kind = SearchKind::validation_curve;
  else if (kind == "learning_curve")
    spec.kind = SearchKind::learning_curve;
  else
    fail("search.kind", search["kind"],
         "search.kind must be \"grid\", \"random\", \"validation_curve\" or \"learning_curve\"; got \"" + kind + "\"");
  const std::set<std::string>& allowed = fields_of(spec.kind);
  for (const auto& [key, v] : search.items())
    if (key != "kind" && !allowed.count(key))
      fail("search." + key, v, "a " + kind + " search takes only " + listed(allowed) + "; not '" + key + "'");
  const auto required = [&](const char* key) -> const json& {
    if (!search.contains(key)) fail(std::string("search.") + key, nullptr, "a " + kind + " search needs " + key);
    return search[key];
  };
  if (spec.kind == SearchKind::grid) spec.grid = read_grid(required("param_grid"), "search.param_grid");
  if (spec.kind == SearchKind::random) {
    spec.grid = read_grid(required("param_distributions"), "search.param_distributions");
    if (search.contains("n_iter")) {
      spec.n_iter = integer(search["n_iter"], "search.n_iter");
      if (spec.n_iter < 1)
        fail("search.n_iter", search["n_iter"],
             "search.n_iter must be an integer >= 1; got " + std::to_string(spec.n_iter));
    }
    if (search.contains("random_state")) spec.random_state = read_seed(search["random_state"], "search.random_state");
  }
  if (spec.kind == SearchKind::validation_curve) {
    spec.param_name = string(required("param_name"), "search.param_name");
    check_name(spec.param_name, "search.param_name");
    const json& range = required("param_range");
    if (!range.is_array() || range.empty())
      fail("search.param_range", range, "search.param_range must be a non-empty list of values for param_name");
    spec.param_range.assign(range.begin(), range.end());
  }
  if (spec.kind == SearchKind::learning_curve && search.contains("train_sizes")) {
    const json& sizes = search["train_sizes"];
    if (!sizes.is_array() || sizes.empty())
      fail("search.train_sizes", sizes,
           "search.train_sizes must be a non-empty list of fractions in (0, 1] or of counts of training rows");
    spec.train_sizes.clear();
    spec.train_size_fractions = false;
    for (const json& s : sizes) {
      spec.train_sizes.push_back(number(s, "search.train_sizes"));
      if (!std::isfinite(spec.train_sizes.back()))
        fail("search.train_sizes", s, "search.train_sizes must hold finite numbers");
      spec.train_size_fractions = spec.train_size_fractions || s.is_number_float();  // numpy: a float array
    }
  }
  if (search.contains("cv")) read_cv(search["cv"], spec);
  if (search.contains("return_train_score"))
    spec.return_train_score = boolean(search["return_train_score"], "search.return_train_score");
  if (search.contains("error_score")) {
    const json& e = search["error_score"];
    if (e.is_string() && e.get<std::string>() == "raise")
      spec.error_raise = true;
    else if (e.is_number())
      spec.error_score = e.get<double>();
    else if (!e.is_null())
      fail("search.error_score", e,
           "search.error_score must be a number, null (NaN, the default) or \"raise\"; got " + short_dump(e));
  }
  if (search.contains("fit_range")) read_fit_range(search["fit_range"], spec);
  if (search.contains("fit_results")) {
    if (spec.fit_range)
      fail("search.fit_results", "[...]", "give search.fit_range (run some fits) or search.fit_results, not both");
    spec.fit_results = &search["fit_results"];
  }
  return spec;
}

json fit_record_json(std::size_t fit, const FitRecord& record, bool train_scores) {
  json r{{"fit", fit},
         {"test_score", job_io::real(record.test_score)},
         {"fit_time", record.fit_time},
         {"score_time", record.score_time},
         {"warnings", record.warnings}};
  if (train_scores) r["train_score"] = job_io::real(record.train_score);
  if (record.error) r["error"] = *record.error;
  return r;
}

namespace {

/// A score as written: a number, or null for NaN.
double read_score(const json& v, const std::string& field) {
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (v.is_string() && (v == "inf" || v == "-inf")) return v == "inf" ? INFINITY : -INFINITY;
  return number(v, field);
}

}  // namespace

std::vector<FitRecord> read_fit_results(const json& fits, const SearchPlan& plan) {
  const std::size_t n = plan.n_fits();
  if (!fits.is_array() || fits.size() != n)
    fail("search.fit_results", fits.is_array() ? json(std::to_string(fits.size()) + " fits") : fits,
         "search.fit_results must list every one of the search's " + std::to_string(n) +
             " fits once (as fit_range returns them)");
  std::vector<FitRecord> out(n);
  std::vector<bool> seen(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string where = "search.fit_results[" + std::to_string(i) + "]";
    const json& f = fits[i];
    if (!f.is_object() || !f.contains("fit") || !f.contains("test_score"))
      fail(where, f, where + " must be {\"fit\", \"test_score\", \"train_score\", \"fit_time\", ...}");
    const long long index = integer(f["fit"], where + ".fit");
    if (index < 0 || index >= static_cast<long long>(n) || seen[static_cast<std::size_t>(index)])
      fail(where + ".fit", f["fit"],
           where + ".fit must be a fit index in [0, " + std::to_string(n) + ") given once; got " +
               std::to_string(index));
    seen[static_cast<std::size_t>(index)] = true;
    FitRecord& r = out[static_cast<std::size_t>(index)];
    r.test_score = read_score(f["test_score"], where + ".test_score");
    if (plan.train_scores) {
      if (!f.contains("train_score")) fail(where + ".train_score", nullptr, where + " needs its train_score");
      r.train_score = read_score(f["train_score"], where + ".train_score");
    }
    r.fit_time = f.contains("fit_time") ? number(f["fit_time"], where + ".fit_time") : 0;
    r.score_time = f.contains("score_time") ? number(f["score_time"], where + ".score_time") : 0;
    if (f.contains("warnings")) {
      if (!f["warnings"].is_array()) fail(where + ".warnings", f["warnings"], where + ".warnings must be a list");
      for (const json& w : f["warnings"]) r.warnings.push_back(string(w, where + ".warnings"));
    }
    if (f.contains("error")) r.error = string(f["error"], where + ".error");
  }
  return out;
}

}  // namespace mlp
