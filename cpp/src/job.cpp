// The JSON job runner: parses a job, runs MLPClassifier/MLPRegressor in the
// requested precision, and reports every fitted attribute by scikit-learn name.
// Reading and writing the job's parts: job_io.hpp.
#include "mlp/job.hpp"

#include <algorithm>
#include <new>
#include <set>
#include <stdexcept>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/job_io.hpp"
#include "mlp/limits.hpp"
#include "mlp/names.hpp"
#include "mlp/portable_math.hpp"
#include "mlp/search_job.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;
using namespace job_io;
using namespace json_read;

/// What is being allocated, for an out-of-memory message (the job runs one at a time).
const char* g_phase = "reading the job";

/// The result's JSON: about kJsonBytesPerNumber per number written.
void check_output_memory(double numbers, const std::string& parameter, const std::string& what) {
  check_memory(numbers * kJsonBytesPerNumber, parameter, what);
}

template <class Model>
void apply_init(const std::optional<InitWeights>& init, Model& model) {
  if (init) model.set_initial_weights(init->coefs, init->intercepts);
}

// --- what differs between the estimators --------------------------------------------------
// run_estimator below is the runner of both; these two hold what it does differently for each:
// the targets, training with them, init weights without training, and the predictions.

template <class S>
struct ClassifierJob {
  using Model = MLPClassifier<S>;
  using Target = ClassTarget;
  static constexpr bool kClassifier = true;
  /// JSON numbers per test row: predict and predict_proba.
  static constexpr double kOutputsPerTestRow = 2;

  Target targets(const Call& call, const Data& data, std::vector<std::string>& warnings) {
    return class_rows(call, data, warnings);
  }
  Target test_targets(const json& y, std::vector<std::string>& warnings) {
    return class_target(read_target(y, "y_test", warnings), "y_test");
  }
  void partial_fit(Model& model, const Call& call, const Mat<S>& X, const Target& y) {
    model.partial_fit(X, y, call.has_classes ? &call.classes : nullptr);
  }
  /// calls: [] with init weights: the classes come from y.
  void import_init(Model& model, const InitWeights& init, const Params& params, bool has_rows, const Mat<S>& X,
                   const Target& y) {
    if (!has_rows) fail("y", nullptr, "a classifier takes its classes from y: give X and y (or a dataset) with init");
    check_init_shapes(init, params, X.cols());
    const std::vector<Label> classes = y.multilabel ? std::vector<Label>{} : unique_labels(y);
    std::vector<Label> multilabel_columns(static_cast<std::size_t>(y.multilabel ? y.indicator.cols() : 0));
    model.import_model(y.multilabel ? multilabel_columns : classes, y.multilabel, init.coefs, init.intercepts);
  }
  void write_classes(json& r, const Model& model) {
    r["classes_"] = json::array();
    for (const Label& l : model.classes()) r["classes_"].push_back(label_json(l));
  }
  void write_predictions(json& r, const Model& model, const Mat<S>& X_test) {
    r["predict"] = class_target_json(model.predict(X_test));
    r["predict_proba"] = rows(model.predict_proba(X_test));
  }
};

template <class S>
struct RegressorJob {
  using Model = MLPRegressor<S>;
  using Target = Mat<S>;
  static constexpr bool kClassifier = false;
  /// JSON numbers per test row: predict.
  static constexpr double kOutputsPerTestRow = 1;
  bool one_d = true;  ///< the last y read was a list: predictions are written as one too

