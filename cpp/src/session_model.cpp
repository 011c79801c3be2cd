// The Session's Model (session_model.hpp): ModelImpl wraps one estimator of a given kind and
// precision, keeps the rows it measures every epoch prepared, and reads and writes its weights
// as export_model's JSON.
#include "session_model.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <type_traits>
#include <utility>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/names.hpp"
#include "session_internal.hpp"
#include "session_trace.hpp"

namespace mlp::session_detail {

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
    sources[kTrain] = std::make_unique<DenseRows<S>>(X);
    begin_source(y);
  }
  void begin_images(const ByteMatrix& bytes, const Mat<double>& y) override {
    X.resize(0, 0);
    sources[kTrain] = std::make_unique<ByteRows<S>>(bytes);
    begin_source(y);
  }
  void begin_source(const Mat<double>& y) {
    if constexpr (kClassifier)
      estimator.begin_fit(*sources[kTrain], labels_of(y));
    else
      estimator.begin_fit(*sources[kTrain], y.cast<S>());
    prepare(parts[kTrain], y);
  }
  void prepare_test(const Mat<double>& X_in, const Mat<double>& y) override {
    test_X = X_in.cast<S>();
    sources[kTest] = std::make_unique<DenseRows<S>>(test_X);
    prepare(parts[kTest], y);
  }
  void prepare_images(Part which, const ByteMatrix& bytes, const Mat<double>& y) override {
    if (which == kTest) test_X.resize(0, 0);
    sources[which] = std::make_unique<ByteRows<S>>(bytes);
    prepare(parts[which], y);
  }
  bool steps(long long k) override { return estimator.fit_steps(k); }
  bool batches(long long k) override { return estimator.fit_batches(k); }
  long long batch_in_epoch() const override { return estimator.batch_in_epoch(); }
  long long batches_per_epoch() const override { return estimator.batches_per_epoch(); }
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
    p.batch = estimator.batch_in_epoch();
    p.batches = estimator.batches_per_epoch();
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

  void prepare(Prepared& part, const Mat<double>& y) const {
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
    const RowSource<S>* rows = sources[which].get();
    if (!parts[which].ready || !rows || rows->rows() == 0) return {};
    return score_outputs(outputs(*rows, best), parts[which]);
  }

  /// The score, loss and top share of outputs P against a prepared part's targets.
  Evaluation score_outputs(const Mat<S>& P, const Prepared& part) const {
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

  /// The network's outputs for rows, with the current weights or early stopping's best (read
  /// 4,096 rows at a time: for a dense source the bits of predict_outputs).
  Mat<S> outputs(const RowSource<S>& rows, bool best) const {
    const Vec<S>& theta = best && has_best() ? estimator.best_parameters() : estimator.packed_parameters();
    return predict_rows<S>(architecture(), theta.data(), rows);
  }
  Mat<S> outputs(const Mat<S>& rows, bool best) const { return outputs(DenseRows<S>(rows), best); }
  Architecture architecture() const {
    return Architecture{estimator.layout(), estimator.params().activation, estimator.out_activation(),
                        estimator.params().leaky_slope};
  }

  Evaluation evaluate(const Mat<double>& X_in, const Mat<double>& y, bool best) const override {
    // The same pass as predict() and score(): check the input, then the network's outputs.
    if (X_in.cols() != estimator.n_features_in())
      throw Error("X", std::to_string(X_in.cols()) + " features",
                  "X has " + std::to_string(X_in.cols()) + " features, but the model was fitted with " +
                      std::to_string(estimator.n_features_in()) + " features");
    Prepared part;
    prepare(part, y);
    return score_outputs(outputs(X_in.cast<S>(), best), part);
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

  Mat<double> channels(const Mat<double>& X_in) const override { return channels_of(X_in).template cast<double>(); }

  /// The output activations are the channels: P(class 1) for a binary classifier
  /// (predict_proba's second column), class probabilities, or predictions. A picture needs no
  /// float64: the float32 pass (the SIMD kernels in wasm) is several times faster, and grids
  /// are float32 anyway.
  template <class Rows>
  Mat<float> channels_of(const Rows& X_in) const {
    const Vec<float> theta = estimator.packed_parameters().template cast<float>();
    return predict_outputs<float>(architecture(), theta.data(), X_in.template cast<float>());
  }

  int image_outputs(const ByteMatrix& bytes, std::vector<float>& out, std::vector<float>& units) const override {
    constexpr Index kChunk = 2048;
    const Architecture net = architecture();
    const std::vector<Index>& widths = net.layout.units();
    const auto L = static_cast<std::size_t>(net.layout.n_weights());
    const auto n = static_cast<std::size_t>(bytes.rows);
    const auto channels = static_cast<std::size_t>(widths.back());
    std::size_t hidden = 0;
    for (std::size_t l = 1; l < L; ++l) hidden += static_cast<std::size_t>(widths[l]);
    out.resize(n * channels);
    units.resize(n * hidden);
    const ByteRows<S> rows(bytes);
    Workspace<S> ws;
    ws.reserve(net.layout, std::min(kChunk, std::max<Index>(bytes.rows, 1)));
    for (Index start = 0; start < bytes.rows; start += kChunk) {
      const Index m = std::min(kChunk, bytes.rows - start);
      rows.block(start, m, ws.A[0]);
      forward(net, estimator.packed_parameters().data(), ws, m);
      const auto first = static_cast<std::size_t>(start);
      // The channels as channels() gives them: in float64, a float32 pass of its own.
      const auto put = [&](const auto& P) {
        for (Index i = 0; i < m; ++i)
          for (Index c = 0; c < P.cols(); ++c)
            out[(first + static_cast<std::size_t>(i)) * channels + static_cast<std::size_t>(c)] =
                static_cast<float>(P(i, c));
      };
      if constexpr (std::is_same_v<S, float>)
        put(ws.A[L]);
      else
        put(channels_of(ws.A[0].topRows(m)));
      std::size_t unit = 0;
      for (std::size_t l = 1; l < L; ++l)
        for (Index u = 0; u < ws.A[l].cols(); ++u, ++unit)
          for (Index i = 0; i < m; ++i)
            units[unit * n + first + static_cast<std::size_t>(i)] = static_cast<float>(ws.A[l](i, u));
    }
    return static_cast<int>(channels);
  }

  InputTrace trace(const RowVec<double>& input, const std::vector<double>& target) const override {
    return trace_model(estimator, input, target);
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
  Mat<S> X;       ///< the training rows (begin_fit needs them alive); empty for byte rows
  Mat<S> test_X;  ///< the test rows, for the per-epoch metrics; empty for byte rows
  /// The training and test rows as the estimator reads them: X and test_X, or the session's bytes.
  std::array<std::unique_ptr<RowSource<S>>, 2> sources;
  std::array<Prepared, 2> parts;
};

}  // namespace

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

}  // namespace mlp::session_detail
