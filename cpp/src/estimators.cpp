// MLPClassifier and MLPRegressor: targets in, targets out (spec sections 2, 13, 14).
#include <cmath>
#include <limits>
#include <set>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"

namespace mlp {

double accuracy_score(const ClassTarget& truth, const ClassTarget& predicted) {
  const Index n = truth.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  Index correct = 0;
  for (Index i = 0; i < n; ++i) {
    if (truth.multilabel)
      correct += (truth.indicator.row(i) == predicted.indicator.row(i)) ? 1 : 0;
    else
      correct += truth.labels[static_cast<std::size_t>(i)] == predicted.labels[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(n);
}

template <class S>
double r2_score(const Mat<S>& truth, const Mat<S>& predicted) {
  // scikit-learn: NaN with fewer than two samples.
  if (truth.rows() < 2) return std::numeric_limits<double>::quiet_NaN();
  const Mat<double> y = truth.template cast<double>();
  const Mat<double> p = predicted.template cast<double>();
  double total = 0;
  for (Index k = 0; k < y.cols(); ++k) {
    const double numerator = (y.col(k) - p.col(k)).squaredNorm();
    const double denominator = (y.col(k).array() - y.col(k).mean()).square().sum();
    // force_finite: a constant target scores 1 when predicted exactly, else 0.
    if (denominator == 0)
      total += numerator == 0 ? 1.0 : 0.0;
    else
      total += 1.0 - numerator / denominator;
  }
  return total / static_cast<double>(y.cols());
}

// --- MLPClassifier ----------------------------------------------------------

namespace {
/// The sorted unique labels of partial_fit's `classes`, with errors naming "classes".
std::vector<Label> unique_classes(const std::vector<Label>& classes) {
  try {
    return unique_labels(ClassTarget{classes, {}, false});
  } catch (const Error& e) {
    throw Error("classes", e.value(), e.what());
  }
}
}  // namespace

template <class S>
MLPClassifier<S>& MLPClassifier<S>::fit(const Mat<S>& X, const ClassTarget& y) {
  begin_fit(X, y);
  this->finish_fit();
  return *this;
}

template <class S>
MLPClassifier<S>& MLPClassifier<S>::partial_fit(const Mat<S>& X, const ClassTarget& y,
                                                const std::vector<Label>* classes) {
  begin_partial_fit(X, y, classes);
  this->finish_fit();
  return *this;
}

template <class S>
void MLPClassifier<S>::begin_fit(const Mat<S>& X, const ClassTarget& y) {
  begin_target(DenseRows<S>(X), y, false);
}

template <class S>
void MLPClassifier<S>::begin_fit(const RowSource<S>& X, const ClassTarget& y) {
  begin_target(X, y, false);
}

template <class S>
void MLPClassifier<S>::begin_partial_fit(const Mat<S>& X, const ClassTarget& y, const std::vector<Label>* classes) {
  this->check_params(true);
  if (this->params_.solver == Solver::lbfgs)
    throw Error("solver", "lbfgs",
                "partial_fit is only available for stochastic optimizers ('sgd', 'adam'); solver='lbfgs' is not");
  if (!has_classes_) {
    if (!classes) throw Error("classes", "None", "classes must be passed on the first call to partial_fit");
    std::vector<Label> unique = unique_classes(*classes);
    if (y.multilabel)
      binarizer_.fit(y);
    else
      binarizer_.fit_classes(unique);
    classes_ = unique;
    has_classes_ = true;
  } else if (classes) {
    std::vector<Label> unique = unique_classes(*classes);
    if (unique != classes_)
      throw Error("classes", "changed", "classes is not the same as on the first call to partial_fit");
  }
  begin_target(DenseRows<S>(X), y, true);
}

template <class S>
void MLPClassifier<S>::begin_target(const RowSource<S>& X, const ClassTarget& y, bool incremental) {
  this->check_params(incremental);
  const bool first_pass = !this->fitted_ || (!this->params_.warm_start && !incremental);
  this->check_X(X, y.size(), first_pass);
  if (!has_classes_ || (!this->params_.warm_start && !incremental)) {
    binarizer_.fit(y);
    classes_ = binarizer_.classes();
    has_classes_ = true;
  } else {
    const std::vector<Label> seen = unique_labels(y);
    if (this->params_.warm_start) {
      if (seen != classes_)
        throw Error("y", "different classes",
                    "warm_start can only be used where y has the same classes as in the previous call to fit");
    } else if (!is_subset(seen, classes_)) {
      throw Error("y", "unknown classes", "y has classes not in classes_ (the classes given to the first partial_fit)");
    }
  }
  this->begin_fit_rows(X, binarizer_.template transform<S>(y), incremental, first_pass);
}

template <class S>
void MLPClassifier<S>::import_model(const std::vector<Label>& classes, bool multilabel,
                                    const std::vector<Mat<double>>& coefs, const std::vector<Vec<double>>& intercepts) {
  LabelBinarizer binarizer;
  if (multilabel) {
    ClassTarget indicator;
    indicator.multilabel = true;
    indicator.indicator = Mat<double>::Zero(1, static_cast<Index>(classes.size()));
    binarizer.fit(indicator);
  } else {
    binarizer.fit_classes(classes);
  }
  if (!coefs.empty() && coefs.back().cols() != binarizer.n_columns())
    throw Error("classes_", std::to_string(classes.size()) + " classes",
                "the output layer has " + std::to_string(coefs.back().cols()) + " units but " +
                    std::to_string(classes.size()) + " classes need " + std::to_string(binarizer.n_columns()));
  const LabelBinarizer previous = binarizer_;
  binarizer_ = binarizer;
  try {
    this->restore_weights(coefs, intercepts);
  } catch (...) {
    binarizer_ = previous;
    throw;
  }
  classes_ = binarizer_.classes();
  has_classes_ = true;
}

template <class S>
OutActivation MLPClassifier<S>::output_activation_for_fit() const {
  return binarizer_.type() == TargetType::multiclass ? OutActivation::softmax : OutActivation::logistic;
}

template <class S>
ClassTarget MLPClassifier<S>::predict(const Mat<S>& X) const {
  return binarizer_.inverse_transform(this->forward(X));
}

template <class S>
ClassTarget MLPClassifier<S>::predict(const RowSource<S>& X) const {
  return binarizer_.inverse_transform(this->forward(X));
}

namespace {
/// predict_proba's columns from the network's outputs: [1 - p, p] for a single output.
template <class S>
Mat<S> probabilities(Mat<S> out) {
  if (out.cols() != 1) return out;
  Mat<S> proba(out.rows(), 2);
  proba.col(0) = S(1) - out.col(0).array();
  proba.col(1) = out.col(0);
  return proba;
}
}  // namespace

template <class S>
Mat<S> MLPClassifier<S>::predict_proba(const RowSource<S>& X) const {
  return probabilities<S>(this->forward(X));
}

template <class S>
double MLPClassifier<S>::score(const RowSource<S>& X, const ClassTarget& y) const {
  if (y.size() != X.rows())
    throw Error("y", std::to_string(y.size()) + " samples",
                "X and y have inconsistent numbers of samples: " + std::to_string(X.rows()) + " and " +
                    std::to_string(y.size()));
  return accuracy_score(y, predict(X));
}

template <class S>
Mat<S> MLPClassifier<S>::predict_proba(const Mat<S>& X) const {
  Mat<S> out = this->forward(X);
  if (out.cols() != 1) return out;
  Mat<S> proba(out.rows(), 2);
  proba.col(0) = S(1) - out.col(0).array();
  proba.col(1) = out.col(0);
  return proba;
}

template <class S>
Mat<S> MLPClassifier<S>::predict_log_proba(const Mat<S>& X) const {
  return detail::log_of(predict_proba(X).array()).matrix();
}

template <class S>
double MLPClassifier<S>::score(const Mat<S>& X, const ClassTarget& y) const {
  if (y.size() != X.rows())
    throw Error("y", std::to_string(y.size()) + " samples",
                "X and y have inconsistent numbers of samples: " + std::to_string(X.rows()) + " and " +
                    std::to_string(y.size()));
  return accuracy_score(y, predict(X));
}

template <class S>
double MLPClassifier<S>::validation_score(const Mat<S>& X, const Mat<S>& Y) const {
  return accuracy_score(binarizer_.inverse_transform(Y),
                        binarizer_.inverse_transform(predict_outputs(this->net(), this->theta().data(), X)));
}

// --- MLPRegressor -----------------------------------------------------------

template <class S>
MLPRegressor<S>& MLPRegressor<S>::fit(const Mat<S>& X, const Mat<S>& Y) {
  begin_fit(X, Y);
  this->finish_fit();
  return *this;
}

template <class S>
MLPRegressor<S>& MLPRegressor<S>::partial_fit(const Mat<S>& X, const Mat<S>& Y) {
  begin_partial_fit(X, Y);
  this->finish_fit();
  return *this;
}

template <class S>
void MLPRegressor<S>::begin_fit(const Mat<S>& X, const Mat<S>& Y) {
  this->check_params(false);
  const bool first_pass = !this->fitted_ || !this->params_.warm_start;
  this->check_X(X, Y.rows(), first_pass);
  this->begin_fit_matrix(X, Y, false, first_pass);
}

template <class S>
void MLPRegressor<S>::begin_fit(const RowSource<S>& X, const Mat<S>& Y) {
  this->check_params(false);
  const bool first_pass = !this->fitted_ || !this->params_.warm_start;
  this->check_X(X, Y.rows(), first_pass);
  this->begin_fit_rows(X, Y, false, first_pass);
}

template <class S>
void MLPRegressor<S>::begin_partial_fit(const Mat<S>& X, const Mat<S>& Y) {
  this->check_params(true);
  const bool first_pass = !this->fitted_;
  this->check_X(X, Y.rows(), first_pass);
  this->begin_fit_matrix(X, Y, true, first_pass);
}

template <class S>
Mat<S> MLPRegressor<S>::predict(const Mat<S>& X) const {
  return this->forward(X);
}

template <class S>
double MLPRegressor<S>::score(const Mat<S>& X, const Mat<S>& Y) const {
  if (Y.rows() != X.rows())
    throw Error("y", std::to_string(Y.rows()) + " samples",
                "X and y have inconsistent numbers of samples: " + std::to_string(X.rows()) + " and " +
                    std::to_string(Y.rows()));
  return r2_score<S>(Y, predict(X));
}

template <class S>
double MLPRegressor<S>::validation_score(const Mat<S>& X, const Mat<S>& Y) const {
  return r2_score<S>(Y, predict_outputs(this->net(), this->theta().data(), X));
}

template double r2_score<double>(const Mat<double>&, const Mat<double>&);
template double r2_score<float>(const Mat<float>&, const Mat<float>&);
template class MLPClassifier<double>;
template class MLPClassifier<float>;
template class MLPRegressor<double>;
template class MLPRegressor<float>;

}  // namespace mlp
