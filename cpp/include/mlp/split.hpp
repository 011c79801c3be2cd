// scikit-learn's train_test_split as MLP early stopping calls it: ShuffleSplit,
// or StratifiedShuffleSplit for single-output classifiers, drawing from the
// estimator's RandomState.
#pragma once

#include <vector>

#include "mlp/rng.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

struct Split {
  std::vector<Index> train;  ///< in the order scikit-learn returns them
  std::vector<Index> validation;
};

/// Splits n_samples rows with test_size = validation_fraction. With
/// `strata` (one class index per row), the split is stratified. Throws
/// mlp::Error for fractions that leave a part empty or classes too small.
Split train_validation_split(Index n_samples, double validation_fraction, const std::vector<Index>* strata,
                             RandomState& rng);

/// scikit-learn's _approximate_mode: per-class draws summing to n_draws,
/// floor of the proportional share plus one for the largest remainders (ties
/// broken at random).
std::vector<Index> approximate_mode(const std::vector<Index>& class_counts, Index n_draws, RandomState& rng);

}  // namespace mlp
