// MLPClassifier / MLPRegressor training (spec sections 9-11, 13-16): early stopping, partial_fit,
// warm_start, lbfgs, seeds, precision and regularisation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "estimator_helpers.hpp"
#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/split.hpp"

namespace mlp {
namespace {

using namespace estimator_test;

// --- Early stopping ----------------------------------------------------------------

Params early_stopping_params() {
  Params p = small();
  p.early_stopping = true;
  p.validation_fraction = 0.2;
  p.n_iter_no_change = 4;
  p.max_iter = 300;
  p.learning_rate_init = 0.1;
  p.random_state = 1;  // scikit-learn 1.2.1: 11 epochs, best (0.85) at epoch 6, last 0.8
  return p;
}

TEST(Estimators, EarlyStoppingRecordsOneValidationScorePerEpochAndNoBestLoss) {
  Dataset d = moons();
  MLPClassifier<double> model(early_stopping_params());
  model.fit(d.X, labels_of(d.y));
  ASSERT_TRUE(model.validation_scores().has_value());
  const auto& scores = *model.validation_scores();
  EXPECT_EQ(static_cast<long long>(scores.size()), model.n_iter());
  EXPECT_EQ(model.loss_curve().size(), scores.size());
  EXPECT_LT(model.n_iter(), 300);  // it stopped early
  EXPECT_TRUE(model.warnings().empty());
  EXPECT_FALSE(model.best_loss().has_value());
  EXPECT_EQ(*model.best_validation_score(), *std::max_element(scores.begin(), scores.end()));
  for (double s : scores) {
    // Accuracy on 20 validation rows: a multiple of 1/20.
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
    EXPECT_NEAR(s * 20, std::round(s * 20), 1e-9);
  }
  // 20 rows went to validation: t_ counts the 80 training rows only.
  EXPECT_EQ(model.t(), model.n_iter() * 80);
  // Quirk Q7: loss_ stays the last epoch's training loss.
  EXPECT_EQ(model.loss(), model.loss_curve().back());
}

TEST(Estimators, EarlyStoppingRestoresTheWeightsOfTheBestValidationEpoch) {
  // The refit with max_iter = best epoch makes the same draws (init, split,
  // shuffles) and runs the same epochs; its best epoch is its last, so its
  // restored weights are the weights at the best epoch of the long fit.
  Dataset d = moons();
  MLPClassifier<double> model(early_stopping_params());
  model.fit(d.X, labels_of(d.y));
  const auto& scores = *model.validation_scores();
  const long long best_epoch = std::max_element(scores.begin(), scores.end()) - scores.begin() + 1;
  ASSERT_LT(best_epoch, model.n_iter()) << "the test needs epochs after the best one";

  Params p = early_stopping_params();
  p.max_iter = best_epoch;
  MLPClassifier<double> refit(p);
  refit.fit(d.X, labels_of(d.y));
  ASSERT_EQ(refit.n_iter(), best_epoch);
  EXPECT_EQ(refit.validation_scores()->back(), *model.best_validation_score());
  EXPECT_EQ(max_weight_difference(model, refit), 0.0);
}

TEST(Estimators, EarlyStoppingWeightsScoreTheBestValidationScoreNotTheLast) {
  // Rebuild the validation part from the same RandomState stream (33 init
  // draws for 2-8-1, then the stratified split) and score the final weights on it.
  Dataset d = moons();
  const Params p = early_stopping_params();
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  const auto& scores = *model.validation_scores();
  ASSERT_LT(scores.back(), *model.best_validation_score()) << "the test needs a last epoch worse than the best";

  RandomState rng(*p.random_state);
  for (int draw = 0; draw < 2 * 8 + 8 + 8 * 1 + 1; ++draw) rng.uniform(-1, 1);
  std::vector<Index> strata;
  for (Index i = 0; i < d.y.rows(); ++i) strata.push_back(static_cast<Index>(d.y(i, 0)));
  const Split split = train_validation_split(d.X.rows(), p.validation_fraction, &strata, rng);
  ASSERT_EQ(split.validation.size(), 20u);
  Mat<double> X_val(20, 2);
  ClassTarget y_val;
  for (std::size_t k = 0; k < split.validation.size(); ++k) {
    X_val.row(static_cast<Index>(k)) = d.X.row(split.validation[k]);
    y_val.labels.emplace_back(d.y(split.validation[k], 0));
  }
  EXPECT_EQ(model.score(X_val, y_val), *model.best_validation_score());
  EXPECT_EQ(model.score(X_val, y_val),
            scores[static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) - scores.begin())]);
}

