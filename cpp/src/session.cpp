#include "mlp/session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"
#include "mlp/job.hpp"
#include "mlp/limits.hpp"
#include "mlp/rng.hpp"

namespace mlp {

using json = nlohmann::json;

namespace {

/// Runs call(context), turning mlp::Error (and running out of memory, naming `what` was being
/// allocated) into a Status. One copy of the handlers for every caller: as a template it was one
/// per call site, which cost the WebAssembly module about a kilobyte.
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

/// Session JSON input: bounded in size and depth before it is parsed (limits.hpp).
json parse(const std::string& text) { return parse_json(text, "json"); }

/// Runs f (a lambda) as guarded_call does; `what` names what f allocates.
template <class F>
Status guarded(F&& f, const char* what = "memory") {
  return guarded_call([](void* context) { (*static_cast<std::remove_reference_t<F>*>(context))(); }, &f, what);
}

Mat<double> rows_of(const std::vector<double>& buffer, int rows, int cols) {
  return ConstMatMap<double>(buffer.data(), rows, cols);
}

ClassTarget labels_of(const Mat<double>& y) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

}  // namespace

/// The estimator behind the session, whichever kind and precision it is.
struct Session::Model {
  virtual ~Model() = default;
  virtual void begin(const Mat<double>& X, const Mat<double>& y) = 0;
  virtual bool steps(long long k) = 0;
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
  /// evaluate() on a prepared part: the same numbers without converting the rows again.
  virtual Evaluation evaluate(Part part, bool best = false) const = 0;
  /// True when early stopping has best weights aside.
  virtual bool has_best() const = 0;
  /// Every hidden unit's output for X, one column per unit (all hidden layers in order).
  virtual Mat<double> hidden(const Mat<double>& X) const = 0;
  /// Grid channels: positive-class probability, class probabilities, or predictions.
  virtual Mat<double> channels(const Mat<double>& X) const = 0;
  virtual std::vector<double> packed() const = 0;
  virtual std::vector<Index> units() const = 0;
  virtual const std::vector<double>& loss_curve() const = 0;
  virtual std::vector<double> validation_scores() const = 0;
  virtual const std::vector<std::vector<double>>& gradient_norms() const = 0;
  virtual json to_json() const = 0;
  virtual void from_json(const json& model) = 0;
};

namespace {

std::vector<Mat<double>> coefs_from(const json& list) {
  std::vector<Mat<double>> out;
  for (const json& W : list) {
    Mat<double> m(static_cast<Index>(W.size()), W.empty() ? 0 : static_cast<Index>(W[0].size()));
    for (Index i = 0; i < m.rows(); ++i) {
      if (W[static_cast<std::size_t>(i)].size() != static_cast<std::size_t>(m.cols()))
        throw Error("coefs_", "ragged", "coefs_ must be rectangular matrices");
      for (Index j = 0; j < m.cols(); ++j)
        m(i, j) = W[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<double>();
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Vec<double>> intercepts_from(const json& list) {
  std::vector<Vec<double>> out;
  for (const json& b : list) {
    Vec<double> v(static_cast<Index>(b.size()));
    for (Index j = 0; j < v.size(); ++j) v(j) = b[static_cast<std::size_t>(j)].get<double>();
    out.push_back(std::move(v));
  }
  return out;
}

template <class Estimator, class S>
struct ModelImpl final : Session::Model {
  static constexpr bool kClassifier = std::is_same_v<Estimator, MLPClassifier<S>>;

  explicit ModelImpl(const Params& params) : estimator(params) {}

  void begin(const Mat<double>& X_in, const Mat<double>& y) override {
    X = X_in.cast<S>();  // kept alive for the whole fit, as begin_fit requires
    if constexpr (kClassifier)
      estimator.begin_fit(X, labels_of(y));
    else
      estimator.begin_fit(X, y.cast<S>());
    prepare(parts[kTrain], y);
  }
  void prepare_test(const Mat<double>& X_in, const Mat<double>& y) override {
    test_X = X_in.cast<S>();
    prepare(parts[kTest], y);
  }
  bool steps(long long k) override { return estimator.fit_steps(k); }
  bool fitting() const override { return estimator.fitting(); }
  bool fitted() const override { return estimator.fitted(); }
  void set_keep_training(bool on) override { estimator.set_keep_training(on); }
  long long epoch() const override { return estimator.n_iter(); }
  double loss() const override { return estimator.loss(); }
  long long fit_stop_epoch() const override { return estimator.fit_stop().epoch; }
  bool diverged() const override { return estimator.diverged(); }
  bool has_best() const override {
    return estimator.best_parameters().size() == estimator.packed_parameters().size() && estimator.best_epoch() > 0;
  }

  Progress progress() const override {
    Progress p;
    p.epoch = estimator.n_iter();
    p.samples = estimator.t();
    p.loss = estimator.loss();
    if (const auto& v = estimator.validation_scores(); v && !v->empty()) p.validation_score = v->back();
    p.finished = !estimator.fitting();
    p.stop_reason = estimator.stop_reason();
    p.fit_stop_epoch = estimator.fit_stop().epoch;
    p.fit_stop_reason = estimator.fit_stop().reason;
    p.patience_epoch = estimator.fit_stop().patience_epoch;
    p.rule_stop_epoch = estimator.fit_stop().rule_stop_epoch;
    p.best_epoch = estimator.best_epoch();
    p.diverged = estimator.diverged();
    return p;
  }

  /// A part's targets as the network sees them (0/1 columns, or values), and its labels.
  struct Prepared {
    Mat<S> Y;
    ClassTarget truth;
    bool has_loss = false;  ///< every label is one the model knows
    bool fast = false;      ///< accuracy straight from the outputs (binary or multiclass)
    bool ready = false;
  };

  void prepare(Prepared& part, const Mat<double>& y) {
    part = Prepared{};
    part.ready = true;
    if constexpr (kClassifier) {
      part.truth = labels_of(y);
      try {
        part.Y = estimator.binarizer().template transform<S>(part.truth);
        part.has_loss = true;
      } catch (const Error&) {
        // a label the model has never seen: no log-loss, the score still counts it wrong
      }
      part.fast =
          part.has_loss && estimator.binarizer().type() != TargetType::multilabel && estimator.classes().size() >= 2;
    } else {
      part.Y = y.cast<S>();
      part.has_loss = true;
    }
  }

  Evaluation evaluate(Part which, bool best) const override {
    const Prepared& part = parts[which];
    const Mat<S>& rows = which == kTrain ? X : test_X;
    if (!part.ready || rows.rows() == 0) return {};
    const Mat<S> P = outputs(rows, best);
    Evaluation e;
    if constexpr (kClassifier) {
      if (!part.fast) {
        e.score = accuracy_score(part.truth, estimator.binarizer().inverse_transform(P));
      } else {
        // predict() and accuracy_score in one loop: the strict > 0.5 of a single output, or
        // the first largest output, against the true column; and the most predicted class.
        Index correct = 0;
        std::vector<Index> counts(static_cast<std::size_t>(std::max<Index>(2, P.cols())), 0);
        for (Index i = 0; i < P.rows(); ++i) {
          Index k = 0, truth = 0;
          if (P.cols() == 1) {
            k = P(i, 0) > S(0.5) ? 1 : 0;
            truth = part.Y(i, 0) > S(0.5) ? 1 : 0;
          } else {
            P.row(i).maxCoeff(&k);
            part.Y.row(i).maxCoeff(&truth);
          }
          correct += k == truth ? 1 : 0;
          ++counts[static_cast<std::size_t>(k)];
        }
        e.score = static_cast<double>(correct) / static_cast<double>(P.rows());
        e.top_share =
            static_cast<double>(*std::max_element(counts.begin(), counts.end())) / static_cast<double>(P.rows());
      }
      if (part.has_loss) e.loss = mlp::data_loss<S>(estimator.out_activation(), part.Y, P);
    } else {
      e.score = r2_score<S>(part.Y, P);
      e.loss = mlp::data_loss<S>(estimator.out_activation(), part.Y, P);
    }
    return e;
  }

  /// The network's outputs for rows, with the current weights or early stopping's best.
  Mat<S> outputs(const Mat<S>& rows, bool best) const {
    const Vec<S>& theta = best && has_best() ? estimator.best_parameters() : estimator.packed_parameters();
    const Architecture net{estimator.layout(), estimator.params().activation, estimator.out_activation(),
                           estimator.params().leaky_slope};
    return predict_outputs<S>(net, theta.data(), rows);
  }

  Evaluation evaluate(const Mat<double>& X_in, const Mat<double>& y, bool best) const override {
    // The same pass as predict() and score(): check the input, then the network's outputs.
    if (X_in.cols() != estimator.n_features_in())
      throw Error("X", std::to_string(X_in.cols()) + " features",
                  "X has " + std::to_string(X_in.cols()) + " features, but the model was fitted with " +
                      std::to_string(estimator.n_features_in()) + " features");
    const Mat<S> P = outputs(X_in.cast<S>(), best);
    Evaluation e;
    if constexpr (kClassifier) {
      const ClassTarget truth = labels_of(y);
      e.score = accuracy_score(truth, estimator.binarizer().inverse_transform(P));
      try {
        e.loss = mlp::data_loss<S>(estimator.out_activation(), estimator.binarizer().template transform<S>(truth), P);
      } catch (const Error&) {
        // a label the model has never seen: no log-loss, the score still counts it wrong
      }
      if (estimator.binarizer().type() != TargetType::multilabel && P.rows() > 0) {
        std::vector<Index> counts(static_cast<std::size_t>(std::max<Index>(2, P.cols())), 0);
        for (Index i = 0; i < P.rows(); ++i) {
          Index k = 0;
          if (P.cols() == 1)
            k = P(i, 0) > S(0.5) ? 1 : 0;  // predict's strict threshold
          else
            P.row(i).maxCoeff(&k);
          ++counts[static_cast<std::size_t>(k)];
        }
        e.top_share =
            static_cast<double>(*std::max_element(counts.begin(), counts.end())) / static_cast<double>(P.rows());
      }
    } else {
      const Mat<S> Y = y.cast<S>();
      e.score = r2_score<S>(Y, P);
      e.loss = mlp::data_loss<S>(estimator.out_activation(), Y, P);
    }
    return e;
  }

  Mat<double> hidden(const Mat<double>& X_in) const override {
    const std::vector<Mat<S>> layers = estimator.hidden_outputs(X_in.cast<S>());
    Index width = 0;
    for (const auto& A : layers) width += A.cols();
    Mat<double> out(X_in.rows(), width);
    Index column = 0;
    for (const auto& A : layers) {
      out.middleCols(column, A.cols()) = A.template cast<double>();
      column += A.cols();
    }
    return out;
  }

  Mat<double> channels(const Mat<double>& X_in) const override {
    // The output activations are the channels: P(class 1) for a binary
    // classifier (predict_proba's second column), class probabilities, or
    // predictions. A picture needs no float64: the float32 pass (the SIMD
    // kernels in wasm) is several times faster, and grids are float32 anyway.
    const Architecture net{estimator.layout(), estimator.params().activation, estimator.out_activation(),
                           estimator.params().leaky_slope};
    const Vec<float> theta = estimator.packed_parameters().template cast<float>();
    return predict_outputs<float>(net, theta.data(), X_in.cast<float>()).template cast<double>();
  }

  std::vector<double> packed() const override {
    const Vec<S>& theta = estimator.packed_parameters();
    return std::vector<double>(theta.data(), theta.data() + theta.size());
  }
  std::vector<Index> units() const override { return estimator.layout().units(); }
  const std::vector<double>& loss_curve() const override { return estimator.loss_curve(); }
  std::vector<double> validation_scores() const override {
    return estimator.validation_scores().value_or(std::vector<double>{});
  }
  const std::vector<std::vector<double>>& gradient_norms() const override { return estimator.gradient_norms(); }

  json to_json() const override {
    json out;
    out["coefs_"] = json::array();
    for (const auto& W : estimator.coefs()) {
      json rows = json::array();
      for (Index i = 0; i < W.rows(); ++i) {
        json row = json::array();
        for (Index j = 0; j < W.cols(); ++j) row.push_back(static_cast<double>(W(i, j)));
        rows.push_back(std::move(row));
      }
      out["coefs_"].push_back(std::move(rows));
    }
    out["intercepts_"] = json::array();
    for (const auto& b : estimator.intercepts()) {
      json row = json::array();
      for (Index j = 0; j < b.size(); ++j) row.push_back(static_cast<double>(b(j)));
      out["intercepts_"].push_back(std::move(row));
    }
    out["n_iter_"] = estimator.n_iter();
    out["loss_"] = estimator.loss();  // NaN (before the first epoch) is written as null
    out["loss_curve_"] = estimator.loss_curve();
    out["n_layers_"] = estimator.n_layers();
    out["n_outputs_"] = estimator.n_outputs();
    out["n_features_in_"] = estimator.n_features_in();
    out["out_activation_"] = name_of(estimator.out_activation());
    if constexpr (kClassifier) {
      out["classes_"] = named_classes(estimator.classes(), {});
      out["multilabel"] = estimator.binarizer().type() == TargetType::multilabel;
    }
    return out;
  }

  void from_json(const json& model) override {
    if (!model.contains("coefs_") || !model.contains("intercepts_"))
      throw Error("coefs_", "missing", "a model needs coefs_ and intercepts_");
    const auto coefs = coefs_from(model["coefs_"]);
    const auto intercepts = intercepts_from(model["intercepts_"]);
    if constexpr (kClassifier) {
      if (!model.contains("classes_") || !model["classes_"].is_array())
        throw Error("classes_", "missing", "a classifier model needs classes_");
      estimator.import_model(labels_from_json(model["classes_"]), model.value("multilabel", false), coefs, intercepts);
    } else {
      estimator.import_model(coefs, intercepts);
    }
  }

  Estimator estimator;
  Mat<S> X;       ///< the training rows (begin_fit needs them alive)
  Mat<S> test_X;  ///< the test rows, for the per-epoch metrics
  std::array<Prepared, 2> parts;
};

/// An export's n_features_in_, n_layers_ and n_outputs_ (older exports have none) must agree
/// with its coefs_ (`units`: every layer's width, inputs first).
void check_fitted_attributes(const json& model, const std::vector<Index>& units) {
  if (units.empty()) return;
  const std::pair<const char*, Index> expected[] = {
      {"n_features_in_", units.front()}, {"n_layers_", static_cast<Index>(units.size())}, {"n_outputs_", units.back()}};
  for (const auto& [name, value] : expected) {
    const auto found = model.find(name);
    if (found == model.end() || found->is_null()) continue;
    if (!found->is_number_integer() || found->get<long long>() != value)
      throw Error(name, found->dump(),
                  std::string(name) + " must agree with coefs_, which give " + std::to_string(value));
  }
}

std::unique_ptr<Session::Model> make_model(const std::string& estimator, Precision precision, const Params& params) {
  const bool classifier = estimator == "MLPClassifier";
  if (precision == Precision::float64) {
    if (classifier) return std::make_unique<ModelImpl<MLPClassifier<double>, double>>(params);
    return std::make_unique<ModelImpl<MLPRegressor<double>, double>>(params);
  }
  if (classifier) return std::make_unique<ModelImpl<MLPClassifier<float>, float>>(params);
  return std::make_unique<ModelImpl<MLPRegressor<float>, float>>(params);
}

constexpr struct {
  DerivedFeature feature;
  const char* name;
} kDerived[] = {{DerivedFeature::x_squared, "x2"},
                {DerivedFeature::y_squared, "y2"},
                {DerivedFeature::x_times_y, "xy"},
                {DerivedFeature::sin_x, "sinx"},
                {DerivedFeature::sin_y, "siny"}};

const char* name_of(DerivedFeature f) {
  for (const auto& d : kDerived)
    if (d.feature == f) return d.name;
  return "?";
}

/// A derived feature's name written from the columns' names, as scikit-learn's
/// PolynomialFeatures names its outputs ("a^2", "a b"), and "sin(a)".
std::string name_of(DerivedFeature f, const std::string& x, const std::string& y) {
  switch (f) {
    case DerivedFeature::x_squared:
      return x + "^2";
    case DerivedFeature::y_squared:
      return y + "^2";
    case DerivedFeature::x_times_y:
      return x + " " + y;
    case DerivedFeature::sin_x:
      return "sin(" + x + ")";
    case DerivedFeature::sin_y:
      return "sin(" + y + ")";
  }
  return "?";
}

bool needs_y(DerivedFeature f) {
  return f == DerivedFeature::y_squared || f == DerivedFeature::x_times_y || f == DerivedFeature::sin_y;
}

/// The derived features named in a JSON list, in canonical order, each once.
std::vector<DerivedFeature> parse_derived(const json& list) {
  const char* allowed = "allowed: \"x2\", \"y2\", \"xy\", \"sinx\", \"siny\"";
  if (!list.is_array()) throw Error("features", list.dump(), std::string("features must be a list; ") + allowed);
  std::vector<bool> wanted(std::size(kDerived), false);
  for (const json& item : list) {
    const auto* d = std::find_if(std::begin(kDerived), std::end(kDerived),
                                 [&](const auto& k) { return item.is_string() && item.get<std::string>() == k.name; });
    if (d == std::end(kDerived))
      throw Error("features", item.dump(), "unknown derived feature " + item.dump() + "; " + allowed);
    wanted[static_cast<std::size_t>(d - std::begin(kDerived))] = true;
  }
  std::vector<DerivedFeature> out;
  for (std::size_t k = 0; k < wanted.size(); ++k)
    if (wanted[k]) out.push_back(kDerived[k].feature);
  return out;
}

}  // namespace

Session::Session() = default;
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
    derived_ = parse_derived(derived_json.empty() ? json::array() : parse(derived_json));
    standardize_ = standardize;
    mean_.resize(0);
    scale_.resize(0);
    discard_model();
  });
}

Mat<double> Session::model_inputs(const Mat<double>& X) const {
  if (derived_.empty() && mean_.size() == 0) return X;
  for (DerivedFeature f : derived_)
    if (needs_y(f) && X.cols() < 2)
      throw Error("features", name_of(f), std::string("derived feature \"") + name_of(f) + "\" needs 2 input columns");
  Mat<double> out(X.rows(), X.cols() + static_cast<Index>(derived_.size()));
  out.leftCols(X.cols()) = X;
  for (std::size_t k = 0; k < derived_.size(); ++k) {
    auto column = out.col(X.cols() + static_cast<Index>(k));
    switch (derived_[k]) {
      case DerivedFeature::x_squared:
        column = X.col(0).array().square();
        break;
      case DerivedFeature::y_squared:
        column = X.col(1).array().square();
        break;
      case DerivedFeature::x_times_y:
        column = X.col(0).array() * X.col(1).array();
        break;
      case DerivedFeature::sin_x:
        column = X.col(0).array().sin();
        break;
      case DerivedFeature::sin_y:
        column = X.col(1).array().sin();
        break;
    }
  }
  if (mean_.size() == out.cols()) out = (out.rowwise() - mean_).array().rowwise() / scale_.array();
  return out;
}

Status Session::resize_data(int n_train, int n_test, int n_features, int n_targets) {
  return guarded(
      [&] {
        if (n_train < 1) throw Error("n_train", std::to_string(n_train), "at least one training sample is needed");
        if (n_test < 0) throw Error("n_test", std::to_string(n_test), "n_test must be >= 0");
        if (n_features < 1) throw Error("n_features", std::to_string(n_features), "at least one feature is needed");
        if (n_targets < 1) throw Error("n_targets", std::to_string(n_targets), "at least one target column is needed");
        const double values = (static_cast<double>(n_train) + n_test) * (static_cast<double>(n_features) + n_targets);
        check_memory(values * sizeof(double), "n_train",
                     "the data (" + std::to_string(n_train + static_cast<long long>(n_test)) + " rows of " +
                         std::to_string(n_features) + " features and " + std::to_string(n_targets) + " targets)");
        n_train_ = n_train;
        n_test_ = n_test;
        n_features_ = n_features;
        n_targets_ = n_targets;
        x_train_.assign(static_cast<std::size_t>(n_train) * static_cast<std::size_t>(n_features), 0.0);
        y_train_.assign(static_cast<std::size_t>(n_train) * static_cast<std::size_t>(n_targets), 0.0);
        x_test_.assign(static_cast<std::size_t>(n_test) * static_cast<std::size_t>(n_features), 0.0);
        y_test_.assign(static_cast<std::size_t>(n_test) * static_cast<std::size_t>(n_targets), 0.0);
        data_names_ = {};
        data_ok_ = false;
        discard_model();
      },
      "the data buffers");
}

Status Session::commit_data() {
  return guarded([&] {
    for (const auto* buffer : {&x_train_, &x_test_})
      for (double v : *buffer)
        if (!std::isfinite(v))
          throw Error("X", "NaN or infinity", "X contains NaN or infinity; every value must be finite");
    for (const auto* buffer : {&y_train_, &y_test_})
      for (double v : *buffer)
        if (!std::isfinite(v))
          throw Error("y", "NaN or infinity", "y contains NaN or infinity; every value must be finite");
    if (estimator_ == "MLPClassifier") {
      if (n_targets_ != 1)
        throw Error("n_targets", std::to_string(n_targets_), "a classifier takes one column of class labels");
      unique_labels(labels_of(rows_of(y_train_, n_train_, 1)));  // integers only
    }
    data_ok_ = true;
    discard_model();
  });
}

void Session::store_split(const Mat<double>& X, const Mat<double>& y, double test_fraction, std::uint32_t split_seed) {
  if (!(test_fraction >= 0 && test_fraction < 1))
    throw Error("test_fraction", std::to_string(test_fraction), "test_fraction must be in [0, 1)");
  const Index n = X.rows();
  const Index n_test = static_cast<Index>(std::ceil(test_fraction * static_cast<double>(n)));
  if (n - n_test < 1) throw Error("test_fraction", std::to_string(test_fraction), "no training rows would be left");
  // train_test_split's ShuffleSplit: test rows first in the permutation.
  RandomState rng(split_seed);
  auto perm = rng.permutation(static_cast<std::size_t>(n));
  Status sized = resize_data(static_cast<int>(n - n_test), static_cast<int>(n_test), static_cast<int>(X.cols()),
                             static_cast<int>(y.cols()));
  if (!sized.ok) throw Error(sized.parameter, sized.value, sized.message);
  for (Index k = 0; k < n; ++k) {
    const Index row = static_cast<Index>(perm[static_cast<std::size_t>(k)]);
    const bool test = k < n_test;
    const Index r = test ? k : k - n_test;
    double* x_out = test ? x_test_.data() : x_train_.data();
    double* y_out = test ? y_test_.data() : y_train_.data();
    for (Index j = 0; j < X.cols(); ++j) x_out[r * X.cols() + j] = X(row, j);
    for (Index j = 0; j < y.cols(); ++j) y_out[r * y.cols() + j] = y(row, j);
  }
  data_ok_ = true;
}

Status Session::generate(const std::string& generator, const std::string& params_json, double test_fraction,
                         std::uint32_t split_seed) {
  return guarded(
      [&] {
        const Dataset data = mlp::generate(generator, params_json.empty() ? json::object() : parse(params_json));
        store_split(data.X, data.y, test_fraction, split_seed);
      },
      "the generated data");
}

Status Session::split_data(double test_fraction, std::uint32_t split_seed) {
  if (!data_ok_) return {false, "X", "", "no data to split: call resize_data and commit_data first"};
  return guarded(
      [&] {
        Mat<double> X(n_train_ + n_test_, n_features_), y(n_train_ + n_test_, n_targets_);
        X.topRows(n_train_) = rows_of(x_train_, n_train_, n_features_);
        X.bottomRows(n_test_) = rows_of(x_test_, n_test_, n_features_);
        y.topRows(n_train_) = rows_of(y_train_, n_train_, n_targets_);
        y.bottomRows(n_test_) = rows_of(y_test_, n_test_, n_targets_);
        DataNames names = std::move(data_names_);  // the same rows, in another order: the same names
        store_split(X, y, test_fraction, split_seed);
        data_names_ = std::move(names);
        if (estimator_ == "MLPClassifier") unique_labels(labels_of(rows_of(y_train_, n_train_, 1)));
      },
      "the data split");
}

Status Session::set_data_names(const std::string& names_json) {
  return guarded([&] {
    DataNames names = parse_data_names(names_json.empty() ? json(nullptr) : parse(names_json));
    if ((!names.features.empty() || !names.classes.empty()) && !data_ok_)
      throw Error("X", "", "no data to name: load the data first (generate, or resize_data and commit_data)");
    if (!names.features.empty() && static_cast<int>(names.features.size()) != n_features_)
      throw Error("feature_names", std::to_string(names.features.size()) + " names",
                  "feature_names needs one name per data column (" + std::to_string(n_features_) + ")");
    if (!names.classes.empty()) {
      if (n_targets_ != 1)
        throw Error("class_labels", std::to_string(n_targets_) + " target columns",
                    "class labels name the codes of one column of classes");
      check_class_codes(y_train_.data(), y_train_.size(), names.classes);
      check_class_codes(y_test_.data(), y_test_.size(), names.classes);
    }
    data_names_ = std::move(names);
    if (model_ && rows_prepared_) name_model_from_data();
  });
}

void Session::name_model_from_data() {
  model_names_.classes = data_names_.classes;
  model_names_.features.clear();
  if (data_names_.features.empty()) return;
  const std::string& x = data_names_.features.front();
  const std::string& y = data_names_.features.size() > 1 ? data_names_.features[1] : x;
  model_names_.features = data_names_.features;
  for (DerivedFeature f : derived_) model_names_.features.push_back(name_of(f, x, y));
}

Status Session::load_model_from_data() {
  if (!configured_) return {false, "estimator", "", "configure the session first"};
  if (!data_ok_) return {false, "X", "", "no data: call generate, or resize_data and commit_data"};
  return guarded(
      [&] {
        rows_prepared_ = false;
        for (DerivedFeature f : derived_)
          if (n_features_ > 2 || (needs_y(f) && n_features_ < 2))
            throw Error("features", name_of(f),
                        std::string("derived feature \"") + name_of(f) + "\" needs data with " +
                            (needs_y(f) ? "2 columns (x, y)" : "1 or 2 columns") + "; the data have " +
                            std::to_string(n_features_));
        {
          // The data as buffers, their copies with the derived features (in double and in the model's
          // precision), and what the fit itself allocates.
          const double columns = static_cast<double>(n_features_ + static_cast<int>(derived_.size()) + n_targets_);
          const double rows = static_cast<double>(n_train_) + n_test_;
          const double scalar = precision_ == Precision::float64 ? 8 : 4;
          std::vector<long long> units{n_features_ + static_cast<long long>(derived_.size())};
          units.insert(units.end(), params_.hidden_layer_sizes.begin(), params_.hidden_layer_sizes.end());
          units.push_back(n_targets_);  // a classifier's outputs are counted in fit_bytes' rows below
          const double batch = params_.batch_size ? std::min<double>(n_train_, static_cast<double>(*params_.batch_size))
                                                  : std::min<double>(n_train_, 200);
          const double bytes =
              rows * columns * (8 + 16 + scalar) + fit_bytes(units, n_train_, batch, !params_.stochastic(),
                                                             params_.early_stopping, params_.dropout > 0, scalar);
          check_memory(bytes, "hidden_layer_sizes", "training on these data (" + std::to_string(n_train_) + " rows)");
        }
        mean_.resize(0);
        scale_.resize(0);
        Mat<double> X = model_inputs(rows_of(x_train_, n_train_, n_features_));
        if (standardize_) {
          // StandardScaler: population variance; a (near-)constant column keeps scale 1.
          mean_ = X.colwise().mean();
          // std::sqrt per entry: Eigen's AVX-512 packet sqrt is not correctly rounded (optimizers.hpp).
          scale_ = ((X.rowwise() - mean_).array().square().colwise().sum() / static_cast<double>(X.rows()))
                       .unaryExpr([](double v) { return std::sqrt(v); });
          for (Index j = 0; j < scale_.size(); ++j)
            if (scale_(j) < 10 * std::numeric_limits<double>::epsilon()) scale_(j) = 1;
          X = (X.rowwise() - mean_).array().rowwise() / scale_.array();
        }
        model_ = make_model(estimator_, precision_, params_);
        name_model_from_data();
        model_->set_keep_training(keep_training_);
        model_->begin(X, rows_of(y_train_, n_train_, n_targets_));
        model_->prepare_test(model_inputs(rows_of(x_test_, n_test_, n_features_)),
                             rows_of(y_test_, n_test_, n_targets_));
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

Progress Session::step(int epochs) {
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
          if (model_->fitting()) model_->steps(std::max(epochs, 0));
          return;
        }
        // Epoch by epoch: the metrics of every epoch, and a diverging loss caught as it grows.
        for (int k = 0; k < epochs && model_->fitting() && !diverged_; ++k) {
          const auto start = std::chrono::steady_clock::now();
          model_->steps(1);
          train_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
        const Mat<double> X_train = model_inputs(rows_of(x_train_, n_train_, n_features_));
        const Model::Evaluation train = model_->evaluate(X_train, rows_of(y_train_, n_train_, n_targets_));
        s.train = train.score;
        s.train_loss = train.loss;
        if (n_test_ > 0) {
          const Mat<double> X_test = model_inputs(rows_of(x_test_, n_test_, n_features_));
          const Model::Evaluation test = model_->evaluate(X_test, rows_of(y_test_, n_test_, n_targets_));
          s.test = test.score;
          s.test_loss = test.loss;
        }
      },
      "the scores");
  return s;
}

namespace {

/// A grid's memory, decided before allocating: per point its inputs twice (raw, then with the
/// derived features) and the outputs (float32 pass, double copy, float32 result); the float32
/// pass runs in chunks of 4096 points. With every_unit (evaluate_units) every layer's
/// activations and deltas are held for all points at once, and each hidden unit's output is
/// kept in double and in float32.
Status check_grid_memory(const std::vector<Index>& units, int nx, int ny, bool every_unit) {
  double all = 0;
  for (Index u : units) all += static_cast<double>(u);
  const double inputs = static_cast<double>(units.front()), outputs = static_cast<double>(units.back());
  const double hidden = all - inputs - outputs;
  const double points = static_cast<double>(nx) * ny;
  const double bytes = every_unit ? points * (16 * inputs + 8 * all + 12 * hidden)
                                  : points * (16 * inputs + 16 * outputs) + 4096 * all * 8;
  if (bytes <= kMaxMemoryBytes) return {};
  return {false, "resolution", std::to_string(nx) + "x" + std::to_string(ny),
          "a grid of " + std::to_string(nx) + "x" + std::to_string(ny) + " points needs about " + format_bytes(bytes) +
              "; the limit is " + format_bytes(kMaxMemoryBytes)};
}

}  // namespace

Status Session::check_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const {
  if (!model_ || !model_->fitted()) return {false, "model", "", "nothing trained yet"};
  if (nx < 2 || ny < 2 || static_cast<double>(nx) * ny > 4e6)
    return {false, "resolution", std::to_string(nx) + "x" + std::to_string(ny),
            "grid resolution must be at least 2x2 and at most 4e6 points"};
  if (!(std::isfinite(x_min) && std::isfinite(x_max) && std::isfinite(y_min) && std::isfinite(y_max)) ||
      !(x_max > x_min && y_max > y_min))
    return {false, "rectangle", "", "the grid rectangle must be finite with x_max > x_min and y_max > y_min"};
  return {};
}

Mat<double> Session::grid_points(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const {
  // The model's inputs decide, less the derived ones: an imported model may have no data yet.
  const Index n_inputs = model_->units().front();
  const Index derived = static_cast<Index>(derived_.size());
  const bool preprocess = n_inputs > derived && (!data_ok_ || n_features_ + derived == n_inputs);
  const Index columns = preprocess ? n_inputs - derived : n_inputs;
  const Index on_plane = static_cast<Index>(plane_.size() / 3);
  if (on_plane > 0 && on_plane != columns)
    throw Error("plane", std::to_string(on_plane) + " columns",
                "the plane's origin, u and v need one value per data column (" + std::to_string(columns) + ")");
  Mat<double> points = Mat<double>::Zero(static_cast<Index>(nx) * ny, columns);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const Index k = static_cast<Index>(j) * nx + i;
      const double a = x_min + i * (x_max - x_min) / (nx - 1), b = y_max - j * (y_max - y_min) / (ny - 1);
      if (on_plane > 0) {
        for (Index c = 0; c < columns; ++c)
          points(k, c) = plane_[static_cast<std::size_t>(c)] + a * plane_[static_cast<std::size_t>(columns + c)] +
                         b * plane_[static_cast<std::size_t>(2 * columns + c)];
      } else {
        points(k, 0) = a;
        if (columns > 1) points(k, 1) = b;
      }
    }
  return preprocess ? model_inputs(points) : points;
}

Status Session::set_plane(const std::string& axes_json) {
  return guarded([&] {
    std::vector<double> axes;
    if (!axes_json.empty())
      for (const json& v : parse(axes_json)) axes.push_back(v.get<double>());
    if (axes.size() % 3 != 0)
      throw Error("plane", std::to_string(axes.size()) + " values", "the plane is origin, u and v: 3 x n numbers");
    plane_ = std::move(axes);
  });
}

void Session::store_outputs(const Mat<double>& points) {
  const Mat<double> out = model_->channels(points);
  grid_channels_ = static_cast<int>(out.cols());
  grid_.resize(static_cast<std::size_t>(out.size()));
  for (Index k = 0; k < out.size(); ++k) grid_[static_cast<std::size_t>(k)] = static_cast<float>(out.data()[k]);
}

void Session::store_units(const Mat<double>& points) {
  const Mat<double> out = model_->hidden(points);
  // Unit-major: each unit's values are contiguous.
  units_.resize(static_cast<std::size_t>(out.size()));
  for (Index u = 0; u < out.cols(); ++u)
    for (Index k = 0; k < out.rows(); ++k)
      units_[static_cast<std::size_t>(u * out.rows() + k)] = static_cast<float>(out(k, u));
}

Status Session::evaluate_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny) {
  if (Status bad = check_grid(x_min, x_max, y_min, y_max, nx, ny); !bad.ok) return bad;
  if (Status bad = check_grid_memory(model_->units(), nx, ny, false); !bad.ok) return bad;
  return guarded([&] { store_outputs(grid_points(x_min, x_max, y_min, y_max, nx, ny)); }, "the grid");
}

Status Session::evaluate_units(double x_min, double x_max, double y_min, double y_max, int nx, int ny) {
  if (Status bad = check_grid(x_min, x_max, y_min, y_max, nx, ny); !bad.ok) return bad;
  if (Status bad = check_grid_memory(model_->units(), nx, ny, true); !bad.ok) return bad;
  return guarded([&] { store_units(grid_points(x_min, x_max, y_min, y_max, nx, ny)); }, "the hidden units' grids");
}

Status Session::evaluate_test() {
  if (!model_ || !model_->fitted()) return {false, "model", "", "nothing trained yet"};
  if (!data_ok_) return {false, "X", "", "no data to evaluate"};
  return guarded(
      [&] {
        const Mat<double> X = model_inputs(rows_of(x_test_, n_test_, n_features_));
        store_outputs(X);
        store_units(X);
      },
      "the test outputs");
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

std::string Session::export_model() const {
  if (!model_ || !model_->fitted()) return "";
  json out = model_->to_json();
  if (const auto classes = out.find("classes_"); classes != out.end() && !out.value("multilabel", false))
    *classes = named_classes(labels_from_json(*classes), model_names_.classes);
  // scikit-learn sets feature_names_in_ only when X has column names (a DataFrame).
  if (!model_names_.features.empty()) out["feature_names_in_"] = model_names_.features;
  out["estimator"] = estimator_;
  out["params"] = json::parse(params_json_);
  out["precision"] = name_of(precision_);
  if (!derived_.empty() || mean_.size() > 0) {
    json features = {{"derived", json::array()}, {"standardize", mean_.size() > 0}};
    for (DerivedFeature f : derived_) features["derived"].push_back(name_of(f));
    if (mean_.size() > 0) {
      features["mean_"] = std::vector<double>(mean_.data(), mean_.data() + mean_.size());
      features["scale_"] = std::vector<double>(scale_.data(), scale_.data() + scale_.size());
    }
    out["features"] = std::move(features);
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status Session::import_model(const std::string& text) {
  return guarded(
      [&] {
        const json model = parse(text);
        if (!model.is_object()) throw Error("model", "not an object", "a model is a JSON object from export_model");
        // Build everything aside first, so that a failed import keeps the current configuration and model.
        Session staged;
        // One field after the other: argument evaluation order differs between compilers.
        const std::string estimator = model.value("estimator", std::string("MLPClassifier"));
        const std::string params = model.value("params", json::object()).dump();
        Status configured = staged.configure(estimator, params, model.value("precision", std::string("float64")));
        if (!configured.ok) throw Error(configured.parameter, configured.value, configured.message);
        auto imported = make_model(staged.estimator_, staged.precision_, staged.params_);
        // Labels the session's data know are mapped onto their codes (the data's targets).
        json adjusted = model;
        std::vector<Label> labels;
        const auto classes = model.find("classes_");
        if (staged.estimator_ == "MLPClassifier" && !model.value("multilabel", false) && classes != model.end() &&
            classes->is_array() && !data_names_.classes.empty()) {
          if (auto codes = class_codes(labels_from_json(*classes), data_names_.classes)) {
            adjusted["classes_"] = named_classes(*codes, {});
            labels = data_names_.classes;
          }
        }
        imported->from_json(adjusted);
        check_fitted_attributes(model, imported->units());
        std::vector<std::string> input_names;
        if (const auto names = model.find("feature_names_in_"); names != model.end() && !names->is_null()) {
          input_names = parse_data_names(json{{"feature_names", *names}}).features;
          const auto units = imported->units();
          const Index inputs = units.empty() ? 0 : units.front();
          if (static_cast<Index>(input_names.size()) != inputs)
            throw Error("feature_names_in_", std::to_string(input_names.size()) + " names",
                        "feature_names_in_ needs one name per model input (" + std::to_string(inputs) + ")");
        }
        std::vector<DerivedFeature> derived;
        Eigen::RowVectorXd mean, scale;
        if (const auto f = model.find("features"); f != model.end()) {
          derived = parse_derived(f->value("derived", json::array()));
          if (f->contains("mean_")) {
            const auto m = (*f)["mean_"].get<std::vector<double>>();
            const auto sc = (*f)["scale_"].get<std::vector<double>>();
            const Index inputs = imported->units().front();
            if (static_cast<Index>(m.size()) != inputs || static_cast<Index>(sc.size()) != inputs)
              throw Error(
                  "features", std::to_string(m.size()) + " and " + std::to_string(sc.size()) + " values",
                  "the scaler's mean_ and scale_ need one value per model input (" + std::to_string(inputs) + ")");
            mean = Eigen::Map<const Eigen::RowVectorXd>(m.data(), inputs);
            scale = Eigen::Map<const Eigen::RowVectorXd>(sc.data(), inputs);
          }
        }
        estimator_ = staged.estimator_;
        params_json_ = staged.params_json_;
        params_ = staged.params_;
        precision_ = staged.precision_;
        configured_ = true;
        derived_ = std::move(derived);
        standardize_ = mean.size() > 0;
        mean_ = std::move(mean);
        scale_ = std::move(scale);
        model_ = std::move(imported);
        model_names_ = {std::move(input_names), std::move(labels)};
        rows_prepared_ = false;
      },
      "the imported model");
}

}  // namespace mlp
