// The realistic reference fits of tests/fixtures/sklearn_reference.json:
// integer random_state, real Glorot init, shuffling, 200 epochs. Same n_iter_,
// the same loss curve (1e-9 relative) and the same test score.
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"
#include "mlp/estimator.hpp"

namespace mlp {
namespace {

using test::json;

Params reference_params(const json& p) {
  Params params;
  params.hidden_layer_sizes = p["hidden_layer_sizes"].get<std::vector<long long>>();
  params.activation = parse_activation(p["activation"]);
  params.solver = parse_solver(p["solver"]);
  params.alpha = p["alpha"];
  if (p["batch_size"].is_number()) params.batch_size = p["batch_size"].get<long long>();
  params.learning_rate = parse_learning_rate(p["learning_rate"]);
  params.learning_rate_init = p["learning_rate_init"];
  params.max_iter = p["max_iter"];
  params.random_state = p["random_state"].get<std::uint32_t>();
  params.tol = p["tol"];
  params.momentum = p["momentum"];
  params.nesterovs_momentum = p["nesterovs_momentum"];
  params.n_iter_no_change = p["n_iter_no_change"];
  return params;
}

ClassTarget labels(const json& y) {
  ClassTarget t;
  for (const auto& v : y) t.labels.emplace_back(v.get<double>());
  return t;
}

class ReferenceFit : public ::testing::TestWithParam<int> {};

TEST_P(ReferenceFit, ReproducesScikitLearn) {
  auto fx = test::load_fixture("sklearn_reference.json");
  const auto& c = fx["cases"][static_cast<std::size_t>(GetParam())];
  SCOPED_TRACE(c["id"].get<std::string>());
  auto data = test::load_fixture("data/" + c["dataset"].get<std::string>() + ".json");
  Params params = reference_params(c["params_full"]);
  const auto& main = c["main"];
  Mat<double> X = test::to_mat(data["X_train"]), X_test = test::to_mat(data["X_test"]);
  std::vector<double> curve;
  if (c["estimator"] == "MLPClassifier") {
    MLPClassifier<double> model(params);
    model.fit(X, labels(data["y_train"]));
    curve = model.loss_curve();
    EXPECT_EQ(model.n_iter(), main["n_iter_"].get<long long>());
    EXPECT_DOUBLE_EQ(model.score(X, labels(data["y_train"])), main["train_score"].get<double>());
    EXPECT_DOUBLE_EQ(model.score(X_test, labels(data["y_test"])), main["test_score"].get<double>());
    EXPECT_NEAR(model.loss(), main["loss_"].get<double>(), 1e-9 * std::abs(main["loss_"].get<double>()));
    ASSERT_EQ(model.warnings().size(), main["warnings"].size());
    EXPECT_EQ(model.warnings()[0], main["warnings"][0]["message"].get<std::string>());
  } else {
    MLPRegressor<double> model(params);
    Mat<double> y = test::to_vec(data["y_train"]), y_test = test::to_vec(data["y_test"]);
    model.fit(X, y);
    curve = model.loss_curve();
    EXPECT_EQ(model.n_iter(), main["n_iter_"].get<long long>());
    EXPECT_NEAR(model.score(X_test, y_test), main["test_score"].get<double>(), 1e-9);
    EXPECT_NEAR(model.score(X, y), main["train_score"].get<double>(), 1e-9);
    EXPECT_NEAR(model.loss(), main["loss_"].get<double>(), 1e-9 * std::abs(main["loss_"].get<double>()));
  }
  ASSERT_EQ(curve.size(), main["loss_curve_"].size());
  for (std::size_t i = 0; i < curve.size(); ++i) {
    double expected = main["loss_curve_"][i];
    ASSERT_NEAR(curve[i], expected, 1e-9 * std::abs(expected)) << "epoch " << i + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(SklearnReference, ReferenceFit, ::testing::Values(0, 1, 2));

}  // namespace
}  // namespace mlp
