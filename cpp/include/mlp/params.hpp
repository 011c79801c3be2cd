// The constructor parameters of MLPClassifier / MLPRegressor (scikit-learn
// 1.2.1 names, defaults and validation), plus the course's opt-in extensions
// (leaky_relu and leaky_slope, init, l1, dropout), whose defaults leave every
// scikit-learn result and the random stream of a fit unchanged.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mlp {

enum class Activation { identity, logistic, tanh, relu, leaky_relu };
enum class OutActivation { identity, logistic, softmax };
enum class Solver { lbfgs, sgd, adam };
enum class LearningRate { constant, invscaling, adaptive };
enum class Precision { float64, float32 };
enum class Init { glorot, he, zeros };

/// Parse scikit-learn's string names; throw mlp::Error naming `parameter`.
Activation parse_activation(const std::string& name, const char* parameter = "activation");
Solver parse_solver(const std::string& name);
LearningRate parse_learning_rate(const std::string& name);
Precision parse_precision(const std::string& name);
Init parse_init(const std::string& name);

const char* name_of(Activation a);
const char* name_of(OutActivation a);
const char* name_of(Solver s);
const char* name_of(LearningRate r);
const char* name_of(Precision p);
const char* name_of(Init i);

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

  // Extensions beyond scikit-learn (the defaults are scikit-learn's behaviour, bit for bit).
  /// leaky_relu's slope for z <= 0, in (0, 1).
  double leaky_slope = 0.01;
  /// Initial weights: glorot is scikit-learn's uniform init. he draws the same numbers in the same
  /// order with bound sqrt(6 / fan_in) (biases too). zeros sets every weight and bias to 0 and draws
  /// nothing (the symmetry failure: hidden units of a layer stay identical).
  Init init = Init::glorot;
  /// L1 penalty strength (>= 0) on the weights, not the biases: adds l1 * sum|W| / n to the loss,
  /// n the rows of the evaluation as for alpha. lbfgs adds l1 * sign(W) / n to the gradient
  /// (0 at 0); sgd and adam instead shrink the weights by a proximal (soft-threshold) step after
  /// each update, which sets weights exactly to 0.
  double l1 = 0;
  /// Dropout rate on the hidden layers while training sgd/adam, in [0, 1): each hidden unit of each
  /// sample is dropped with this probability and kept ones are scaled by 1 / (1 - dropout).
  /// Prediction, scores and validation use the whole network. Not allowed with lbfgs.
  double dropout = 0;

  /// Validates every value as scikit-learn 1.2.1's fit does; throws mlp::Error
  /// naming the first offending parameter and what is allowed.
  void check() const;

  bool stochastic() const { return solver != Solver::lbfgs; }
};

}  // namespace mlp
