// The JSON job runner: parses a job, runs MLPClassifier/MLPRegressor in the
// requested precision, and reports every fitted attribute by scikit-learn name.
#include "mlp/job.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>

#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/limits.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;

std::string short_dump(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

[[noreturn]] void fail(const std::string& parameter, const json& value, const std::string& message) {
  throw Error(parameter, short_dump(value), message);
}

// --- reading values ---------------------------------------------------------

double number(const json& v, const std::string& name) {
  if (!v.is_number()) fail(name, v, name + " must be a number; got " + short_dump(v));
  return v.get<double>();
}

long long integer(const json& v, const std::string& name) {
  if (!v.is_number_integer()) fail(name, v, name + " must be an integer; got " + short_dump(v));
  if (v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX))
    fail(name, v, name + " is too large; got " + short_dump(v));
  return v.get<long long>();
}

bool boolean(const json& v, const std::string& name) {
  if (!v.is_boolean()) fail(name, v, name + " must be true or false; got " + short_dump(v));
  return v.get<bool>();
}

std::string string(const json& v, const std::string& name) {
  if (!v.is_string()) fail(name, v, name + " must be a string; got " + short_dump(v));
  return v.get<std::string>();
}

/// A rectangular, non-empty 2-D array of finite numbers.
Mat<double> matrix(const json& v, const std::string& name) {
  if (!v.is_array() || v.empty()) fail(name, v, name + " must be a non-empty 2-D array (a list of rows of numbers)");
  const std::size_t cols = v[0].is_array() ? v[0].size() : 0;
  Mat<double> m(static_cast<Index>(v.size()), static_cast<Index>(cols));
  for (std::size_t i = 0; i < v.size(); ++i) {
    const json& row = v[i];
    if (!row.is_array() || row.size() != cols || cols == 0)
      fail(name, row,
           name + " must be a rectangular 2-D array with at least one column: row " + std::to_string(i) + " has " +
               (row.is_array() ? std::to_string(row.size()) + " values" : "no list") + ", row 0 has " +
               std::to_string(cols));
    for (std::size_t j = 0; j < cols; ++j) {
      if (!row[j].is_number())
        fail(name, row[j],
             name + "[" + std::to_string(i) + "][" + std::to_string(j) + "] must be a finite number; got " +
                 short_dump(row[j]));
      m(static_cast<Index>(i), static_cast<Index>(j)) = row[j].get<double>();
    }
  }
  if (!m.allFinite()) fail(name, "non-finite", name + " must hold finite numbers");
  return m;
}

Label label(const json& v, const std::string& name) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  fail(name, v, name + " labels must be numbers or strings; got " + short_dump(v));
}

json label_json(const Label& l) {
  if (const auto* s = std::get_if<std::string>(&l)) return *s;
  const double v = std::get<double>(l);
  if (v == std::floor(v) && std::abs(v) < 9007199254740992.0) return static_cast<long long>(v);
  return v;
}

/// A JSON number, with the non-finite values JSON lacks as strings ("inf", "-inf") or null (NaN).
json real(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

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

template <class V>
json list(const V& v) {
  json out = json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(real(static_cast<double>(v(i))));
  return out;
}

// --- params -----------------------------------------------------------------

}  // namespace

