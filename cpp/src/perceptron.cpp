// MultilayerPerceptron: set-up, initialisation and the L-BFGS fit (spec sections 3, 7-11); the
// stochastic epoch loop with its stopping rules and early stopping is perceptron_sgd.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/lbfgs.hpp"
#include "mlp/limits.hpp"
#include "mlp/optimizers.hpp"
#include "mlp/split.hpp"
#include "perceptron_run.hpp"

namespace mlp {

namespace perceptron_detail {

/// random_state=None continues one process-wide stream, like numpy's global RandomState.
RandomState& global_random_state() {
  static RandomState state = RandomState::from_entropy();
  return state;
}

std::string format_double(const char* format, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

}  // namespace perceptron_detail

namespace {

using namespace perceptron_detail;

/// Largest network we agree to allocate: beyond this a browser tab would die.
constexpr double kMaxParameters = 5e7;

}  // namespace

template <class S>
MultilayerPerceptron<S>::MultilayerPerceptron(Params params, bool is_classifier)
    : params_(std::move(params)), is_classifier_(is_classifier) {}

template <class S>
MultilayerPerceptron<S>::~MultilayerPerceptron() = default;

template <class S>
void MultilayerPerceptron<S>::set_initial_weights(std::vector<Mat<double>> coefs, std::vector<Vec<double>> intercepts) {
  preset_coefs_ = std::move(coefs);
  preset_intercepts_ = std::move(intercepts);
}

template <class S>
std::vector<Mat<S>> MultilayerPerceptron<S>::coefs() const {
  std::vector<Mat<S>> out;
  for (Index l = 0; l < net_.layout.n_weights(); ++l) out.emplace_back(net_.layout.W(theta_.data(), l));
  return out;
}

template <class S>
std::vector<Vec<S>> MultilayerPerceptron<S>::intercepts() const {
  std::vector<Vec<S>> out;
  for (Index l = 0; l < net_.layout.n_weights(); ++l) out.emplace_back(net_.layout.b(theta_.data(), l));
  return out;
}

template <class S>
std::optional<double> MultilayerPerceptron<S>::optimizer_learning_rate() const {
  if (!optimizer_) return std::nullopt;
  return optimizer_->learning_rate();
}

template <class S>
Mat<S> MultilayerPerceptron<S>::forward(const Mat<S>& X) const {
  if (!fitted_) throw Error("model", "not fitted", "this model is not fitted yet: call fit or partial_fit first");
  check_X(X, X.rows(), false);
  return predict_outputs(net_, theta_.data(), X);
}

template <class S>
Mat<S> MultilayerPerceptron<S>::forward(const RowSource<S>& X) const {
  if (!fitted_) throw Error("model", "not fitted", "this model is not fitted yet: call fit or partial_fit first");
  check_X(X, X.rows(), false);
  return predict_rows(net_, theta_.data(), X);
}

template <class S>
std::vector<Mat<S>> MultilayerPerceptron<S>::hidden_outputs(const Mat<S>& X) const {
  if (!fitted_) throw Error("model", "not fitted", "this model is not fitted yet: call fit or partial_fit first");
  check_X(X, X.rows(), false);
  Workspace<S> ws;
  ws.reserve(net_.layout, X.rows());
  ws.A[0] = X;
  mlp::forward(net_, theta_.data(), ws, X.rows());
  return std::vector<Mat<S>>(ws.A.begin() + 1, ws.A.end() - 1);
}

template <class S>
void MultilayerPerceptron<S>::check_params(bool incremental) const {
  // scikit-learn validates the parameters first, at every fit, and in partial_fit only on the first call.
  if (!incremental || !fitted_) params_.check();
}

template <class S>
void MultilayerPerceptron<S>::restore_weights(const std::vector<Mat<double>>& coefs,
                                              const std::vector<Vec<double>>& intercepts) {
  if (coefs.empty() || coefs.size() != intercepts.size())
    throw Error("coefs_", std::to_string(coefs.size()) + " layers",
                "a model needs one coefs_ and one intercepts_ entry per layer (at least one); got " +
                    std::to_string(coefs.size()) + " and " + std::to_string(intercepts.size()));
  std::vector<Index> units{coefs[0].rows()};
  for (std::size_t l = 0; l < coefs.size(); ++l) {
    if (coefs[l].rows() != units.back() || intercepts[l].size() != coefs[l].cols() || coefs[l].cols() < 1)
      throw Error("coefs_", "layer " + std::to_string(l),
                  "coefs_[" + std::to_string(l) + "] must have " + std::to_string(units.back()) +
                      " rows (the previous layer's width) and intercepts_[" + std::to_string(l) +
                      "] one entry per column");
    if (!coefs[l].allFinite() || !intercepts[l].allFinite())
      throw Error("coefs_", "layer " + std::to_string(l), "weights must be finite");
    units.push_back(coefs[l].cols());
  }
  run_.reset();
  params_.hidden_layer_sizes.assign(units.begin() + 1, units.end() - 1);
  n_outputs_ = units.back();
  out_activation_ = output_activation_for_fit();
  net_ = Architecture{Layout(units), params_.activation, out_activation_, params_.leaky_slope};
  theta_.resize(net_.layout.size());
  for (Index l = 0; l < net_.layout.n_weights(); ++l) {
    net_.layout.W(theta_.data(), l) = coefs[static_cast<std::size_t>(l)].cast<S>();
    net_.layout.b(theta_.data(), l) = intercepts[static_cast<std::size_t>(l)].cast<S>();
  }
  optimizer_.reset();
  best_theta_.resize(0);
  n_iter_ = 0;
  t_ = 0;
  loss_ = std::numeric_limits<double>::quiet_NaN();
  loss_curve_.clear();
  gradient_norms_.clear();
  stochastic_attributes_ = false;
  fitted_ = true;
}

template <class S>
void MultilayerPerceptron<S>::check_X(const Mat<S>& X, Index n_targets, bool first_pass) const {
  check_X(DenseRows<S>(X), n_targets, first_pass);
}

template <class S>
void MultilayerPerceptron<S>::check_X(const RowSource<S>& X, Index n_targets, bool first_pass) const {
  if (X.rows() < 1 || X.cols() < 1)
    throw Error("X", std::to_string(X.rows()) + "x" + std::to_string(X.cols()),
                "X must have at least one sample and one feature; got shape (" + std::to_string(X.rows()) + ", " +
                    std::to_string(X.cols()) + ")");
  if (!X.all_finite()) throw Error("X", "NaN or infinity", "X contains NaN or infinity; every value must be finite");
  if (n_targets != X.rows())
    throw Error("y", std::to_string(n_targets) + " samples",
                "X and y have inconsistent numbers of samples: " + std::to_string(X.rows()) + " and " +
                    std::to_string(n_targets));
  if (!first_pass && fitted_ && X.cols() != n_features_in())
    throw Error("X", std::to_string(X.cols()) + " features",
                "X has " + std::to_string(X.cols()) + " features, but the model was fitted with " +
                    std::to_string(n_features_in()) + " features");
}

template <class S>
void MultilayerPerceptron<S>::finish_fit() {
  while (!fit_steps(std::numeric_limits<long long>::max())) {
  }
}

template <class S>
void MultilayerPerceptron<S>::begin_fit_matrix(const Mat<S>& X, Mat<S> Y, bool incremental, bool first_pass) {
  begin_fit_rows(DenseRows<S>(X), std::move(Y), incremental, first_pass);
}

template <class S>
void MultilayerPerceptron<S>::begin_fit_rows(const RowSource<S>& X, Mat<S> Y, bool incremental, bool first_pass) {
  run_.reset();
  if (!Y.allFinite()) throw Error("y", "NaN or infinity", "y contains NaN or infinity; every value must be finite");

  // Params::check() has bounded every size (kMaxLayerUnits < 2^31): no cast below can wrap.
  std::vector<Index> units{X.cols()};
  for (long long h : params_.hidden_layer_sizes) units.push_back(static_cast<Index>(h));
  units.push_back(Y.cols());
  double n_parameters = 0;
  for (std::size_t l = 0; l + 1 < units.size(); ++l)
    n_parameters += static_cast<double>(units[l] + 1) * static_cast<double>(units[l + 1]);
  if (n_parameters > kMaxParameters)
    throw Error("hidden_layer_sizes", std::to_string(static_cast<long long>(n_parameters)) + " parameters",
                "the network would have " + std::to_string(static_cast<long long>(n_parameters)) +
                    " parameters; at most 50000000 are supported");
  {
    const std::vector<long long> sizes(units.begin(), units.end());
    const double rows = static_cast<double>(X.rows());
    const double batch =
        params_.batch_size ? std::min(rows, static_cast<double>(*params_.batch_size)) : std::min(rows, 200.0);
    check_memory(fit_bytes(sizes, rows, batch, !params_.stochastic(), params_.early_stopping && !incremental,
                           params_.dropout > 0, sizeof(S)),
                 "hidden_layer_sizes", "training this network on " + std::to_string(X.rows()) + " rows");
  }
  if (!first_pass && units != net_.layout.units()) {
    if (units.front() != net_.layout.units().front())
      throw Error("X", std::to_string(units.front()) + " features",
                  "X has " + std::to_string(units.front()) + " features, but the model was fitted with " +
                      std::to_string(net_.layout.units().front()) + " features");
    if (units.back() != net_.layout.units().back())
      throw Error("y", std::to_string(units.back()) + " outputs",
                  "y has " + std::to_string(units.back()) + " outputs, but the model was fitted with " +
                      std::to_string(net_.layout.units().back()));
    throw Error("hidden_layer_sizes", "changed",
                "hidden_layer_sizes differs from the fitted model's; continuing a fit (warm_start or partial_fit) "
                "needs the same layers");
  }

  auto run = std::make_unique<Run>(params_.random_state);
  run->source = X.clone();  // the same rows (a dense source refers to the caller's matrix)
  RandomState& rng = run->rng();
  if (first_pass) initialize(units, rng);
  run->incremental = incremental;
  run->keep = keep_training_ && !incremental;
  fit_stop_ = FitStop{};
  diverged_ = false;
  if (params_.stochastic())
    begin_stochastic(*run, *run->source, std::move(Y));
  else
    begin_lbfgs(*run, *run->source, std::move(Y));
  run_ = std::move(run);
  fitted_ = true;  // the weights exist: a fit in progress can already predict
}

template <class S>
void MultilayerPerceptron<S>::record_fit_stop(const std::string& reason) {
  if (fit_stop_.epoch > 0) return;
  fit_stop_.epoch = n_iter_;
  fit_stop_.reason = reason;
}

template <class S>
bool MultilayerPerceptron<S>::fit_steps(long long steps) {
  if (!run_) return true;
  const bool keep = run_->keep;
  const bool done = run_->lbfgs ? lbfgs_steps(steps) : stochastic_steps(steps, std::numeric_limits<long long>::max());
  return end_steps(done, keep);
}

template <class S>
bool MultilayerPerceptron<S>::fit_batches(long long batches) {
  if (!run_) return true;
  const bool keep = run_->keep;
  const bool done = run_->lbfgs ? lbfgs_steps(std::min<long long>(batches, 1))
                                : stochastic_steps(std::numeric_limits<long long>::max(), batches);
  return end_steps(done, keep);
}

template <class S>
bool MultilayerPerceptron<S>::end_steps(bool done, bool keep) {
  if (!done) return false;
  run_.reset();
  if (keep && (!theta_.allFinite() || !std::isfinite(loss_))) {
    diverged_ = true;  // the caller says so; fit() would raise the error below
    return true;
  }
  if (!theta_.allFinite()) {
    if (params_.stochastic())
      throw Error("learning_rate_init", format_double("%g", params_.learning_rate_init),
                  "Solver produced non-finite parameter weights: training diverged. Lower learning_rate_init "
                  "or scale X (e.g. StandardScaler)");
    throw Error("X", "large values",
                "Solver produced non-finite parameter weights. The input data may contain large values and need "
                "to be preprocessed (e.g. StandardScaler)");
  }
  return true;
}

template <class S>
void MultilayerPerceptron<S>::initialize(const std::vector<Index>& units, RandomState& rng) {
  n_iter_ = 0;
  t_ = 0;
  n_outputs_ = units.back();
  out_activation_ = output_activation_for_fit();
  net_ = Architecture{Layout(units), params_.activation, out_activation_, params_.leaky_slope};
  const Layout& layout = net_.layout;
  theta_.resize(layout.size());
  optimizer_.reset();
  best_theta_.resize(0);

  if (!preset_coefs_.empty() || !preset_intercepts_.empty()) {
    if (static_cast<Index>(preset_coefs_.size()) != layout.n_weights() ||
        static_cast<Index>(preset_intercepts_.size()) != layout.n_weights())
      throw Error("init", std::to_string(preset_coefs_.size()) + " layers",
                  "init must give " + std::to_string(layout.n_weights()) +
                      " coefs and intercepts (one per layer); got " + std::to_string(preset_coefs_.size()) + " and " +
                      std::to_string(preset_intercepts_.size()));
    for (Index l = 0; l < layout.n_weights(); ++l) {
      const auto& W = preset_coefs_[static_cast<std::size_t>(l)];
      const auto& b = preset_intercepts_[static_cast<std::size_t>(l)];
      if (W.rows() != layout.fan_in(l) || W.cols() != layout.fan_out(l) || b.size() != layout.fan_out(l))
        throw Error("init", "layer " + std::to_string(l),
                    "init coefs[" + std::to_string(l) + "] must be " + std::to_string(layout.fan_in(l)) + "x" +
                        std::to_string(layout.fan_out(l)) + " and intercepts[" + std::to_string(l) + "] of length " +
                        std::to_string(layout.fan_out(l)) + "; got " + std::to_string(W.rows()) + "x" +
                        std::to_string(W.cols()) + " and " + std::to_string(b.size()));
      if (!W.allFinite() || !b.allFinite())
        throw Error("init", "layer " + std::to_string(l), "init weights must be finite");
      layout.W(theta_.data(), l) = W.cast<S>();
      layout.b(theta_.data(), l) = b.cast<S>();
    }
  } else if (params_.init == Init::zeros) {
    theta_.setZero();  // draws nothing: the first shuffle takes the stream's first numbers
  } else {
    // Glorot uniform; the factor is 2 only for a logistic hidden activation
    // and applies to every layer, biases included (quirk Q10). init='he' makes
    // the same draws in the same order with bound sqrt(6 / fan_in) (He et al.,
    // 2015, in its uniform form), biases included, so only the scale differs.
    const double factor = params_.activation == Activation::logistic ? 2.0 : 6.0;
    for (Index l = 0; l < layout.n_weights(); ++l) {
      const double bound = params_.init == Init::he
                               ? std::sqrt(6.0 / static_cast<double>(layout.fan_in(l)))
                               : std::sqrt(factor / static_cast<double>(layout.fan_in(l) + layout.fan_out(l)));
      auto W = layout.W(theta_.data(), l);
      for (Index i = 0; i < W.rows(); ++i)
        for (Index j = 0; j < W.cols(); ++j) W(i, j) = static_cast<S>(rng.uniform(-bound, bound));
      auto b = layout.b(theta_.data(), l);
      for (Index j = 0; j < b.size(); ++j) b(j) = static_cast<S>(rng.uniform(-bound, bound));
    }
  }

  stochastic_attributes_ = params_.stochastic();
  loss_curve_.clear();
  gradient_norms_.clear();
  no_improvement_count_ = 0;
  best_epoch_ = 0;
  if (params_.stochastic() && params_.early_stopping) {
    validation_scores_ = std::vector<double>{};
    best_validation_score_ = -std::numeric_limits<double>::infinity();
    best_loss_.reset();
  } else {
    best_loss_ = params_.stochastic() ? std::optional<double>(std::numeric_limits<double>::infinity()) : std::nullopt;
    validation_scores_.reset();
    best_validation_score_.reset();
  }
}

template <class S>
void MultilayerPerceptron<S>::begin_lbfgs(Run& run, const RowSource<S>& X, Mat<S> Y) {
  run.Y = std::move(Y);
  run.ws.reserve(net_.layout, X.rows());
  // The objective always evaluates the full training set: X is materialised here (bytes too).
  if (const Mat<S>* dense = X.dense())
    run.ws.A[0] = *dense;
  else
    X.block(0, X.rows(), run.ws.A[0]);
  batches_per_epoch_ = 1;
  run.theta.resize(net_.layout.size());
  run.grad.resize(net_.layout.size());

  LbfgsSettings settings;
  // keep_training: max_iter only marks fit()'s stop (lbfgs_steps); 2^53 iterations never come.
  settings.max_iter = run.keep ? (1LL << 53) : params_.max_iter;
  settings.max_fun = params_.max_fun;
  settings.gtol = params_.tol;
  Run* r = &run;
  auto objective = [this, r](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    r->theta = x.cast<S>();
    const double f =
        loss_and_gradient(net_, r->theta.data(), r->Y, params_.alpha, r->ws, r->Y.rows(), r->grad.data(), params_.l1);
    g = r->grad.template cast<double>();
    return f;
  };
  run.lbfgs = std::make_unique<LbfgsMinimizer>(objective, theta_.template cast<double>(), settings);
  stop_reason_.clear();
}

template <class S>
bool MultilayerPerceptron<S>::lbfgs_steps(long long steps) {
  LbfgsMinimizer& lbfgs = *run_->lbfgs;
  const bool done = lbfgs.iterate(steps);
  theta_ = lbfgs.x().cast<S>();
  const LbfgsResult result = lbfgs.result();
  n_iter_ = run_->keep ? result.n_iter : std::min(result.n_iter, params_.max_iter);
  loss_ = result.f;
  if (run_->keep && n_iter_ >= params_.max_iter && fit_stop_.epoch == 0) {
    n_iter_ = params_.max_iter;  // fit() stops at max_iter, even if this call ran further
    record_fit_stop("lbfgs: STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
    n_iter_ = result.n_iter;
  }
  if (!done) return false;
  if (run_->keep) record_fit_stop("lbfgs: " + result.message);
  stop_reason_ = "lbfgs: " + result.message;
  if (result.status != 0)
    warn("lbfgs failed to converge (status=" + std::to_string(result.status) + "):\n" + result.message +
         ".\n\nIncrease the number of iterations (max_iter) or scale the data as shown in:\n"
         "    https://scikit-learn.org/stable/modules/preprocessing.html");
  return true;
}

template class MultilayerPerceptron<double>;
template class MultilayerPerceptron<float>;

}  // namespace mlp
