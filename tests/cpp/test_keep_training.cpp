// keep_training, the playground's way to train past scikit-learn's stop: epochs 1..E equal
// fit() with max_iter=E and a patience that cannot run out; fit()'s own stop is recorded,
// not obeyed; a diverging loss ends the run without an exception. And the session's
// per-epoch metrics and incremental histories.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"
#include "mlp/session.hpp"

namespace mlp {
namespace {

struct Problem {
  Mat<double> X;
  ClassTarget y;
};

Problem moons(Index n, double noise = 0.3) {
  Dataset d = make_moons(n, true, noise, 3u);
  Problem p{d.X, {}};
  for (Index i = 0; i < n; ++i) p.y.labels.emplace_back(d.y(i, 0));
  return p;
}

Params params_for(Solver solver) {
  Params p;
  p.hidden_layer_sizes = {6, 5};
  p.solver = solver;
  p.max_iter = 300;
  p.random_state = 7;
  p.batch_size = 32;
  p.tol = 1e-3;  // stops early enough to train past it
  p.n_iter_no_change = 5;
  p.learning_rate_init = solver == Solver::sgd ? 0.05 : 0.01;
  return p;
}

/// Trains with keep_training one epoch per call until epoch `epochs` (or the end).
void train_kept(MLPClassifier<double>& model, const Problem& data, long long epochs) {
  model.set_keep_training(true);
  model.begin_fit(data.X, data.y);
  while (model.n_iter() < epochs && !model.fit_steps(1)) {
  }
}

struct Case {
  const char* name;
  Solver solver;
  LearningRate schedule;
  bool early_stopping;
};

class KeepTraining : public ::testing::TestWithParam<Case> {};

TEST_P(KeepTraining, RecordsFitsStopAndEqualsFitWithThatManyEpochsAndNoPatience) {
  const Case c = GetParam();
  const Problem data = moons(120);
  Params p = params_for(c.solver);
  p.learning_rate = c.schedule;
  p.early_stopping = c.early_stopping;

  MLPClassifier<double> plain(p);
  plain.fit(data.X, data.y);
  const long long stop = plain.n_iter();
  ASSERT_LT(stop, p.max_iter) << "the case must stop on the tol rule";

  const long long E = stop + 25;
  MLPClassifier<double> kept(p);
  train_kept(kept, data, E);
  ASSERT_EQ(kept.n_iter(), E);
  EXPECT_TRUE(kept.fitting()) << "a kept fit never ends by itself";
  EXPECT_EQ(kept.fit_stop().epoch, stop);
  EXPECT_EQ(kept.fit_stop().reason, plain.stop_reason());
  EXPECT_GT(kept.fit_stop().patience_epoch, 0);
  EXPECT_LE(kept.fit_stop().patience_epoch, stop);
  // Up to fit()'s stop, the same run.
  ASSERT_GE(kept.loss_curve().size(), plain.loss_curve().size());
  for (std::size_t i = 0; i < plain.loss_curve().size(); ++i) EXPECT_EQ(kept.loss_curve()[i], plain.loss_curve()[i]);

  Params unbounded = p;
  unbounded.max_iter = E;
  unbounded.n_iter_no_change = static_cast<double>(E);
  MLPClassifier<double> whole(unbounded);
  whole.fit(data.X, data.y);
  EXPECT_EQ(whole.n_iter(), E);
  EXPECT_EQ(whole.loss_curve(), kept.loss_curve());
  EXPECT_EQ(whole.t(), kept.t());
  if (c.early_stopping) {
    // fit() ends by restoring the best weights; the kept run keeps them aside.
    EXPECT_EQ(whole.validation_scores(), kept.validation_scores());
    EXPECT_EQ(whole.packed_parameters(), kept.best_parameters());
    EXPECT_GT(kept.best_epoch(), 0);
  } else {
    EXPECT_EQ(whole.packed_parameters(), kept.packed_parameters());
  }
}

INSTANTIATE_TEST_SUITE_P(Solvers, KeepTraining,
                         ::testing::Values(Case{"sgd_constant", Solver::sgd, LearningRate::constant, false},
                                           Case{"sgd_invscaling", Solver::sgd, LearningRate::invscaling, false},
                                           Case{"adam", Solver::adam, LearningRate::constant, false},
                                           Case{"adam_early_stopping", Solver::adam, LearningRate::constant, true},
                                           Case{"sgd_early_stopping", Solver::sgd, LearningRate::constant, true}),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(KeepTraining, AdaptiveDividesTheRateAsFitDoesUpToItsStop) {
  const Problem data = moons(120);
  Params p = params_for(Solver::sgd);
  p.learning_rate = LearningRate::adaptive;
  p.n_iter_no_change = 2;
  p.tol = 1e-2;
  MLPClassifier<double> plain(p);
  plain.fit(data.X, data.y);
  const long long stop = plain.n_iter();
  ASSERT_LT(stop, p.max_iter);
  MLPClassifier<double> kept(p);
  train_kept(kept, data, stop + 10);
  EXPECT_EQ(kept.fit_stop().epoch, stop);
  EXPECT_NE(kept.fit_stop().reason.find("Learning rate too small"), std::string::npos);
  EXPECT_EQ(kept.fit_stop().rule_stop_epoch, stop);
  EXPECT_LT(kept.fit_stop().patience_epoch, stop);  // the rule divided the rate before
  for (std::size_t i = 0; i < plain.loss_curve().size(); ++i) EXPECT_EQ(kept.loss_curve()[i], plain.loss_curve()[i]);
  // After the stop the rate stays where fit() left it.
  EXPECT_EQ(kept.optimizer_learning_rate(), plain.optimizer_learning_rate());
}

TEST(KeepTraining, MaxIterIsMarkedNotObeyed) {
  const Problem data = moons(100);
  Params p = params_for(Solver::adam);
  p.max_iter = 12;
  p.n_iter_no_change = 1000;
  MLPClassifier<double> kept(p);
  train_kept(kept, data, 30);
  EXPECT_EQ(kept.n_iter(), 30);
  EXPECT_EQ(kept.fit_stop().epoch, 12);
  EXPECT_EQ(kept.fit_stop().reason, "Maximum iterations (12) reached.");
  EXPECT_EQ(kept.fit_stop().patience_epoch, 0);
  EXPECT_EQ(kept.fit_stop().rule_stop_epoch, 0);
}

TEST(KeepTraining, LbfgsPastMaxIterFollowsTheSamePath) {
  const Problem data = moons(100);
  Params p = params_for(Solver::lbfgs);
  p.max_iter = 10;
  p.tol = 1e-9;
  MLPClassifier<double> kept(p);
  train_kept(kept, data, 25);
  ASSERT_EQ(kept.n_iter(), 25);
  EXPECT_EQ(kept.fit_stop().epoch, 10);
  Params longer = p;
  longer.max_iter = 25;
  MLPClassifier<double> whole(longer);
  whole.fit(data.X, data.y);
  EXPECT_EQ(whole.n_iter(), 25);
  EXPECT_EQ(whole.packed_parameters(), kept.packed_parameters());
}

TEST(KeepTraining, ANonFiniteLossEndsTheFitWithoutAnException) {
  Dataset d = make_sine(80, 0.1, 5u);
  Params p = params_for(Solver::sgd);
  p.learning_rate_init = 50;
  p.momentum = 0;
  p.tol = 0;
  MLPRegressor<double> model(p);
  model.set_keep_training(true);
  model.begin_fit(d.X, d.y);
  bool done = false;
  for (int k = 0; k < 5000 && !done; ++k) done = model.fit_steps(1);
  ASSERT_TRUE(done);
  EXPECT_TRUE(model.diverged());
  EXPECT_NE(model.stop_reason().find("diverged"), std::string::npos);
}

// ---- the session

using json = nlohmann::json;

Session kept_session(const std::string& estimator, const std::string& params, const std::string& generator,
                     const std::string& data) {
  Session s;
  EXPECT_TRUE(s.configure(estimator, params, "float64").ok);
  EXPECT_TRUE(s.generate(generator, data, 0.25, 0).ok);
  s.set_keep_training(true);
  return s;
}

TEST(KeepTrainingSession, MetricsEveryEpochEqualTheScoresOfThatEpoch) {
  Session s =
      kept_session("MLPClassifier", R"({"hidden_layer_sizes": [6], "random_state": 4, "learning_rate_init": 0.01})",
                   "make_moons", R"({"n_samples": 80, "noise": 0.2, "random_state": 1})");
  constexpr int kCols = EpochMetrics::kColumns;
  for (int epoch = 1; epoch <= 6; ++epoch) {
    const Progress p = s.step(1);
    ASSERT_TRUE(p.status.ok);
    ASSERT_EQ(p.epoch, epoch);
    const Scores now = s.scores();
    s.read_history();
    ASSERT_EQ(s.metrics_size(), epoch * kCols);
    const double* row = s.metrics() + (epoch - 1) * kCols;
    EXPECT_EQ(row[0], now.train);
    EXPECT_EQ(row[1], now.test);
    EXPECT_EQ(row[2], now.train_loss);
    EXPECT_EQ(row[3], now.test_loss);
    EXPECT_GE(row[4], 0.5);
    EXPECT_LE(row[4], 1.0);
  }
  // Only what is new: from epoch 4 on.
  s.read_history(4);
  EXPECT_EQ(s.metrics_size(), 2 * kCols);
  EXPECT_EQ(s.loss_curve_size(), 2);
  s.read_history(0);
  EXPECT_EQ(s.loss_curve_size(), 6);
  // A cadence: measured every third epoch, NaN between.
  s.set_keep_training(true, 3);
  ASSERT_TRUE(s.reset().ok);
  s.step(6);
  s.read_history();
  ASSERT_EQ(s.metrics_size(), 6 * kCols);
  EXPECT_TRUE(std::isnan(s.metrics()[0]));
  EXPECT_FALSE(std::isnan(s.metrics()[2 * kCols]));
  EXPECT_FALSE(std::isnan(s.metrics()[5 * kCols]));
}

TEST(KeepTrainingSession, TrainsPastTheStopAndSaysWhereFitStops) {
  Session s = kept_session("MLPClassifier",
                           R"({"hidden_layer_sizes": [6], "random_state": 4, "learning_rate_init": 0.05, "tol": 0.01})",
                           "make_moons", R"({"n_samples": 80, "noise": 0.2, "random_state": 1})");
  Session plain;
  ASSERT_TRUE(
      plain
          .configure("MLPClassifier",
                     R"({"hidden_layer_sizes": [6], "random_state": 4, "learning_rate_init": 0.05, "tol": 0.01})",
                     "float64")
          .ok);
  ASSERT_TRUE(plain.generate("make_moons", R"({"n_samples": 80, "noise": 0.2, "random_state": 1})", 0.25, 0).ok);
  const Progress end = plain.step(100000);
  ASSERT_TRUE(end.finished);
  const Progress p = s.step(static_cast<int>(end.epoch) + 20);
  EXPECT_FALSE(p.finished);
  EXPECT_EQ(p.epoch, end.epoch + 20);
  EXPECT_EQ(p.fit_stop_epoch, end.epoch);
  EXPECT_EQ(p.fit_stop_reason, end.stop_reason);
  EXPECT_FALSE(s.best_scores().status.ok);  // no early stopping

  // Asked for many epochs at once, a session that pauses at fit()'s stop returns there.
  ASSERT_TRUE(s.reset().ok);
  s.set_pause_at_fit_stop(true);
  const Progress at = s.step(100000);
  EXPECT_EQ(at.epoch, end.epoch);
  EXPECT_EQ(s.step(3).epoch, end.epoch + 3);  // and goes on past it after
}

TEST(KeepTrainingSession, BestScoresAreThoseOfTheWeightsFitReturns) {
  const char* params =
      R"({"hidden_layer_sizes": [8], "random_state": 0, "learning_rate_init": 0.05, "early_stopping": true})";
  Session s =
      kept_session("MLPClassifier", params, "make_moons", R"({"n_samples": 200, "noise": 0.3, "random_state": 2})");
  Session plain;
  ASSERT_TRUE(plain.configure("MLPClassifier", params, "float64").ok);
  ASSERT_TRUE(plain.generate("make_moons", R"({"n_samples": 200, "noise": 0.3, "random_state": 2})", 0.25, 0).ok);
  const Progress end = plain.step(100000);
  ASSERT_TRUE(end.finished);
  const Progress p = s.step(static_cast<int>(end.epoch) + 5);
  ASSERT_EQ(p.fit_stop_epoch, end.epoch);
  ASSERT_GT(p.best_epoch, 0);
  // fit() returns the best weights: the plain session's scores are the kept run's best_scores.
  const Scores returned = plain.scores();
  const Scores best = s.best_scores();
  ASSERT_TRUE(best.status.ok);
  EXPECT_EQ(best.train, returned.train);
  EXPECT_EQ(best.test, returned.test);
}

TEST(KeepTrainingSession, AnExplodingLossIsNamedAndEndsTheRun) {
  Session s = kept_session("MLPRegressor",
                           R"({"hidden_layer_sizes": [8], "solver": "sgd", "learning_rate_init": 1, "momentum": 0,
                               "random_state": 0})",
                           "make_regression", R"({"n_samples": 200, "n_features": 1, "noise": 10, "random_state": 0})");
  Progress p;
  for (int k = 0; k < 2000 && !p.finished; ++k) p = s.step(1);
  ASSERT_TRUE(p.finished);
  EXPECT_TRUE(p.diverged);
  EXPECT_TRUE(p.status.ok);
  EXPECT_NE(p.stop_reason.find("diverged"), std::string::npos) << p.stop_reason;
  const Progress again = s.step(1);  // nothing more to train until a reset
  EXPECT_EQ(again.epoch, p.epoch);
  EXPECT_TRUE(again.diverged);
  ASSERT_TRUE(s.reset().ok);
  EXPECT_FALSE(s.step(1).diverged);
}

}  // namespace
}  // namespace mlp
