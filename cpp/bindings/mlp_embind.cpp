// The Embind binding of mlp::Session and mlp::run_job: the only file that
// includes <emscripten/...>. It forwards calls and renames them to camelCase;
// bulk data crosses as typed-array views on buffers the session owns.
//
// A view is a raw pointer into the module's memory: any later call that may
// allocate can grow the memory and detach it. Take a view after the last such
// call and copy out of it (or write into it) at once.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <climits>
#include <cmath>
#include <cstddef>
#include <string>

#include "mlp/job.hpp"
#include "mlp/limits.hpp"
#include "mlp/session.hpp"

namespace {

using emscripten::val;
using mlp::Progress;
using mlp::Session;
using mlp::Status;

/// A Float64Array/Float32Array view on `size` values at `data` (no copy).
template <class T>
val view(T* data, int size) {
  return val(emscripten::typed_memory_view(static_cast<std::size_t>(size), data));
}

/// What runJob returns: the exit status and the JSON line mlp-run would print.
struct JobResult {
  int status = 0;
  std::string output;
};

JobResult run_job(const std::string& text) {
  const mlp::JobOutcome outcome = mlp::run_job(text);
  // The same dump as mlp-run: invalid UTF-8 in echoed input is replaced, not thrown on.
  return {outcome.status, outcome.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

/// Bytes allocated by malloc and not yet freed (for leak checks).
double heap_bytes_in_use() { return static_cast<double>(mallinfo().uordblks); }

// Embind has no 64-bit integers without BigInt: counts cross as doubles (exact below 2^53).
double epoch_of(const Progress& p) { return static_cast<double>(p.epoch); }
void set_epoch(Progress& p, double v) { p.epoch = static_cast<long long>(v); }
double samples_of(const Progress& p) { return static_cast<double>(p.samples); }
void set_samples(Progress& p, double v) { p.samples = static_cast<long long>(v); }
double fit_stop_epoch_of(const Progress& p) { return static_cast<double>(p.fit_stop_epoch); }
void set_fit_stop_epoch(Progress& p, double v) { p.fit_stop_epoch = static_cast<long long>(v); }
double patience_epoch_of(const Progress& p) { return static_cast<double>(p.patience_epoch); }
void set_patience_epoch(Progress& p, double v) { p.patience_epoch = static_cast<long long>(v); }
double rule_stop_epoch_of(const Progress& p) { return static_cast<double>(p.rule_stop_epoch); }
void set_rule_stop_epoch(Progress& p, double v) { p.rule_stop_epoch = static_cast<long long>(v); }
double best_epoch_of(const Progress& p) { return static_cast<double>(p.best_epoch); }
void set_best_epoch(Progress& p, double v) { p.best_epoch = static_cast<long long>(v); }
double batch_of(const Progress& p) { return static_cast<double>(p.batch); }
void set_batch(Progress& p, double v) { p.batch = static_cast<long long>(v); }
double batches_of(const Progress& p) { return static_cast<double>(p.batches); }
void set_batches(Progress& p, double v) { p.batches = static_cast<long long>(v); }

/// reset(seed): a seed that is not an integer is an error, not undefined behaviour in the cast.
Status reset_with_seed(Session& s, double seed) {
  if (!(std::floor(seed) == seed && std::fabs(seed) < 9007199254740992.0))
    return {false, "random_state", nlohmann::json(seed).dump(), "random_state must be an integer in [0, 2^32)"};
  return s.reset(static_cast<long long>(seed));
}

// Integers from JavaScript cross as doubles and are checked here: Embind's int conversion would
// wrap 2^32 + 1 to 1 and truncate 2.5 to 2. mlp::checked_integer throws mlp::Error; each call
// below turns it into the Status (or Progress) the session itself would return.
int to_int(double v, const char* name) { return static_cast<int>(mlp::checked_integer(v, name, INT_MIN, INT_MAX)); }
std::uint32_t to_seed(double v, const char* name) {
  return static_cast<std::uint32_t>(mlp::checked_integer(v, name, 0, 4294967295LL));
}

Status resize_data(Session& s, double n_train, double n_test, double n_features, double n_targets) {
  try {
    return s.resize_data(to_int(n_train, "n_train"), to_int(n_test, "n_test"), to_int(n_features, "n_features"),
                         to_int(n_targets, "n_targets"));
  } catch (const mlp::Error& e) {
    return Status::failure(e);
  }
}

Status resize_image_data(Session& s, double n_train, double n_test, double n_features, double divisor) {
  try {
    return s.resize_image_data(to_int(n_train, "n_train"), to_int(n_test, "n_test"), to_int(n_features, "n_features"),
                               divisor);
  } catch (const mlp::Error& e) {
    return Status::failure(e);
  }
}

Status generate(Session& s, const std::string& generator, const std::string& params, double test_size,
                double random_state) {
  try {
    return s.generate(generator, params, test_size, to_seed(random_state, "random_state"));
  } catch (const mlp::Error& e) {
    return Status::failure(e);
  }
}

Status split_data(Session& s, double test_size, double random_state) {
  try {
    return s.split_data(test_size, to_seed(random_state, "random_state"));
  } catch (const mlp::Error& e) {
    return Status::failure(e);
  }
}

/// step(epochs) or stepBatches(batches): the count checked, then the session's call.
template <Progress (Session::*advance)(int)>
Progress step(Session& s, double count) {
  try {
    return (s.*advance)(to_int(count, advance == &Session::step ? "epochs" : "batches"));
  } catch (const mlp::Error& e) {
    Progress p;
    p.status = Status::failure(e);
    p.finished = true;
    return p;
  }
}

/// evaluateGrid / evaluateUnits: the resolution nx x ny checked, then the session's call.
template <Status (Session::*evaluate)(double, double, double, double, int, int)>
Status evaluate_on_grid(Session& s, double x_min, double x_max, double y_min, double y_max, double nx, double ny) {
  try {
    return (s.*evaluate)(x_min, x_max, y_min, y_max, to_int(nx, "nx"), to_int(ny, "ny"));
  } catch (const mlp::Error& e) {
    return Status::failure(e);
  }
}

/// A count that only tunes how often something happens: clamped to int's range (NaN: 1).
int clamped(double v) { return v >= INT_MAX ? INT_MAX : v <= INT_MIN ? INT_MIN : v == v ? static_cast<int>(v) : 1; }

}  // namespace

EMSCRIPTEN_BINDINGS(mlp) {
  using namespace emscripten;

  value_object<Status>("Status")
      .field("ok", &Status::ok)
      .field("parameter", &Status::parameter)
      .field("value", &Status::value)
      .field("message", &Status::message);
  value_object<Progress>("Progress")
      .field("status", &Progress::status)
      .field("epoch", &epoch_of, &set_epoch)
      .field("samples", &samples_of, &set_samples)
      .field("loss", &Progress::loss)
      .field("validationScore", &Progress::validation_score)
      .field("finished", &Progress::finished)
      .field("stopReason", &Progress::stop_reason)
      .field("fitStopEpoch", &fit_stop_epoch_of, &set_fit_stop_epoch)
      .field("fitStopReason", &Progress::fit_stop_reason)
      .field("patienceEpoch", &patience_epoch_of, &set_patience_epoch)
      .field("ruleStopEpoch", &rule_stop_epoch_of, &set_rule_stop_epoch)
      .field("bestEpoch", &best_epoch_of, &set_best_epoch)
      .field("diverged", &Progress::diverged)
      .field("batch", &batch_of, &set_batch)
      .field("batches", &batches_of, &set_batches);
  value_object<mlp::Scores>("Scores")
      .field("status", &mlp::Scores::status)
      .field("train", &mlp::Scores::train)
      .field("test", &mlp::Scores::test)
      .field("trainLoss", &mlp::Scores::train_loss)
      .field("testLoss", &mlp::Scores::test_loss);
  value_object<JobResult>("JobResult").field("status", &JobResult::status).field("output", &JobResult::output);

  class_<Session>("Session")
      .constructor<>()
      .function("configure", &Session::configure)
      .function("resizeData", &resize_data)
      .function("resizeImageData", &resize_image_data)
      .function("commitData", &Session::commit_data)
      .function("generate", &generate)
      .function("splitData", &split_data)
      .function("setFeatures", &Session::set_features)
      .function("setDataNames", &Session::set_data_names)
      .function("reset", optional_override([](Session& s) { return s.reset(); }))
      .function("reset", &reset_with_seed)
      .function("step", &step<&Session::step>)
      .function("stepBatches", &step<&Session::step_batches>)
      .function("memoryBytes", &Session::memory_bytes)
      .function("scores", &Session::scores)
      .function("bestScores", &Session::best_scores)
      .function("setKeepTraining",
                optional_override([](Session& s, bool on, double every) { s.set_keep_training(on, clamped(every)); }))
      .function("setMetricsEvery",
                optional_override([](Session& s, double every) { s.set_metrics_every(clamped(every)); }))
      .function("setPauseAtFitStop", &Session::set_pause_at_fit_stop)
      .function("metricsCost", &Session::metrics_cost)
      .function("evaluateGrid", &evaluate_on_grid<&Session::evaluate_grid>)
      .function("evaluateUnits", &evaluate_on_grid<&Session::evaluate_units>)
      .function("evaluateTest", &Session::evaluate_test)
      .function("setPlane", &Session::set_plane)
      .function("readParameters", &Session::read_parameters)
      .function("layerUnits", optional_override([](const Session& s) { return val::array(s.layer_units()); }))
      .function("readHistory", optional_override([](Session& s) { s.read_history(0); }))
      .function("readHistory", optional_override([](Session& s, double from) { s.read_history(clamped(from)); }))
      .function("metrics", optional_override([](const Session& s) { return view(s.metrics(), s.metrics_size()); }))
      .function("trace", &Session::trace_json_input)
      .function("traceJson", &Session::trace_json)
      .function("exportModel", &Session::export_model)
      .function("importModel", &Session::import_model)
      .property("nTrain", &Session::n_train)
      .property("nTest", &Session::n_test)
      .property("nFeatures", &Session::n_features)
      .property("nTargets", &Session::n_targets)
      .property("imageData", &Session::image_data)
      .property("gridChannels", &Session::grid_channels)
      // Views (see the note at the top): inputs are writable, outputs read-only by convention.
      // Image data (resizeImageData) have no double X: xTrain()/xTest() are then empty, and the
      // pixels are written through the Uint8Array views xTrainBytes()/xTestBytes().
      .function("xTrain", optional_override([](Session& s) {
                  return view(s.x_train(), s.image_data() ? 0 : s.n_train() * s.n_features());
                }))
      .function("xTrainBytes", optional_override([](Session& s) {
                  return view(s.x_train_bytes(), s.image_data() ? s.n_train() * s.n_features() : 0);
                }))
      .function("xTestBytes", optional_override([](Session& s) {
                  return view(s.x_test_bytes(), s.image_data() ? s.n_test() * s.n_features() : 0);
                }))
      .function("yTrain", optional_override([](Session& s) { return view(s.y_train(), s.n_train() * s.n_targets()); }))
      .function("xTest", optional_override([](Session& s) {
                  return view(s.x_test(), s.image_data() ? 0 : s.n_test() * s.n_features());
                }))
      .function("yTest", optional_override([](Session& s) { return view(s.y_test(), s.n_test() * s.n_targets()); }))
      .function("grid", optional_override([](const Session& s) { return view(s.grid(), s.grid_size()); }))
      .function("units", optional_override([](const Session& s) { return view(s.units(), s.units_size()); }))
      .function("parameters",
                optional_override([](const Session& s) { return view(s.parameters(), s.n_parameters()); }))
      .function("lossCurve",
                optional_override([](const Session& s) { return view(s.loss_curve(), s.loss_curve_size()); }))
      .function("validationScores", optional_override([](const Session& s) {
                  return view(s.validation_scores(), s.validation_scores_size());
                }))
      .function("gradientNorms",
                optional_override([](const Session& s) { return view(s.gradient_norms(), s.gradient_norms_size()); }))
      // The last trace's weights and gradients, packed as parameters() (traceJson() has the rest).
      .function("traceWeights",
                optional_override([](const Session& s) { return view(s.trace_weights(), s.trace_parameters_size()); }))
      .function("traceGradients", optional_override([](const Session& s) {
                  return view(s.trace_gradients(), s.trace_parameters_size());
                }));

  function("runJob", &run_job);
  function("heapBytesInUse", &heap_bytes_in_use);
}
