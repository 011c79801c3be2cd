// The Session (session.hpp): configuration, training a few epochs at a time with the metrics
// of keep_training, scores and histories. The rest of the class: session_data.cpp (the data
// buffers), session_grid.cpp (grids), session_export.cpp (the model as JSON); the estimator
// behind it: session_model.cpp; the derived features and the scaler: features.cpp.
#include "mlp/session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <stdexcept>
#include <utility>

#include "mlp/limits.hpp"
#include "mlp/params_json.hpp"
#include "mlp/portable_math.hpp"
#include "session_internal.hpp"
#include "session_model.hpp"

namespace mlp {

namespace session_detail {

Status guarded_call(void (*call)(void*), void* context, const char* what) {
  try {
    call(context);
    return {};
  } catch (const Error& e) {
    return Status::failure(e);
  } catch (const std::bad_alloc&) {
    return {false, "X", "",
            std::string("out of memory while allocating ") + what +
                ": the data or the network is too large for this browser tab"};
  } catch (const std::length_error&) {
    return {false, "X", "", std::string("too large to allocate: ") + what};
  } catch (const json::exception& e) {
    return {false, "json", "", std::string("malformed JSON: ") + e.what()};
  }
}

}  // namespace session_detail

using namespace session_detail;

Session::Session() { math::fix_product_blocking(); }
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

void Session::discard_model() {
  model_.reset();
  rows_prepared_ = false;
}

Status Session::configure(const std::string& estimator, const std::string& params_json, const std::string& precision) {
  return guarded(
      [&] {
        if (estimator != "MLPClassifier" && estimator != "MLPRegressor")
          throw Error("estimator", estimator,
                      "estimator must be \"MLPClassifier\" or \"MLPRegressor\"; got \"" + estimator + "\"");
        const json params_value = params_json.empty() ? json::object() : parse(params_json);
        Params params = params_from_json(params_value);
        params.check();
        const Precision p = parse_precision(precision);
        estimator_ = estimator;
        params_json_ = params_value.dump();
        params_ = params;
        precision_ = p;
        configured_ = true;
        discard_model();
      },
      "the parameters");
}

Status Session::set_features(const std::string& derived_json, bool standardize) {
  return guarded([&] {
    Features features;
    features.derived = parse_derived(derived_json.empty() ? json::array() : parse(derived_json));
    features.standardize = standardize;
    features_ = std::move(features);
    discard_model();
  });
}

Status Session::load_model_from_data() {
  if (!configured_) return {false, "estimator", "", "configure the session first"};
  if (!data_ok_) return {false, "X", "", "no data: call generate, or resize_data and commit_data"};
  return guarded(
      [&] {
        rows_prepared_ = false;
        features_.check_columns(n_features_);
        if (image_data_) {
          // Byte rows are scaled as each batch is formed; the feature step would need a dense
          // copy of every row, which image data exist to avoid. Refused, not applied.
          if (!features_.derived.empty())
            throw Error("features", name_of(features_.derived.front()),
                        "derived features are not available on image data (resize_image_data): set none");
          if (features_.standardize)
            throw Error("standardize", "true",
                        "standardize is not available on image data (resize_image_data): the inputs are "
                        "byte / divisor; set standardize to false");
          const double batch = params_.batch_size ? std::min<double>(n_train_, static_cast<double>(*params_.batch_size))
                                                  : std::min<double>(n_train_, 200);
          std::vector<long long> units{n_features_};
          units.insert(units.end(), params_.hidden_layer_sizes.begin(), params_.hidden_layer_sizes.end());
          units.push_back(n_targets_);
          discard_model();  // the old model's memory is not counted: it goes now
          check_memory(memory_bytes() + fit_bytes(units, n_train_, batch, !params_.stochastic(), params_.early_stopping,
                                                  params_.dropout > 0, precision_ == Precision::float64 ? 8 : 4),
                       "hidden_layer_sizes", "training on these data (" + std::to_string(n_train_) + " rows)");
          model_ = make_model(estimator_, precision_, params_);
          name_model_from_data();
          model_->set_keep_training(keep_training_);
          model_->begin_images(train_bytes(), rows_of(y_train_, n_train_, n_targets_));
          model_->prepare_images(Model::kTest, test_bytes(), rows_of(y_test_, n_test_, n_targets_));
        } else {
          // The data as buffers, their copies with the derived features (in double and in the model's
          // precision), and what the fit itself allocates.
          const double columns =
              static_cast<double>(n_features_ + static_cast<int>(features_.derived.size()) + n_targets_);
          const double rows = static_cast<double>(n_train_) + n_test_;
          const double scalar = precision_ == Precision::float64 ? 8 : 4;
          std::vector<long long> units{n_features_ + static_cast<long long>(features_.derived.size())};
          units.insert(units.end(), params_.hidden_layer_sizes.begin(), params_.hidden_layer_sizes.end());
          units.push_back(n_targets_);  // a classifier's outputs are counted in fit_bytes' rows below
          const double batch = params_.batch_size ? std::min<double>(n_train_, static_cast<double>(*params_.batch_size))
                                                  : std::min<double>(n_train_, 200);
          const double bytes =
              rows * columns * (8 + 16 + scalar) + fit_bytes(units, n_train_, batch, !params_.stochastic(),
                                                             params_.early_stopping, params_.dropout > 0, scalar);
          check_memory(bytes, "hidden_layer_sizes", "training on these data (" + std::to_string(n_train_) + " rows)");
          Mat<double> X = features_.fit(rows_of(x_train_, n_train_, n_features_));
          model_ = make_model(estimator_, precision_, params_);
          name_model_from_data();
          model_->set_keep_training(keep_training_);
          model_->begin(X, rows_of(y_train_, n_train_, n_targets_));
          model_->prepare_test(features_.inputs(rows_of(x_test_, n_test_, n_features_)),
                               rows_of(y_test_, n_test_, n_targets_));
        }
        rows_prepared_ = true;
        metrics_.clear();
        first_loss_ = 0;
        train_seconds_ = metrics_seconds_ = 0;
        trained_epochs_ = measured_epochs_ = 0;
        diverged_ = false;
        diverged_reason_.clear();
      },
      "the model and its copies of the data");
}

void Session::set_keep_training(bool on, int metrics_every) {
  keep_training_ = on;
  metrics_every_ = std::max(1, metrics_every);
  if (model_) model_->set_keep_training(on);  // for the next fit; the current one keeps its mode
}

void Session::record_metrics() {
  const auto epochs = static_cast<std::size_t>(std::max<long long>(model_->epoch(), 0));
  constexpr auto kColumns = static_cast<std::size_t>(EpochMetrics::kColumns);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  while (metrics_.size() / kColumns < epochs) {
    const std::size_t epoch = metrics_.size() / kColumns + 1;
    if (epoch != epochs || epoch % static_cast<std::size_t>(metrics_every_) != 0) {
      metrics_.insert(metrics_.end(), kColumns, nan);
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const Model::Evaluation train = model_->evaluate(Model::kTrain);
    const Model::Evaluation test = model_->evaluate(Model::kTest);
    metrics_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++measured_epochs_;
    metrics_.insert(metrics_.end(), {train.score, test.score, train.loss, test.loss, train.top_share});
  }
}

Status Session::reset(long long seed) {
  if (seed >= 0) {
    if (seed > 4294967295LL) return {false, "random_state", std::to_string(seed), "random_state must be in [0, 2^32)"};
    params_.random_state = static_cast<std::uint32_t>(seed);
    json params = json::parse(params_json_);
    params["random_state"] = seed;
    params_json_ = params.dump();
  }
  return load_model_from_data();
}

Progress Session::step(int epochs) { return advance(epochs, false); }

Progress Session::step_batches(int batches) { return advance(batches, true); }

Progress Session::advance(int count, bool batches) {
  Progress progress;
  if (!model_ || (!model_->fitting() && !model_->fitted())) {
    progress.status = load_model_from_data();
    if (!progress.status.ok) {
      progress.finished = true;  // nothing can run until the caller fixes it
      return progress;
    }
  }
  progress.status = guarded(
      [&] {
        if (!keep_training_) {
          if (model_->fitting()) {
            if (batches)
              model_->batches(std::max(count, 0));
            else
              model_->steps(std::max(count, 0));
          }
          return;
        }
        // Epoch by epoch: the metrics of every epoch, and a diverging loss caught as it grows.
        // In batches, the part of an epoch that is left (or the whole budget, if less), then
        // the same checks when that ended the epoch.
        long long left = std::max(count, 0);
        while (left > 0 && model_->fitting() && !diverged_) {
          const auto start = std::chrono::steady_clock::now();
          const long long epoch_before = model_->epoch();
          if (batches) {
            const long long rest = std::max<long long>(1, model_->batches_per_epoch() - model_->batch_in_epoch());
            const long long run = std::min(left, rest);
            model_->batches(run);
            left -= run;
          } else {
            model_->steps(1);
            --left;
          }
          train_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          if (model_->epoch() == epoch_before && model_->fitting()) continue;  // mid-epoch: nothing to record
          ++trained_epochs_;
          record_metrics();
          const long long epoch = model_->epoch();
          const double loss = model_->loss();
          if (epoch == 1) first_loss_ = loss;
          if (model_->diverged() || !std::isfinite(loss)) {
            diverged_ = true;
            diverged_reason_ = model_->progress().stop_reason;
          } else if (std::isfinite(first_loss_) && first_loss_ > 0 && loss > kDivergenceFactor * first_loss_) {
            diverged_ = true;
            char text[160];
            std::snprintf(text, sizeof text,
                          "The loss grew from %.4g (epoch 1) to %.4g at epoch %lld: training diverged.", first_loss_,
                          loss, epoch);
            diverged_reason_ = text;
          }
          if (pause_at_fit_stop_ && model_->fit_stop_epoch() == epoch) break;
        }
      },
      "training memory");
  const Status status = progress.status;
  progress = model_->progress();
  progress.status = status;
  if (diverged_) {
    progress.diverged = true;
    progress.finished = true;
    progress.stop_reason = diverged_reason_;
  }
  if (!status.ok) progress.finished = true;
  return progress;
}

double Session::metrics_cost() const {
  if (measured_epochs_ == 0 || trained_epochs_ == 0 || train_seconds_ <= 0)
    return std::numeric_limits<double>::quiet_NaN();
  return (metrics_seconds_ / static_cast<double>(measured_epochs_)) /
         (train_seconds_ / static_cast<double>(trained_epochs_));
}

double Session::memory_bytes() const {
  const auto bytes_of = [](const auto& v) { return static_cast<double>(v.capacity() * sizeof(v[0])); };
  double bytes = bytes_of(x_train_) + bytes_of(x_test_) + bytes_of(y_train_) + bytes_of(y_test_) +
                 bytes_of(x_train_bytes_) + bytes_of(x_test_bytes_);
  if (!model_ || !model_->fitted()) return bytes;
  const std::vector<Index> units = model_->units();
  double parameters = 0, all_units = 0;
  for (std::size_t l = 0; l < units.size(); ++l) {
    all_units += static_cast<double>(units[l]);
    if (l + 1 < units.size()) parameters += static_cast<double>(units[l] + 1) * static_cast<double>(units[l + 1]);
  }
  const double scalar = precision_ == Precision::float64 ? 8 : 4;
  const double train = n_train_, rows = static_cast<double>(n_train_) + n_test_;
  const double inputs = static_cast<double>(units.front()), outputs = static_cast<double>(units.back());
  // The model's copies of dense rows (none of image data: they are read from the bytes), both
  // parts' targets as the network sees them and as labels, and the shuffling order.
  if (!image_data_) bytes += rows * inputs * scalar;
  bytes += rows * outputs * scalar + rows * static_cast<double>(sizeof(Label)) + train * 2 * sizeof(Index);
  // The weights with their gradient, best copy and optimizer state; one batch's activations and
  // deltas; a chunk of 4,096 predicted rows.
  bytes += parameters * scalar * 6;
  const double batch =
      params_.batch_size ? std::min(train, static_cast<double>(*params_.batch_size)) : std::min(train, 200.0);
  if (params_.stochastic()) {
    bytes += batch * all_units * scalar * (params_.dropout > 0 ? 4 : 2);
    if (params_.early_stopping) bytes += 0.1 * train * (inputs + outputs) * scalar;  // the validation rows
  } else {
    bytes += parameters * 8 * 28 + train * all_units * scalar * 2;  // L-BFGS: every row at once
    if (image_data_) bytes += train * inputs * scalar;              // ... which materialises X
  }
  return bytes + std::min(rows, 4096.0) * all_units * scalar;
}

Scores Session::best_scores() {
  Scores s;
  if (!model_ || !model_->fitted() || !model_->has_best()) {
    s.status = {false, "early_stopping", "", "no best weights: early_stopping keeps them while it trains"};
    return s;
  }
  s.status = guarded([&] {
    const Model::Evaluation train = model_->evaluate(Model::kTrain, true);
    const Model::Evaluation test = model_->evaluate(Model::kTest, true);
    s.train = train.score;
    s.train_loss = train.loss;
    s.test = test.score;
    s.test_loss = test.loss;
  });
  return s;
}

Scores Session::scores() {
  Scores s;
  if (!model_ || !model_->fitted()) {
    s.status = {false, "model", "", "nothing trained yet"};
    return s;
  }
  if (!data_ok_) {
    s.status = {false, "X", "", "no data to score"};
    return s;
  }
  s.status = guarded(
      [&] {
        if (rows_prepared_) {
          const Model::Evaluation train = model_->evaluate(Model::kTrain);
          const Model::Evaluation test = model_->evaluate(Model::kTest);
          s.train = train.score;
          s.train_loss = train.loss;
          s.test = test.score;
          s.test_loss = test.loss;
          return;
        }
        if (image_data_) {  // an imported model: the parts prepared on the session's bytes
          model_->prepare_images(Model::kTrain, train_bytes(), rows_of(y_train_, n_train_, 1));
          model_->prepare_images(Model::kTest, test_bytes(), rows_of(y_test_, n_test_, 1));
          const Model::Evaluation train = model_->evaluate(Model::kTrain);
          const Model::Evaluation test = model_->evaluate(Model::kTest);
          s.train = train.score;
          s.train_loss = train.loss;
          s.test = test.score;
          s.test_loss = test.loss;
          return;
        }
        const Mat<double> X_train = features_.inputs(rows_of(x_train_, n_train_, n_features_));
        const Model::Evaluation train = model_->evaluate(X_train, rows_of(y_train_, n_train_, n_targets_));
        s.train = train.score;
        s.train_loss = train.loss;
        if (n_test_ > 0) {
          const Mat<double> X_test = features_.inputs(rows_of(x_test_, n_test_, n_features_));
          const Model::Evaluation test = model_->evaluate(X_test, rows_of(y_test_, n_test_, n_targets_));
          s.test = test.score;
          s.test_loss = test.loss;
        }
      },
      "the scores");
  return s;
}

Status Session::read_parameters() {
  if (!model_ || !model_->fitted()) return {false, "model", "", "nothing trained yet"};
  parameters_ = model_->packed();
  return {};
}

std::vector<int> Session::layer_units() const {
  std::vector<int> out;
  if (model_ && model_->fitted())
    for (Index u : model_->units()) out.push_back(static_cast<int>(u));
  return out;
}

void Session::read_history(int from) {
  loss_curve_.clear();
  validation_scores_.clear();
  gradient_norms_.clear();
  metrics_out_.clear();
  if (!model_ || !model_->fitted()) return;
  const auto skip = static_cast<std::size_t>(std::max(from, 0));
  const auto tail = [skip](const std::vector<double>& v, std::vector<double>& out, std::size_t width = 1) {
    if (v.size() > skip * width) out.assign(v.begin() + static_cast<std::ptrdiff_t>(skip * width), v.end());
  };
  tail(model_->loss_curve(), loss_curve_);
  tail(model_->validation_scores(), validation_scores_);
  const auto& norms = model_->gradient_norms();
  for (std::size_t e = skip; e < norms.size(); ++e)
    gradient_norms_.insert(gradient_norms_.end(), norms[e].begin(), norms[e].end());
  tail(metrics_, metrics_out_, static_cast<std::size_t>(EpochMetrics::kColumns));
}

}  // namespace mlp
