// The course's extensions that change training: the L1 penalty (a subgradient for lbfgs, a
// proximal step for sgd/adam) and dropout on the hidden layers. The others: test_extensions.cpp.
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

// --- l1 ---------------------------------------------------------------------------------------

TEST(Extensions, L1GradientMatchesCentralDifferencesAwayFromZero) {
  const Problem p = problem_away_from_the_kink(Activation::tanh);
  EXPECT_LT(gradient_error(p, 0.3, 0.7), 1e-6);
}

TEST(Extensions, L1AddsL1NormOverNToTheLossAndSignOverNToTheWeightGradient) {
  Problem p = make_problem(Activation::tanh, 3);
  p.theta(4) = 0.0;  // a weight at 0: subgradient 0
  const double n = static_cast<double>(p.X.rows()), l1 = 0.7;
  Vec<double> g0, g1;
  const double loss0 = loss_at(p, p.theta, 0.1, 0.0, &g0);
  const double loss1 = loss_at(p, p.theta, 0.1, l1, &g1);
  const Index n_coefs = p.net.layout.n_coefs();
  EXPECT_NEAR(loss1 - loss0, l1 * p.theta.head(n_coefs).cwiseAbs().sum() / n, 1e-12);
  for (Index i = 0; i < p.theta.size(); ++i) {
    const double sign = i < n_coefs ? (p.theta(i) > 0) - (p.theta(i) < 0) : 0.0;  // biases: no penalty
    EXPECT_NEAR(g1(i) - g0(i), l1 * sign / n, 1e-12) << "entry " << i;
  }
  EXPECT_NEAR(g1(4), g0(4), 1e-15);
}

TEST(Extensions, StrongL1DrivesManyWeightsToExactZerosWithAdamAndSgd) {
  const Moons m = moons();
  for (Solver solver : {Solver::adam, Solver::sgd}) {
    SCOPED_TRACE(name_of(solver));
    Params p = adam_params();
    p.solver = solver;
    p.learning_rate_init = solver == Solver::sgd ? 0.1 : 0.01;  // sgd: momentum 0.9, Nesterov
    MLPClassifier<double> plain(p);
    plain.fit(m.X, m.y);
    EXPECT_EQ(count_zeros(plain.coefs()), 0);
    p.l1 = solver == Solver::sgd ? 2.0 : 0.5;
    MLPClassifier<double> sparse(p);
    sparse.fit(m.X, m.y);
    const Index zeros = count_zeros(sparse.coefs()), total = count_entries(sparse.coefs());
    EXPECT_GT(zeros, total / 2) << zeros << " of " << total;
    EXPECT_GT(sparse.score(m.X, m.y), 0.75);  // the surviving weights still fit the moons
    for (const auto& b : sparse.intercepts()) EXPECT_GT(b.cwiseAbs().maxCoeff(), 0.0);  // biases are not penalised
  }
}

TEST(Extensions, L1IsPartOfTheReportedLoss) {
  const Moons m = moons();
  Params p = adam_params();
  p.max_iter = 1;
  p.l1 = 1.0;
  MLPClassifier<double> with_l1(p);
  with_l1.fit(m.X, m.y);
  p.l1 = 0;
  MLPClassifier<double> without(p);
  without.fit(m.X, m.y);
  // One full batch (200 rows): the first loss adds l1 |W|_1 / 200 at the initial weights.
  const std::vector<Mat<double>> init = initial_coefs(adam_params());
  double norm = 0;
  for (const auto& W : init) norm += W.cwiseAbs().sum();
  EXPECT_NEAR(with_l1.loss_curve()[0] - without.loss_curve()[0], norm / 200.0, 1e-12);
}

TEST(Extensions, LbfgsWithL1EndsWithSmallerWeights) {
  const Moons m = moons();
  Params p = adam_params();
  p.solver = Solver::lbfgs;
  p.max_iter = 100;
  MLPClassifier<double> plain(p);
  plain.fit(m.X, m.y);
  p.l1 = 1.0;
  MLPClassifier<double> penalised(p);
  penalised.fit(m.X, m.y);
  auto norm = [](const std::vector<Mat<double>>& coefs) {
    double s = 0;
    for (const auto& W : coefs) s += W.cwiseAbs().sum();
    return s;
  };
  EXPECT_LT(norm(penalised.coefs()), 0.5 * norm(plain.coefs()));
}

// --- dropout ----------------------------------------------------------------------------------

