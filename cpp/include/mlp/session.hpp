// A training session for the playground: one model, its data and its output
// buffers, driven a few epochs at a time. This is the core side of the
// WebAssembly API; it knows nothing of JavaScript. The binding only forwards
// calls and exposes the buffers below as typed-array views.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "mlp/error.hpp"
#include "mlp/features.hpp"
#include "mlp/names.hpp"
#include "mlp/params.hpp"
#include "mlp/rows.hpp"
#include "mlp/scalar.hpp"
#include "mlp/trace.hpp"

namespace mlp {

/// Outcome of a call that can fail on bad input: never an exception across the
/// binding. `parameter`, `value` and `message` are those the JSON runner reports.
struct Status {
  bool ok = true;
  std::string parameter;
  std::string value;
  std::string message;

  static Status failure(const Error& e) { return {false, e.parameter(), e.value(), e.what()}; }
};

/// Where training stands after step().
struct Progress {
  Status status;          ///< not ok if training failed (e.g. diverged) or nothing is configured
  long long epoch = 0;    ///< n_iter_
  long long samples = 0;  ///< t_
  double loss = std::numeric_limits<double>::quiet_NaN();
  double validation_score = std::numeric_limits<double>::quiet_NaN();  ///< last, with early_stopping
  bool finished = false;  ///< training has stopped as scikit-learn's fit would (keep_training: for good)
  std::string stop_reason;
  /// keep_training: the first epoch at which scikit-learn's fit() stops, and why, in its
  /// words (0 and "" while it would still train).
  long long fit_stop_epoch = 0;
  std::string fit_stop_reason;
  long long patience_epoch = 0;   ///< the first epoch at which the n_iter_no_change rule fired (0: none)
  long long rule_stop_epoch = 0;  ///< the first epoch at which that rule would end fit() (0: none; see FitStop)
  long long best_epoch = 0;       ///< early_stopping: the epoch of the best validation score (0: none)
  /// keep_training: training ended because the loss became non-finite or grew past
  /// kDivergenceFactor times its first epoch's value (stop_reason says which).
  bool diverged = false;
  /// Minibatches done in the epoch under way (0 at an epoch boundary; lbfgs: always 0), and
  /// minibatches per epoch (ceil(training rows / batch_size); lbfgs: 1; 0 before a fit).
  long long batch = 0;
  long long batches = 0;
};

/// keep_training: a loss this many times its first epoch's value counts as diverged.
inline constexpr double kDivergenceFactor = 1e4;

/// Per-epoch measurements of the current weights (keep_training sessions record them).
struct EpochMetrics {
  static constexpr int kColumns = 5;  ///< train score, test score, train loss, test loss, top share
};

/// Accuracy (classifier) or R^2 (regressor) of the current weights.
struct Scores {
  Status status;
  double train = std::numeric_limits<double>::quiet_NaN();
  double test = std::numeric_limits<double>::quiet_NaN();  ///< NaN without test data
  /// The data term of the loss (log-loss or half squared error, no L2 term) of
  /// the current weights on the whole training and test parts.
  double train_loss = std::numeric_limits<double>::quiet_NaN();
  double test_loss = std::numeric_limits<double>::quiet_NaN();
};

class Session {
 public:
  Session();
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// estimator "MLPClassifier" | "MLPRegressor"; params_json: scikit-learn's
  /// parameters as a JSON object (as in a job); precision "float64" | "float32".
  /// Validated at once. Discards the model; the data stay.
  Status configure(const std::string& estimator, const std::string& params_json, const std::string& precision);