Params params_from_json(const nlohmann::json& p) {
  Params params;
  if (p.is_null()) return params;
  if (!p.is_object()) fail("params", p, "params must be an object of scikit-learn constructor parameters");
  for (const auto& [key, v] : p.items()) {
    if (key == "hidden_layer_sizes") {
      params.hidden_layer_sizes.clear();
      if (v.is_number_integer()) {
        params.hidden_layer_sizes.push_back(integer(v, key));  // a single int is wrapped in a list
      } else if (v.is_array()) {
        if (v.size() > static_cast<std::size_t>(kMaxHiddenLayers))
          fail(key, v,
               "hidden_layer_sizes may list at most " + std::to_string(kMaxHiddenLayers) + " hidden layers; got " +
                   std::to_string(v.size()));
        for (const auto& units : v) {
          if (!units.is_number_integer())
            fail(key, v, "hidden_layer_sizes must be a list of integers >= 1; got " + short_dump(v));
          params.hidden_layer_sizes.push_back(integer(units, key));
        }
      } else {
        fail(key, v, "hidden_layer_sizes must be a list of integers >= 1 (or one integer); got " + short_dump(v));
      }
    } else if (key == "activation") {
      params.activation = parse_activation(string(v, key));
    } else if (key == "init") {
      params.init = parse_init(string(v, key));
    } else if (key == "solver") {
      params.solver = parse_solver(string(v, key));
    } else if (key == "learning_rate") {
      params.learning_rate = parse_learning_rate(string(v, key));
    } else if (key == "batch_size") {
      if (v.is_string() && v.get<std::string>() == "auto")
        params.batch_size.reset();
      else if (v.is_number_integer())
        params.batch_size = integer(v, key);
      else
        fail(key, v, "batch_size must be 'auto' or an integer >= 1; got " + short_dump(v));
    } else if (key == "random_state") {
      if (v.is_null()) {
        params.random_state.reset();
      } else {
        const long long seed = v.is_number_integer() ? integer(v, key) : -1;
        if (!v.is_number_integer() || seed < 0 || seed > 4294967295LL)
          fail(key, v, "random_state must be null or an integer in [0, 4294967295]; got " + short_dump(v));
        params.random_state = static_cast<std::uint32_t>(seed);
      }
    } else if (key == "n_iter_no_change") {
      if (v.is_string() && (v.get<std::string>() == "inf" || v.get<std::string>() == "Infinity"))
        params.n_iter_no_change = std::numeric_limits<double>::infinity();
      else if (v.is_number_integer())
        params.n_iter_no_change = static_cast<double>(integer(v, key));
      else
        fail(key, v, "n_iter_no_change must be an integer >= 1 or \"inf\"; got " + short_dump(v));
    } else if (key == "max_iter") {
      params.max_iter = integer(v, key);
    } else if (key == "max_fun") {
      params.max_fun = integer(v, key);
    } else if (key == "shuffle") {
      params.shuffle = boolean(v, key);
    } else if (key == "verbose") {
      params.verbose = v.is_number_integer() ? integer(v, key) != 0 : boolean(v, key);
    } else if (key == "warm_start") {
      params.warm_start = boolean(v, key);
    } else if (key == "nesterovs_momentum") {
      params.nesterovs_momentum = boolean(v, key);
    } else if (key == "early_stopping") {
      params.early_stopping = boolean(v, key);
    } else {
      static const std::pair<const char*, double Params::*> reals[] = {
          {"alpha", &Params::alpha},
          {"learning_rate_init", &Params::learning_rate_init},
          {"power_t", &Params::power_t},
          {"tol", &Params::tol},
          {"momentum", &Params::momentum},
          {"validation_fraction", &Params::validation_fraction},
          {"beta_1", &Params::beta_1},
          {"beta_2", &Params::beta_2},
          {"epsilon", &Params::epsilon},
          {"leaky_slope", &Params::leaky_slope},
          {"l1", &Params::l1},
          {"dropout", &Params::dropout}};
      bool known = false;
      for (const auto& [name, field] : reals)
        if (key == name) {
          params.*field = number(v, key);
          known = true;
        }
      if (!known)
        fail(key, v,
             "unknown parameter '" + key +
                 "'; MLPClassifier/MLPRegressor take hidden_layer_sizes, activation, solver, alpha, batch_size, "
                 "learning_rate, learning_rate_init, power_t, max_iter, shuffle, random_state, tol, verbose, "
                 "warm_start, momentum, nesterovs_momentum, early_stopping, validation_fraction, beta_1, beta_2, "
                 "epsilon, n_iter_no_change, max_fun, and the extensions leaky_slope, init, l1, dropout");
    }
  }
  return params;
}

