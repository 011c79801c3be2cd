// MLPClassifier and MLPRegressor: scikit-learn 1.2.1's estimators, in float64
// (exact parity) or float32 (the fast path).
//
// Both share MultilayerPerceptron, which owns the packed parameters, the epoch
// loop, the stopping rules, early stopping and the solvers. The subclasses only
// turn targets into the 0/1 or real matrix Y the network trains on, and back.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlp/labels.hpp"
#include "mlp/network.hpp"
#include "mlp/params.hpp"
#include "mlp/rng.hpp"
#include "mlp/rows.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

template <class S>
class Optimizer;

template <class S>
class MultilayerPerceptron {
 public:
  virtual ~MultilayerPerceptron();
  MultilayerPerceptron(const MultilayerPerceptron&) = delete;
  MultilayerPerceptron& operator=(const MultilayerPerceptron&) = delete;

  const Params& params() const { return params_; }
  /// Replaces the parameters; they are validated by the next fit (as in scikit-learn).
  void set_params(const Params& params) { params_ = params; }

  /// Preset initial weights, used at every point where scikit-learn would
  /// initialise (coefs l: fan_in x fan_out, intercepts l: fan_out), drawing no
  /// random numbers. Shapes are checked at that point (mlp::Error "init").
  void set_initial_weights(std::vector<Mat<double>> coefs, std::vector<Vec<double>> intercepts);

  bool fitted() const { return fitted_; }

  // Fitted attributes, under scikit-learn's names.
  std::vector<Mat<S>> coefs() const;
  std::vector<Vec<S>> intercepts() const;
  double loss() const { return loss_; }
  const std::vector<double>& loss_curve() const { return loss_curve_; }
  std::optional<double> best_loss() const { return best_loss_; }
  const std::optional<std::vector<double>>& validation_scores() const { return validation_scores_; }
  std::optional<double> best_validation_score() const { return best_validation_score_; }
  long long n_iter() const { return n_iter_; }
  long long t() const { return t_; }
  Index n_layers() const { return static_cast<Index>(net_.layout.units().size()); }
  Index n_outputs() const { return n_outputs_; }
  Index n_features_in() const { return net_.layout.units().empty() ? 0 : net_.layout.units().front(); }
  OutActivation out_activation() const { return out_activation_; }
  /// True for sgd/adam fits (loss_curve_, best_loss_, ... exist).
  bool stochastic_attributes() const { return stochastic_attributes_; }
  /// The optimiser's current learning rate (scikit-learn's _optimizer.learning_rate).
  std::optional<double> optimizer_learning_rate() const;
  /// Why the last fit stopped, in words (max_iter, tol, learning rate, lbfgs status).
  const std::string& stop_reason() const { return stop_reason_; }
  /// Per epoch, per weight layer: the mean over the epoch's batches of the
  /// Frobenius norm of dLoss/dW_l (sgd/adam; empty for lbfgs). Shows vanishing gradients.
  const std::vector<std::vector<double>>& gradient_norms() const { return gradient_norms_; }
  /// Warnings scikit-learn would have raised, in order, since construction.
  const std::vector<std::string>& warnings() const { return warnings_; }

  /// The packed parameters: every W_l row-major in layer order, then every b_l.
  const Vec<S>& packed_parameters() const { return theta_; }
  const Layout& layout() const { return net_.layout; }

  /// The network's output activations for X (n x n_outputs).
  Mat<S> forward(const Mat<S>& X) const;
  /// The same for rows read from a source, a chunk of rows at a time (no dense copy of X).
  Mat<S> forward(const RowSource<S>& X) const;
  /// The outputs of every hidden layer for X (layer l: n x its units).
  std::vector<Mat<S>> hidden_outputs(const Mat<S>& X) const;

  /// Continues a fit begun by a subclass's begin_fit / begin_partial_fit: up to
  /// `steps` more epochs (sgd, adam) or iterations (lbfgs). Returns true once
  /// the fit has finished; fit() is begin + fit_steps until done, so stepping
  /// gives exactly the same result. The X given to begin must stay alive and
  /// unchanged until then.
  bool fit_steps(long long steps);
  /// Continues a begun fit by up to `batches` more minibatches (sgd, adam; for lbfgs one
  /// call is one iteration, as fit_steps(1)). A fit can stop in the middle of an epoch and
  /// resume exactly: any split of the batches gives the bits of whole epochs. An epoch whose
  /// last batch runs here ends here (its loss, stopping rules, ...). True once the fit is done.
  bool fit_batches(long long batches);
  /// True while a begun fit has steps left.
  bool fitting() const { return run_ != nullptr; }
  /// Minibatches done in the epoch under way (0 at an epoch boundary, and for lbfgs).
  long long batch_in_epoch() const;
  /// Minibatches per epoch of the current (or last) fit: ceil(training rows / batch_size); 1 for lbfgs.
  long long batches_per_epoch() const { return batches_per_epoch_; }