  Target targets(const Call& call, const Data& data, std::vector<std::string>& warnings) {
    return real_rows<S>(call, data, warnings, one_d);
  }
  Target test_targets(const json& y, std::vector<std::string>& warnings) {
    return real_target<S>(read_target(y, "y_test", warnings), "y_test");
  }
  void partial_fit(Model& model, const Call&, const Mat<S>& X, const Target& Y) { model.partial_fit(X, Y); }
  void import_init(Model& model, const InitWeights& init, const Params& params, bool has_rows, const Mat<S>& X,
                   const Target& Y) {
    check_init_shapes(init, params, has_rows ? X.cols() : 0);
    if (has_rows && init.coefs.back().cols() != Y.cols())
      fail("init", "layer " + std::to_string(init.coefs.size() - 1),
           "init's output layer has " + std::to_string(init.coefs.back().cols()) + " units but y has " +
               std::to_string(Y.cols()) + " targets");
    model.import_model(init.coefs, init.intercepts);
  }
  void write_classes(json&, const Model&) {}
  void write_predictions(json& r, const Model& model, const Mat<S>& X_test) {
    Mat<S> predicted = model.predict(X_test);
    if (predicted.cols() == 1 && one_d) {
      r["predict"] = json::array();
      for (Index i = 0; i < predicted.rows(); ++i) r["predict"].push_back(real(predicted(i, 0)));
    } else {
      r["predict"] = rows(predicted);
    }
  }
};

/// Runs the job's calls (or, with calls: [], its init weights as they are) on one estimator
/// (Job: ClassifierJob<S> or RegressorJob<S>) and writes the result.
template <class Job, class S>
json run_estimator(const json& job, const Params& params, const Data& data) {
  Job kind;
  typename Job::Model model(params);
  std::vector<std::string> conversion_warnings;
  json storage;
  const json& calls = calls_of(job, storage);
  Mat<S> X_last;
  typename Job::Target y_last;
  bool has_rows = true;
  if (calls.empty()) {
    const Untrained u = untrained(job, data, params);
    has_rows = u.data.has_value();
    if (has_rows) {
      X_last = rows_of(*u.data, data).cast<S>();
      y_last = kind.targets(*u.data, data, conversion_warnings);
    }
    if (!u.init) return json{{"warnings", conversion_warnings}};
    kind.import_init(model, *u.init, params, has_rows, X_last, y_last);
  } else {
    apply_init(read_init(job), model);
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const Call call = read_call(calls, c, data, Job::kClassifier);
      g_phase = "reading the training data";
      X_last = rows_of(call, data).cast<S>();
      y_last = kind.targets(call, data, conversion_warnings);
      g_phase = "training";
      if (call.method == "fit")
        model.fit(X_last, y_last);
      else
        kind.partial_fit(model, call, X_last, y_last);
    }
  }
  g_phase = "writing the result";
  const double n_test =
      job.contains("X_test") && job["X_test"].is_array() ? static_cast<double>(job["X_test"].size()) : 0;
  check_output_memory(static_cast<double>(model.packed_parameters().size()) +
                          n_test * Job::kOutputsPerTestRow * static_cast<double>(model.n_outputs() + 1),
                      "hidden_layer_sizes", "writing the weights and predictions as JSON");
  json r = common_attributes(model);
  kind.write_classes(r, model);
  if (has_rows) r["train_score"] = real(model.score(X_last, y_last));
  if (job.contains("X_test")) {
    Mat<S> X_test = matrix(job["X_test"], "X_test").cast<S>();
    kind.write_predictions(r, model, X_test);
    if (job.contains("y_test"))
      r["test_score"] = real(model.score(X_test, kind.test_targets(job["y_test"], conversion_warnings)));
  }
  r["warnings"] = conversion_warnings;
  for (const auto& w : model.warnings()) r["warnings"].push_back(w);
  return r;
}

template <class S>
json run_precision(const json& job, const std::string& estimator, const Params& params, const Data& data) {
  return estimator == "MLPClassifier" ? run_estimator<ClassifierJob<S>, S>(job, params, data)
                                      : run_estimator<RegressorJob<S>, S>(job, params, data);
}