  /// Sizes the data buffers (rows x n_features inputs, rows x n_targets targets;
  /// a classifier's targets are class labels as numbers, one column). Write
  /// them through the views, then call commit_data().
  Status resize_data(int n_train, int n_test, int n_features, int n_targets);
  /// Sizes the buffers for images (or any data whose inputs are bytes): X as uint8, rows x
  /// n_features for the training and the test part, read as byte / divisor (divisor 255: the
  /// pixels in [0, 1], in float64 bit for bit numpy's X / 255.); y as usual, one column (a
  /// classifier's class codes). Write them through x_train_bytes(), x_test_bytes(), y_train(),
  /// y_test(), then call commit_data(). The inputs stay bytes: training scales each minibatch as
  /// it is formed, and scores, evaluate_test and the per-epoch metrics read them 4,096 rows at a
  /// time, so the session holds no dense copy of X (memory_bytes() says what it holds). The
  /// derived features, the scaler and split_data are refused on such data.
  Status resize_image_data(int n_train, int n_test, int n_features, double divisor);
  std::uint8_t* x_train_bytes() { return x_train_bytes_.data(); }
  std::uint8_t* x_test_bytes() { return x_test_bytes_.data(); }
  /// True when the data are bytes (resize_image_data), false for the double buffers.
  bool image_data() const { return image_data_; }
  /// Checks the written data (finite values, labels) and discards the model.
  Status commit_data();
  /// Fills the data buffers from a generator (as a job's "dataset"), then moves
  /// test_size of the rows (chosen by random_state) to the test part.
  Status generate(const std::string& generator, const std::string& params_json, double test_size,
                  std::uint32_t random_state);
  /// Splits the committed rows (training rows, then test rows) again as
  /// generate does: train_test_split(test_size, random_state) without
  /// stratification. For data written through
  /// the views (a bundled dataset, a CSV file). Discards the model.
  Status split_data(double test_size, std::uint32_t random_state);

  /// Sets the derived features (a JSON array of "x2", "y2", "xy", "sinx",
  /// "siny", appended in that order after the data's columns) and whether to
  /// standardise every input column (StandardScaler fitted on the training
  /// rows). Applies to training, scores, grids and units; data stay as given.
  /// Checked against the data when a fit starts. Discards the model.
  Status set_features(const std::string& derived_json, bool standardize);

  /// Names the data's columns and classes: names_json is {"feature_names": [one string per
  /// column], "class_labels": [the label of class code 0, 1, ...]} (either null or absent; see
  /// parse_data_names), checked against the data now (the targets must be codes with a label).
  /// For the exported model only: its feature_names_in_ (the columns, then the derived features
  /// written from them) and its classes_ as the labels. New data (resize_data, generate) have
  /// no names. Keeps the model; one trained on these data takes the names.
  Status set_data_names(const std::string& names_json);

  double* x_train() { return x_train_.data(); }
  double* y_train() { return y_train_.data(); }
  double* x_test() { return x_test_.data(); }
  double* y_test() { return y_test_.data(); }
  int n_train() const { return n_train_; }
  int n_test() const { return n_test_; }
  int n_features() const { return n_features_; }
  int n_targets() const { return n_targets_; }

  /// Drops the model and starts a fit from fresh initial weights: random_state
  /// as configured (the same weights again), or `seed` when seed >= 0 (re-seed).
  Status reset(long long seed = -1);
  /// Runs up to `epochs` more epochs (L-BFGS iterations for lbfgs), starting a
  /// fit if none is under way. Never runs past where scikit-learn stops, unless
  /// keep_training is set.
  Progress step(int epochs);
  /// Runs up to `batches` more minibatches (sgd, adam; lbfgs: one call is one iteration, as
  /// step(1)), starting a fit if none is under way: training can report progress, and pause,
  /// within an epoch. Any split into calls gives the same bits as step(); an epoch ended by a
  /// call is recorded as step() records it (metrics, keep_training's checks, pause at fit stop).
  Progress step_batches(int batches);
  /// Bytes the session holds now: the data buffers, the model's copies of them, the weights,
  /// the optimizer's state and one batch's workspace (an estimate from the sizes, as the memory
  /// check counts them; the outputs of grids and traces are not counted).
  double memory_bytes() const;

  /// Beyond scikit-learn, for the playground (see MultilayerPerceptron::set_keep_training):
  /// fits begun from now on train past the point where fit() stops, record that point in
  /// Progress, record metrics every `metrics_every` epochs (history()), and end when the
  /// loss diverges. Off by default (the session then trains exactly as fit()).
  void set_keep_training(bool on, int metrics_every = 1);
  /// keep_training: step() returns early at the epoch where fit() stops (so that a caller that
  /// asks for many epochs at once can still pause exactly there).
  void set_pause_at_fit_stop(bool on) { pause_at_fit_stop_ = on; }
  /// Measures the metrics every `metrics_every` epochs from now on (1: every epoch).
  void set_metrics_every(int metrics_every) { metrics_every_ = metrics_every < 1 ? 1 : metrics_every; }
  /// What measuring the metrics costs: the time of one measurement over the time of one
  /// epoch's training, in this fit (NaN before both are known). Lets a caller that trains as
  /// fast as it can choose how often to measure.
  double metrics_cost() const;

