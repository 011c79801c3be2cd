// The course's extensions beyond scikit-learn: activation 'leaky_relu' (leaky_slope), init
// ('glorot', 'he', 'zeros'), the L1 penalty l1 (a subgradient for lbfgs, a proximal step for
// sgd/adam) and dropout on the hidden layers. Their defaults must leave scikit-learn's results
// untouched; the parity suites check that, these tests check the extensions themselves.
// Parameters, leaky_relu and init here; l1 and dropout: test_extensions_training.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "extensions_helpers.hpp"
#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/job.hpp"
#include "mlp/network.hpp"
#include "mlp/params_json.hpp"
#include "mlp/rng.hpp"

namespace mlp {
namespace {

using json = nlohmann::json;
using namespace extensions_test;

// --- Parameters and plumbing -----------------------------------------------------------------

TEST(Extensions, DefaultsAreScikitLearnsBehaviour) {
  const Params p;
  EXPECT_EQ(p.init, Init::glorot);
  EXPECT_EQ(p.leaky_slope, 0.01);
  EXPECT_EQ(p.l1, 0.0);
  EXPECT_EQ(p.dropout, 0.0);
}

TEST(Extensions, ExplicitDefaultsGiveTheSameFitBitForBit) {
  const Moons m = moons();
  Params p = adam_params();
  p.max_iter = 10;
  MLPClassifier<double> plain(p);
  plain.fit(m.X, m.y);
  p.init = Init::glorot;
  p.l1 = 0;
  p.dropout = 0;
  p.leaky_slope = 0.3;  // only read by leaky_relu
  MLPClassifier<double> explicit_defaults(p);
  explicit_defaults.fit(m.X, m.y);
  EXPECT_EQ(plain.loss_curve(), explicit_defaults.loss_curve());
  EXPECT_EQ(plain.packed_parameters(), explicit_defaults.packed_parameters());
}

TEST(Extensions, LeakySlopeOutsideZeroOneIsRejected) {
  for (double slope : {0.0, 1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    Params p = adam_params();
    p.leaky_slope = slope;
    expect_error(fit_with(p), "leaky_slope", {"leaky_slope must be", "(0, 1)"});
  }
}

TEST(Extensions, UnknownInitIsRejectedListingTheChoices) {
  expect_error([] { parse_init("xavier"); }, "init", {"'glorot', 'he', 'zeros'", "xavier"});
  expect_error([] { params_from_json(json{{"init", "xavier"}}); }, "init", {"'glorot'"});
  expect_error([] { params_from_json(json{{"init", 1}}); }, "init", {"string"});
  EXPECT_EQ(parse_init("he"), Init::he);
  EXPECT_EQ(parse_init("zeros"), Init::zeros);
  EXPECT_STREQ(name_of(Init::glorot), "glorot");
}

TEST(Extensions, NegativeOrNonFiniteL1IsRejected) {
  for (double l1 : {-1e-9, -1.0, std::numeric_limits<double>::infinity()}) {
    Params p = adam_params();
    p.l1 = l1;
    expect_error(fit_with(p), "l1", {"l1 must be", "[0, inf)"});
  }
}

TEST(Extensions, DropoutOutsideZeroOneIsRejected) {
  for (double rate : {-0.1, 1.0, 2.0}) {
    Params p = adam_params();
    p.dropout = rate;
    expect_error(fit_with(p), "dropout", {"dropout must be", "[0, 1)"});
  }
}

TEST(Extensions, DropoutWithLbfgsIsRejected) {
  Params p = adam_params();
  p.solver = Solver::lbfgs;
  p.dropout = 0.2;
  expect_error(fit_with(p), "dropout", {"lbfgs", "deterministic"});
  p.dropout = 0;
  fit_with(p)();  // dropout = 0 is fine with lbfgs
}

TEST(Extensions, JobRunnerAcceptsTheNewParametersAndNamesBadOnes) {
  json job = {{"estimator", "MLPClassifier"},
              {"params",
               {{"hidden_layer_sizes", {8}},
                {"activation", "leaky_relu"},
                {"leaky_slope", 0.1},
                {"init", "he"},
                {"l1", 0.01},
                {"dropout", 0.2},
                {"max_iter", 5},
                {"random_state", 0}}},
              {"dataset", {{"generator", "make_moons"}, {"params", {{"n_samples", 50}, {"random_state", 0}}}}}};
  for (const char* precision : {"float64", "float32"}) {
    job["precision"] = precision;
    const JobOutcome ok = run_job(job);
    EXPECT_EQ(ok.status, 0) << ok.result.dump();
  }
  const std::pair<const char*, json> bad[] = {{"leaky_slope", 0}, {"leaky_slope", "big"}, {"init", "xavier"},
                                              {"l1", -1},         {"dropout", 1},         {"activation", "elu"}};
  for (const auto& [name, value] : bad) {
    json broken = job;
    broken["params"][name] = value;
    const JobOutcome out = run_job(broken);
    EXPECT_EQ(out.status, 2) << name;
    EXPECT_EQ(out.result["error"]["parameter"], name) << out.result.dump();
    EXPECT_EQ(out.result["error"]["value"], value);
  }
  json elu = job;
  elu["params"]["activation"] = "elu";
  const std::string message = run_job(elu).result["error"]["message"];
  EXPECT_NE(message.find("'leaky_relu'"), std::string::npos) << message;
}

// --- leaky_relu -------------------------------------------------------------------------------

TEST(Extensions, LeakyReluIsZAboveZeroAndSlopeTimesZElsewhere) {
  Mat<double> Z(1, 5);
  Z << -2.0, -0.5, 0.0, 0.5, 3.0;
  apply_activation<double>(Activation::leaky_relu, Z, 0.1);
  Mat<double> want(1, 5);
  want << -0.2, -0.05, 0.0, 0.5, 3.0;
  EXPECT_EQ(Z, want);

  Mat<float> Zf(1, 6);
  Zf << -2.0f, -0.5f, 0.0f, 0.5f, 3.0f, -1.0f;
  apply_activation<float>(Activation::leaky_relu, Zf);  // the default slope 0.01
  EXPECT_EQ(Zf(0, 0), 0.01f * -2.0f);
  EXPECT_EQ(Zf(0, 4), 3.0f);
}

TEST(Extensions, LeakyReluDerivativeIsOneAboveZeroAndTheSlopeElsewhere) {
  Mat<double> A(1, 4), D = Mat<double>::Constant(1, 4, 2.0);
  A << -0.2, 0.0, 1e-300, 3.0;  // outputs of z = -2, 0, 1e-300, 3
  apply_derivative<double>(Activation::leaky_relu, A, D, 0.1);
  Mat<double> want(1, 4);
  want << 0.2, 0.2, 2.0, 2.0;
  EXPECT_EQ(D, want);
}

/// A small network with random parameters and data (logistic output, binary log loss, so that
/// the gradient is the derivative of the loss itself).
TEST(Extensions, LeakyReluGradientMatchesCentralDifferences) {
  const Problem p = problem_away_from_the_kink(Activation::leaky_relu);
  EXPECT_LT(gradient_error(p, 0.3, 0.0), 1e-6);
}

// --- init -------------------------------------------------------------------------------------

TEST(Extensions, HeInitDrawsTheGlorotNumbersWithBoundSqrt6OverFanIn) {
  Params p = adam_params();
  p.hidden_layer_sizes = {50};
  const std::vector<Mat<double>> glorot = initial_coefs(p);
  p.init = Init::he;
  const std::vector<Mat<double>> he = initial_coefs(p);
  ASSERT_EQ(glorot.size(), he.size());
  for (std::size_t l = 0; l < he.size(); ++l) {
    const double fan_in = static_cast<double>(he[l].rows()), fan_out = static_cast<double>(he[l].cols());
    const double he_bound = std::sqrt(6.0 / fan_in), glorot_bound = std::sqrt(6.0 / (fan_in + fan_out));
    EXPECT_LE(he[l].cwiseAbs().maxCoeff(), he_bound);
    EXPECT_GT(he[l].cwiseAbs().maxCoeff(), 0.9 * he_bound);  // 100 draws reach near the bound
    // The same uniform numbers u: W / bound = 2u - 1 in both.
    EXPECT_LT((he[l] / he_bound - glorot[l] / glorot_bound).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(Extensions, ZerosInitSetsEverythingToZeroAndDrawsNothing) {
  Params p = adam_params();
  p.init = Init::zeros;
  for (const auto& W : initial_coefs(p)) EXPECT_EQ(W.cwiseAbs().maxCoeff(), 0.0);

  // Drawing nothing, it trains exactly as preset zero weights do (which draw nothing either),
  // shuffles included.
  p.activation = Activation::logistic;
  p.max_iter = 5;
  const Moons m = unbalanced_moons();
  MLPClassifier<double> zeros(p);
  zeros.fit(m.X, m.y);
  p.init = Init::glorot;
  MLPClassifier<double> preset(p);
  preset.set_initial_weights({Mat<double>::Zero(2, 20), Mat<double>::Zero(20, 20), Mat<double>::Zero(20, 1)},
                             {Vec<double>::Zero(20), Vec<double>::Zero(20), Vec<double>::Zero(1)});
  preset.fit(m.X, m.y);
  EXPECT_EQ(zeros.loss_curve(), preset.loss_curve());
  EXPECT_EQ(zeros.packed_parameters(), preset.packed_parameters());
}

TEST(Extensions, ZerosInitKeepsTheHiddenUnitsIdentical) {
  // The symmetry failure: every hidden unit gets the same gradient, so they stay copies of one
  // another however long they train. logistic, so that the weights do move.
  const Moons m = unbalanced_moons();
  Params p = adam_params();
  p.hidden_layer_sizes = {8};
  p.activation = Activation::logistic;
  p.init = Init::zeros;
  p.max_iter = 50;
  MLPClassifier<double> model(p);
  model.fit(m.X, m.y);
  const auto coefs = model.coefs();
  const auto intercepts = model.intercepts();
  EXPECT_GT(coefs[0].cwiseAbs().maxCoeff(), 1e-3);  // it did train
  EXPECT_GT(coefs[1].cwiseAbs().maxCoeff(), 1e-3);
  for (Index j = 1; j < 8; ++j) {
    EXPECT_LT((coefs[0].col(j) - coefs[0].col(0)).cwiseAbs().maxCoeff(), 1e-12) << "incoming weights of unit " << j;
    EXPECT_LT(std::abs(coefs[1](j, 0) - coefs[1](0, 0)), 1e-12) << "outgoing weights of unit " << j;
    EXPECT_LT(std::abs(intercepts[0](j) - intercepts[0](0)), 1e-12);
  }
  Params glorot = p;
  glorot.init = Init::glorot;
  MLPClassifier<double> broken_symmetry(glorot);
  broken_symmetry.fit(m.X, m.y);
  EXPECT_GT((broken_symmetry.coefs()[0].col(1) - broken_symmetry.coefs()[0].col(0)).cwiseAbs().maxCoeff(), 1e-2);
}

}  // namespace
}  // namespace mlp
