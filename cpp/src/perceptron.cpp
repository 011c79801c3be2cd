// MultilayerPerceptron: initialisation, the stochastic epoch loop with its
// stopping rules and early stopping, and the L-BFGS fit (spec sections 3, 7-11).
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

namespace mlp {

namespace {

/// random_state=None continues one process-wide stream, like numpy's global RandomState.
RandomState& global_random_state() {
  static RandomState state = RandomState::from_entropy();
  return state;
}

/// Mixed into random_state to seed the dropout masks' own MT19937 (2^32 / golden ratio), so that
/// scikit-learn's stream (init, split, shuffles) is untouched by dropout.
constexpr std::uint32_t kDropoutSeedMix = 0x9E3779B9u;

/// Largest network we agree to allocate: beyond this a browser tab would die.
constexpr double kMaxParameters = 5e7;

template <class S>
Mat<S> take_rows(const Mat<S>& M, const std::vector<Index>& rows) {
  Mat<S> out(static_cast<Index>(rows.size()), M.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = M.row(rows[i]);
  return out;
}

std::string format_double(const char* format, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

}  // namespace

/// A fit in progress: everything the epoch loop (or L-BFGS) carries from one
/// step to the next, so that fit_steps(k) can resume exactly where it stopped.
template <class S>
struct MultilayerPerceptron<S>::Run {
  explicit Run(std::optional<std::uint32_t> seed) : seeded(seed.value_or(0)), use_global(!seed) {}
  /// The estimator's RandomState for this call: a fresh RandomState(seed), or numpy's global one.
  RandomState& rng() { return use_global ? global_random_state() : seeded; }

  RandomState seeded;
  bool use_global;
  bool incremental = false;
  bool early_stopping = false;
  const Mat<S>* X = nullptr;  ///< training rows: the caller's X, or X_own after the split
  Mat<S> X_own, Y, X_val, Y_val;
  Index batch_size = 0;
  std::vector<Index> order, reordered;
  Workspace<S> ws;
  Mat<S> Y_batch;
  Vec<S> theta, grad;
  std::optional<RandomState> dropout_rng;  ///< the dropout masks' stream (dropout > 0 only)
  long long epochs = 0;                    ///< epochs run by this call (max_iter counts per call)
  bool keep = false;                       ///< keep_training: fit()'s stops are recorded, not obeyed
  std::unique_ptr<LbfgsMinimizer> lbfgs;
};

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
  if (X.rows() < 1 || X.cols() < 1)
    throw Error("X", std::to_string(X.rows()) + "x" + std::to_string(X.cols()),
                "X must have at least one sample and one feature; got shape (" + std::to_string(X.rows()) + ", " +
                    std::to_string(X.cols()) + ")");
  if (!X.allFinite()) throw Error("X", "NaN or infinity", "X contains NaN or infinity; every value must be finite");
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
  RandomState& rng = run->rng();
  if (first_pass) initialize(units, rng);
  run->incremental = incremental;
  run->keep = keep_training_ && !incremental;
  fit_stop_ = FitStop{};
  diverged_ = false;
  if (params_.stochastic())
    begin_stochastic(*run, X, std::move(Y));
  else
    begin_lbfgs(*run, X, std::move(Y));
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
  const bool done = run_->lbfgs ? lbfgs_steps(steps) : stochastic_steps(steps);
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
void MultilayerPerceptron<S>::begin_stochastic(Run& run, const Mat<S>& X_all, Mat<S> Y_all) {
  const Index size = net_.layout.size();
  if (!run.incremental || !optimizer_) {
    if (params_.solver == Solver::sgd)
      optimizer_ = std::make_unique<SgdOptimizer<S>>(size, params_);
    else
      optimizer_ = std::make_unique<AdamOptimizer<S>>(size, params_);
  }
  stochastic_attributes_ = true;

  // Early stopping (not in partial_fit): split off the validation part first.
  run.early_stopping = params_.early_stopping && !run.incremental;
  if (run.early_stopping) {
    std::vector<Index> strata;
    const bool stratify = is_classifier_ && Y_all.cols() == 1;  // binary only (quirk Q6)
    if (stratify)
      for (Index r = 0; r < Y_all.rows(); ++r) strata.push_back(Y_all(r, 0) > S(0.5) ? 1 : 0);
    Split split =
        train_validation_split(X_all.rows(), params_.validation_fraction, stratify ? &strata : nullptr, run.rng());
    run.X_own = take_rows(X_all, split.train);
    run.Y = take_rows(Y_all, split.train);
    run.X_val = take_rows(X_all, split.validation);
    run.Y_val = take_rows(Y_all, split.validation);
    run.X = &run.X_own;
    // A warm start from a fit without early stopping has no validation history yet.
    if (!validation_scores_) validation_scores_ = std::vector<double>{};
    if (!best_validation_score_) best_validation_score_ = -std::numeric_limits<double>::infinity();
    best_loss_.reset();
  } else {
    run.X = &X_all;
    run.Y = std::move(Y_all);
    if (!best_loss_) best_loss_ = std::numeric_limits<double>::infinity();
  }
  const Index N = run.X->rows();

  run.batch_size = std::min<Index>(200, N);
  if (params_.batch_size) {
    if (*params_.batch_size > N)
      warn("Got `batch_size` less than 1 or larger than sample size. It is going to be clipped");
    run.batch_size = static_cast<Index>(std::min<long long>(*params_.batch_size, N));
  }
  run.order.resize(static_cast<std::size_t>(N));
  for (Index i = 0; i < N; ++i) run.order[static_cast<std::size_t>(i)] = i;
  run.reordered.resize(run.order.size());
  run.ws.reserve(net_.layout, run.batch_size);
  if (params_.dropout > 0) {
    run.ws.reserve_dropout();
    run.dropout_rng.emplace(params_.random_state ? RandomState(*params_.random_state ^ kDropoutSeedMix)
                                                 : RandomState::from_entropy());
  }
  run.Y_batch.resize(run.batch_size, run.Y.cols());
  run.grad.resize(size);
  stop_reason_.clear();
}

template <class S>
bool MultilayerPerceptron<S>::stochastic_steps(long long steps) {
  Run& run = *run_;
  const Mat<S>& X = *run.X;
  const Mat<S>& Y = run.Y;
  const Index N = X.rows();
  bool stop = false;
  for (long long step = 0; step < steps && (run.keep || run.epochs < params_.max_iter) && !stop; ++step) {
    ++run.epochs;
    if (params_.shuffle) {
      // Permutations compose across epochs: order = order[permutation(N)].
      auto perm = run.rng().permutation(static_cast<std::size_t>(N));
      for (std::size_t k = 0; k < perm.size(); ++k) run.reordered[k] = run.order[perm[k]];
      run.order.swap(run.reordered);
    }
    double accumulated = 0;
    std::vector<double> norms(static_cast<std::size_t>(net_.layout.n_weights()), 0.0);
    Index n_batches = 0;
    for (Index start = 0; start < N; start += run.batch_size) {
      const Index n = std::min(run.batch_size, N - start);
      for (Index k = 0; k < n; ++k) {
        const Index row = run.order[static_cast<std::size_t>(start + k)];
        run.ws.A[0].row(k) = X.row(row);
        run.Y_batch.row(k) = Y.row(row);
      }
      if (run.dropout_rng) draw_dropout_masks(run, n);
      // With l1 the gradient is the smooth part only: the L1 term acts through shrink_l1 below.
      double batch_loss =
          loss_and_gradient(net_, theta_.data(), run.Y_batch.topRows(n), params_.alpha, run.ws, n, run.grad.data());
      if (params_.l1 > 0)
        batch_loss += params_.l1 * l1_norm_of_weights(net_.layout, theta_.data()) / static_cast<double>(n);
      accumulated += batch_loss * static_cast<double>(n);
      for (Index l = 0; l < net_.layout.n_weights(); ++l)
        norms[static_cast<std::size_t>(l)] += static_cast<double>(net_.layout.W(run.grad.data(), l).norm());
      ++n_batches;
      optimizer_->update(theta_, run.grad);
      if (params_.l1 > 0) optimizer_->shrink_l1(theta_, net_.layout.n_coefs(), params_.l1 / static_cast<double>(n));
    }
    for (double& norm : norms) norm /= static_cast<double>(n_batches);
    gradient_norms_.push_back(std::move(norms));
    ++n_iter_;
    loss_ = accumulated / static_cast<double>(N);  // running mean of pre-update batch losses (quirk Q2)
    t_ += N;
    loss_curve_.push_back(loss_);
    update_no_improvement_count(run.early_stopping, run.X_val, run.Y_val);
    optimizer_->iteration_ends(t_);

    if (static_cast<double>(no_improvement_count_) > params_.n_iter_no_change) {
      if (fit_stop_.patience_epoch == 0) fit_stop_.patience_epoch = n_iter_;
      const std::string what = run.early_stopping ? "Validation score" : "Training loss";
      const std::string reason = what + " did not improve more than tol=" + format_double("%f", params_.tol) + " for " +
                                 format_double("%.0f", params_.n_iter_no_change) + " consecutive epochs.";
      if (optimizer_->trigger_stopping()) {
        const std::string message =
            reason + (params_.solver == Solver::sgd && params_.learning_rate == LearningRate::adaptive
                          ? " Learning rate too small. Stopping."
                          : " Stopping.");
        if (!run.keep) {
          stop_reason_ = message;
          stop = true;
          break;
        }
        // keep_training: fit() returns here; the counter is left as fit() leaves it (the rule
        // has no other effect on sgd's fixed schedules and adam, nor on adaptive's final rate).
        if (fit_stop_.rule_stop_epoch == 0) fit_stop_.rule_stop_epoch = n_iter_;
        record_fit_stop(message);
      } else {
        no_improvement_count_ = 0;
      }
    }
    if (run.incremental) {
      stop = true;
      break;
    }
    if (n_iter_ == params_.max_iter) {
      const std::string message = "Stochastic Optimizer: Maximum iterations (" + std::to_string(params_.max_iter) +
                                  ") reached and the optimization hasn't converged yet.";
      warn(message);
      stop_reason_ = message;
    }
    if (run.keep) {
      if (run.epochs == params_.max_iter)
        record_fit_stop("Maximum iterations (" + std::to_string(params_.max_iter) + ") reached.");
      if (!std::isfinite(loss_)) {
        stop_reason_ = "The loss is " + format_double("%g", loss_) + " at epoch " + std::to_string(n_iter_) +
                       ": training diverged.";
        return true;
      }
    }
  }
  if (run.keep || (!stop && run.epochs < params_.max_iter)) return false;

  if (stop_reason_.empty())
    stop_reason_ = run.incremental ? "partial_fit: one epoch run."
                                   : "max_iter (" + std::to_string(params_.max_iter) + ") epochs run.";
  // After early stopping, however the loop ended, keep the best weights (quirk Q7: loss_ is not restored).
  // scikit-learn restores by aliasing (coefs_ = _best_coefs), so the saved best then trains along with
  // the weights in a later warm-start fit; emptying best_theta_ reproduces that: a later fit that never
  // beats best_validation_score_ keeps its own final weights.
  if (run.early_stopping && best_theta_.size() == theta_.size()) {
    theta_ = best_theta_;
    best_theta_.resize(0);
  }
  return true;
}

template <class S>
void MultilayerPerceptron<S>::draw_dropout_masks(Run& run, Index n) {
  // Unit j of sample i in hidden layer l is dropped when the next 32-bit output of the dropout
  // stream is below rate * 2^32 (layer by layer, row-major): raw MT19937 outputs, so that every
  // build and platform draws the same masks.
  const double rate = params_.dropout;
  const auto threshold = static_cast<std::uint64_t>(rate * 4294967296.0);
  const S scale = static_cast<S>(1.0 / (1.0 - rate));
  for (Mat<S>& keep : run.ws.keep)
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < keep.cols(); ++j) keep(i, j) = run.dropout_rng->next_u32() < threshold ? S(0) : scale;
}

template <class S>
void MultilayerPerceptron<S>::update_no_improvement_count(bool early_stopping, const Mat<S>& X_val,
                                                          const Mat<S>& Y_val) {
  if (early_stopping) {
    const double score = validation_score(X_val, Y_val);
    validation_scores_->push_back(score);
    if (score < *best_validation_score_ + params_.tol)
      ++no_improvement_count_;
    else
      no_improvement_count_ = 0;
    if (score > *best_validation_score_) {
      best_validation_score_ = score;
      best_theta_ = theta_;
      best_epoch_ = n_iter_;
    }
    return;
  }
  const double last = loss_curve_.back();
  if (last > *best_loss_ - params_.tol)
    ++no_improvement_count_;
  else
    no_improvement_count_ = 0;
  if (last < *best_loss_) best_loss_ = last;
}

template <class S>
void MultilayerPerceptron<S>::begin_lbfgs(Run& run, const Mat<S>& X, Mat<S> Y) {
  run.Y = std::move(Y);
  run.ws.reserve(net_.layout, X.rows());
  run.ws.A[0] = X;  // the objective always evaluates the full training set
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