TEST(Estimators, EarlyStoppingFitEndsAtBestWeightsEvenWhenMaxIterIsReached) {
  // Restoring happens however the loop ends (spec section 10).
  Dataset d = moons();
  Params p = early_stopping_params();
  p.n_iter_no_change = std::numeric_limits<double>::infinity();
  p.max_iter = 40;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 40);
  EXPECT_TRUE(has_warning_starting_with(model.warnings(), "Stochastic Optimizer: Maximum iterations (40)"));
  const auto& scores = *model.validation_scores();
  const long long best_epoch = std::max_element(scores.begin(), scores.end()) - scores.begin() + 1;
  Params q = p;
  q.max_iter = best_epoch;
  MLPClassifier<double> refit(q);
  refit.fit(d.X, labels_of(d.y));
  EXPECT_EQ(max_weight_difference(model, refit), 0.0);
}

TEST(Estimators, EarlyStoppingRegressorScoresWithR2) {
  Dataset d = make_regression(80, 3, 3, 1, 0.0, 1.0, true, 2u);
  Params p = early_stopping_params();
  p.n_iter_no_change = 10;
  p.learning_rate_init = 0.05;  // scikit-learn 1.2.1: 141 epochs, best R^2 0.996
  MLPRegressor<double> model(p);
  model.fit(d.X, d.y / 100);
  ASSERT_TRUE(model.validation_scores().has_value());
  EXPECT_EQ(static_cast<long long>(model.validation_scores()->size()), model.n_iter());
  // R^2 starts negative (-3.39 at epoch 1) and ends high.
  EXPECT_LT(model.validation_scores()->front(), 0.0);
  EXPECT_GT(*model.best_validation_score(), 0.5);
}

// --- partial_fit and warm_start ------------------------------------------------------

Params sequence_params() {
  Params p = small();
  p.shuffle = false;  // partial_fit re-seeds at every call; without shuffling the epochs coincide
  p.batch_size = 32;  // 100 rows: 4 Adam steps per epoch (32, 32, 32, 4)
  p.max_iter = 3;
  return p;
}

TEST(Estimators, PartialFitAccumulatesAndKeepsTheOptimiserLikeOneFit) {
  Dataset d = moons();
  const ClassTarget y = labels_of(d.y);
  MLPClassifier<double> fitted(sequence_params());
  fitted.fit(d.X, y);

  MLPClassifier<double> partial(sequence_params());
  const std::vector<Label> classes{0.0, 1.0};
  for (int call = 1; call <= 3; ++call) {
    partial.partial_fit(d.X, y, call == 1 ? &classes : nullptr);
    EXPECT_EQ(partial.n_iter(), call);
    EXPECT_EQ(partial.t(), call * 100);
    EXPECT_EQ(partial.loss_curve().size(), static_cast<std::size_t>(call));
  }
  EXPECT_EQ(partial.loss_curve(), fitted.loss_curve());
  EXPECT_EQ(max_weight_difference(partial, fitted), 0.0);
  // Adam's t kept counting: 12 steps.
  EXPECT_DOUBLE_EQ(*partial.optimizer_learning_rate(),
                   0.01 * std::sqrt(1 - std::pow(0.999, 12)) / (1 - std::pow(0.9, 12)));
  EXPECT_EQ(*partial.best_loss(), *std::min_element(partial.loss_curve().begin(), partial.loss_curve().end()));
  EXPECT_TRUE(partial.warnings().empty());  // partial_fit never warns about max_iter
}

TEST(Estimators, PartialFitRunsOneEpochWhateverMaxIter) {
  Dataset d = moons();
  Params p = sequence_params();
  p.max_iter = 1;  // n_iter_ passes max_iter without a warning or a stop
  MLPRegressor<double> model(p);
  for (int call = 0; call < 4; ++call) model.partial_fit(d.X, d.y);
  EXPECT_EQ(model.n_iter(), 4);
  EXPECT_EQ(model.t(), 400);
  EXPECT_TRUE(model.warnings().empty());
}

