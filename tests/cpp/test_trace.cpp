// The per-input trace (Session::trace, trace.hpp): for every hidden activation and output type,
// its output is predict_proba's / predict's exactly, its gradients are central finite
// differences of the one-sample loss and, bit for bit, the training's own backprop and sgd step
// on that one-row batch; the errors name their parameter.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "mlp/estimator.hpp"
#include "mlp/features.hpp"
#include "mlp/names.hpp"
#include "mlp/network.hpp"
#include "mlp/params_json.hpp"
#include "mlp/session.hpp"
#include "trace_helpers.hpp"

namespace mlp {
namespace {

using namespace trace_test;

/// The one-sample loss written here: the data term (the core's data_loss on predict_outputs)
/// plus (alpha/2) sum W^2 with n_samples = 1.
double sample_loss(const Architecture& net, const Vec<double>& theta, const Mat<double>& x, const Mat<double>& Y) {
  const Mat<double> P = predict_outputs<double>(net, theta.data(), x);
  double squares = 0;
  for (Index i = 0; i < net.layout.n_coefs(); ++i) squares += theta(i) * theta(i);
  return data_loss<double>(net.output, Y, P) + 0.5 * kAlpha * squares;
}

/// What the gradients are the gradient of: the one-sample loss, except that scikit-learn's
/// squared error averages over the k outputs while its output delta P - Y does not, so for a
/// regressor it is k times the data term, plus the L2 term (as test_gradients.cpp's potential).
double potential(const Architecture& net, const Vec<double>& theta, const Mat<double>& x, const Mat<double>& Y) {
  const double loss = sample_loss(net, theta, x, Y);
  if (net.output != OutActivation::identity) return loss;
  const double data = data_loss<double>(net.output, Y, predict_outputs<double>(net, theta.data(), x));
  return static_cast<double>(Y.cols()) * data + (loss - data);
}

/// Checks one trace of a float64 session against the reference estimator `model`.
template <class Model>
void check_trace(const InputTrace& t, Model& model, Kind kind) {
  const Architecture net{model.layout(), model.params().activation, model.out_activation(), model.params().leaky_slope};
  const Vec<double>& theta = model.packed_parameters();
  const Mat<double> x = row_of<double>(t.input);
  const Mat<double> Y = row_of<double>(t.target);
  const Index L = net.layout.n_weights();
  ASSERT_EQ(t.layers.size(), static_cast<std::size_t>(L));
  ASSERT_EQ(t.weights.size(), static_cast<std::size_t>(theta.size()));
  EXPECT_EQ(t.kind, name_of(kind));
  for (Index i = 0; i < theta.size(); ++i) ASSERT_EQ(t.weights[static_cast<std::size_t>(i)], theta(i));

  // The output is predict_proba's (predict's) row, exactly.
  if constexpr (std::is_same_v<Model, MLPClassifier<double>>) {
    const Mat<double> proba = model.predict_proba(x);
    if (kind == Kind::binary) {
      ASSERT_EQ(t.values.size(), 1u);
      EXPECT_EQ(t.values[0], proba(0, 1));
    } else {
      ASSERT_EQ(t.values.size(), static_cast<std::size_t>(proba.cols()));
      for (Index j = 0; j < proba.cols(); ++j) EXPECT_EQ(t.values[static_cast<std::size_t>(j)], proba(0, j));
    }
    const ClassTarget predicted = model.predict(x);
    if (kind == Kind::multilabel)
      for (Index j = 0; j < predicted.indicator.cols(); ++j)
        EXPECT_EQ(t.predicted[static_cast<std::size_t>(j)], predicted.indicator(0, j));
    else
      EXPECT_EQ(t.predicted.at(0), std::get<double>(predicted.labels[0]));
  } else {
    const Mat<double> predicted = model.predict(x);
    ASSERT_EQ(t.values.size(), static_cast<std::size_t>(predicted.cols()));
    for (Index j = 0; j < predicted.cols(); ++j) EXPECT_EQ(t.values[static_cast<std::size_t>(j)], predicted(0, j));
    EXPECT_EQ(t.predicted, t.values);
  }

  // The layers: z(1) = a(0) W(1) + b(1) (to rounding); the output error a(L) - Y exactly.
  const Mat<double> z1 = x * net.layout.W(theta.data(), 0) + net.layout.b(theta.data(), 0).transpose();
  for (Index j = 0; j < z1.cols(); ++j) EXPECT_NEAR(t.layers[0].z[static_cast<std::size_t>(j)], z1(0, j), 1e-12);
  EXPECT_EQ(t.layers.back().a, t.values);
  for (std::size_t j = 0; j < t.values.size(); ++j) EXPECT_EQ(t.layers.back().delta[j], t.values[j] - t.target[j]);
  EXPECT_EQ(t.layers[0].activation, name_of(model.params().activation));
  EXPECT_EQ(t.layers.back().activation, name_of(model.out_activation()));

  // The gradients against central finite differences of the one-sample loss (data + L2; see
  // potential for a regressor's k outputs). Kinks
  // (relu at 0) and the log's clipping would spoil the differences: the case keeps clear of both.
  double margin = 1e300;
  for (std::size_t l = 0; l + 1 < t.layers.size(); ++l)
    for (double z : t.layers[l].z) margin = std::min(margin, std::abs(z));
  ASSERT_GT(margin, 1e-4);
  const double h = 1e-6;
  Vec<double> numeric(theta.size());
  for (Index i = 0; i < theta.size(); ++i) {
    Vec<double> plus = theta, minus = theta;
    plus(i) += h;
    minus(i) -= h;
    numeric(i) = (potential(net, plus, x, Y) - potential(net, minus, x, Y)) / (2 * h);
  }
  const Vec<double> analytic = ConstVecMap<double>(t.gradients.data(), theta.size());
  const double relative = (analytic - numeric).norm() / std::max(analytic.norm() + numeric.norm(), 1e-12);
  EXPECT_LT(relative, 1e-6) << "gradient vs finite differences";
  for (Index i = 0; i < theta.size(); ++i)
    EXPECT_NEAR(analytic(i), numeric(i), 1e-6 * std::max(1.0, std::abs(analytic(i)))) << "parameter " << i;
  EXPECT_NEAR(t.loss.total, sample_loss(net, theta, x, Y), 1e-12 * std::max(1.0, std::abs(t.loss.total)));
  EXPECT_EQ(t.loss.total, t.loss.data + t.loss.penalty);

  // The training's own backprop on that one-row batch: the same bits.
  Workspace<double> ws;
  ws.reserve(net.layout, 1);
  ws.A[0] = x;
  Vec<double> grad(theta.size());
  const double loss = loss_and_gradient(net, theta.data(), Y, kAlpha, ws, 1, grad.data());
  EXPECT_EQ(loss, t.loss.total);
  for (Index i = 0; i < theta.size(); ++i) ASSERT_EQ(t.gradients[static_cast<std::size_t>(i)], grad(i)) << i;

  // One sgd step: W - lr grad; the loss and output after it, recomputed with the stepped weights.
  EXPECT_EQ(t.learning_rate, model.params().learning_rate_init);
  const Vec<double> stepped = theta - t.learning_rate * analytic;
  const Mat<double> after = predict_outputs<double>(net, stepped.data(), x);
  for (Index j = 0; j < after.cols(); ++j) EXPECT_EQ(t.step_values[static_cast<std::size_t>(j)], after(0, j));
  const double recomputed = sample_loss(net, stepped, x, Y);
  EXPECT_NEAR(t.step_loss.total, recomputed, 1e-12 * std::max(1.0, std::abs(recomputed)));
  EXPECT_EQ(t.step_loss.data, data_loss<double>(net.output, Y, after));
}

using Case = std::tuple<std::string, Kind>;
std::string case_name(const ::testing::TestParamInfo<Case>& param_info) {
  return std::get<0>(param_info.param) + "_" + name_of(std::get<1>(param_info.param));
}

class TraceEveryActivationAndOutput : public ::testing::TestWithParam<Case> {};

TEST_P(TraceEveryActivationAndOutput, MatchesPredictFiniteDifferencesAndTheTrainingsOwnStep) {
  const auto& [activation, kind] = GetParam();
  Session s = make_session(kind, activation, "float64");
  const std::string before = s.export_model();
  const json exported = json::parse(before);
  const std::vector<double> point{s.x_train()[0], s.x_train()[1]};
  const std::vector<double> target = target_of_first_row(s, kind);
  const Status traced = s.trace(point, target);
  ASSERT_TRUE(traced.ok) << traced.message;
  const InputTrace& t = s.last_trace();
  EXPECT_EQ(t.precision, "float64");
  EXPECT_EQ(t.point, point);
  EXPECT_EQ(t.input, point);  // no derived features, no scaler
  EXPECT_EQ(s.export_model(), before) << "a trace leaves the model as it was";
  const Params params = params_from_json(exported["params"]);

  if (kind == Kind::regression) {
    MLPRegressor<double> model(params);
    load(model, exported);
    EXPECT_EQ(t.target, target);
    check_trace(t, model, kind);
    // The training's step: partial_fit on the one row with sgd, momentum 0, at the trace's rate.
    MLPRegressor<double> trained(params);
    load(trained, exported);
    trained.partial_fit(row_of<double>(point), row_of<double>(target));
    const Vec<double> expected =
        model.packed_parameters() -
        t.learning_rate * ConstVecMap<double>(t.gradients.data(), model.packed_parameters().size());
    EXPECT_EQ(trained.packed_parameters(), expected);
    EXPECT_EQ(trained.loss(), t.loss.total);
  } else {
    MLPClassifier<double> model(params);
    load(model, exported);
    check_trace(t, model, kind);
    ClassTarget y;
    if (kind == Kind::multilabel) {
      y.multilabel = true;
      y.indicator = row_of<double>(target);
      EXPECT_EQ(t.target, target);
    } else {
      y.labels = {Label(target[0])};
      const auto expected_row = model.binarizer().transform<double>(y);
      EXPECT_EQ(row_of<double>(t.target), expected_row);
    }
    MLPClassifier<double> trained(params);
    load(trained, exported);
    trained.partial_fit(row_of<double>(point), y);
    const Vec<double> expected =
        model.packed_parameters() -
        t.learning_rate * ConstVecMap<double>(t.gradients.data(), model.packed_parameters().size());
    EXPECT_EQ(trained.packed_parameters(), expected);
    EXPECT_EQ(trained.loss(), t.loss.total);

    // No target: the predicted class is the target, and any point of the plane can be traced.
    ASSERT_TRUE(s.trace({0.3, -0.7}).ok);
    const InputTrace& own = s.last_trace();
    check_trace(own, model, kind);
    if (kind == Kind::multilabel) {
      EXPECT_EQ(own.target, own.predicted);
    } else {
      ClassTarget predicted;
      predicted.labels = {Label(own.predicted[0])};
      EXPECT_EQ(row_of<double>(own.target), model.binarizer().transform<double>(predicted));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceEveryActivationAndOutput,
                         ::testing::Combine(::testing::Values("identity", "logistic", "tanh", "relu"),
                                            ::testing::Values(Kind::binary, Kind::multiclass, Kind::multilabel,
                                                              Kind::regression)),
                         case_name);

class TraceInFloat32 : public ::testing::TestWithParam<Case> {};

TEST_P(TraceInFloat32, OutputEqualsPredictProbaExactly) {
  const auto& [activation, kind] = GetParam();
  Session s = make_session(kind, activation, "float32");
  const json exported = json::parse(s.export_model());
  const Params params = params_from_json(exported["params"]);
  ASSERT_TRUE(s.trace({0.4, 0.2}).ok);
  const InputTrace& t = s.last_trace();
  EXPECT_EQ(t.precision, "float32");
  const Mat<float> x = row_of<float>(t.input);
  Mat<float> expected;
  if (kind == Kind::regression) {
    MLPRegressor<float> model(params);
    load(model, exported);
    expected = model.predict(x);
  } else {
    MLPClassifier<float> model(params);
    load(model, exported);
    expected = model.predict_proba(x);
    if (kind == Kind::binary) expected = expected.rightCols(1).eval();
  }
  ASSERT_EQ(t.values.size(), static_cast<std::size_t>(expected.cols()));
  for (Index j = 0; j < expected.cols(); ++j)
    EXPECT_EQ(t.values[static_cast<std::size_t>(j)], static_cast<double>(expected(0, j)));
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceInFloat32,
                         ::testing::Combine(::testing::Values("identity", "logistic", "tanh", "relu"),
                                            ::testing::Values(Kind::binary, Kind::multiclass, Kind::multilabel,
                                                              Kind::regression)),
                         case_name);

TEST(Trace, GoesThroughTheSessionsFeatureStep) {
  Session s;
  ASSERT_TRUE(s.configure("MLPClassifier", params_for("tanh"), "float64").ok);
  ASSERT_TRUE(s.generate("make_moons", R"({"n_samples": 60, "noise": 0.2, "random_state": 1})", 0.25, 0).ok);
  ASSERT_TRUE(s.set_features(R"(["x2", "xy"])", true).ok);
  ASSERT_TRUE(s.step(2).status.ok);
  const json exported = json::parse(s.export_model());
  ASSERT_TRUE(s.trace({0.5, -0.25}, {1}).ok);
  const InputTrace& t = s.last_trace();
  const std::vector<Index> units{4, 5, 4, 1};
  const Mat<double> inputs = Features::from_json(exported["features"], units).inputs(row_of<double>({0.5, -0.25}));
  ASSERT_EQ(t.input.size(), 4u);
  for (Index j = 0; j < 4; ++j) EXPECT_EQ(t.input[static_cast<std::size_t>(j)], inputs(0, j));
  MLPClassifier<double> model(params_from_json(exported["params"]));
  load(model, exported);
  EXPECT_EQ(t.values.at(0), model.predict_proba(inputs)(0, 1));
  EXPECT_EQ(t.target, std::vector<double>{1});
}

TEST(Trace, UsesTheOptimizersCurrentLearningRate) {
  Session s;
  json params = json::parse(params_for("relu"));
  params["learning_rate"] = "invscaling";
  params["learning_rate_init"] = 0.1;
  ASSERT_TRUE(s.configure("MLPClassifier", params.dump(), "float64").ok);
  ASSERT_TRUE(s.generate("make_moons", R"({"n_samples": 60, "noise": 0.2, "random_state": 1})", 0.25, 0).ok);
  ASSERT_TRUE(s.reset().ok);
  ASSERT_TRUE(s.trace({0.1, 0.2}).ok);
  EXPECT_EQ(s.last_trace().learning_rate, 0.1);  // before any training: learning_rate_init
  const Progress p = s.step(2);
  ASSERT_TRUE(p.status.ok);
  ASSERT_TRUE(s.trace({0.1, 0.2}).ok);
  // invscaling: learning_rate_init / (t + 1)^power_t after t samples
  EXPECT_DOUBLE_EQ(s.last_trace().learning_rate, 0.1 / std::pow(static_cast<double>(p.samples) + 1, 0.5));
}

TEST(Trace, ErrorsNameTheirParameter) {
  Session s;
  ASSERT_TRUE(s.configure("MLPClassifier", params_for("relu"), "float64").ok);
  EXPECT_EQ(s.trace({0, 0}).parameter, "model");  // nothing configured with data, no model
  ASSERT_TRUE(s.generate("make_moons", R"({"n_samples": 60, "noise": 0.2, "random_state": 1})", 0.25, 0).ok);
  EXPECT_EQ(s.trace({0, 0}).parameter, "model");  // data, but no model yet
  ASSERT_TRUE(s.reset().ok);
  EXPECT_TRUE(s.trace({0, 0}).ok);
  const Status short_row = s.trace({0});
  EXPECT_EQ(short_row.parameter, "point");
  EXPECT_EQ(short_row.value, "1 values");
  EXPECT_EQ(s.trace({0, 0, 0}).parameter, "point");
  EXPECT_EQ(s.trace({0, std::nan("")}).parameter, "point");
  EXPECT_EQ(s.trace({HUGE_VAL, 0}).parameter, "point");
  const Status unknown = s.trace({0, 0}, {2});
  EXPECT_EQ(unknown.parameter, "target");
  EXPECT_EQ(unknown.value, "2");
  EXPECT_NE(unknown.message.find("0, 1"), std::string::npos) << unknown.message;
  EXPECT_EQ(s.trace({0, 0}, {0.5}).parameter, "target");
  EXPECT_EQ(s.trace({0, 0}, {0, 1}).parameter, "target");
  EXPECT_EQ(s.trace({0, 0}, {std::nan("")}).parameter, "target");
  EXPECT_EQ(s.trace_json(), "") << "a failed trace leaves none behind";

  Session multilabel = make_session(Kind::multilabel, "relu", "float64");
  EXPECT_EQ(multilabel.trace({0, 0}, {1, 0}).parameter, "target");
  EXPECT_EQ(multilabel.trace({0, 0}, {1, 0, 2}).parameter, "target");
  EXPECT_TRUE(multilabel.trace({0, 0}, {1, 0, 0}).ok);
  Session regression = make_session(Kind::regression, "relu", "float64");
  EXPECT_EQ(regression.trace({0, 0}, {1}).parameter, "target");
  EXPECT_TRUE(regression.trace({0, 0}, {1, 2}).ok);

  // The binding's form: JSON arrays, where a null (JSON's NaN) is not finite.
  EXPECT_TRUE(s.trace_json_input("[0.25, -1]", "[1]").ok);
  EXPECT_EQ(s.last_trace().point, (std::vector<double>{0.25, -1}));
  EXPECT_EQ(s.last_trace().target, std::vector<double>{1});
  EXPECT_TRUE(s.trace_json_input("[0.25, -1]", "").ok);
  EXPECT_EQ(s.trace_json_input("[0.25, null]", "[]").parameter, "point");
  EXPECT_EQ(s.trace_json_input("[0.25, 1]", "[null]").parameter, "target");
  EXPECT_EQ(s.trace_json_input("[0.25,", "[]").parameter, "json");

  // An imported model without data: nothing to trace a row of.
  Session bare;
  ASSERT_TRUE(bare.import_model(multilabel.export_model()).ok);
  EXPECT_EQ(bare.trace({0, 0}).parameter, "X");
}

TEST(Trace, JsonCarriesEveryNumberAndTheBuffersTheWeights) {
  Session s = make_session(Kind::multiclass, "tanh", "float64");
  ASSERT_TRUE(s.trace({0.5, 1.5}, {2}).ok);
  const InputTrace& t = s.last_trace();
  const json out = json::parse(s.trace_json());
  EXPECT_EQ(out["kind"], "multiclass");
  EXPECT_EQ(out["units"], json({2, 5, 4, 3}));
  EXPECT_EQ(out["layers"].size(), 3u);
  EXPECT_EQ(out["layers"][2]["activation"], "softmax");
  EXPECT_EQ(out["layers"][1]["delta"].get<std::vector<double>>(), t.layers[1].delta);
  EXPECT_EQ(out["target"].get<std::vector<double>>(), (std::vector<double>{0, 0, 1}));
  EXPECT_EQ(out["loss"]["total"].get<double>(), t.loss.total);
  EXPECT_EQ(out["step_values"].get<std::vector<double>>(), t.step_values);
  EXPECT_EQ(s.trace_parameters_size(), 2 * 5 + 5 * 4 + 4 * 3 + 5 + 4 + 3);
  EXPECT_EQ(std::vector<double>(s.trace_gradients(), s.trace_gradients() + s.trace_parameters_size()), t.gradients);
  s.read_parameters();
  EXPECT_EQ(std::vector<double>(s.trace_weights(), s.trace_weights() + s.trace_parameters_size()),
            std::vector<double>(s.parameters(), s.parameters() + s.n_parameters()));
}

}  // namespace
}  // namespace mlp
