// Shared by test_trace.cpp: sessions of every output type with a model to trace (trained, or
// imported for multilabel), and the session's exported model loaded into a reference estimator.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/estimator.hpp"
#include "mlp/names.hpp"
#include "mlp/rng.hpp"
#include "mlp/session.hpp"

namespace mlp::trace_test {

using json = nlohmann::json;

enum class Kind { binary, multiclass, multilabel, regression };
inline const char* name_of(Kind kind) {
  const char* names[] = {"binary", "multiclass", "multilabel", "regression"};
  return names[static_cast<int>(kind)];
}

constexpr double kAlpha = 0.3;  // large enough that a wrong L2 term shows
constexpr double kRate = 0.05;

inline std::string params_for(const std::string& activation, double rate = kRate) {
  return json{{"hidden_layer_sizes", {5, 4}},
              {"activation", activation},
              {"alpha", kAlpha},
              {"solver", "sgd"},
              {"momentum", 0},
              {"learning_rate_init", rate},
              {"max_iter", 50},
              {"random_state", 3}}
      .dump();
}

/// A multilabel model (3 outputs) over 2 inputs with weights drawn in [-1, 1]: a session's data
/// are never multilabel, so the model comes in through import_model.
inline std::string multilabel_model(const std::string& activation, const std::string& precision) {
  RandomState rng(7);
  const std::vector<int> units{2, 5, 4, 3};
  json coefs = json::array(), intercepts = json::array();
  for (std::size_t l = 0; l + 1 < units.size(); ++l) {
    json W = json::array(), b = json::array();
    for (int i = 0; i < units[l]; ++i) {
      json row = json::array();
      for (int j = 0; j < units[l + 1]; ++j) row.push_back(rng.uniform(-1, 1));
      W.push_back(row);
    }
    for (int j = 0; j < units[l + 1]; ++j) b.push_back(rng.uniform(-0.5, 0.5));
    coefs.push_back(W);
    intercepts.push_back(b);
  }
  return json{{"estimator", "MLPClassifier"},
              {"params", json::parse(params_for(activation))},
              {"precision", precision},
              {"coefs_", coefs},
              {"intercepts_", intercepts},
              {"classes_", {0, 1, 2}},
              {"multilabel", true}}
      .dump();
}

/// A session of the given kind with a model trained 3 epochs (multilabel: imported).
inline Session make_session(Kind kind, const std::string& activation, const std::string& precision) {
  Session s;
  const bool regression = kind == Kind::regression;
  // make_regression's targets are in the hundreds: a smaller step keeps sgd from diverging.
  EXPECT_TRUE(s.configure(regression ? "MLPRegressor" : "MLPClassifier",
                          params_for(activation, regression ? 1e-4 : kRate), precision)
                  .ok);
  switch (kind) {
    case Kind::binary:
    case Kind::multilabel:
      EXPECT_TRUE(s.generate("make_moons", R"({"n_samples": 60, "noise": 0.2, "random_state": 1})", 0.25, 0).ok);
      break;
    case Kind::multiclass:
      EXPECT_TRUE(s.generate("make_blobs", R"({"n_samples": 60, "centers": 3, "random_state": 1})", 0.25, 0).ok);
      break;
    case Kind::regression:
      EXPECT_TRUE(s.generate("make_regression",
                             R"({"n_samples": 60, "n_features": 2, "n_targets": 2, "noise": 1, "random_state": 1})",
                             0.25, 0)
                      .ok);
      break;
  }
  if (kind == Kind::multilabel) {
    const Status imported = s.import_model(multilabel_model(activation, precision));
    EXPECT_TRUE(imported.ok) << imported.message;
  } else {
    const Progress p = s.step(3);
    EXPECT_TRUE(p.status.ok) << p.status.message;
  }
  return s;
}

/// A target for the session's first training row: its label, its values, or (multilabel) a
/// fixed row of 0s and 1s.
inline std::vector<double> target_of_first_row(Session& s, Kind kind) {
  if (kind == Kind::multilabel) return {1, 0, 1};
  const double* y = s.y_train();
  return std::vector<double>(y, y + s.n_targets());
}

inline std::vector<Mat<double>> coefs_of(const json& model) {
  std::vector<Mat<double>> out;
  for (const json& W : model["coefs_"]) {
    Mat<double> m(static_cast<Index>(W.size()), static_cast<Index>(W[0].size()));
    for (Index i = 0; i < m.rows(); ++i)
      for (Index j = 0; j < m.cols(); ++j) m(i, j) = W[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    out.push_back(m);
  }
  return out;
}

inline std::vector<Vec<double>> intercepts_of(const json& model) {
  std::vector<Vec<double>> out;
  for (const json& b : model["intercepts_"]) {
    Vec<double> v(static_cast<Index>(b.size()));
    for (Index j = 0; j < v.size(); ++j) v(j) = b[static_cast<std::size_t>(j)];
    out.push_back(v);
  }
  return out;
}

/// The session's exported model loaded into an estimator of precision S (the reference).
template <class S>
void load(MLPClassifier<S>& model, const json& exported) {
  model.import_model(labels_from_json(exported["classes_"]), exported.value("multilabel", false), coefs_of(exported),
                     intercepts_of(exported));
}
template <class S>
void load(MLPRegressor<S>& model, const json& exported) {
  model.import_model(coefs_of(exported), intercepts_of(exported));
}

template <class S>
Mat<S> row_of(const std::vector<double>& v) {
  return ConstMatMap<double>(v.data(), 1, static_cast<Index>(v.size())).cast<S>();
}

}  // namespace mlp::trace_test
