// The constructor parameters of MLPClassifier / MLPRegressor (scikit-learn
// 1.2.1 names, defaults and validation).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mlp {

enum class Activation { identity, logistic, tanh, relu };
enum class OutActivation { identity, logistic, softmax };
enum class Solver { lbfgs, sgd, adam };
enum class LearningRate { constant, invscaling, adaptive };
enum class Precision { float64, float32 };

/// Parse scikit-learn's string names; throw mlp::Error naming `parameter`.
Activation parse_activation(const std::string& name, const char* parameter = "activation");
Solver parse_solver(const std::string& name);
LearningRate parse_learning_rate(const std::string& name);
Precision parse_precision(const std::string& name);

const char* name_of(Activation a);
const char* name_of(OutActivation a);
const char* name_of(Solver s);
const char* name_of(LearningRate r);
const char* name_of(Precision p);

struct Params {
  std::vector<long long> hidden_layer_sizes{100};
  Activation activation = Activation::relu;
  Solver solver = Solver::adam;
  double alpha = 1e-4;
  std::optional<long long> batch_size;  ///< nullopt means 'auto' = min(200, n)
  LearningRate learning_rate = LearningRate::constant;
  double learning_rate_init = 1e-3;
  double power_t = 0.5;
  long long max_iter = 200;
  bool shuffle = true;
  std::optional<std::uint32_t> random_state;  ///< nullopt: a fresh entropy seed
  double tol = 1e-4;
  bool verbose = false;
  bool warm_start = false;
  double momentum = 0.9;
  bool nesterovs_momentum = true;
  bool early_stopping = false;
  double validation_fraction = 0.1;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-8;
  double n_iter_no_change = 10;  ///< an integer >= 1, or +infinity
  long long max_fun = 15000;

  /// Validates every value as scikit-learn 1.2.1's fit does; throws mlp::Error
  /// naming the first offending parameter and what is allowed.
  void check() const;

  bool stochastic() const { return solver != Solver::lbfgs; }
};

}  // namespace mlp