  /// Beyond scikit-learn, for the playground: with keep_training a fit does not stop where
  /// scikit-learn's fit() would (the tol / n_iter_no_change rule, max_iter). It records that
  /// point (fit_stop()) and trains on with the same weights, optimizer and shuffles, so epochs
  /// 1..E are exactly fit() with max_iter=E and an n_iter_no_change that cannot run out (sgd
  /// with a constant or invscaling rate, adam). With learning_rate='adaptive' the rule still
  /// divides the rate by 5 as in fit(); after fit()'s stop (rate <= 1e-6) training goes on at
  /// that rate. Early stopping's best weights are kept aside (best_parameters()), not restored.
  /// lbfgs: max_iter is lifted; convergence and max_fun still end the fit. A non-finite loss
  /// ends it too (diverged()), without the exception fit() would raise. Applies to fits begun
  /// after the call; partial_fit is not affected.
  void set_keep_training(bool on) { keep_training_ = on; }
  /// Where scikit-learn's fit() stops in the current (or last) fit, with keep_training.
  struct FitStop {
    long long epoch = 0;           ///< the first epoch at which fit() would stop (0: not yet)
    std::string reason;            ///< in scikit-learn's words
    long long patience_epoch = 0;  ///< the first epoch at which the n_iter_no_change rule fired (0: not yet)
    /// The first epoch at which the rule would end fit() (for learning_rate='adaptive', once
    /// the rate is <= 1e-6; else patience_epoch), even after a max_iter stop (0: not yet).
    long long rule_stop_epoch = 0;
  };
  const FitStop& fit_stop() const { return fit_stop_; }
  /// With early_stopping: the epoch (n_iter_) of the best validation score so far (0: none).
  long long best_epoch() const { return best_epoch_; }
  /// With early_stopping and keep_training: the weights of the best validation score (packed as
  /// packed_parameters(); empty when there are none).
  const Vec<S>& best_parameters() const { return best_theta_; }
  /// True when a keep_training fit ended on a non-finite loss or weights.
  bool diverged() const { return diverged_; }

 protected:
  MultilayerPerceptron(Params params, bool is_classifier);

  /// Runs a begun fit to its end.
  void finish_fit();
  /// Validates, initialises if first_pass, and prepares the loop; fit_steps runs it.
  void begin_fit_matrix(const Mat<S>& X, Mat<S> Y, bool incremental, bool first_pass);
  /// The same on rows from a source (kept by reference: it and its data must outlive the fit).
  /// sgd/adam gather each batch from it; lbfgs materialises X (it evaluates every row at once);
  /// early stopping copies its validation rows (and, for a dense source, its training rows).
  void begin_fit_rows(const RowSource<S>& X, Mat<S> Y, bool incremental, bool first_pass);

  /// accuracy or R^2 of the current weights on a validation part.
  virtual double validation_score(const Mat<S>& X, const Mat<S>& Y) const = 0;
  virtual OutActivation output_activation_for_fit() const = 0;

  void check_params(bool incremental) const;
  /// Makes the model fitted with the given weights (coefs l: fan_in x fan_out,
  /// chained), as a model loaded from a file: no training history.
  void restore_weights(const std::vector<Mat<double>>& coefs, const std::vector<Vec<double>>& intercepts);
  void check_X(const Mat<S>& X, Index n_targets, bool first_pass) const;
  void check_X(const RowSource<S>& X, Index n_targets, bool first_pass) const;
  const Architecture& net() const { return net_; }
  const Vec<S>& theta() const { return theta_; }
  void warn(std::string message) { warnings_.push_back(std::move(message)); }

  Params params_;
  bool is_classifier_;
  bool fitted_ = false;

 private:
  struct Run;
  void initialize(const std::vector<Index>& units, RandomState& rng);
  void begin_stochastic(Run& run, const RowSource<S>& X, Mat<S> Y);
  /// Runs until `epochs` epochs have ended or `batches` minibatches have run, whichever first.
  bool stochastic_steps(long long epochs, long long batches);
  void draw_dropout_masks(Run& run, Index n);
  void update_no_improvement_count(bool early_stopping, const Mat<S>& X_val, const Mat<S>& Y_val);
  void begin_lbfgs(Run& run, const RowSource<S>& X, Mat<S> Y);
  bool lbfgs_steps(long long iterations);
  /// What fit_steps and fit_batches do once the loop returns `done`: the divergence checks.
  bool end_steps(bool done, bool keep);

  Architecture net_;
  Vec<S> theta_;
  Vec<S> best_theta_;  ///< early stopping's best weights
  std::vector<Mat<double>> preset_coefs_;
  std::vector<Vec<double>> preset_intercepts_;
  std::unique_ptr<Optimizer<S>> optimizer_;
  Index n_outputs_ = 0;
  OutActivation out_activation_ = OutActivation::identity;
  bool stochastic_attributes_ = false;
  double loss_ = 0;
  std::vector<double> loss_curve_;
  std::optional<double> best_loss_;
  std::optional<std::vector<double>> validation_scores_;
  std::optional<double> best_validation_score_;
  long long n_iter_ = 0;
  long long t_ = 0;
  long long batches_per_epoch_ = 0;
  long long no_improvement_count_ = 0;
  std::string stop_reason_;
  std::vector<std::string> warnings_;
  std::vector<std::vector<double>> gradient_norms_;
  std::unique_ptr<Run> run_;
  bool keep_training_ = false;
  FitStop fit_stop_;
  long long best_epoch_ = 0;
  bool diverged_ = false;
  /// keep_training: records fit()'s stop at the current epoch, once.
  void record_fit_stop(const std::string& reason);
};