TEST(Estimators, WarmStartKeepsWeightsAndNIterButMakesANewOptimiser) {
  Dataset d = moons();
  const ClassTarget y = labels_of(d.y);
  Params p = sequence_params();
  p.max_iter = 1;
  p.warm_start = true;
  MLPClassifier<double> warm(p);
  warm.fit(d.X, y);
  const auto W1 = coefs_copy(warm);
  const auto b1 = intercepts_copy(warm);
  warm.fit(d.X, y);
  EXPECT_EQ(warm.n_iter(), 2);
  EXPECT_EQ(warm.t(), 200);
  ASSERT_EQ(warm.loss_curve().size(), 2u);

  // A fresh model started from the weights after the first fit, with its own
  // fresh Adam, lands on exactly the same weights.
  Params fresh_params = p;
  fresh_params.warm_start = false;
  MLPClassifier<double> fresh(fresh_params);
  fresh.set_initial_weights(W1, b1);
  fresh.fit(d.X, y);
  EXPECT_EQ(max_weight_difference(warm, fresh), 0.0);
  EXPECT_EQ(warm.loss_curve()[1], fresh.loss_curve()[0]);
  // Adam's t restarted at 0: 4 steps, not 8.
  EXPECT_DOUBLE_EQ(*warm.optimizer_learning_rate(), 0.01 * std::sqrt(1 - std::pow(0.999, 4)) / (1 - std::pow(0.9, 4)));

  // Whereas two partial_fits continue one optimiser and end elsewhere.
  MLPClassifier<double> partial(fresh_params);
  const std::vector<Label> classes{0.0, 1.0};
  partial.partial_fit(d.X, y, &classes);
  partial.partial_fit(d.X, y);
  EXPECT_EQ(partial.loss_curve()[0], warm.loss_curve()[0]);
  EXPECT_GT(max_weight_difference(partial, warm), 1e-6);

  // The max_iter warning compares the cumulative n_iter_ with max_iter: only the first fit warns.
  EXPECT_EQ(
      std::count(warm.warnings().begin(), warm.warnings().end(),
                 "Stochastic Optimizer: Maximum iterations (1) reached and the optimization hasn't converged yet."),
      1);
}

TEST(Estimators, FitWithoutWarmStartStartsOver) {
  Dataset d = moons();
  Params p = sequence_params();
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  const std::vector<double> first_curve = model.loss_curve();
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 3);
  EXPECT_EQ(model.t(), 300);
  EXPECT_EQ(model.loss_curve(), first_curve);
}

// --- lbfgs -----------------------------------------------------------------------------

TEST(Estimators, LbfgsFitHasNoStochasticAttributes) {
  Dataset d = moons();
  Params p = small(Solver::lbfgs);
  p.max_iter = 200;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_GE(model.n_iter(), 1);
  EXPECT_LE(model.n_iter(), 200);
  EXPECT_TRUE(model.loss_curve().empty());
  EXPECT_FALSE(model.best_loss().has_value());
  EXPECT_FALSE(model.validation_scores().has_value());
  EXPECT_FALSE(model.best_validation_score().has_value());
  EXPECT_FALSE(model.stochastic_attributes());
  EXPECT_EQ(model.t(), 0);
  EXPECT_GT(model.score(d.X, labels_of(d.y)), 0.9);
}

TEST(Estimators, LbfgsWithSmallMaxIterWarnsThatItFailedToConverge) {
  Dataset d = moons();
  Params p = small(Solver::lbfgs);
  p.max_iter = 3;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 3);
  ASSERT_EQ(model.warnings().size(), 1u);
  EXPECT_EQ(
      model.warnings()[0].rfind("lbfgs failed to converge (status=1):\nSTOP: TOTAL NO. of ITERATIONS REACHED LIMIT", 0),
      0u)
      << model.warnings()[0];
  EXPECT_NE(model.warnings()[0].find("Increase the number of iterations (max_iter)"), std::string::npos);
}

TEST(Estimators, LbfgsLossIsTheFinalObjectiveWithTheFullSetL2Term) {
  // loss_ = data loss + alpha/(2N) ||W||^2 at the returned weights.
  Dataset d = moons();
  Params p = small(Solver::lbfgs);
  p.alpha = 0.5;
  MLPRegressor<double> model(p);
  model.fit(d.X, d.y);
  const Mat<double> residual = d.y - model.predict(d.X);
  const double expected = residual.squaredNorm() / (2.0 * 100) + 0.5 / 2 * squared_coefs(model) / 100;
  EXPECT_NEAR(model.loss(), expected, 1e-12);
}