namespace {

// --- targets ----------------------------------------------------------------

/// A y given as labels (1-D) or a 2-D array; `warnings` gets scikit-learn's column-vector warning.
struct RawTarget {
  bool two_d = false;
  std::vector<json> values;  // 1-D values
  Mat<double> matrix;        // 2-D numbers
};

RawTarget read_target(const json& v, const std::string& name, std::vector<std::string>& warnings) {
  if (!v.is_array() || v.empty()) fail(name, v, name + " must be a non-empty list of targets");
  RawTarget t;
  if (v[0].is_array()) {
    t.two_d = true;
    t.matrix = matrix(v, name);
    if (t.matrix.cols() == 1) {
      warnings.push_back(
          "A column-vector y was passed when a 1d array was expected. Please change the shape of y to "
          "(n_samples, ), for example using ravel().");
      t.two_d = false;
      for (Index i = 0; i < t.matrix.rows(); ++i) t.values.emplace_back(t.matrix(i, 0));
    }
    return t;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number() && !v[i].is_string())
      fail(name, v[i], name + "[" + std::to_string(i) + "] must be a number or a string; got " + short_dump(v[i]));
    t.values.push_back(v[i]);
  }
  return t;
}

ClassTarget class_target(const RawTarget& t, const std::string& name) {
  ClassTarget out;
  if (t.two_d) {
    out.multilabel = true;
    out.indicator = t.matrix;
    return out;
  }
  for (const json& v : t.values) out.labels.push_back(label(v, name));
  return out;
}

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

json class_target_json(const ClassTarget& t) {
  if (t.multilabel) return rows(t.indicator);
  json out = json::array();
  for (const Label& l : t.labels) out.push_back(label_json(l));
  return out;
}

// --- the job ----------------------------------------------------------------

/// The job's training data: JSON arrays as given (pointers into the job), or a generated
/// dataset kept as matrices (never written out as JSON unless the result asks for it).
struct Data {
  const json* X = nullptr;
  const json* y = nullptr;
  std::optional<Dataset> generated;
};

/// Bytes of JSON per number written (a json value, its share of the array, and its text).
constexpr double kJsonBytesPerNumber = 64;

Data read_data(const json& job) {
  Data data;
  const bool has_dataset = job.contains("dataset");
  if (has_dataset && (job.contains("X") || job.contains("y")))
    fail("dataset", job["dataset"], "give either X and y, or dataset, not both");
  if (has_dataset) {
    const json& d = job["dataset"];
    if (!d.is_object() || !d.contains("generator"))
      fail("dataset", d, "dataset must be an object {\"generator\": name, \"params\": {...}}");
    for (const auto& [key, v] : d.items())
      if (key != "generator" && key != "params")
        fail("dataset." + key, v, "dataset takes only 'generator' and 'params'");
    data.generated = generate(string(d["generator"], "dataset.generator"), d.value("params", json::object()));
    return data;
  }
  if (job.contains("X")) data.X = &job["X"];
  if (job.contains("y")) data.y = &job["y"];
  return data;
}

/// The generated data as the job's JSON would give them: X as rows, y as a list (class
/// indices as integers) or rows.
json generated_X(const Dataset& d) { return rows(d.X); }
json generated_y(const Dataset& d) {
  if (d.y.cols() != 1) return rows(d.y);
  json out = json::array();
  for (Index i = 0; i < d.y.rows(); ++i)
    out.push_back(d.classification ? json(static_cast<long long>(d.y(i, 0))) : real(d.y(i, 0)));
  return out;
}

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

std::vector<Mat<double>> read_layers(const json& v, const std::string& name) {
  if (!v.is_array()) fail(name, v, name + " must be a list with one entry per layer");
  std::vector<Mat<double>> out;
  for (std::size_t l = 0; l < v.size(); ++l) out.push_back(matrix(v[l], name + "[" + std::to_string(l) + "]"));
  return out;
}

/// The job's "init" weights (coefs[l]: fan_in x fan_out, intercepts[l]: fan_out), if any.
struct InitWeights {
  std::vector<Mat<double>> coefs;
  std::vector<Vec<double>> intercepts;
};

std::optional<InitWeights> read_init(const json& job) {
  if (!job.contains("init")) return std::nullopt;
  const json& init = job["init"];
  if (!init.is_object() || !init.contains("coefs") || !init.contains("intercepts"))
    fail("init", init, "init must be {\"coefs\": [...], \"intercepts\": [...]}");
  InitWeights w;
  w.coefs = read_layers(init["coefs"], "init.coefs");
  const json& b = init["intercepts"];
  if (!b.is_array()) fail("init.intercepts", b, "init.intercepts must be a list of lists of numbers");
  for (std::size_t l = 0; l < b.size(); ++l) {
    json as_rows = json::array({b[l]});
    w.intercepts.push_back(matrix(as_rows, "init.intercepts[" + std::to_string(l) + "]").row(0).transpose());
  }
  return w;
}

