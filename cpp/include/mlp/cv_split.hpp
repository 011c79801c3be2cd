// scikit-learn 1.2.1's cross-validation splitters, index for index: KFold and StratifiedKFold
// (with shuffle and random_state), type_of_target for the targets they see, and check_cv's rule
// for an integer cv. The searches (search.hpp) fit on split.train and score on split.test.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mlp/labels.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

/// One train/test split: row indices into the data, each list in increasing order (as
/// scikit-learn's splitters give them: a test mask, and its complement for training).
struct CvSplit {
  std::vector<Index> train;
  std::vector<Index> test;
};

/// A splitter's settings under scikit-learn's names. random_state: nullopt is None (a fresh
/// seed when shuffling); with shuffle false it must be None, as scikit-learn requires.
struct CvSpec {
  enum class Kind { KFold, StratifiedKFold };
  Kind kind = Kind::KFold;
  long long n_splits = 5;
  bool shuffle = false;
  std::optional<std::uint32_t> random_state;
};

/// "KFold" or "StratifiedKFold".
const char* name_of(CvSpec::Kind kind);

/// scikit-learn's type_of_target for the targets the estimators take: "binary", "multiclass",
/// "multilabel-indicator", "continuous", "continuous-multioutput" or "multiclass-multioutput".
std::string type_of_target(const ClassTarget& y);
template <class S>
std::string type_of_target(const Mat<S>& Y);

/// check_cv's rule for an integer cv: StratifiedKFold(cv) for a classifier whose y is binary or
/// multiclass, else KFold(cv) (regression and multilabel).
CvSpec check_cv(long long n_splits, bool classifier, const std::string& target_type);

/// KFold.split on n_samples rows: fold sizes n // k (+1 for the first n % k folds) over
/// arange(n), shuffled first by RandomState(random_state).shuffle when shuffle is set.
/// Throws mlp::Error("cv", ...) for n_splits < 2, n_splits > n_samples or a random_state
/// without shuffle, in scikit-learn's words.
std::vector<CvSplit> kfold_split(Index n_samples, const CvSpec& spec);

/// StratifiedKFold.split: each class (numbered by first appearance in y) spread over the folds
/// by 1.2.1's round-robin allocation, in blocks (shuffled per class with shuffle). `labels` are
/// y's labels, `target_type` type_of_target(y), which must be binary or multiclass. Appends
/// scikit-learn's warning to `warnings` when the least populated class has fewer than n_splits
/// members; throws mlp::Error("cv", ...) when every class has.
std::vector<CvSplit> stratified_kfold_split(const std::vector<Label>& labels, const std::string& target_type,
                                            const CvSpec& spec, std::vector<std::string>& warnings);

}  // namespace mlp
