// The estimator behind a Session, whichever kind (MLPClassifier, MLPRegressor) and precision it
// is: one interface, so that the session's code is written once. Private to cpp/src; the
// implementation is session_model.cpp.
#pragma once

#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/params.hpp"
#include "mlp/scalar.hpp"
#include "mlp/session.hpp"

namespace mlp {

/// The estimator behind the session, whichever kind and precision it is.
struct Session::Model {
  virtual ~Model() = default;
  virtual void begin(const Mat<double>& X, const Mat<double>& y) = 0;
  /// begin() on byte rows (not copied: they must outlive the fit).
  virtual void begin_images(const ByteMatrix& X, const Mat<double>& y) = 0;
  virtual bool steps(long long k) = 0;
  /// Up to k more minibatches (lbfgs: one iteration).
  virtual bool batches(long long k) = 0;
  virtual long long batch_in_epoch() const = 0;
  virtual long long batches_per_epoch() const = 0;
  virtual bool fitting() const = 0;
  virtual bool fitted() const = 0;
  virtual Progress progress() const = 0;
  /// The few numbers the epoch loop checks, without building a Progress (no strings copied).
  virtual long long epoch() const = 0;
  virtual double loss() const = 0;
  virtual long long fit_stop_epoch() const = 0;
  virtual bool diverged() const = 0;
  virtual void set_keep_training(bool on) = 0;
  /// One forward pass of the current weights (or of early stopping's best, if `best`) on the
  /// model's rows X with targets y: the score (accuracy or R^2), the data term of the loss (NaN
  /// when y holds a label the model never saw), and the share of rows predicted as the most
  /// predicted class (NaN for regression and multilabel).
  struct Evaluation {
    double score = std::numeric_limits<double>::quiet_NaN();
    double loss = std::numeric_limits<double>::quiet_NaN();
    double top_share = std::numeric_limits<double>::quiet_NaN();
  };
  virtual Evaluation evaluate(const Mat<double>& X, const Mat<double>& y, bool best = false) const = 0;
  /// The rows the session measures every epoch, prepared once after begin(): kTrain is the
  /// training data given to begin() (not copied again), kTest the test rows X, y.
  enum Part { kTrain = 0, kTest = 1 };
  virtual void prepare_test(const Mat<double>& X, const Mat<double>& y) = 0;
  /// Prepares a part on byte rows (not copied: they must outlive the model); evaluate(part)
  /// then reads them 4,096 rows at a time. (For kTrain: after begin_images, or to score an
  /// imported model on the session's images.)
  virtual void prepare_images(Part which, const ByteMatrix& X, const Mat<double>& y) = 0;
  /// evaluate() on a prepared part: the same numbers without converting the rows again.
  virtual Evaluation evaluate(Part part, bool best = false) const = 0;
  /// True when early stopping has best weights aside.
  virtual bool has_best() const = 0;
  /// Every hidden unit's output for X, one column per unit (all hidden layers in order).
  virtual Mat<double> hidden(const Mat<double>& X) const = 0;
  /// Grid channels: positive-class probability, class probabilities, or predictions.
  virtual Mat<double> channels(const Mat<double>& X) const = 0;
  /// channels() and hidden() of byte rows in one forward pass (in the model's precision, a chunk
  /// of rows at a time, never a dense copy of X): `out` row by row (rows x channels, returned),
  /// `units` unit by unit (each unit's rows contiguous).
  virtual int image_outputs(const ByteMatrix& X, std::vector<float>& out, std::vector<float>& units) const = 0;
  /// One row of inputs (after the feature step) traced through the current weights against a
  /// target (session_trace.hpp's trace_model).
  virtual InputTrace trace(const RowVec<double>& input, const std::vector<double>& target) const = 0;
  virtual std::vector<double> packed() const = 0;
  virtual std::vector<Index> units() const = 0;
  virtual const std::vector<double>& loss_curve() const = 0;
  virtual std::vector<double> validation_scores() const = 0;
  virtual const std::vector<std::vector<double>>& gradient_norms() const = 0;
  virtual nlohmann::json to_json() const = 0;
  virtual void from_json(const nlohmann::json& model) = 0;
};

namespace session_detail {

/// A fresh model: estimator "MLPClassifier" | "MLPRegressor" in the given precision.
std::unique_ptr<Session::Model> make_model(const std::string& estimator, Precision precision, const Params& params);

/// An export's n_features_in_, n_layers_ and n_outputs_ (older exports have none) must agree
/// with its coefs_ (`units`: every layer's width, inputs first).
void check_fitted_attributes(const nlohmann::json& model, const std::vector<Index>& units);

}  // namespace session_detail

}  // namespace mlp