template <class Model>
void apply_init(const std::optional<InitWeights>& init, Model& model) {
  if (init) model.set_initial_weights(init->coefs, init->intercepts);
}

/// calls: [] with init weights: they must fit the job's network (hidden_layer_sizes, and X's
/// columns when X is given), as a fit would check them; the model then predicts with them as they are.
void check_init_shapes(const InitWeights& init, const Params& params, Index n_features) {
  const std::size_t layers = params.hidden_layer_sizes.size() + 1;
  if (init.coefs.size() != layers || init.intercepts.size() != layers)
    fail("init", std::to_string(init.coefs.size()) + " layers",
         "init must give " + std::to_string(layers) + " coefs and intercepts (one per layer of hidden_layer_sizes " +
             "and the output); got " + std::to_string(init.coefs.size()) + " and " +
             std::to_string(init.intercepts.size()));
  for (std::size_t l = 0; l < layers; ++l) {
    const Index fan_in = l == 0 ? (n_features > 0 ? n_features : init.coefs[0].rows())
                                : static_cast<Index>(params.hidden_layer_sizes[l - 1]);
    const Mat<double>& W = init.coefs[l];
    const bool last = l + 1 == layers;
    const Index fan_out = last ? W.cols() : static_cast<Index>(params.hidden_layer_sizes[l]);
    if (W.rows() != fan_in || W.cols() != fan_out || init.intercepts[l].size() != fan_out)
      fail("init", "layer " + std::to_string(l),
           "init coefs[" + std::to_string(l) + "] must be " + std::to_string(fan_in) + "x" +
               (last ? std::string("n_outputs") : std::to_string(fan_out)) + " and intercepts[" + std::to_string(l) +
               "] of length " + (last ? std::string("n_outputs") : std::to_string(fan_out)) + "; got " +
               std::to_string(W.rows()) + "x" + std::to_string(W.cols()) + " and " +
               std::to_string(init.intercepts[l].size()));
  }
}

/// What is being allocated, for an out-of-memory message (the job runs one at a time).
const char* g_phase = "reading the job";

/// The result's JSON: about kJsonBytesPerNumber per number written.
void check_output_memory(double numbers, const std::string& parameter, const std::string& what) {
  check_memory(numbers * kJsonBytesPerNumber, parameter, what);
}

template <class S>
double parameter_count(const MultilayerPerceptron<S>& model) {
  return static_cast<double>(model.packed_parameters().size());
}

const json& calls_of(const json& job, json& storage) {
  if (!job.contains("calls")) {
    storage = json::array({json{{"method", "fit"}}});
    return storage;
  }
  const json& calls = job["calls"];
  if (!calls.is_array()) fail("calls", calls, "calls must be a list of {\"method\": ...} (empty: no training)");
  return calls;
}

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

Call read_call(const json& calls, std::size_t c, const Data& data, bool classifier) {
  const std::string where = "calls[" + std::to_string(c) + "]";
  const json& call = calls[c];
  if (!call.is_object() || !call.contains("method"))
    fail(where, call, where + " must be {\"method\": \"fit\" | \"partial_fit\", ...}");
  for (const auto& [key, v] : call.items())
    if (key != "method" && key != "X" && key != "y" && !(classifier && key == "classes"))
      fail(where + "." + key, v,
           where + (classifier ? " takes only method, X, y and classes" : " takes only method, X and y"));
  Call out{string(call["method"], where + ".method"),
           call.contains("X") ? &call["X"] : data.X,
           call.contains("y") ? &call["y"] : data.y,
           call.contains("X") ? where + ".X" : "X",
           call.contains("y") ? where + ".y" : "y",
           false,
           {}};
  if (out.method != "fit" && out.method != "partial_fit")
    fail(where + ".method", call["method"], "method must be 'fit' or 'partial_fit'; got '" + out.method + "'");
  if (out.method == "fit" && call.contains("classes"))
    fail(where + ".classes", call["classes"], "classes is only for partial_fit");
  if ((out.X == nullptr && !data.generated) || (out.X != nullptr && out.X->is_null()))
    fail("X", nullptr, "X is required (or a dataset)");
  if ((out.y == nullptr && !data.generated) || (out.y != nullptr && out.y->is_null()))
    fail("y", nullptr, "y is required (or a dataset)");
  if (call.contains("classes")) {
    if (!call["classes"].is_array()) fail(where + ".classes", call["classes"], "classes must be a list of labels");
    out.has_classes = true;
    for (const json& v : call["classes"]) out.classes.push_back(label(v, "classes"));
  }
  return out;
}

