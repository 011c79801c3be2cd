// scikit-learn 1.2.1's KFold and StratifiedKFold (cv_split.hpp).
#include "mlp/cv_split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "mlp/error.hpp"
#include "mlp/rng.hpp"

namespace mlp {

namespace {

/// _BaseKFold's checks, in scikit-learn's words.
void check_spec(const CvSpec& spec, Index n_samples) {
  if (spec.n_splits < 2)
    throw Error("cv", std::to_string(spec.n_splits),
                "k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got "
                "n_splits=" +
                    std::to_string(spec.n_splits) + ".");
  if (!spec.shuffle && spec.random_state)
    throw Error("cv", std::to_string(*spec.random_state),
                "Setting a random_state has no effect since shuffle is False. You should leave random_state to its "
                "default (None), or set shuffle=True.");
  if (spec.n_splits > n_samples)
    throw Error("cv", std::to_string(spec.n_splits),
                "Cannot have number of splits n_splits=" + std::to_string(spec.n_splits) +
                    " greater than the number of samples: n_samples=" + std::to_string(n_samples) + ".");
}

RandomState rng_of(const CvSpec& spec) {
  return spec.random_state ? RandomState(*spec.random_state) : RandomState::from_entropy();
}

/// BaseCrossValidator.split: fold k's test rows are those with fold[i] == k (in increasing
/// order), its training rows all others.
std::vector<CvSplit> splits_from_folds(const std::vector<long long>& fold, long long n_splits) {
  std::vector<CvSplit> out(static_cast<std::size_t>(n_splits));
  for (std::size_t i = 0; i < fold.size(); ++i)
    for (long long k = 0; k < n_splits; ++k)
      (fold[i] == k ? out[static_cast<std::size_t>(k)].test : out[static_cast<std::size_t>(k)].train)
          .push_back(static_cast<Index>(i));
  return out;
}

bool integral(double v) { return std::isfinite(v) && v == std::floor(v); }

}  // namespace

const char* name_of(CvSpec::Kind kind) { return kind == CvSpec::Kind::KFold ? "KFold" : "StratifiedKFold"; }

std::string type_of_target(const ClassTarget& y) {
  if (y.multilabel) return "multilabel-indicator";
  std::set<Label> unique;
  for (const Label& l : y.labels) {
    if (const double* d = std::get_if<double>(&l); d && !integral(*d)) return "continuous";
    unique.insert(l);
  }
  return unique.size() <= 2 ? "binary" : "multiclass";
}

template <class S>
std::string type_of_target(const Mat<S>& Y) {
  bool all_integral = true;
  for (Index i = 0; i < Y.size(); ++i) all_integral = all_integral && integral(static_cast<double>(Y.data()[i]));
  if (Y.cols() > 1) return all_integral ? "multiclass-multioutput" : "continuous-multioutput";
  if (!all_integral) return "continuous";
  std::set<double> unique;
  for (Index i = 0; i < Y.rows(); ++i) unique.insert(static_cast<double>(Y(i, 0)));
  return unique.size() <= 2 ? "binary" : "multiclass";
}

template std::string type_of_target<double>(const Mat<double>&);
template std::string type_of_target<float>(const Mat<float>&);

CvSpec check_cv(long long n_splits, bool classifier, const std::string& target_type) {
  CvSpec spec;
  spec.n_splits = n_splits;
  spec.kind = classifier && (target_type == "binary" || target_type == "multiclass") ? CvSpec::Kind::StratifiedKFold
                                                                                     : CvSpec::Kind::KFold;
  return spec;
}

std::vector<CvSplit> kfold_split(Index n_samples, const CvSpec& spec) {
  check_spec(spec, n_samples);
  std::vector<Index> indices(static_cast<std::size_t>(n_samples));
  for (Index i = 0; i < n_samples; ++i) indices[static_cast<std::size_t>(i)] = i;
  if (spec.shuffle) {
    RandomState rng = rng_of(spec);
    rng.shuffle(indices);
  }
  // Fold k takes the next n // k rows of indices (one more for the first n % k folds).
  std::vector<long long> fold(static_cast<std::size_t>(n_samples));
  const Index base = n_samples / spec.n_splits;
  const Index extra = n_samples % spec.n_splits;
  Index current = 0;
  for (long long k = 0; k < spec.n_splits; ++k) {
    const Index size = base + (k < extra ? 1 : 0);
    for (Index i = current; i < current + size; ++i)
      fold[static_cast<std::size_t>(indices[static_cast<std::size_t>(i)])] = k;
    current += size;
  }
  return splits_from_folds(fold, spec.n_splits);
}

std::vector<CvSplit> stratified_kfold_split(const std::vector<Label>& labels, const std::string& target_type,
                                            const CvSpec& spec, std::vector<std::string>& warnings) {
  check_spec(spec, static_cast<Index>(labels.size()));
  if (target_type != "binary" && target_type != "multiclass")
    throw Error("cv", target_type,
                "Supported target types are: ('binary', 'multiclass'). Got '" + target_type +
                    "' instead. (StratifiedKFold needs class labels; use KFold.)");
  // Classes numbered by their first appearance in y (1.2.1 encodes them so: relabelling y
  // does not change the folds).
  std::map<Label, long long> code;
  std::vector<long long> y_encoded(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    auto it = code.emplace(labels[i], static_cast<long long>(code.size())).first;
    y_encoded[i] = it->second;
  }
  const std::size_t n_classes = code.size();
  std::vector<long long> counts(n_classes, 0);
  for (long long c : y_encoded) ++counts[static_cast<std::size_t>(c)];
  const long long min_groups = *std::min_element(counts.begin(), counts.end());
  if (std::all_of(counts.begin(), counts.end(), [&](long long c) { return spec.n_splits > c; }))
    throw Error(
        "cv", std::to_string(spec.n_splits),
        "n_splits=" + std::to_string(spec.n_splits) + " cannot be greater than the number of members in each class.");
  if (spec.n_splits > min_groups)
    warnings.push_back("The least populated class in y has only " + std::to_string(min_groups) +
                       " members, which is less than n_splits=" + std::to_string(spec.n_splits) + ".");
  // allocation[k][c]: class c's rows in test fold k, by round robin over the sorted codes.
  std::vector<long long> y_order = y_encoded;
  std::sort(y_order.begin(), y_order.end());
  const auto n_splits = static_cast<std::size_t>(spec.n_splits);
  std::vector<std::vector<long long>> allocation(n_splits, std::vector<long long>(n_classes, 0));
  for (std::size_t i = 0; i < y_order.size(); ++i) ++allocation[i % n_splits][static_cast<std::size_t>(y_order[i])];
  // Each class's rows get their folds in blocks (fold 0's share first), shuffled per class.
  RandomState rng = spec.shuffle ? rng_of(spec) : RandomState(0);
  std::vector<long long> fold(labels.size());
  for (std::size_t c = 0; c < n_classes; ++c) {
    std::vector<long long> folds_for_class;
    for (std::size_t k = 0; k < n_splits; ++k)
      folds_for_class.insert(folds_for_class.end(), static_cast<std::size_t>(allocation[k][c]),
                             static_cast<long long>(k));
    if (spec.shuffle) rng.shuffle(folds_for_class);
    std::size_t next = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (y_encoded[i] == static_cast<long long>(c)) fold[i] = folds_for_class[next++];
  }
  return splits_from_folds(fold, spec.n_splits);
}

}  // namespace mlp
