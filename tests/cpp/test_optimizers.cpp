// The stochastic optimisers (spec section 8) against closed forms written out
// here: SGD (plain, momentum, Nesterov), Adam, and the learning-rate schedules.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"
#include "mlp/optimizers.hpp"

namespace mlp {
namespace {

Vec<double> vec(std::initializer_list<double> values) {
  Vec<double> v(static_cast<Index>(values.size()));
  Index i = 0;
  for (double x : values) v(i++) = x;
  return v;
}

const Vec<double> kTheta0 = vec({0.5, -1.25, 2.0, 0.0});
const Vec<double> kGrad1 = vec({0.3, -0.7, 1e-3, -2.5});
const Vec<double> kGrad2 = vec({-0.1, -0.2, 0.4, 1.5});

void expect_vectors_near(const Vec<double>& actual, const Vec<double>& expected, double tol = 1e-15) {
  ASSERT_EQ(actual.size(), expected.size());
  for (Index i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual(i), expected(i), tol) << "entry " << i;
}

Params sgd_params(double lr, double momentum, bool nesterov) {
  Params p;
  p.solver = Solver::sgd;
  p.learning_rate_init = lr;
  p.momentum = momentum;
  p.nesterovs_momentum = nesterov;
  return p;
}

TEST(Optimizers, PlainSgdStepIsMinusLearningRateTimesGradient) {
  SgdOptimizer<double> sgd(4, sgd_params(0.1, 0.0, false));
  Vec<double> theta = kTheta0;
  sgd.update(theta, kGrad1);
  expect_vectors_near(theta, kTheta0 - 0.1 * kGrad1);
  sgd.update(theta, kGrad2);
  expect_vectors_near(theta, kTheta0 - 0.1 * kGrad1 - 0.1 * kGrad2);
}

TEST(Optimizers, PlainSgdWithNesterovFlagAndZeroMomentumIsStillPlainSgd) {
  SgdOptimizer<double> sgd(4, sgd_params(0.1, 0.0, true));
  Vec<double> theta = kTheta0;
  sgd.update(theta, kGrad1);
  expect_vectors_near(theta, kTheta0 - 0.1 * kGrad1);
}

TEST(Optimizers, MomentumSgdTwoStepsFollowTheVelocityRecursion) {
  const double lr = 0.05, mu = 0.9;
  SgdOptimizer<double> sgd(4, sgd_params(lr, mu, false));
  Vec<double> theta = kTheta0;
  // v1 = -lr g1, theta1 = theta0 + v1; v2 = mu v1 - lr g2, theta2 = theta1 + v2.
  const Vec<double> v1 = -lr * kGrad1;
  const Vec<double> theta1 = kTheta0 + v1;
  const Vec<double> v2 = mu * v1 - lr * kGrad2;
  const Vec<double> theta2 = theta1 + v2;
  sgd.update(theta, kGrad1);
  expect_vectors_near(theta, theta1);
  sgd.update(theta, kGrad2);
  expect_vectors_near(theta, theta2);
}

TEST(Optimizers, NesterovSgdTwoStepsUseTheNewVelocity) {
  const double lr = 0.05, mu = 0.9;
  SgdOptimizer<double> sgd(4, sgd_params(lr, mu, true));
  Vec<double> theta = kTheta0;
  // v1 = -lr g1, theta1 = theta0 + mu v1 - lr g1 (= theta0 - (1 + mu) lr g1);
  // v2 = mu v1 - lr g2, theta2 = theta1 + mu v2 - lr g2.
  const Vec<double> v1 = -lr * kGrad1;
  const Vec<double> theta1 = kTheta0 + mu * v1 - lr * kGrad1;
  const Vec<double> v2 = mu * v1 - lr * kGrad2;
  const Vec<double> theta2 = theta1 + mu * v2 - lr * kGrad2;
  sgd.update(theta, kGrad1);
  expect_vectors_near(theta, theta1);
  expect_vectors_near(theta, kTheta0 - (1 + mu) * lr * kGrad1);
  sgd.update(theta, kGrad2);
  expect_vectors_near(theta, theta2);
}

TEST(Optimizers, SgdUpdatesOnlyThroughTheViewItIsGiven) {
  // update() writes through an Eigen::Ref, so a segment of a larger vector works.
  SgdOptimizer<double> sgd(2, sgd_params(0.5, 0.0, false));
  Vec<double> big = vec({1, 2, 3, 4});
  sgd.update(big.segment(1, 2), vec({2, -2}));
  expect_vectors_near(big, vec({1, 1, 4, 4}));
}

Params adam_params(double lr, double beta_1, double beta_2, double epsilon) {
  Params p;
  p.solver = Solver::adam;
  p.learning_rate_init = lr;
  p.beta_1 = beta_1;
  p.beta_2 = beta_2;
  p.epsilon = epsilon;
  return p;
}

TEST(Optimizers, AdamOneStepPutsBiasCorrectionInTheStepSize) {
  const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  AdamOptimizer<double> adam(4, adam_params(lr, b1, b2, eps));
  Vec<double> theta = kTheta0;
  adam.update(theta, kGrad1);
  const Vec<double> m = (1 - b1) * kGrad1;
  const Vec<double> s = (1 - b2) * kGrad1.cwiseAbs2();
  const double lr_t = lr * std::sqrt(1 - b2) / (1 - b1);
  const Vec<double> expected = kTheta0.array() - lr_t * m.array() / (s.array().sqrt() + eps);
  expect_vectors_near(theta, expected);
  // For |g| >> eps the first step is about lr * sign(g).
  EXPECT_NEAR(theta(0), kTheta0(0) - lr, 1e-7);  // off by lr eps / (sqrt(1 - b2) |g|) = 1.05e-8
  EXPECT_NEAR(adam.learning_rate(), lr_t, 1e-17);
}

TEST(Optimizers, AdamTwoStepsMatchTheClosedForm) {
  const double lr = 0.01, b1 = 0.8, b2 = 0.99, eps = 1e-3;  // eps large enough to matter
  AdamOptimizer<double> adam(4, adam_params(lr, b1, b2, eps));
  Vec<double> theta = kTheta0;
  adam.update(theta, kGrad1);
  adam.update(theta, kGrad2);
  const Vec<double> m1 = (1 - b1) * kGrad1;
  const Vec<double> s1 = (1 - b2) * kGrad1.cwiseAbs2();
  const Vec<double> theta1 =
      kTheta0.array() - lr * std::sqrt(1 - b2) / (1 - b1) * m1.array() / (s1.array().sqrt() + eps);
  const Vec<double> m2 = b1 * m1 + (1 - b1) * kGrad2;
  const Vec<double> s2 = b2 * s1 + (1 - b2) * kGrad2.cwiseAbs2();
  const double lr_2 = lr * std::sqrt(1 - b2 * b2) / (1 - b1 * b1);
  const Vec<double> theta2 = theta1.array() - lr_2 * m2.array() / (s2.array().sqrt() + eps);
  expect_vectors_near(theta, theta2);
  EXPECT_NEAR(adam.learning_rate(), lr_2, 1e-17);
}

TEST(Optimizers, AdamEpsilonIsAddedToTheRawSecondMomentRoot) {
  // Quirk Q8: with a gradient of size eps the step differs clearly from the
  // textbook m_hat / (sqrt(s_hat) + eps).
  const double lr = 1.0, b1 = 0.9, b2 = 0.999, eps = 1e-4;
  AdamOptimizer<double> adam(1, adam_params(lr, b1, b2, eps));
  Vec<double> theta = vec({0.0});
  const double g = 1e-4;
  adam.update(theta, vec({g}));
  const double sklearn_form = -lr * std::sqrt(1 - b2) / (1 - b1) * ((1 - b1) * g) / (std::sqrt((1 - b2) * g * g) + eps);
  const double textbook_form = -lr * g / (std::abs(g) + eps);
  EXPECT_NEAR(theta(0), sklearn_form, 1e-15);
  EXPECT_GT(std::abs(theta(0) - textbook_form), 0.1);
}

Params schedule_params(LearningRate schedule, double lr, double power_t = 0.5) {
  Params p = sgd_params(lr, 0.9, true);
  p.learning_rate = schedule;
  p.power_t = power_t;
  return p;
}

TEST(Optimizers, InvscalingSetsLearningRateFromTheCumulativeSampleCount) {
  SgdOptimizer<double> sgd(1, schedule_params(LearningRate::invscaling, 0.2, 0.5));
  EXPECT_EQ(sgd.learning_rate(), 0.2);  // the first epoch uses learning_rate_init
  sgd.iteration_ends(40);
  EXPECT_NEAR(sgd.learning_rate(), 0.2 / std::sqrt(41.0), 1e-16);
  sgd.iteration_ends(80);
  EXPECT_NEAR(sgd.learning_rate(), 0.2 / std::sqrt(81.0), 1e-16);
  // lr = lr0 / (t + 1)^power_t is recomputed from lr0, not compounded.
  SgdOptimizer<double> other(1, schedule_params(LearningRate::invscaling, 0.2, 0.25));
  other.iteration_ends(15);
  EXPECT_NEAR(other.learning_rate(), 0.2 / std::pow(16.0, 0.25), 1e-16);
  other.iteration_ends(15);
  EXPECT_NEAR(other.learning_rate(), 0.1, 1e-16);
}

TEST(Optimizers, InvscalingWithPowerTZeroKeepsTheLearningRate) {
  SgdOptimizer<double> sgd(1, schedule_params(LearningRate::invscaling, 0.2, 0.0));
  sgd.iteration_ends(1000);
  EXPECT_EQ(sgd.learning_rate(), 0.2);
}

TEST(Optimizers, InvscalingIsUsedByTheUpdateAfterTheEpochEnds) {
  SgdOptimizer<double> sgd(1, schedule_params(LearningRate::invscaling, 0.3, 0.5));
  sgd.iteration_ends(8);  // lr = 0.3 / 3 = 0.1
  Vec<double> theta = vec({1.0});
  sgd.update(theta, vec({2.0}));
  // Nesterov first step: theta - (1 + mu) lr g.
  EXPECT_NEAR(theta(0), 1.0 - 1.9 * 0.1 * 2.0, 1e-15);
}

TEST(Optimizers, AdaptiveDividesByFiveUntilAtMost1e6ThenStops) {
  SgdOptimizer<double> sgd(1, schedule_params(LearningRate::adaptive, 1e-3));
  sgd.iteration_ends(100);  // the adaptive schedule ignores epoch ends
  EXPECT_EQ(sgd.learning_rate(), 1e-3);
  std::vector<double> seen;
  int continued = 0;
  while (!sgd.trigger_stopping()) {
    seen.push_back(sgd.learning_rate());
    ASSERT_LT(++continued, 100);
  }
  // 1e-3 -> 2e-4 -> 4e-5 -> 8e-6 -> 1.6e-6 -> 3.2e-7 (<= 1e-6: the next trigger stops).
  ASSERT_EQ(seen.size(), 5u);
  double expected = 1e-3;
  for (double lr : seen) {
    expected /= 5;
    EXPECT_NEAR(lr, expected, 1e-20);
  }
  EXPECT_NEAR(sgd.learning_rate(), 3.2e-7, 1e-20);  // unchanged by the stopping call
  EXPECT_TRUE(sgd.trigger_stopping());
}

TEST(Optimizers, AdaptiveStopsWhenTheLearningRateIsExactly1e6) {
  SgdOptimizer<double> sgd(1, schedule_params(LearningRate::adaptive, 1e-6));
  EXPECT_TRUE(sgd.trigger_stopping());
  EXPECT_EQ(sgd.learning_rate(), 1e-6);
  SgdOptimizer<double> above(1, schedule_params(LearningRate::adaptive, 1.5e-6));
  EXPECT_FALSE(above.trigger_stopping());
  EXPECT_NEAR(above.learning_rate(), 3e-7, 1e-21);
  EXPECT_TRUE(above.trigger_stopping());
}

TEST(Optimizers, ConstantAndInvscalingAlwaysStopAndKeepTheirRate) {
  SgdOptimizer<double> constant(1, schedule_params(LearningRate::constant, 0.1));
  EXPECT_TRUE(constant.trigger_stopping());
  EXPECT_TRUE(constant.trigger_stopping());
  constant.iteration_ends(500);
  EXPECT_EQ(constant.learning_rate(), 0.1);
  SgdOptimizer<double> invscaling(1, schedule_params(LearningRate::invscaling, 0.1));
  EXPECT_TRUE(invscaling.trigger_stopping());
}

TEST(Optimizers, AdamIgnoresTheScheduleAndAlwaysStops) {
  Params p = adam_params(0.01, 0.9, 0.999, 1e-8);
  p.learning_rate = LearningRate::adaptive;
  AdamOptimizer<double> adam(1, p);
  adam.iteration_ends(1000);
  EXPECT_EQ(adam.learning_rate(), 0.01);
  EXPECT_TRUE(adam.trigger_stopping());
  EXPECT_EQ(adam.learning_rate(), 0.01);
}

TEST(Optimizers, Float32StepsMatchTheDoubleClosedFormTo1e6) {
  SgdOptimizer<float> sgd(4, sgd_params(0.05, 0.9, true));
  AdamOptimizer<float> adam(4, adam_params(0.01, 0.9, 0.999, 1e-8));
  Vec<float> theta_sgd = kTheta0.cast<float>(), theta_adam = kTheta0.cast<float>();
  sgd.update(theta_sgd, kGrad1.cast<float>());
  adam.update(theta_adam, kGrad1.cast<float>());
  expect_vectors_near(theta_sgd.cast<double>(), kTheta0 - 1.9 * 0.05 * kGrad1, 1e-6);
  const Vec<double> adam_expected = kTheta0.array() - 0.01 * std::sqrt(0.001) / 0.1 * (0.1 * kGrad1.array()) /
                                                          ((0.001 * kGrad1.array().square()).sqrt() + 1e-8);
  expect_vectors_near(theta_adam.cast<double>(), adam_expected, 1e-6);
}

// --- The schedules as the estimator drives them -----------------------------

Dataset blobs() { return make_blobs(40, 2, 2, Mat<double>(), {1.0}, -10, 10, true, 3u); }

ClassTarget labels_of(const Mat<double>& y) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

TEST(Optimizers, FitEndsWithInvscalingRateOfTheTotalSamplesSeen) {
  Dataset d = blobs();
  Params p = schedule_params(LearningRate::invscaling, 0.1, 0.5);
  p.hidden_layer_sizes = {5};
  p.max_iter = 7;
  p.random_state = 0;
  p.batch_size = 16;  // 40 rows: batches 16, 16, 8
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  ASSERT_EQ(model.n_iter(), 7);
  EXPECT_EQ(model.t(), 7 * 40);
  EXPECT_NEAR(*model.optimizer_learning_rate(), 0.1 / std::sqrt(7.0 * 40 + 1), 1e-16);
}

TEST(Optimizers, FitWithAdamEndsWithTheBiasCorrectedRateOfTheBatchCount) {
  Dataset d = blobs();
  Params p = adam_params(0.01, 0.9, 0.999, 1e-8);
  p.hidden_layer_sizes = {5};
  p.max_iter = 4;
  p.random_state = 0;
  p.batch_size = 16;  // 3 batches per epoch: Adam's t = 12
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  ASSERT_EQ(model.n_iter(), 4);
  EXPECT_NEAR(*model.optimizer_learning_rate(), 0.01 * std::sqrt(1 - std::pow(0.999, 12)) / (1 - std::pow(0.9, 12)),
              1e-16);
}

TEST(Optimizers, AdaptiveFitDividesTheRateAfterNIterNoChangePlusOneBadEpochs) {
  // tol huge: every epoch after the first counts as "no improvement", so with
  // n_iter_no_change = 2 the rate is divided at epochs 4, 7, 10, ...
  Dataset d = blobs();
  Params p = schedule_params(LearningRate::adaptive, 0.01);
  p.hidden_layer_sizes = {5};
  p.tol = 1e9;
  p.n_iter_no_change = 2;
  p.max_iter = 8;
  p.random_state = 0;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 8);
  EXPECT_NEAR(*model.optimizer_learning_rate(), 0.01 / 25, 1e-18);
}

}  // namespace
}  // namespace mlp