/// X as a matrix: a call's (or the job's) JSON rows, or the generated data.
Mat<double> rows_of(const Call& call, const Data& data) {
  return call.X ? matrix(*call.X, call.X_name) : data.generated->X;
}

/// The data with calls: [] (no training), as a call would read them; nullopt without X.
struct Untrained {
  std::optional<Call> data;
  std::optional<InitWeights> init;
};

Untrained untrained(const json& job, const Data& data, const Params& params) {
  params.check();  // as a fit would, first
  Untrained u;
  if (data.X || data.y || data.generated) {
    json call = json::array({json{{"method", "fit"}}});
    u.data = read_call(call, 0, data, false);
    u.data->X_name = "X";
    u.data->y_name = "y";
    u.data->X = data.X;  // read_call's pointers into the temporary call are the job's
    u.data->y = data.y;
  }
  u.init = read_init(job);
  if (!u.init && job.contains("X_test"))
    fail("X_test", nullptr, "X_test needs a model: give init weights, or calls that train");
  return u;
}

template <class S>
ClassTarget class_rows(const Call& call, const Data& data, std::vector<std::string>& warnings) {
  if (call.y) return class_target(read_target(*call.y, call.y_name, warnings), "y");
  ClassTarget t;
  const Mat<double>& y = data.generated->y;
  if (y.cols() != 1) {
    t.multilabel = true;
    t.indicator = y;
    return t;
  }
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

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

template <class S>
json run_classifier(const json& job, const Params& params, const Data& data) {
  MLPClassifier<S> model(params);
  std::vector<std::string> conversion_warnings;
  json storage;
  const json& calls = calls_of(job, storage);
  Mat<S> X_last;
  ClassTarget y_last;
  bool has_rows = true;
  if (calls.empty()) {
    const Untrained u = untrained(job, data, params);
    has_rows = u.data.has_value();
    if (has_rows) {
      X_last = rows_of(*u.data, data).cast<S>();
      y_last = class_rows<S>(*u.data, data, conversion_warnings);
    }
    if (!u.init) return json{{"warnings", conversion_warnings}};
    if (!has_rows) fail("y", nullptr, "a classifier takes its classes from y: give X and y (or a dataset) with init");
    check_init_shapes(*u.init, params, X_last.cols());
    const std::vector<Label> classes = y_last.multilabel ? std::vector<Label>{} : unique_labels(y_last);
    std::vector<Label> multilabel_columns(static_cast<std::size_t>(y_last.multilabel ? y_last.indicator.cols() : 0));
    model.import_model(y_last.multilabel ? multilabel_columns : classes, y_last.multilabel, u.init->coefs,
                       u.init->intercepts);
  } else {
    apply_init(read_init(job), model);
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const Call call = read_call(calls, c, data, true);
      g_phase = "reading the training data";
      X_last = rows_of(call, data).cast<S>();
      y_last = class_rows<S>(call, data, conversion_warnings);
      g_phase = "training";
      if (call.method == "fit")
        model.fit(X_last, y_last);
      else
        model.partial_fit(X_last, y_last, call.has_classes ? &call.classes : nullptr);
    }
  }
  g_phase = "writing the result";
  const double n_test =
      job.contains("X_test") && job["X_test"].is_array() ? static_cast<double>(job["X_test"].size()) : 0;
  check_output_memory(parameter_count(model) + n_test * 2 * static_cast<double>(model.n_outputs() + 1),
                      "hidden_layer_sizes", "writing the weights and predictions as JSON");
  json r = common_attributes(model);
  r["classes_"] = json::array();
  for (const Label& l : model.classes()) r["classes_"].push_back(label_json(l));
  if (has_rows) r["train_score"] = real(model.score(X_last, y_last));
  if (job.contains("X_test")) {
    Mat<S> X_test = matrix(job["X_test"], "X_test").cast<S>();
    r["predict"] = class_target_json(model.predict(X_test));
    r["predict_proba"] = rows(model.predict_proba(X_test));
    if (job.contains("y_test"))
      r["test_score"] =
          real(model.score(X_test, class_target(read_target(job["y_test"], "y_test", conversion_warnings), "y_test")));
  }
  r["warnings"] = conversion_warnings;
  for (const auto& w : model.warnings()) r["warnings"].push_back(w);
  return r;
}

