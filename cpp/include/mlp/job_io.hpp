// The job runner's reading and writing (job.cpp runs the job): a job's matrices, targets,
// data, "init" weights and "calls" read from JSON with the runner's checks, and the fitted
// attributes written back by scikit-learn name. Every failure is an mlp::Error naming the field.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"
#include "mlp/labels.hpp"
#include "mlp/params.hpp"
#include "mlp/params_json.hpp"
#include "mlp/scalar.hpp"

namespace mlp::job_io {

using json = nlohmann::json;
using json_read::fail;
using json_read::short_dump;

// --- values -------------------------------------------------------------------

/// A rectangular, non-empty 2-D array of finite numbers.
Mat<double> matrix(const json& v, const std::string& name);

/// A label: a number or a string.
Label label(const json& v, const std::string& name);

/// A JSON number, with the non-finite values JSON lacks as strings ("inf", "-inf") or null (NaN).
json real(double v);

/// A matrix as a list of rows of real().
template <class M>
json rows(const M& m) {
  json out = json::array();
  for (Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Index j = 0; j < m.cols(); ++j) row.push_back(real(static_cast<double>(m(i, j))));
    out.push_back(std::move(row));
  }
  return out;
}

/// A vector as a list of real().
template <class V>
json list(const V& v) {
  json out = json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(real(static_cast<double>(v(i))));
  return out;
}

// --- targets ------------------------------------------------------------------

/// A y given as labels (1-D) or a 2-D array; `warnings` gets scikit-learn's column-vector warning.
struct RawTarget {
  bool two_d = false;
  std::vector<json> values;  // 1-D values
  Mat<double> matrix;        // 2-D numbers
};

RawTarget read_target(const json& v, const std::string& name, std::vector<std::string>& warnings);

/// A classifier's target: labels (1-D) or a label indicator matrix (2-D).
ClassTarget class_target(const RawTarget& t, const std::string& name);

/// A regressor's target as numbers; throws for strings and non-finite values.
template <class S>
Mat<S> real_target(const RawTarget& t, const std::string& name) {
  if (t.two_d) return t.matrix.cast<S>();
  Mat<S> Y(static_cast<Index>(t.values.size()), 1);
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    if (!t.values[i].is_number())
      fail(name, t.values[i], "MLPRegressor targets must be numbers; got " + short_dump(t.values[i]));
    Y(static_cast<Index>(i), 0) = static_cast<S>(t.values[i].get<double>());
  }
  if (!Y.allFinite()) fail(name, "non-finite", name + " must hold finite numbers");
  return Y;
}

/// Predicted labels as JSON (numbers or strings), or a multilabel indicator as rows.
json class_target_json(const ClassTarget& t);

// --- data and init --------------------------------------------------------------

/// The job's training data: JSON arrays as given (pointers into the job), or a generated
/// dataset kept as matrices (never written out as JSON unless the result asks for it).
struct Data {
  const json* X = nullptr;
  const json* y = nullptr;
  std::optional<Dataset> generated;
};

/// Bytes of JSON per number written (a json value, its share of the array, and its text).
constexpr double kJsonBytesPerNumber = 64;

/// The job's "dataset" generated, or pointers to its X and y; throws for both at once.
Data read_data(const json& job);

/// The generated data as the job's JSON would give them: X as rows, y as a list (class
/// indices as integers) or rows.
json generated_X(const Dataset& d);
json generated_y(const Dataset& d);

/// A list of matrices, one per layer (init.coefs).
std::vector<Mat<double>> read_layers(const json& v, const std::string& name);

/// The job's "init" weights (coefs[l]: fan_in x fan_out, intercepts[l]: fan_out), if any.
struct InitWeights {
  std::vector<Mat<double>> coefs;
  std::vector<Vec<double>> intercepts;
};

std::optional<InitWeights> read_init(const json& job);

/// calls: [] with init weights: they must fit the job's network (hidden_layer_sizes, and X's
/// columns when X is given), as a fit would check them; the model then predicts with them as they are.
void check_init_shapes(const InitWeights& init, const Params& params, Index n_features);

