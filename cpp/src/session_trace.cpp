// Session::trace (session.hpp) and the estimator's side of it (session_trace.hpp): one input of
// the data's columns through the feature step and the current model (trace.hpp), its target
// checked and turned into the row Y the training would use, the result kept for the binding.
#include "session_trace.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <variant>

#include "mlp/error.hpp"
#include "mlp/session.hpp"
#include "session_internal.hpp"
#include "session_model.hpp"

namespace mlp {

namespace session_detail {

namespace {

template <class V>
std::vector<double> widened(const V& v) {
  std::vector<double> out(static_cast<std::size_t>(v.size()));
  for (Index i = 0; i < v.size(); ++i) out[static_cast<std::size_t>(i)] = static_cast<double>(v(i));
  return out;
}

/// The trace of the model's current weights for inputs x against the target row Y (1 x n_outputs).
template <class S>
InputTrace run(const MultilayerPerceptron<S>& model, const RowVec<double>& x, const Mat<S>& Y) {
  const Params& params = model.params();
  const Architecture net{model.layout(), params.activation, model.out_activation(), params.leaky_slope};
  // The optimizer's current rate (sgd's schedule, adam's bias-corrected one); before any
  // training, or with lbfgs, learning_rate_init.
  const double rate = model.optimizer_learning_rate().value_or(params.learning_rate_init);
  InputTrace out =
      trace_sample<S>(net, model.packed_parameters(), x.cast<S>(), Y.row(0), params.alpha, params.l1, rate);
  out.target = widened(Y.row(0));
  return out;
}

bool numeric(const std::vector<Label>& classes) {
  return !classes.empty() && std::holds_alternative<double>(classes.front());
}

/// The label that class code `code` stands for: the number itself among numeric classes_, or the
/// class at that position among string ones.
Label label_of_code(const std::vector<Label>& classes, double code) {
  std::string allowed;
  if (numeric(classes)) {
    for (const Label& c : classes) {
      if (std::get<double>(c) == code) return c;
      allowed += (allowed.empty() ? "" : ", ") + to_string(c);
    }
  } else {
    if (code >= 0 && code == std::floor(code) && code < static_cast<double>(classes.size()))
      return classes[static_cast<std::size_t>(code)];
    allowed = "an integer in [0, " + std::to_string(classes.size()) + ")";
  }
  throw Error("target", to_string(Label(code)), "the target must be one of the model's class codes: " + allowed);
}

/// A label's class code (the inverse of label_of_code).
double code_of_label(const std::vector<Label>& classes, const Label& label) {
  if (const double* v = std::get_if<double>(&label)) return *v;
  for (std::size_t k = 0; k < classes.size(); ++k)
    if (classes[k] == label) return static_cast<double>(k);
  return -1;
}

/// A classifier's target (not empty) as the labels it stands for: the binarizer's input.
ClassTarget class_target(const LabelBinarizer& binarizer, const std::vector<double>& target) {
  ClassTarget truth;
  if (binarizer.type() != TargetType::multilabel) {
    if (target.size() != 1)
      throw Error("target", std::to_string(target.size()) + " values", "a classifier's target is one class code");
    truth.labels = {label_of_code(binarizer.classes(), target[0])};
    return truth;
  }
  const auto outputs = static_cast<std::size_t>(binarizer.n_columns());
  if (target.size() != outputs)
    throw Error("target", std::to_string(target.size()) + " values",
                "a multilabel target needs one 0 or 1 per output (" + std::to_string(outputs) + ")");
  for (double v : target)
    if (v != 0 && v != 1) throw Error("target", to_string(Label(v)), "a multilabel target holds only 0s and 1s");
  truth.multilabel = true;
  truth.indicator = ConstMatMap<double>(target.data(), 1, static_cast<Index>(outputs));
  return truth;
}

/// A classifier's kind and prediction, from the trace's output: forward()'s, widened exactly
/// (thresholds and argmax see the same order), so this is predict()'s answer.
void add_prediction(InputTrace& out, const LabelBinarizer& binarizer) {
  const bool multilabel = binarizer.type() == TargetType::multilabel;
  out.kind = multilabel ? "multilabel" : binarizer.type() == TargetType::multiclass ? "multiclass" : "binary";
  const Mat<double> values = ConstMatMap<double>(out.values.data(), 1, static_cast<Index>(out.values.size()));
  const ClassTarget predicted = binarizer.inverse_transform(values);
  if (multilabel)
    out.predicted = widened(predicted.indicator.row(0));
  else
    out.predicted = {code_of_label(binarizer.classes(), predicted.labels.front())};
}

}  // namespace

template <class S>
InputTrace trace_model(const MLPClassifier<S>& model, const RowVec<double>& input, const std::vector<double>& target) {
  const LabelBinarizer& binarizer = model.binarizer();
  const ClassTarget truth = target.empty() ? binarizer.inverse_transform(model.forward(input.cast<S>()))  // predict()
                                           : class_target(binarizer, target);
  InputTrace out = run(model, input, binarizer.template transform<S>(truth));
  add_prediction(out, binarizer);
  return out;
}

template <class S>
InputTrace trace_model(const MLPRegressor<S>& model, const RowVec<double>& input, const std::vector<double>& target) {
  Mat<S> Y;
  if (target.empty()) {
    Y = model.predict(input.cast<S>());
  } else {
    if (target.size() != static_cast<std::size_t>(model.n_outputs()))
      throw Error("target", std::to_string(target.size()) + " values",
                  "a regressor's target needs one value per output (" + std::to_string(model.n_outputs()) + ")");
    Y = ConstMatMap<double>(target.data(), 1, model.n_outputs()).cast<S>();  // as the training casts y
  }
  InputTrace out = run(model, input, Y);
  out.kind = "regression";
  out.predicted = out.values;
  return out;
}

template InputTrace trace_model(const MLPClassifier<double>&, const RowVec<double>&, const std::vector<double>&);
template InputTrace trace_model(const MLPClassifier<float>&, const RowVec<double>&, const std::vector<double>&);
template InputTrace trace_model(const MLPRegressor<double>&, const RowVec<double>&, const std::vector<double>&);
template InputTrace trace_model(const MLPRegressor<float>&, const RowVec<double>&, const std::vector<double>&);

namespace {

/// Numbers as JSON: a non-finite one as the string JavaScript's Number() reads back.
json number(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}
json numbers(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}
json loss_json(const TraceLoss& loss) {
  json out = json::object();
  out["data"] = number(loss.data);
  out["penalty"] = number(loss.penalty);
  out["total"] = number(loss.total);
  return out;
}

}  // namespace

}  // namespace session_detail

using namespace session_detail;

Status Session::trace(const std::vector<double>& point, const std::vector<double>& target) {
  trace_ = InputTrace{};
  if (!model_ || !model_->fitted()) return {false, "model", "", "no model yet: start training (or reset) first"};
  if (!data_ok_) return {false, "X", "", "no data: a trace takes a row of the data's columns"};
  if (point.size() != static_cast<std::size_t>(n_features_))
    return {false, "point", std::to_string(point.size()) + " values",
            "the point needs one value per data column (" + std::to_string(n_features_) + ")"};
  for (double v : point)
    if (!std::isfinite(v)) return {false, "point", to_string(Label(v)), "the point's values must be finite numbers"};
  for (double v : target)
    if (!std::isfinite(v)) return {false, "target", to_string(Label(v)), "the target's values must be finite numbers"};
  return guarded(
      [&] {
        const Mat<double> inputs = features_.inputs(ConstMatMap<double>(point.data(), 1, n_features_));
        const Index expected = model_->units().front();
        if (inputs.cols() != expected)
          throw Error("point", std::to_string(inputs.cols()) + " inputs",
                      "the data's columns with the derived features give " + std::to_string(inputs.cols()) +
                          " inputs, but the model takes " + std::to_string(expected));
        InputTrace t = model_->trace(inputs.row(0), target);
        t.precision = name_of(precision_);
        t.point = point;
        trace_ = std::move(t);
      },
      "the trace");
}

Status Session::trace_json_input(const std::string& point_json, const std::string& target_json) {
  std::vector<double> point, target;
  const Status read = guarded([&] {
    for (auto [text, out] : {std::pair{&point_json, &point}, std::pair{&target_json, &target}})
      if (!text->empty())
        for (const json& v : parse(*text))
          out->push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
  });
  return read.ok ? trace(point, target) : read;
}

std::string Session::trace_json() const {
  const InputTrace& t = trace_;
  if (t.precision.empty()) return "";
  // Field by field: nlohmann's nested initializer lists cost the WebAssembly module kilobytes.
  json out = json::object();
  out["precision"] = t.precision;
  out["kind"] = t.kind;
  const std::pair<const char*, const std::vector<double>*> vectors[] = {
      {"point", &t.point},         {"input", &t.input},   {"values", &t.values},
      {"predicted", &t.predicted}, {"target", &t.target}, {"step_values", &t.step_values}};
  for (const auto& [name, values] : vectors) out[name] = numbers(*values);
  json& layers = out["layers"] = json::array();
  for (const InputTrace::Layer& layer : t.layers) {
    json& l = layers.emplace_back(json::object());
    l["activation"] = layer.activation;
    const std::pair<const char*, const std::vector<double>*> parts[] = {
        {"z", &layer.z}, {"a", &layer.a}, {"delta", &layer.delta}};
    for (const auto& [name, values] : parts) l[name] = numbers(*values);
  }
  json& units = out["units"] = json::array();
  for (int u : t.units) units.push_back(u);
  out["loss"] = loss_json(t.loss);
  out["learning_rate"] = number(t.learning_rate);
  out["step_loss"] = loss_json(t.step_loss);
  return out.dump();
}

}  // namespace mlp