template <class S>
json run_regressor(const json& job, const Params& params, const Data& data) {
  MLPRegressor<S> model(params);
  std::vector<std::string> conversion_warnings;
  json storage;
  const json& calls = calls_of(job, storage);
  Mat<S> X_last, Y_last;
  bool one_d = true, has_rows = true;
  if (calls.empty()) {
    const Untrained u = untrained(job, data, params);
    has_rows = u.data.has_value();
    if (has_rows) {
      X_last = rows_of(*u.data, data).cast<S>();
      Y_last = real_rows<S>(*u.data, data, conversion_warnings, one_d);
    }
    if (!u.init) return json{{"warnings", conversion_warnings}};
    check_init_shapes(*u.init, params, has_rows ? X_last.cols() : 0);
    if (has_rows && u.init->coefs.back().cols() != Y_last.cols())
      fail("init", "layer " + std::to_string(u.init->coefs.size() - 1),
           "init's output layer has " + std::to_string(u.init->coefs.back().cols()) + " units but y has " +
               std::to_string(Y_last.cols()) + " targets");
    model.import_model(u.init->coefs, u.init->intercepts);
  } else {
    apply_init(read_init(job), model);
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const Call call = read_call(calls, c, data, false);
      g_phase = "reading the training data";
      X_last = rows_of(call, data).cast<S>();
      Y_last = real_rows<S>(call, data, conversion_warnings, one_d);
      g_phase = "training";
      if (call.method == "fit")
        model.fit(X_last, Y_last);
      else
        model.partial_fit(X_last, Y_last);
    }
  }
  g_phase = "writing the result";
  const double n_test =
      job.contains("X_test") && job["X_test"].is_array() ? static_cast<double>(job["X_test"].size()) : 0;
  check_output_memory(parameter_count(model) + n_test * static_cast<double>(model.n_outputs() + 1),
                      "hidden_layer_sizes", "writing the weights and predictions as JSON");
  json r = common_attributes(model);
  if (has_rows) r["train_score"] = real(model.score(X_last, Y_last));
  if (job.contains("X_test")) {
    Mat<S> X_test = matrix(job["X_test"], "X_test").cast<S>();
    Mat<S> predicted = model.predict(X_test);
    if (predicted.cols() == 1 && one_d) {
      r["predict"] = json::array();
      for (Index i = 0; i < predicted.rows(); ++i) r["predict"].push_back(real(predicted(i, 0)));
    } else {
      r["predict"] = rows(predicted);
    }
    if (job.contains("y_test"))
      r["test_score"] = real(
          model.score(X_test, real_target<S>(read_target(job["y_test"], "y_test", conversion_warnings), "y_test")));
  }
  r["warnings"] = conversion_warnings;
  for (const auto& w : model.warnings()) r["warnings"].push_back(w);
  return r;
}

template <class S>
json run_precision(const json& job, const std::string& estimator, const Params& params, const Data& data) {
  return estimator == "MLPClassifier" ? run_classifier<S>(job, params, data) : run_regressor<S>(job, params, data);
}

json run(const json& job) {
  g_phase = "reading the job";
  if (!job.is_object()) fail("job", job, "the job must be a JSON object");
  static const std::set<std::string> known{"estimator", "params", "precision", "X",      "y",     "dataset",
                                           "init",      "calls",  "X_test",    "y_test", "output"};
  for (const auto& [key, v] : job.items())
    if (!known.count(key))
      fail(key, v,
           "unknown job field '" + key +
               "'; a job takes estimator, params, precision, X, y, dataset, init, calls, X_test, y_test, output");
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
  g_phase = "generating the dataset";
  const Data data = read_data(job);
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