// --- calls --------------------------------------------------------------------

/// The job's "calls" (absent: one fit; `storage` holds that default).
const json& calls_of(const json& job, json& storage);

/// One entry of "calls", checked: its method, and the X/y it trains on (its
/// own, or the job's) with the names errors should use for them.
struct Call {
  std::string method;
  const json* X;  ///< nullptr: the generated data
  const json* y;
  std::string X_name, y_name;
  bool has_classes = false;
  std::vector<Label> classes;  ///< partial_fit's classes, when given
};

/// calls[c] checked against the job's data (`classifier`: it may name classes).
Call read_call(const json& calls, std::size_t c, const Data& data, bool classifier);

/// X as a matrix: a call's (or the job's) JSON rows, or the generated data.
Mat<double> rows_of(const Call& call, const Data& data);

/// The data with calls: [] (no training), as a call would read them; nullopt without X.
struct Untrained {
  std::optional<Call> data;
  std::optional<InitWeights> init;
};

/// calls: []: the job's data as a call would read them, and its init weights (needed for X_test).
Untrained untrained(const json& job, const Data& data, const Params& params);

/// A classifier's targets for a call: its y (or the job's) read as labels, or the generated ones.
ClassTarget class_rows(const Call& call, const Data& data, std::vector<std::string>& warnings);

/// A regressor's targets for a call; `one_d` tells whether y was a list (predictions are then one too).
template <class S>
Mat<S> real_rows(const Call& call, const Data& data, std::vector<std::string>& warnings, bool& one_d) {
  if (call.y) {
    RawTarget raw = read_target(*call.y, call.y_name, warnings);
    one_d = !raw.two_d;
    return real_target<S>(raw, "y");
  }
  const Mat<double>& y = data.generated->y;
  if (!y.allFinite()) fail("y", "non-finite", "y must hold finite numbers");
  one_d = y.cols() == 1;
  return y.cast<S>();
}

// --- fitted attributes ------------------------------------------------------------

/// The attributes both estimators have (coefs_, intercepts_, loss_, ..., stop_reason).
template <class S>
json common_attributes(const MultilayerPerceptron<S>& model) {
  json r;
  r["coefs_"] = json::array();
  for (const auto& W : model.coefs()) r["coefs_"].push_back(rows(W));
  r["intercepts_"] = json::array();
  for (const auto& b : model.intercepts()) r["intercepts_"].push_back(list(b));
  r["loss_"] = real(model.loss());
  if (model.stochastic_attributes()) {
    r["loss_curve_"] = json::array();
    for (double l : model.loss_curve()) r["loss_curve_"].push_back(real(l));
    r["best_loss_"] = model.best_loss() ? real(*model.best_loss()) : json(nullptr);
    if (model.validation_scores()) {
      r["validation_scores_"] = json::array();
      for (double s : *model.validation_scores()) r["validation_scores_"].push_back(real(s));
    } else {
      r["validation_scores_"] = nullptr;
    }
    r["best_validation_score_"] = model.best_validation_score() ? real(*model.best_validation_score()) : json(nullptr);
  }
  r["n_iter_"] = model.n_iter();
  r["t_"] = model.t();
  r["n_layers_"] = model.n_layers();
  r["n_outputs_"] = model.n_outputs();
  r["n_features_in_"] = model.n_features_in();
  r["out_activation_"] = name_of(model.out_activation());
  if (auto lr = model.optimizer_learning_rate()) r["optimizer_learning_rate"] = real(*lr);
  r["stop_reason"] = model.stop_reason();
  return r;
}

/// A job whose dataset is {"loader": "fashion_mnist", "params": {...}} (job_images.cpp): its
/// whole result, or an mlp::Error naming the field (the WebAssembly build refuses the loader).
json run_loader_job(const json& job, const std::string& estimator, const Params& params, Precision precision);

}  // namespace mlp::job_io