template <class S>
class MLPClassifier : public MultilayerPerceptron<S> {
 public:
  explicit MLPClassifier(Params params = {}) : MultilayerPerceptron<S>(std::move(params), true) {}

  MLPClassifier& fit(const Mat<S>& X, const ClassTarget& y);
  /// One epoch over (X, y). The first call needs `classes` (all labels that
  /// will ever be seen).
  MLPClassifier& partial_fit(const Mat<S>& X, const ClassTarget& y, const std::vector<Label>* classes = nullptr);
  /// fit / partial_fit in steps: validates and initialises now; fit_steps() trains.
  void begin_fit(const Mat<S>& X, const ClassTarget& y);
  void begin_partial_fit(const Mat<S>& X, const ClassTarget& y, const std::vector<Label>* classes = nullptr);
  /// begin_fit on rows from a source (images as bytes): X must outlive the fit.
  void begin_fit(const RowSource<S>& X, const ClassTarget& y);

  ClassTarget predict(const Mat<S>& X) const;
  ClassTarget predict(const RowSource<S>& X) const;
  Mat<S> predict_proba(const RowSource<S>& X) const;
  double score(const RowSource<S>& X, const ClassTarget& y) const;
  /// n x n_classes (two columns [1-p, p] for a single output).
  Mat<S> predict_proba(const Mat<S>& X) const;
  Mat<S> predict_log_proba(const Mat<S>& X) const;
  /// Accuracy (subset accuracy for multilabel).
  double score(const Mat<S>& X, const ClassTarget& y) const;

  const std::vector<Label>& classes() const { return classes_; }
  /// A fitted model from saved weights: classes_ (or the number of labels for a
  /// multilabel model) and coefs_/intercepts_. Throws mlp::Error for inconsistent shapes.
  void import_model(const std::vector<Label>& classes, bool multilabel, const std::vector<Mat<double>>& coefs,
                    const std::vector<Vec<double>>& intercepts);
  const LabelBinarizer& binarizer() const { return binarizer_; }

 protected:
  double validation_score(const Mat<S>& X, const Mat<S>& Y) const override;
  OutActivation output_activation_for_fit() const override;

 private:
  void begin_target(const RowSource<S>& X, const ClassTarget& y, bool incremental);
  LabelBinarizer binarizer_;
  std::vector<Label> classes_;  ///< set by fit, or by the first partial_fit's classes
  bool has_classes_ = false;
};

template <class S>
class MLPRegressor : public MultilayerPerceptron<S> {
 public:
  explicit MLPRegressor(Params params = {}) : MultilayerPerceptron<S>(std::move(params), false) {}

  /// Y is n x n_targets (one column for 1-D y).
  MLPRegressor& fit(const Mat<S>& X, const Mat<S>& Y);
  /// One epoch for sgd/adam; a whole L-BFGS run for lbfgs (scikit-learn 1.2.1 quirk).
  MLPRegressor& partial_fit(const Mat<S>& X, const Mat<S>& Y);
  /// fit / partial_fit in steps: validates and initialises now; fit_steps() trains.
  void begin_fit(const Mat<S>& X, const Mat<S>& Y);
  void begin_partial_fit(const Mat<S>& X, const Mat<S>& Y);
  /// begin_fit on rows from a source (bytes): X must outlive the fit.
  void begin_fit(const RowSource<S>& X, const Mat<S>& Y);

  Mat<S> predict(const Mat<S>& X) const;
  /// R^2, uniform average over outputs.
  double score(const Mat<S>& X, const Mat<S>& Y) const;
  /// A fitted model from saved coefs_/intercepts_.
  void import_model(const std::vector<Mat<double>>& coefs, const std::vector<Vec<double>>& intercepts) {
    this->restore_weights(coefs, intercepts);
  }

 protected:
  double validation_score(const Mat<S>& X, const Mat<S>& Y) const override;
  OutActivation output_activation_for_fit() const override { return OutActivation::identity; }
};

/// Subset accuracy of predicted against true labels.
double accuracy_score(const ClassTarget& truth, const ClassTarget& predicted);
/// scikit-learn's r2_score with multioutput='uniform_average' (force_finite).
template <class S>
double r2_score(const Mat<S>& truth, const Mat<S>& predicted);

extern template class MultilayerPerceptron<double>;
extern template class MultilayerPerceptron<float>;
extern template class MLPClassifier<double>;
extern template class MLPClassifier<float>;
extern template class MLPRegressor<double>;
extern template class MLPRegressor<float>;

}  // namespace mlp