json run(const json& job) {
  g_phase = "reading the job";
  if (!job.is_object()) fail("job", job, "the job must be a JSON object");
  static const std::set<std::string> known{"estimator", "params", "precision", "X",      "y",      "dataset", "init",
                                           "calls",     "X_test", "y_test",    "output", "search", "features"};
  for (const auto& [key, v] : job.items())
    if (!known.count(key))
      fail(key, v,
           "unknown job field '" + key +
               "'; a job takes estimator, params, precision, X, y, dataset, init, calls, X_test, y_test, output, "
               "search, features (with search)");
  if (!job.contains("estimator"))
    fail("estimator", nullptr, "estimator is required: \"MLPClassifier\" or \"MLPRegressor\"");
  const std::string estimator = string(job["estimator"], "estimator");
  if (estimator != "MLPClassifier" && estimator != "MLPRegressor")
    fail("estimator", job["estimator"],
         "estimator must be \"MLPClassifier\" or \"MLPRegressor\"; got \"" + estimator + "\"");
  const Params params = params_from_json(job.value("params", json::object()));
  const Precision precision =
      parse_precision(job.contains("precision") ? string(job["precision"], "precision") : "float64");
  std::vector<std::string> outputs;
  if (job.contains("output")) {
    if (!job["output"].is_array()) fail("output", job["output"], "output must be a list such as [\"X\", \"y\"]");
    for (const json& o : job["output"]) {
      const std::string item = string(o, "output");
      if (item != "X" && item != "y") fail("output", o, "output items must be \"X\" or \"y\"; got \"" + item + "\"");
      outputs.push_back(item);
    }
  }
  if (job.contains("dataset") && job["dataset"].is_object() && job["dataset"].contains("loader")) {
    g_phase = "loading and training on the images";
    json result = run_loader_job(job, estimator, params, precision);
    result["precision"] = name_of(precision);
    return result;
  }
  g_phase = "generating the dataset";
  const Data data = read_data(job);
  if (job.contains("features") && !job.contains("search"))
    fail("features", job["features"], "features (derived features, standardize) are for search jobs only");
  if (job.contains("search")) {
    g_phase = "running the search";
    json result = run_search(job, estimator, precision, data);
    result["precision"] = name_of(precision);
    return result;
  }
  g_phase = "reading the job";
  json result = precision == Precision::float64 ? run_precision<double>(job, estimator, params, data)
                                                : run_precision<float>(job, estimator, params, data);
  result["precision"] = name_of(precision);
  // With calls: [] the data are the result (the generated ones, above all).
  const bool untrained = job.contains("calls") && job["calls"].empty();
  const bool want_X = untrained || std::find(outputs.begin(), outputs.end(), "X") != outputs.end();
  const bool want_y = untrained || std::find(outputs.begin(), outputs.end(), "y") != outputs.end();
  if (data.generated && (want_X || want_y)) {
    const Dataset& d = *data.generated;
    check_output_memory(static_cast<double>(d.X.size() + d.y.size()), "output", "writing the data as JSON");
    g_phase = "writing the data";
    if (want_X) result["X"] = generated_X(d);
    if (want_y) result["y"] = generated_y(d);
  } else {
    if (want_X && data.X) result["X"] = *data.X;
    if (want_y && data.y) result["y"] = *data.y;
  }
  return result;
}

json error_json(const std::string& parameter, const json& value, const std::string& message) {
  return json{{"error", {{"parameter", parameter}, {"value", value}, {"message", message}}}};
}

}  // namespace

JobOutcome run_job(const json& job) {
  math::fix_product_blocking();
  try {
    return {0, run(job)};
  } catch (const Error& e) {
    // Report the value as the job gave it where the parameter names a job parameter.
    json value = e.value();
    if (job.is_object() && job.contains("params") && job["params"].is_object() && job["params"].contains(e.parameter()))
      value = job["params"][e.parameter()];
    return {2, error_json(e.parameter(), value, e.what())};
  } catch (const std::bad_alloc&) {
    return {2, error_json("X", nullptr,
                          std::string("out of memory while ") + g_phase +
                              ": the data or the network is too large for this machine")};
  } catch (const std::length_error&) {
    return {2, error_json(
                   "X", nullptr,
                   std::string("too large to allocate while ") + g_phase + ": the data or the network is too large")};
  } catch (const std::exception& e) {
    return {1, error_json("", nullptr, std::string("internal error: ") + e.what())};
  }
}

JobOutcome run_job(const std::string& text) {
  json job;
  try {
    g_phase = "reading the job";
    job = parse_json(text, "job");  // bounded size and depth, before anything recurses
  } catch (const Error& e) {
    return {2, error_json(e.parameter(), e.value(), e.what())};
  } catch (const std::bad_alloc&) {
    return {2, error_json("job", nullptr, "out of memory while reading the job's JSON")};
  }
  return run_job(job);
}

}  // namespace mlp
