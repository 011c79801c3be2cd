// What the sources of MultilayerPerceptron (perceptron.cpp: set-up, initialisation, L-BFGS;
// perceptron_sgd.cpp: the stochastic epoch loop) share: the state of a fit in progress.
// Private to cpp/src.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlp/estimator.hpp"
#include "mlp/lbfgs.hpp"
#include "mlp/rng.hpp"

namespace mlp::perceptron_detail {

/// random_state=None continues one process-wide stream, like numpy's global RandomState.
RandomState& global_random_state();

/// printf's `format` of one double, as a string.
std::string format_double(const char* format, double v);

template <class S>
Mat<S> take_rows(const Mat<S>& M, const std::vector<Index>& rows) {
  Mat<S> out(static_cast<Index>(rows.size()), M.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = M.row(rows[i]);
  return out;
}

}  // namespace mlp::perceptron_detail

namespace mlp {

/// A fit in progress: everything the epoch loop (or L-BFGS) carries from one
/// step to the next, so that fit_steps(k) can resume exactly where it stopped.
template <class S>
struct MultilayerPerceptron<S>::Run {
  explicit Run(std::optional<std::uint32_t> seed) : seeded(seed.value_or(0)), use_global(!seed) {}
  /// The estimator's RandomState for this call: a fresh RandomState(seed), or numpy's global one.
  RandomState& rng() { return use_global ? perceptron_detail::global_random_state() : seeded; }

  RandomState seeded;
  bool use_global;
  bool incremental = false;
  bool early_stopping = false;
  std::unique_ptr<RowSource<S>> source;  ///< the caller's rows (a copy of the handle, not of the data)
  std::unique_ptr<RowSource<S>> part;    ///< early stopping's training part of them
  const RowSource<S>* X = nullptr;       ///< training rows: source, or part after the split
  Mat<S> X_own, Y, X_val, Y_val;         ///< X_own: a dense source's training part
  Index batch_size = 0;
  std::vector<Index> order, reordered;
  Workspace<S> ws;
  Mat<S> Y_batch;
  Vec<S> theta, grad;
  std::optional<RandomState> dropout_rng;  ///< the dropout masks' stream (dropout > 0 only)
  long long epochs = 0;                    ///< epochs begun by this call (max_iter counts per call)
  // The epoch under way (sgd, adam), so that a fit can pause between any two minibatches.
  bool in_epoch = false;      ///< an epoch has begun and not ended
  Index next = 0;             ///< its next row in `order`
  double accumulated = 0;     ///< sum of its batch losses x batch sizes
  std::vector<double> norms;  ///< sum of its per-layer gradient norms
  Index n_batches = 0;        ///< its batches run
  bool keep = false;          ///< keep_training: fit()'s stops are recorded, not obeyed
  std::unique_ptr<LbfgsMinimizer> lbfgs;
};

}  // namespace mlp
