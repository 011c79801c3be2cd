// The job runner's reading and writing (job_io.hpp).
#include "mlp/job_io.hpp"

#include <cmath>
#include <utility>

#include "mlp/error.hpp"
#include "mlp/names.hpp"

namespace mlp::job_io {

using namespace json_read;

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

/// A JSON number, with the non-finite values JSON lacks as strings ("inf", "-inf") or null (NaN).
json real(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

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

json class_target_json(const ClassTarget& t) {
  if (t.multilabel) return rows(t.indicator);
  json out = json::array();
  for (const Label& l : t.labels) out.push_back(label_json(l));
  return out;
}

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

std::vector<Mat<double>> read_layers(const json& v, const std::string& name) {
  if (!v.is_array()) fail(name, v, name + " must be a list with one entry per layer");
  std::vector<Mat<double>> out;
  for (std::size_t l = 0; l < v.size(); ++l) out.push_back(matrix(v[l], name + "[" + std::to_string(l) + "]"));
  return out;
}

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

const json& calls_of(const json& job, json& storage) {
  if (!job.contains("calls")) {
    storage = json::array({json{{"method", "fit"}}});
    return storage;
  }
  const json& calls = job["calls"];
  if (!calls.is_array()) fail("calls", calls, "calls must be a list of {\"method\": ...} (empty: no training)");
  return calls;
}

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

}  // namespace mlp::job_io