TEST(Extensions, DropoutGradientIsTheGradientOfTheMaskedNetwork) {
  // Fixed masks (0 or 1 / (1 - 0.5)): the backward pass must take f' from the outputs before
  // the mask (logistic's derivative from the scaled outputs would be wrong), then the mask.
  for (Activation hidden : {Activation::logistic, Activation::tanh, Activation::leaky_relu}) {
    SCOPED_TRACE(name_of(hidden));
    const Problem p = problem_away_from_the_kink(hidden);
    RandomState rng(5);
    std::vector<Mat<double>> keep;
    for (Index l = 1; l + 1 < static_cast<Index>(p.net.layout.units().size()); ++l) {
      Mat<double> K(p.X.rows(), p.net.layout.units()[static_cast<std::size_t>(l)]);
      for (Index i = 0; i < K.size(); ++i) K.data()[i] = rng.random_double() < 0.5 ? 0.0 : 2.0;
      keep.push_back(K);
    }
    EXPECT_LT(gradient_error(p, 0.3, 0.0, &keep), 1e-6);
    // And it is a different function from the full network.
    EXPECT_GT(std::abs(loss_at(p, p.theta, 0.3, 0.0, nullptr, &keep) - loss_at(p, p.theta, 0.3, 0.0)), 1e-6);
  }
}

TEST(Extensions, DropoutChangesTrainingButNotTheInitialWeights) {
  const Moons m = moons();
  Params p = adam_params();
  p.max_iter = 20;
  MLPClassifier<double> plain(p);
  plain.fit(m.X, m.y);
  p.dropout = 0.3;
  MLPClassifier<double> dropped(p);
  dropped.fit(m.X, m.y);
  EXPECT_NE(plain.loss_curve(), dropped.loss_curve());
  EXPECT_GT((plain.packed_parameters() - dropped.packed_parameters()).cwiseAbs().maxCoeff(), 1e-3);
  // The masks come from their own stream: scikit-learn's init draws are unchanged.
  Params init = adam_params();
  const auto before = initial_coefs(init);
  init.dropout = 0.3;
  const auto after = initial_coefs(init);
  for (std::size_t l = 0; l < before.size(); ++l) EXPECT_EQ(before[l], after[l]);
}

TEST(Extensions, DropoutFitsAreReproducibleAndSteppable) {
  const Moons m = moons();
  Params p = adam_params();
  p.max_iter = 10;
  p.dropout = 0.5;
  MLPClassifier<double> a(p), b(p);
  a.fit(m.X, m.y);
  b.begin_fit(m.X, m.y);
  while (!b.fit_steps(3)) {
  }
  EXPECT_EQ(a.loss_curve(), b.loss_curve());
  EXPECT_EQ(a.packed_parameters(), b.packed_parameters());
}

TEST(Extensions, PredictionWithDropoutUsesTheWholeNetworkDeterministically) {
  const Moons m = moons();
  Params p = adam_params();
  p.hidden_layer_sizes = {16};
  p.dropout = 0.5;
  MLPClassifier<double> model(p);
  model.fit(m.X, m.y);
  const Mat<double> first = model.predict_proba(m.X);
  EXPECT_EQ(first, model.predict_proba(m.X));
  // The same probabilities written out with every unit kept and no scaling.
  const auto W = model.coefs();
  const auto b = model.intercepts();
  Mat<double> H = m.X * W[0];
  H.rowwise() += b[0].transpose();
  H = H.array().max(0.0).matrix();
  Mat<double> Z = H * W[1];
  Z.rowwise() += b[1].transpose();
  const Mat<double> P = (1.0 / (1.0 + (-Z.array()).exp())).matrix();
  EXPECT_LT((first.col(1) - P.col(0)).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_GT(model.score(m.X, m.y), 0.8);
}

TEST(Extensions, Float32FitsWithEveryExtension) {
  const Moons m = moons();
  const Mat<float> X = m.X.cast<float>();
  Params p = adam_params();
  p.activation = Activation::leaky_relu;
  p.leaky_slope = 0.1;
  p.init = Init::he;
  p.l1 = 0.5;
  p.dropout = 0.2;
  MLPClassifier<float> f32(p);
  f32.fit(X, m.y);
  EXPECT_TRUE(f32.packed_parameters().allFinite());
  EXPECT_GT(f32.score(X, m.y), 0.8);
  MLPClassifier<double> f64(p);
  f64.fit(m.X, m.y);
  EXPECT_NEAR(f32.loss_curve()[0], f64.loss_curve()[0], 1e-4 * f64.loss_curve()[0]);
}

}  // namespace
}  // namespace mlp
