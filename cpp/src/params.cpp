#include "mlp/params.hpp"

#include <cmath>
#include <sstream>

#include "mlp/error.hpp"
#include "mlp/limits.hpp"

namespace mlp {

namespace {

std::string render(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

template <class Enum, std::size_t N>
Enum parse_enum(const std::string& name, const char* parameter, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<Enum>(i);
  std::string allowed;
  for (std::size_t i = 0; i < N; ++i) allowed += std::string(i ? ", " : "") + "'" + names[i] + "'";
  throw Error(parameter, name, std::string(parameter) + " must be one of " + allowed + "; got '" + name + "'");
}

constexpr const char* kActivations[] = {"identity", "logistic", "tanh", "relu", "leaky_relu"};
constexpr const char* kOutActivations[] = {"identity", "logistic", "softmax"};
constexpr const char* kSolvers[] = {"lbfgs", "sgd", "adam"};
constexpr const char* kLearningRates[] = {"constant", "invscaling", "adaptive"};
constexpr const char* kPrecisions[] = {"float64", "float32"};
constexpr const char* kInits[] = {"glorot", "he", "zeros"};

/// A finite real in [lo, hi] with open or closed ends, as scikit-learn's Interval.
void check_real(const char* name, double v, double lo, bool lo_closed, double hi, bool hi_closed) {
  bool ok = std::isfinite(v) && (lo_closed ? v >= lo : v > lo) && (hi_closed ? v <= hi : v < hi);
  if (ok) return;
  std::string range = std::string(lo_closed ? "[" : "(") + render(lo) + ", " +
                      (std::isinf(hi) ? std::string("inf") : render(hi)) + (hi_closed ? "]" : ")");
  throw Error(name, render(v), std::string(name) + " must be a finite number in " + range + "; got " + render(v));
}

}  // namespace

Activation parse_activation(const std::string& name, const char* parameter) {
  return parse_enum<Activation>(name, parameter, kActivations);
}
Solver parse_solver(const std::string& name) { return parse_enum<Solver>(name, "solver", kSolvers); }
LearningRate parse_learning_rate(const std::string& name) {
  return parse_enum<LearningRate>(name, "learning_rate", kLearningRates);
}
Precision parse_precision(const std::string& name) { return parse_enum<Precision>(name, "precision", kPrecisions); }
Init parse_init(const std::string& name) { return parse_enum<Init>(name, "init", kInits); }

const char* name_of(Activation a) { return kActivations[static_cast<int>(a)]; }
const char* name_of(OutActivation a) { return kOutActivations[static_cast<int>(a)]; }
const char* name_of(Solver s) { return kSolvers[static_cast<int>(s)]; }
const char* name_of(LearningRate r) { return kLearningRates[static_cast<int>(r)]; }
const char* name_of(Precision p) { return kPrecisions[static_cast<int>(p)]; }
const char* name_of(Init i) { return kInits[static_cast<int>(i)]; }

namespace {

/// An integer count in [lo, hi] (the limits are in limits.hpp and the README).
void check_count(const char* name, long long v, long long lo, long long hi) {
  if (v >= lo && v <= hi) return;
  throw Error(name, std::to_string(v),
              std::string(name) + " must be an integer >= " + std::to_string(lo) + " and <= " + std::to_string(hi) +
                  "; got " + std::to_string(v));
}

}  // namespace

void Params::check() const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::string list;
  for (std::size_t i = 0; i < hidden_layer_sizes.size() && i < 20; ++i)
    list += (i ? ", " : "") + std::to_string(hidden_layer_sizes[i]);
  if (hidden_layer_sizes.size() > 20) list += ", ...";
  if (hidden_layer_sizes.size() > static_cast<std::size_t>(kMaxHiddenLayers))
    throw Error("hidden_layer_sizes", std::to_string(hidden_layer_sizes.size()) + " layers",
                "hidden_layer_sizes may list at most " + std::to_string(kMaxHiddenLayers) + " hidden layers; got " +
                    std::to_string(hidden_layer_sizes.size()));
  for (long long units : hidden_layer_sizes) {
    if (units < 1 || units > kMaxLayerUnits)
      throw Error("hidden_layer_sizes", "[" + list + "]",
                  "hidden_layer_sizes must hold integers >= 1 and <= " + std::to_string(kMaxLayerUnits) + "; got [" +
                      list + "]");
  }
  check_real("alpha", alpha, 0, true, inf, false);
  if (batch_size && (*batch_size < 1 || *batch_size > kMaxBatchSize))
    throw Error("batch_size", std::to_string(*batch_size),
                "batch_size must be 'auto' or an integer >= 1 and <= " + std::to_string(kMaxBatchSize) + "; got " +
                    std::to_string(*batch_size));
  check_real("learning_rate_init", learning_rate_init, 0, false, inf, false);
  check_real("power_t", power_t, 0, true, inf, false);
  check_count("max_iter", max_iter, 1, kMaxIter);
  check_real("tol", tol, 0, true, inf, false);
  check_real("momentum", momentum, 0, true, 1, true);
  check_real("validation_fraction", validation_fraction, 0, true, 1, false);
  check_real("beta_1", beta_1, 0, true, 1, false);
  check_real("beta_2", beta_2, 0, true, 1, false);
  check_real("epsilon", epsilon, 0, false, inf, false);
  if (!(n_iter_no_change == inf || (n_iter_no_change >= 1 && n_iter_no_change <= kMaxIterNoChange &&
                                    n_iter_no_change == std::floor(n_iter_no_change))))
    throw Error("n_iter_no_change", render(n_iter_no_change),
                "n_iter_no_change must be an integer >= 1 and <= " + std::to_string(kMaxIterNoChange) +
                    ", or 'inf'; got " + render(n_iter_no_change));
  check_count("max_fun", max_fun, 1, kMaxFun);
  check_real("leaky_slope", leaky_slope, 0, false, 1, false);
  check_real("l1", l1, 0, true, inf, false);
  check_real("dropout", dropout, 0, true, 1, false);
  if (dropout > 0 && solver == Solver::lbfgs)
    throw Error("dropout", render(dropout),
                "dropout must be 0 with solver='lbfgs' (its objective must be deterministic); use 'sgd' or 'adam' "
                "for dropout > 0; got " +
                    render(dropout));
}

}  // namespace mlp