  /// The scores of early stopping's best weights (those fit() returns), or a failure when
  /// there are none (no early_stopping, nothing trained).
  Scores best_scores();
  /// Train (and test) scores of the current weights.
  Scores scores();

  /// Evaluates the model on an nx x ny grid over [x_min, x_max] x [y_min, y_max]
  /// (row j, column i is x = x_min + i (x_max-x_min)/(nx-1), y = y_max - j (...)),
  /// inputs beyond the first two set to 0. Per point: the positive-class
  /// probability (binary), all class probabilities (multiclass, multilabel), or
  /// the predictions (regression), computed in float32 whatever the precision;
  /// grid() holds nx * ny * grid_channels() floats.
  Status evaluate_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny);
  const float* grid() const { return grid_.data(); }
  int grid_size() const { return static_cast<int>(grid_.size()); }
  int grid_channels() const { return grid_channels_; }

  /// Puts the grids on a plane through the data's space: axes_json is a flat
  /// JSON array, the origin, u and v (one value per data column each), and
  /// grid point (a, b) is then origin + a u + b v (data columns, before the
  /// derived features and scaling). An empty string gives back the (x, y) plane
  /// with the other inputs 0. For data with more inputs, such as the plane of
  /// their first two principal components.
  Status set_plane(const std::string& axes_json);

  /// The outputs of every hidden unit over a grid (as evaluate_grid): hidden
  /// unit u, counting through all hidden layers in order, at point (i, j) is
  /// units()[(u * ny + j) * nx + i].
  Status evaluate_units(double x_min, double x_max, double y_min, double y_max, int nx, int ny);
  const float* units() const { return units_.data(); }
  int units_size() const { return static_cast<int>(units_.size()); }

  /// Evaluates the model on the test rows, for views of data with more than two
  /// inputs: grid() then holds n_test * grid_channels() outputs (per row, as
  /// evaluate_grid), units() every hidden unit's output, unit u on test row r at
  /// units()[u * n_test + r]. Replaces the last grid and units.
  Status evaluate_test();

  /// Copies the current parameters (every W_l row-major, then every b_l) into
  /// parameters(); layer_units() gives their shapes.
  Status read_parameters();
  const double* parameters() const { return parameters_.data(); }
  int n_parameters() const { return static_cast<int>(parameters_.size()); }
  std::vector<int> layer_units() const;

  /// Copies the histories into their buffers: loss_curve_, validation_scores_,
  /// the per-layer gradient norms (epochs x layers, row-major) and the metrics
  /// (epochs x EpochMetrics::kColumns, row-major: train score, test score, train
  /// loss, test loss, and the share of training rows predicted as the most
  /// predicted class; NaN where not measured), each from epoch `from` + 1 on
  /// (0: the whole run), so that a caller can fetch only what is new.
  void read_history(int from = 0);
  const double* metrics() const { return metrics_out_.data(); }
  int metrics_size() const { return static_cast<int>(metrics_out_.size()); }
  const double* loss_curve() const { return loss_curve_.data(); }
  int loss_curve_size() const { return static_cast<int>(loss_curve_.size()); }
  const double* validation_scores() const { return validation_scores_.data(); }
  int validation_scores_size() const { return static_cast<int>(validation_scores_.size()); }
  const double* gradient_norms() const { return gradient_norms_.data(); }
  int gradient_norms_size() const { return static_cast<int>(gradient_norms_.size()); }

  /// Follows one input through the current model (trace.hpp): `point` is one row of the data's
  /// columns (as the data buffers hold them), which goes through the feature step to a(0);
  /// `target` is what the backward pass compares with: a class code (classifier; multilabel: one
  /// 0/1 per output) or one value per output (regressor); empty: the model's own prediction.
  /// Fills last_trace(); the model is not changed. Errors name "model", "X", "point" or "target".
  Status trace(const std::vector<double>& point, const std::vector<double>& target = {});
  /// trace() with point and target as JSON arrays of numbers (the binding's form); a null (as JSON
  /// writes NaN and the infinities) or any other value that is not a number counts as not finite.
  Status trace_json_input(const std::string& point_json, const std::string& target_json);
  const InputTrace& last_trace() const { return trace_; }
  /// last_trace() as a JSON object, without the weights and gradients (their buffers below):
  /// precision, kind, point, input, layers [{activation, z, a, delta}], values, predicted, target,
  /// units, loss {data, penalty, total}, learning_rate, step_loss, step_values; a non-finite
  /// number as the string "NaN", "Infinity" or "-Infinity". Empty without a trace.
  std::string trace_json() const;
  const double* trace_weights() const { return trace_.weights.data(); }
  const double* trace_gradients() const { return trace_.gradients.data(); }
  int trace_parameters_size() const { return static_cast<int>(trace_.weights.size()); }

