// MultilayerPerceptron's stochastic fit (sgd, adam): the epoch loop with its stopping rules,
// early stopping and dropout (spec sections 7-10). The rest of the class: perceptron.cpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/optimizers.hpp"
#include "mlp/split.hpp"
#include "perceptron_run.hpp"

namespace mlp {

namespace {

using namespace perceptron_detail;

/// Mixed into random_state to seed the dropout masks' own MT19937 (2^32 / golden ratio), so that
/// scikit-learn's stream (init, split, shuffles) is untouched by dropout.
constexpr std::uint32_t kDropoutSeedMix = 0x9E3779B9u;

}  // namespace

// Not inlined into the epoch loop: the trace calls this copy too (network.hpp), and one call per
// batch costs nothing next to the batch's products.
template <class S>
[[gnu::noinline]] double batch_loss_and_gradient(const Architecture& net, const S* theta, Mat<S>& Y_batch, double alpha,
                                                 Workspace<S>& ws, Index n, S* grad) {
  return loss_and_gradient(net, theta, Y_batch.topRows(n), alpha, ws, n, grad);
}

template double batch_loss_and_gradient(const Architecture&, const double*, Mat<double>&, double, Workspace<double>&,
                                        Index, double*);
template double batch_loss_and_gradient(const Architecture&, const float*, Mat<float>&, double, Workspace<float>&,
                                        Index, float*);

template <class S>
void MultilayerPerceptron<S>::begin_stochastic(Run& run, const RowSource<S>& X_all, Mat<S> Y_all) {
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
    if (const Mat<S>* dense = X_all.dense()) {
      run.X_own = take_rows(*dense, split.train);
      run.X_val = take_rows(*dense, split.validation);
      run.part = std::make_unique<DenseRows<S>>(run.X_own);
    } else {
      // Bytes: the validation rows dense (scored every epoch), the training rows by index.
      run.X_val.resize(static_cast<Index>(split.validation.size()), X_all.cols());
      X_all.gather(split.validation.data(), static_cast<Index>(split.validation.size()), run.X_val);
      run.part = std::make_unique<SubsetRows<S>>(X_all, split.train);
    }
    run.Y = take_rows(Y_all, split.train);
    run.Y_val = take_rows(Y_all, split.validation);
    run.X = run.part.get();
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
  run.in_epoch = false;
  batches_per_epoch_ = (N + run.batch_size - 1) / run.batch_size;
  run.grad.resize(size);
  stop_reason_.clear();
}

template <class S>
long long MultilayerPerceptron<S>::batch_in_epoch() const {
  return run_ && run_->in_epoch ? static_cast<long long>(run_->n_batches) : 0;
}

template <class S>
bool MultilayerPerceptron<S>::stochastic_steps(long long epochs, long long batches) {
  Run& run = *run_;
  const RowSource<S>& X = *run.X;
  const Mat<S>& Y = run.Y;
  const Index N = X.rows();
  bool stop = false;
  // Everything an epoch carries from one batch to the next lives in run, so the loop can pause
  // after any batch and resume with the same bits (the same sums in the same order).
  for (long long ended = 0; ended < epochs && batches > 0 && !stop;) {
    if (!run.in_epoch) {
      if (!run.keep && run.epochs >= params_.max_iter) break;
      ++run.epochs;
      if (params_.shuffle) {
        // Permutations compose across epochs: order = order[permutation(N)].
        auto perm = run.rng().permutation(static_cast<std::size_t>(N));
        for (std::size_t k = 0; k < perm.size(); ++k) run.reordered[k] = run.order[perm[k]];
        run.order.swap(run.reordered);
      }
      run.in_epoch = true;
      run.next = 0;
      run.accumulated = 0;
      run.norms.assign(static_cast<std::size_t>(net_.layout.n_weights()), 0.0);
      run.n_batches = 0;
    }
    for (; run.next < N && batches > 0; run.next += run.batch_size, --batches) {
      const Index start = run.next;
      const Index n = std::min(run.batch_size, N - start);
      X.gather(run.order.data() + start, n, run.ws.A[0]);
      for (Index k = 0; k < n; ++k) run.Y_batch.row(k) = Y.row(run.order[static_cast<std::size_t>(start + k)]);
      if (run.dropout_rng) draw_dropout_masks(run, n);
      // With l1 the gradient is the smooth part only: the L1 term acts through shrink_l1 below.
      double batch_loss =
          batch_loss_and_gradient(net_, theta_.data(), run.Y_batch, params_.alpha, run.ws, n, run.grad.data());
      if (params_.l1 > 0)
        batch_loss += params_.l1 * l1_norm_of_weights(net_.layout, theta_.data()) / static_cast<double>(n);
      run.accumulated += batch_loss * static_cast<double>(n);
      for (Index l = 0; l < net_.layout.n_weights(); ++l)
        run.norms[static_cast<std::size_t>(l)] += static_cast<double>(net_.layout.W(run.grad.data(), l).norm());
      ++run.n_batches;
      optimizer_->update(theta_, run.grad);
      if (params_.l1 > 0) optimizer_->shrink_l1(theta_, net_.layout.n_coefs(), params_.l1 / static_cast<double>(n));
    }
    if (run.next < N) break;  // out of batches in the middle of the epoch: resume here
    run.in_epoch = false;
    ++ended;
    std::vector<double> norms = std::move(run.norms);
    for (double& norm : norms) norm /= static_cast<double>(run.n_batches);
    gradient_norms_.push_back(std::move(norms));
    ++n_iter_;
    loss_ = run.accumulated / static_cast<double>(N);  // running mean of pre-update batch losses (quirk Q2)
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
  if (run.in_epoch || run.keep || (!stop && run.epochs < params_.max_iter)) return false;

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

// The members defined here, for the two precisions (perceptron.cpp instantiates the class).
#define MLP_INSTANTIATE_SGD(S)                                                                                 \
  template void MultilayerPerceptron<S>::begin_stochastic(Run& run, const RowSource<S>& X, Mat<S> Y);          \
  template bool MultilayerPerceptron<S>::stochastic_steps(long long epochs, long long batches);                \
  template long long MultilayerPerceptron<S>::batch_in_epoch() const;                                          \
  template void MultilayerPerceptron<S>::draw_dropout_masks(Run& run, Index n);                                \
  template void MultilayerPerceptron<S>::update_no_improvement_count(bool early_stopping, const Mat<S>& X_val, \
                                                                     const Mat<S>& Y_val);
MLP_INSTANTIATE_SGD(double)
MLP_INSTANTIATE_SGD(float)
#undef MLP_INSTANTIATE_SGD

}  // namespace mlp
