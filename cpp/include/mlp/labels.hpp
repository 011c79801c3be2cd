// Class labels and scikit-learn's LabelBinarizer(neg_label=0, pos_label=1).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

/// A class label: a number or a string (one kind per estimator).
using Label = std::variant<double, std::string>;

std::string to_string(const Label& label);

/// Classifier targets: 1-D labels, or an n x K 0/1 indicator matrix (multilabel).
struct ClassTarget {
  std::vector<Label> labels;  ///< used when !multilabel
  Mat<double> indicator;      ///< used when multilabel
  bool multilabel = false;

  Index size() const { return multilabel ? indicator.rows() : static_cast<Index>(labels.size()); }
};

/// scikit-learn's target kinds after type_of_target (the ones a classifier accepts).
enum class TargetType { binary, multiclass, multilabel };

/// scikit-learn's LabelBinarizer: classes_ in sorted order, and the 0/1 matrix
/// the network is trained on (one column for two classes, one-hot for more,
/// the indicator itself for multilabel, one all-zero column for a single class).
class LabelBinarizer {
 public:
  /// Fits on targets; throws mlp::Error("y", ...) for continuous or mixed labels.
  void fit(const ClassTarget& y);

  /// Fits on the `classes` argument of a first partial_fit.
  void fit_classes(const std::vector<Label>& classes);

  /// n x n_columns() 0/1 matrix; throws if y holds a label not in classes().
  template <class S>
  Mat<S> transform(const ClassTarget& y) const;

  /// Turns network outputs (n x n_columns()) into labels: threshold > 0.5 for
  /// one column and multilabel, argmax (first on ties) for multiclass.
  template <class S>
  ClassTarget inverse_transform(const Mat<S>& outputs) const;

  const std::vector<Label>& classes() const { return classes_; }
  TargetType type() const { return type_; }
  Index n_columns() const;

 private:
  std::vector<Label> classes_;
  TargetType type_ = TargetType::binary;
};

/// The sorted unique labels of y (classes_ for multilabel: 0..K-1). Throws for
/// continuous numbers or a mix of numbers and strings.
std::vector<Label> unique_labels(const ClassTarget& y);

/// True when every label of `y` is one of `classes` (both sorted unique).
bool is_subset(const std::vector<Label>& labels, const std::vector<Label>& classes);

}  // namespace mlp