  /// The model as JSON in scikit-learn's layout: estimator, params, precision, coefs_,
  /// intercepts_, n_iter_, loss_, loss_curve_, n_layers_, n_outputs_, n_features_in_,
  /// out_activation_, classes_ (a classifier's: the data's labels when set_data_names named
  /// them), feature_names_in_ (when the columns have names) and features (the derived features
  /// and the fitted scaler, when there are any). An empty string if there is no model.
  std::string export_model() const;
  /// Loads a model exported by export_model, or by an older version without the fitted
  /// attributes and names (replaces configuration and model). When the session's data have
  /// class labels that hold every one of the model's classes_, the model is mapped onto the
  /// data's codes, so that it scores these data.
  Status import_model(const std::string& json);

  /// The estimator behind the session (session_model.hpp).
  struct Model;

 private:
  Status load_model_from_data();
  void discard_model();
  /// Grid points (raw columns, then the model's inputs: features_) for evaluate_grid / evaluate_units.
  Mat<double> grid_points(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const;
  /// Checks a grid request: resolution and rectangle.
  Status check_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const;
  /// Stores the model's outputs (grid_) and hidden units (units_, unit-major) at points.
  void store_outputs(const Mat<double>& points);
  void store_units(const Mat<double>& points);
  /// Stores outputs (n x channels) as grid_, hidden units (n x units) unit-major as units_.
  void store_channels(const Mat<double>& out);
  void store_hidden(const Mat<double>& out);
  /// evaluate_test on image data: store_channels and store_hidden of the test rows, a chunk at a time.
  void store_image_outputs();
  /// Stores rows of X, y as the data, test_size of them (chosen by random_state) as the test part.
  void store_split(const Mat<double>& X, const Mat<double>& y, double test_size, std::uint32_t random_state);

  std::string estimator_ = "MLPClassifier";
  std::string params_json_ = "{}";
  Params params_;
  Precision precision_ = Precision::float32;
  bool configured_ = false;
  std::unique_ptr<Model> model_;
  bool keep_training_ = false;
  bool pause_at_fit_stop_ = false;
  int metrics_every_ = 1;
  std::vector<double> metrics_;                     ///< per epoch, EpochMetrics::kColumns values (keep_training)
  double first_loss_ = 0;                           ///< the first epoch's loss (for the divergence test)
  double train_seconds_ = 0, metrics_seconds_ = 0;  ///< time spent training and measuring in this fit
  long long trained_epochs_ = 0, measured_epochs_ = 0;
  bool diverged_ = false;
  std::string diverged_reason_;
  bool rows_prepared_ = false;  ///< the model holds the session's rows, ready to measure (not after an import)
  /// Appends the metrics of the epochs trained since the last call.
  void record_metrics();

  int n_train_ = 0, n_test_ = 0, n_features_ = 0, n_targets_ = 0;
  std::vector<double> x_train_, y_train_, x_test_, y_test_;
  bool image_data_ = false;  ///< X in the byte buffers below (resize_image_data)
  double divisor_ = 255.0;
  std::vector<std::uint8_t> x_train_bytes_, x_test_bytes_;
  /// The byte buffers as the core reads them.
  ByteMatrix train_bytes() const;
  ByteMatrix test_bytes() const;
  /// step() and step_batches(): `count` epochs or minibatches.
  Progress advance(int count, bool batches);
  bool data_ok_ = false;

  DataNames data_names_;   ///< the names of the data in the buffers
  DataNames model_names_;  ///< the model's: features are its inputs' names (with the derived ones)
  /// model_names_ from data_names_ and the derived features (when a fit starts on the data).
  void name_model_from_data();

  Features features_;  ///< derived features and the scaler (fitted when a fit starts)

  std::vector<double> plane_;  ///< origin, u, v of set_plane (empty: the x, y plane)
  std::vector<float> grid_, units_;
  int grid_channels_ = 0;
  std::vector<double> parameters_, loss_curve_, validation_scores_, gradient_norms_, metrics_out_;
  InputTrace trace_;  ///< the last trace
};

}  // namespace mlp
