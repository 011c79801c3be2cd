// scikit-learn 1.2.1 parity: the fixtures of tests/fixtures/sklearn_parity.json
// (preset weights, exact loss curves and weights) and the RNG fixture.
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"
#include "mlp/estimator.hpp"

namespace mlp {
namespace {

using test::json;

template <class S>
ClassTarget labels_of(const json& y) {
  ClassTarget t;
  for (const auto& v : y) t.labels.emplace_back(v.get<double>());
  return t;
}

Params params_of(const json& p) {
  Params params;
  if (p.contains("hidden_layer_sizes"))
    params.hidden_layer_sizes = p["hidden_layer_sizes"].get<std::vector<long long>>();
  if (p.contains("activation")) params.activation = parse_activation(p["activation"]);
  if (p.contains("solver")) params.solver = parse_solver(p["solver"]);
  if (p.contains("alpha")) params.alpha = p["alpha"];
  if (p.contains("batch_size") && p["batch_size"].is_number()) params.batch_size = p["batch_size"].get<long long>();
  if (p.contains("learning_rate")) params.learning_rate = parse_learning_rate(p["learning_rate"]);
  if (p.contains("learning_rate_init")) params.learning_rate_init = p["learning_rate_init"];
  if (p.contains("power_t")) params.power_t = p["power_t"];
  if (p.contains("max_iter")) params.max_iter = p["max_iter"];
  if (p.contains("shuffle")) params.shuffle = p["shuffle"];
  if (p.contains("random_state") && !p["random_state"].is_null())
    params.random_state = p["random_state"].get<std::uint32_t>();
  if (p.contains("tol")) params.tol = p["tol"];
  if (p.contains("warm_start")) params.warm_start = p["warm_start"];
  if (p.contains("momentum")) params.momentum = p["momentum"];
  if (p.contains("nesterovs_momentum")) params.nesterovs_momentum = p["nesterovs_momentum"];
  if (p.contains("beta_1")) params.beta_1 = p["beta_1"];
  if (p.contains("beta_2")) params.beta_2 = p["beta_2"];
  if (p.contains("epsilon")) params.epsilon = p["epsilon"];
  if (p.contains("n_iter_no_change")) params.n_iter_no_change = p["n_iter_no_change"];
  return params;
}

std::vector<Mat<double>> coefs_of(const json& list) {
  std::vector<Mat<double>> out;
  for (const auto& W : list) out.push_back(test::to_mat(W));
  return out;
}
std::vector<Vec<double>> intercepts_of(const json& list) {
  std::vector<Vec<double>> out;
  for (const auto& b : list) out.push_back(test::to_vec(b));
  return out;
}

/// Largest |a - b| / max(|b|, floor) over a list of numbers.
double max_rel_error(const std::vector<double>& a, const json& b, double floor = 1.0) {
  double worst = 0;
  EXPECT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, std::abs(a[i] - b[i].get<double>()) / std::max(std::abs(b[i].get<double>()), floor));
  return worst;
}

template <class S>
double max_weight_error(const MultilayerPerceptron<S>& model, const json& coefs, const json& intercepts) {
  double worst = 0;
  auto W = model.coefs();
  auto b = model.intercepts();
  for (std::size_t l = 0; l < W.size(); ++l) {
    worst = std::max(worst, (W[l].template cast<double>() - test::to_mat(coefs[l])).cwiseAbs().maxCoeff());
    worst = std::max(worst, (b[l].template cast<double>() - test::to_vec(intercepts[l])).cwiseAbs().maxCoeff());
  }
  return worst;
}

struct Case {
  json config;
  json expected;
  std::string name;
};

std::vector<Case> parity_cases() {
  auto fx = test::load_fixture("sklearn_parity.json");
  std::vector<Case> cases;
  for (const auto& f : fx["fixtures"])
    cases.push_back({fx["configs"][f["config"].get<std::string>()], f,
                     f["optimizer"].get<std::string>() + "_batch" + std::to_string(f["batch_size"].get<int>())});
  for (const auto& e : fx["extras"])
    if (e["name"] != "lbfgs_maxiter50_informational")
      cases.push_back({fx["configs"][e["config"].get<std::string>()], e, e["name"].get<std::string>()});
  return cases;
}

template <class S>
void run_case(const Case& c, MLPClassifier<S>& model) {
  Params params = params_of(c.expected["params"]);
  params.hidden_layer_sizes = c.config["hidden_layer_sizes"].get<std::vector<long long>>();
  params.activation = parse_activation(c.config["activation"]);
  model.set_params(params);
  model.set_initial_weights(coefs_of(c.config["initial_coefs"]), intercepts_of(c.config["initial_intercepts"]));
  const Mat<S> X = test::to_mat<S>(c.config["X"]);
  const ClassTarget y = labels_of<S>(c.config["y"]);
  if (c.name == "adam_partial_fit_x3") {
    std::vector<Label> classes{0.0, 1.0};
    for (int i = 0; i < 3; ++i) model.partial_fit(X, y, i == 0 ? &classes : nullptr);
  } else if (c.name == "adam_warm_start_5_plus_5") {
    model.fit(X, y);
    model.fit(X, y);
  } else {
    model.fit(X, y);
  }
}

TEST(SklearnParity, Float64LossCurvesAndWeightsMatchTo1e10) {
  for (const Case& c : parity_cases()) {
    SCOPED_TRACE(c.name);
    MLPClassifier<double> model;
    run_case(c, model);
    EXPECT_EQ(model.n_iter(), c.expected["n_iter_"].get<long long>());
    EXPECT_EQ(model.t(), c.expected["t_"].get<long long>());
    EXPECT_LE(max_rel_error(model.loss_curve(), c.expected["loss_curve_"]), 1e-10);
    EXPECT_NEAR(model.loss(), c.expected["loss_"].get<double>(), 1e-10);
    if (c.expected.contains("best_loss_")) {
      EXPECT_NEAR(*model.best_loss(), c.expected["best_loss_"].get<double>(), 1e-10);
    }
    EXPECT_LE(max_weight_error(model, c.expected["final_coefs"], c.expected["final_intercepts"]), 1e-10);
    if (c.expected.contains("final_optimizer_learning_rate")) {
      EXPECT_NEAR(*model.optimizer_learning_rate(), c.expected["final_optimizer_learning_rate"].get<double>(), 1e-12);
    }
    if (c.expected.contains("final_train_predict_proba")) {
      Mat<double> proba = model.predict_proba(test::to_mat(c.config["X"]));
      EXPECT_LE((proba - test::to_mat(c.expected["final_train_predict_proba"])).cwiseAbs().maxCoeff(), 1e-10);
      ClassTarget predicted = model.predict(test::to_mat(c.config["X"]));
      for (std::size_t i = 0; i < predicted.labels.size(); ++i)
        EXPECT_EQ(std::get<double>(predicted.labels[i]), c.expected["final_train_predict"][i].get<double>());
    }
  }
}

TEST(SklearnParity, Float32LossCurvesMatchTo1e4Relative) {
  for (const Case& c : parity_cases()) {
    SCOPED_TRACE(c.name);
    MLPClassifier<float> model;
    run_case(c, model);
    EXPECT_EQ(model.n_iter(), c.expected["n_iter_"].get<long long>());
    EXPECT_LE(max_rel_error(model.loss_curve(), c.expected["loss_curve_"], 1e-12), 1e-4);
    double worst = 0;
    auto W = model.coefs();
    for (std::size_t l = 0; l < W.size(); ++l) {
      Mat<double> ref = test::to_mat(c.expected["final_coefs"][l]);
      worst = std::max(worst,
                       ((W[l].cast<double>() - ref).cwiseAbs().array() / ref.cwiseAbs().array().max(1e-2)).maxCoeff());
    }
    EXPECT_LE(worst, 1e-4);
  }
}

TEST(SklearnParity, InitialFullBatchGradientsMatch) {
  auto fx = test::load_fixture("sklearn_parity.json");
  const auto& f = fx["fixtures"][0];
  const auto& config = fx["configs"][f["config"].get<std::string>()];
  Architecture net{Layout({2, 3, 1}), Activation::tanh, OutActivation::logistic};
  Vec<double> theta(net.layout.size()), grad(net.layout.size());
  for (Index l = 0; l < 2; ++l) {
    net.layout.W(theta.data(), l) = test::to_mat(config["initial_coefs"][static_cast<std::size_t>(l)]);
    net.layout.b(theta.data(), l) = test::to_vec(config["initial_intercepts"][static_cast<std::size_t>(l)]);
  }
  Mat<double> X = test::to_mat(config["X"]);
  Mat<double> Y(X.rows(), 1);
  for (Index i = 0; i < X.rows(); ++i) Y(i, 0) = config["y"][static_cast<std::size_t>(i)].get<double>();
  Workspace<double> ws;
  ws.reserve(net.layout, X.rows());
  ws.A[0] = X;
  double loss = loss_and_gradient(net, theta.data(), Y, 0.01, ws, X.rows(), grad.data());
  const auto& expected = f["initial_full_batch"];
  EXPECT_NEAR(loss, expected["loss"].get<double>(), 1e-14);
  for (Index l = 0; l < 2; ++l) {
    EXPECT_LE((net.layout.W(grad.data(), l) - test::to_mat(expected["coef_grads"][static_cast<std::size_t>(l)]))
                  .cwiseAbs()
                  .maxCoeff(),
              1e-14);
    EXPECT_LE((net.layout.b(grad.data(), l) - test::to_vec(expected["intercept_grads"][static_cast<std::size_t>(l)]))
                  .cwiseAbs()
                  .maxCoeff(),
              1e-14);
  }
}

TEST(SklearnParity, RandomStateReproducesInitWeightsOrdersAndLossCurve) {
  auto fx = test::load_fixture("sklearn_parity.json")["rng_parity"];
  Params params = params_of(fx["params"]);
  // Init weights: a one-epoch-free look at what the RandomState draws first.
  MLPClassifier<double> model(params);
  Mat<double> X = test::to_mat(fx["X"]);
  ClassTarget y = labels_of<double>(fx["y"]);
  model.fit(X, y);
  EXPECT_LE(max_rel_error(model.loss_curve(), fx["loss_curve_"], 1e-12), 1e-12);
  EXPECT_LE(max_weight_error(model, fx["final_coefs"], fx["final_intercepts"]), 1e-12);

  // Initial weights alone: max_iter=1 with lr 0 would still move nothing? Use the stream directly.
  RandomState rng(*params.random_state);
  std::vector<Index> units{2, 10, 10, 1};
  for (std::size_t l = 0; l + 1 < units.size(); ++l) {
    double bound = std::sqrt(6.0 / static_cast<double>(units[l] + units[l + 1]));
    Mat<double> W = test::to_mat(fx["init_coefs"][l]);
    for (Index i = 0; i < W.rows(); ++i)
      for (Index j = 0; j < W.cols(); ++j) ASSERT_EQ(rng.uniform(-bound, bound), W(i, j));
    Vec<double> b = test::to_vec(fx["init_intercepts"][l]);
    for (Index j = 0; j < b.size(); ++j) ASSERT_EQ(rng.uniform(-bound, bound), b(j));
  }
  // Then one composed permutation per epoch.
  std::vector<std::size_t> order(100);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (const auto& epoch : fx["epoch_sample_order"]) {
    auto perm = rng.permutation(order.size());
    std::vector<std::size_t> next(order.size());
    for (std::size_t k = 0; k < perm.size(); ++k) next[k] = order[perm[k]];
    order = next;
    for (std::size_t k = 0; k < order.size(); ++k) ASSERT_EQ(order[k], epoch[k].get<std::size_t>());
  }
}

}  // namespace
}  // namespace mlp
