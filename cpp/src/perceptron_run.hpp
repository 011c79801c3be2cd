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

}  // namespace mlp
