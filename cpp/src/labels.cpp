#include "mlp/labels.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "mlp/error.hpp"

namespace mlp {

std::string to_string(const Label& label) {
  if (const auto* s = std::get_if<std::string>(&label)) return "'" + *s + "'";
  std::ostringstream out;
  out.precision(17);
  out << std::get<double>(label);
  return out.str();
}

namespace {

std::string render(const std::vector<Label>& labels) {
  std::string out = "[";
  for (std::size_t i = 0; i < labels.size() && i < 20; ++i) out += (i ? ", " : "") + to_string(labels[i]);
  if (labels.size() > 20) out += ", ...";
  return out + "]";
}

/// Index of `label` in the sorted `classes`, or -1.
Index find_class(const std::vector<Label>& classes, const Label& label) {
  auto it = std::lower_bound(classes.begin(), classes.end(), label);
  return (it != classes.end() && *it == label) ? static_cast<Index>(it - classes.begin()) : -1;
}

TargetType type_for_classes(std::size_t n_classes) {
  return n_classes > 2 ? TargetType::multiclass : TargetType::binary;
}

std::vector<Label> sorted_unique(std::vector<Label> labels) {
  bool has_number = false, has_string = false;
  for (const Label& label : labels) {
    if (const double* v = std::get_if<double>(&label)) {
      has_number = true;
      if (!std::isfinite(*v)) throw Error("y", to_string(label), "y contains NaN or infinity; labels must be finite");
      if (*v != std::floor(*v))
        throw Error("y", to_string(label),
                    "Unknown label type: continuous. Classifier labels must be integers or strings; got " +
                        to_string(label) + " (use MLPRegressor for continuous targets)");
    } else {
      has_string = true;
    }
  }
  if (has_number && has_string)
    throw Error("y", render(labels), "Mix of label input types (string and number): use one kind of label");
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

}  // namespace

std::vector<Label> unique_labels(const ClassTarget& y) {
  if (!y.multilabel) return sorted_unique(y.labels);
  for (Index i = 0; i < y.indicator.size(); ++i) {
    double v = y.indicator.data()[i];
    if (v != 0 && v != 1)
      throw Error("y", std::to_string(v),
                  "a 2-D y must be a multilabel indicator matrix of 0s and 1s (multiclass-multioutput "
                  "targets are not supported)");
  }
  std::vector<Label> classes;
  for (Index k = 0; k < y.indicator.cols(); ++k) classes.emplace_back(static_cast<double>(k));
  return classes;
}

bool is_subset(const std::vector<Label>& labels, const std::vector<Label>& classes) {
  return std::all_of(labels.begin(), labels.end(), [&](const Label& l) { return find_class(classes, l) >= 0; });
}

void LabelBinarizer::fit(const ClassTarget& y) {
  if (y.size() == 0) throw Error("y", "[]", "y must hold at least one label");
  classes_ = unique_labels(y);
  type_ = y.multilabel ? TargetType::multilabel : type_for_classes(classes_.size());
}

void LabelBinarizer::fit_classes(const std::vector<Label>& classes) {
  if (classes.empty()) throw Error("classes", "[]", "classes must hold at least one label");
  classes_ = sorted_unique(classes);
  type_ = type_for_classes(classes_.size());
}

Index LabelBinarizer::n_columns() const {
  return type_ == TargetType::binary ? 1 : static_cast<Index>(classes_.size());
}

template <class S>
Mat<S> LabelBinarizer::transform(const ClassTarget& y) const {
  if (type_ == TargetType::multilabel) {
    if (!y.multilabel || y.indicator.cols() != static_cast<Index>(classes_.size()))
      throw Error("y", y.multilabel ? std::to_string(y.indicator.cols()) + " columns" : "1-D labels",
                  "y must be a multilabel indicator matrix with " + std::to_string(classes_.size()) +
                      " columns, as in the first fit");
    unique_labels(y);  // checks 0/1
    return y.indicator.cast<S>();
  }
  if (y.multilabel)
    throw Error("y", "2-D indicator", "y must be 1-D labels for this classifier, which was fitted on 1-D labels");
  Mat<S> Y = Mat<S>::Zero(y.size(), n_columns());
  for (Index i = 0; i < y.size(); ++i) {
    Index c = find_class(classes_, y.labels[static_cast<std::size_t>(i)]);
    if (c < 0)
      throw Error("y", to_string(y.labels[static_cast<std::size_t>(i)]),
                  "y has a label not in classes_ " + render(classes_));
    if (type_ == TargetType::multiclass)
      Y(i, c) = 1;
    else if (classes_.size() == 2)
      Y(i, 0) = c == 1 ? 1 : 0;
  }
  return Y;
}

template <class S>
ClassTarget LabelBinarizer::inverse_transform(const Mat<S>& outputs) const {
  ClassTarget out;
  if (type_ == TargetType::multilabel) {
    out.multilabel = true;
    // Strict '>' as scikit-learn: an output of exactly 0.5 is the negative class.
    out.indicator = (outputs.array() > S(0.5)).template cast<double>();
    return out;
  }
  out.labels.reserve(static_cast<std::size_t>(outputs.rows()));
  for (Index i = 0; i < outputs.rows(); ++i) {
    if (type_ == TargetType::multiclass) {
      Index best = 0;
      outputs.row(i).maxCoeff(&best);  // first index on ties, as numpy's argmax
      out.labels.push_back(classes_[static_cast<std::size_t>(best)]);
    } else if (classes_.size() == 1) {
      out.labels.push_back(classes_[0]);
    } else {
      out.labels.push_back(classes_[outputs(i, 0) > S(0.5) ? 1 : 0]);
    }
  }
  return out;
}

template Mat<double> LabelBinarizer::transform<double>(const ClassTarget&) const;
template Mat<float> LabelBinarizer::transform<float>(const ClassTarget&) const;
template ClassTarget LabelBinarizer::inverse_transform<double>(const Mat<double>&) const;
template ClassTarget LabelBinarizer::inverse_transform<float>(const Mat<float>&) const;

}  // namespace mlp
