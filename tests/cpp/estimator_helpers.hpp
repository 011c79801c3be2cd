// Data and helpers of the estimator suites (test_estimators.cpp, test_estimators_training.cpp).
#pragma once

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"

namespace mlp::estimator_test {

inline ClassTarget labels_of(const Mat<double>& y) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

inline ClassTarget named(const Mat<double>& y, const std::vector<std::string>& names) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(names[static_cast<std::size_t>(y(i, 0))]);
  return t;
}

/// 100 noisy two-moons points (binary).
inline Dataset moons() { return make_moons(100, true, 0.25, 0u); }

/// 90 points in three well-separated blobs (multiclass).
inline Dataset blobs3() { return make_blobs(90, 2, 3, Mat<double>(), {1.0}, -10, 10, true, 1u); }

inline Params small(Solver solver = Solver::adam) {
  Params p;
  p.hidden_layer_sizes = {8};
  p.solver = solver;
  p.random_state = 0;
  p.max_iter = 50;
  p.learning_rate_init = 0.01;
  return p;
}

template <class S>
inline double max_weight_difference(const MultilayerPerceptron<S>& a, const MultilayerPerceptron<S>& b) {
  const Vec<S>& ta = a.packed_parameters();
  const Vec<S>& tb = b.packed_parameters();
  if (ta.size() != tb.size()) return std::numeric_limits<double>::infinity();
  return (ta - tb).cwiseAbs().template cast<double>().maxCoeff();
}

inline double squared_coefs(const MultilayerPerceptron<double>& model) {
  double sum = 0;
  for (const auto& W : model.coefs()) sum += W.squaredNorm();
  return sum;
}

inline std::vector<Mat<double>> coefs_copy(const MultilayerPerceptron<double>& model) { return model.coefs(); }
inline std::vector<Vec<double>> intercepts_copy(const MultilayerPerceptron<double>& model) {
  return model.intercepts();
}

inline bool has_warning_starting_with(const std::vector<std::string>& warnings, const std::string& prefix) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const std::string& w) { return w.compare(0, prefix.size(), prefix) == 0; });
}

inline const std::string kMaxIterWarning5 =
    "Stochastic Optimizer: Maximum iterations (5) reached and the optimization hasn't converged yet.";
inline const std::string kBatchWarning =
    "Got `batch_size` less than 1 or larger than sample size. It is going to be clipped";

}  // namespace mlp::estimator_test