TEST(Estimators, RegressorPartialFitWithLbfgsRunsAFullLbfgs) {
  // Quirk Q11: MLPRegressor.partial_fit exists for lbfgs and runs a whole
  // optimisation, identical to fit on the first call.
  Dataset d = moons();
  Params p = small(Solver::lbfgs);
  p.max_iter = 100;
  MLPRegressor<double> fitted(p);
  fitted.fit(d.X, d.y);
  MLPRegressor<double> partial(p);
  partial.partial_fit(d.X, d.y);
  EXPECT_GT(partial.n_iter(), 1);
  EXPECT_EQ(partial.n_iter(), fitted.n_iter());
  EXPECT_EQ(partial.loss(), fitted.loss());
  EXPECT_EQ(max_weight_difference(partial, fitted), 0.0);
  EXPECT_TRUE(partial.loss_curve().empty());
  EXPECT_EQ(partial.t(), 0);
  // A second call continues from the current weights (n_iter_ is overwritten).
  const double before = partial.loss();
  partial.partial_fit(d.X, d.y);
  EXPECT_LE(partial.loss(), before);
  EXPECT_LE(partial.n_iter(), 100);
}

// --- Seeds, precision, regularisation --------------------------------------------------

TEST(Estimators, SameIntegerRandomStateGivesIdenticalFitsAndOtherSeedsDiffer) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 20;
  p.random_state = 7;
  MLPClassifier<double> a(p), b(p);
  a.fit(d.X, labels_of(d.y));
  b.fit(d.X, labels_of(d.y));
  EXPECT_EQ(a.loss_curve(), b.loss_curve());
  EXPECT_EQ(max_weight_difference(a, b), 0.0);
  p.random_state = 8;
  MLPClassifier<double> c(p);
  c.fit(d.X, labels_of(d.y));
  EXPECT_GT(max_weight_difference(a, c), 1e-3);
  EXPECT_NE(a.loss_curve().front(), c.loss_curve().front());
}

TEST(Estimators, RandomStateNoneGivesDifferentFits) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 2;
  p.random_state.reset();
  MLPClassifier<double> a(p), b(p);
  a.fit(d.X, labels_of(d.y));
  b.fit(d.X, labels_of(d.y));
  EXPECT_GT(max_weight_difference(a, b), 1e-6);
}

TEST(Estimators, Float32AndFloat64FitsAgreeLoosely) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 40;
  MLPClassifier<double> f64(p);
  MLPClassifier<float> f32(p);
  f64.fit(d.X, labels_of(d.y));
  f32.fit(d.X.cast<float>(), labels_of(d.y));
  ASSERT_EQ(f32.loss_curve().size(), f64.loss_curve().size());
  for (std::size_t i = 0; i < f64.loss_curve().size(); ++i)
    EXPECT_NEAR(f32.loss_curve()[i], f64.loss_curve()[i], 1e-4 * f64.loss_curve()[i]) << "epoch " << i + 1;
  const Mat<double> p64 = f64.predict_proba(d.X);
  const Mat<double> p32 = f32.predict_proba(d.X.cast<float>()).cast<double>();
  EXPECT_LT((p64 - p32).cwiseAbs().maxCoeff(), 1e-3);
  EXPECT_NEAR(f32.score(d.X.cast<float>(), labels_of(d.y)), f64.score(d.X, labels_of(d.y)), 0.02);
}

TEST(Estimators, LargerAlphaShrinksTheWeights) {
  Dataset d = moons();
  double previous = std::numeric_limits<double>::infinity();
  for (double alpha : {1e-5, 1.0, 30.0}) {
    SCOPED_TRACE(alpha);
    Params p = small(Solver::lbfgs);
    p.alpha = alpha;
    p.max_iter = 500;
    MLPClassifier<double> model(p);
    model.fit(d.X, labels_of(d.y));
    const double norm = squared_coefs(model);
    EXPECT_LT(norm, previous);
    previous = norm;
  }
  // The same holds for a stochastic solver.
  Params p = small();
  p.max_iter = 100;
  MLPClassifier<double> loose(p);
  loose.fit(d.X, labels_of(d.y));
  p.alpha = 5.0;
  MLPClassifier<double> tight(p);
  tight.fit(d.X, labels_of(d.y));
  EXPECT_LT(squared_coefs(tight), squared_coefs(loose));
}

}  // namespace
}  // namespace mlp
