// MLPClassifier / MLPRegressor behaviour (spec sections 2, 7, 9-11, 13-16):
// outputs and shapes, warnings, stopping rules, early stopping, partial_fit,
// warm_start, lbfgs, seeds and precision.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/split.hpp"

namespace mlp {
namespace {

// --- Data and helpers ---------------------------------------------------------

ClassTarget labels_of(const Mat<double>& y) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

ClassTarget named(const Mat<double>& y, const std::vector<std::string>& names) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(names[static_cast<std::size_t>(y(i, 0))]);
  return t;
}

/// 100 noisy two-moons points (binary).
Dataset moons() { return make_moons(100, true, 0.25, 0u); }

/// 90 points in three well-separated blobs (multiclass).
Dataset blobs3() { return make_blobs(90, 2, 3, Mat<double>(), {1.0}, -10, 10, true, 1u); }

Params small(Solver solver = Solver::adam) {
  Params p;
  p.hidden_layer_sizes = {8};
  p.solver = solver;
  p.random_state = 0;
  p.max_iter = 50;
  p.learning_rate_init = 0.01;
  return p;
}

template <class S>
double max_weight_difference(const MultilayerPerceptron<S>& a, const MultilayerPerceptron<S>& b) {
  const Vec<S>& ta = a.packed_parameters();
  const Vec<S>& tb = b.packed_parameters();
  if (ta.size() != tb.size()) return std::numeric_limits<double>::infinity();
  return (ta - tb).cwiseAbs().template cast<double>().maxCoeff();
}

double squared_coefs(const MultilayerPerceptron<double>& model) {
  double sum = 0;
  for (const auto& W : model.coefs()) sum += W.squaredNorm();
  return sum;
}

std::vector<Mat<double>> coefs_copy(const MultilayerPerceptron<double>& model) { return model.coefs(); }
std::vector<Vec<double>> intercepts_copy(const MultilayerPerceptron<double>& model) { return model.intercepts(); }

bool has_warning_starting_with(const std::vector<std::string>& warnings, const std::string& prefix) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const std::string& w) { return w.compare(0, prefix.size(), prefix) == 0; });
}

const std::string kMaxIterWarning5 =
    "Stochastic Optimizer: Maximum iterations (5) reached and the optimization hasn't converged yet.";
const std::string kBatchWarning = "Got `batch_size` less than 1 or larger than sample size. It is going to be clipped";

// --- Outputs and shapes ----------------------------------------------------------

TEST(Estimators, BinaryClassifierHasOneLogisticOutputAndTwoColumnProba) {
  Dataset d = moons();
  MLPClassifier<double> model(small());
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_outputs(), 1);
  EXPECT_EQ(model.out_activation(), OutActivation::logistic);
  EXPECT_EQ(model.n_layers(), 3);
  EXPECT_EQ(model.n_features_in(), 2);
  ASSERT_EQ(model.classes().size(), 2u);
  const Mat<double> proba = model.predict_proba(d.X);
  ASSERT_EQ(proba.rows(), d.X.rows());
  ASSERT_EQ(proba.cols(), 2);
  EXPECT_LT((proba.rowwise().sum().array() - 1).abs().maxCoeff(), 1e-12);
  EXPECT_GE(proba.minCoeff(), 0.0);
  // Column 1 is the network output p, column 0 is 1 - p.
  const Mat<double> p = model.forward(d.X);
  EXPECT_EQ((proba.col(1) - p.col(0)).cwiseAbs().maxCoeff(), 0.0);
  // predict thresholds p > 0.5.
  const ClassTarget predicted = model.predict(d.X);
  for (Index i = 0; i < d.X.rows(); ++i)
    EXPECT_EQ(std::get<double>(predicted.labels[static_cast<std::size_t>(i)]), p(i, 0) > 0.5 ? 1.0 : 0.0);
}

TEST(Estimators, MulticlassUsesSoftmaxWithOneOutputPerClassAndProbaRowsSumToOne) {
  Dataset d = blobs3();
  MLPClassifier<double> model(small());
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_outputs(), 3);
  EXPECT_EQ(model.out_activation(), OutActivation::softmax);
  EXPECT_EQ(model.coefs().back().cols(), 3);
  const Mat<double> proba = model.predict_proba(d.X);
  ASSERT_EQ(proba.cols(), 3);
  EXPECT_LT((proba.rowwise().sum().array() - 1).abs().maxCoeff(), 1e-12);
  // predict is classes_[argmax].
  const ClassTarget predicted = model.predict(d.X);
  for (Index i = 0; i < d.X.rows(); ++i) {
    Index best = 0;
    proba.row(i).maxCoeff(&best);
    EXPECT_EQ(predicted.labels[static_cast<std::size_t>(i)], model.classes()[static_cast<std::size_t>(best)]);
  }
  EXPECT_GT(model.score(d.X, labels_of(d.y)), 0.9);
}

TEST(Estimators, PredictLogProbaIsTheLogOfPredictProba) {
  for (const Dataset& d : {moons(), blobs3()}) {
    MLPClassifier<double> model(small());
    model.fit(d.X, labels_of(d.y));
    const Mat<double> proba = model.predict_proba(d.X);
    const Mat<double> log_proba = model.predict_log_proba(d.X);
    ASSERT_EQ(log_proba.rows(), proba.rows());
    ASSERT_EQ(log_proba.cols(), proba.cols());
    for (Index i = 0; i < proba.rows(); ++i)
      for (Index j = 0; j < proba.cols(); ++j) EXPECT_DOUBLE_EQ(log_proba(i, j), std::log(proba(i, j)));
  }
}

TEST(Estimators, StringLabelsRoundTripThroughPredict) {
  Dataset d = blobs3();
  const ClassTarget y = named(d.y, {"owl", "cat", "emu"});
  MLPClassifier<double> model(small(Solver::lbfgs));
  model.fit(d.X, y);
  // classes_ are sorted.
  ASSERT_EQ(model.classes().size(), 3u);
  EXPECT_EQ(std::get<std::string>(model.classes()[0]), "cat");
  EXPECT_EQ(std::get<std::string>(model.classes()[1]), "emu");
  EXPECT_EQ(std::get<std::string>(model.classes()[2]), "owl");
  const ClassTarget predicted = model.predict(d.X);
  ASSERT_EQ(predicted.labels.size(), y.labels.size());
  for (const Label& label : predicted.labels) ASSERT_TRUE(std::holds_alternative<std::string>(label));
  EXPECT_GE(model.score(d.X, y), 0.95);
  // Binary string labels too.
  Dataset m = moons();
  MLPClassifier<double> binary(small(Solver::lbfgs));
  binary.fit(m.X, named(m.y, {"no", "yes"}));
  EXPECT_GT(binary.score(m.X, named(m.y, {"no", "yes"})), 0.85);
}

TEST(Estimators, SingleClassTargetAlwaysPredictsThatClass) {
  Dataset d = moons();
  ClassTarget y;
  for (Index i = 0; i < d.X.rows(); ++i) y.labels.emplace_back(std::string("only"));
  MLPClassifier<double> model(small());
  model.fit(d.X, y);
  ASSERT_EQ(model.classes().size(), 1u);
  EXPECT_EQ(model.n_outputs(), 1);
  EXPECT_EQ(model.out_activation(), OutActivation::logistic);
  Mat<double> wide_range = d.X * 50;  // far from the data: still the one class
  for (const Label& label : model.predict(wide_range).labels) EXPECT_EQ(std::get<std::string>(label), "only");
  EXPECT_EQ(model.score(d.X, y), 1.0);
}

TEST(Estimators, MultilabelTargetGivesAZeroOneMatrixAndLogisticOutputs) {
  Dataset d = moons();
  ClassTarget y;
  y.multilabel = true;
  y.indicator.resize(d.X.rows(), 3);
  for (Index i = 0; i < d.X.rows(); ++i) {
    y.indicator(i, 0) = d.X(i, 0) > 0.5 ? 1 : 0;
    y.indicator(i, 1) = d.X(i, 1) > 0.25 ? 1 : 0;
    y.indicator(i, 2) = d.y(i, 0);
  }
  Params p = small(Solver::lbfgs);
  p.hidden_layer_sizes = {16};
  p.max_iter = 300;
  MLPClassifier<double> model(p);
  model.fit(d.X, y);
  EXPECT_EQ(model.n_outputs(), 3);
  EXPECT_EQ(model.out_activation(), OutActivation::logistic);
  ASSERT_EQ(model.classes().size(), 3u);
  const ClassTarget predicted = model.predict(d.X);
  ASSERT_TRUE(predicted.multilabel);
  ASSERT_EQ(predicted.indicator.rows(), d.X.rows());
  ASSERT_EQ(predicted.indicator.cols(), 3);
  EXPECT_TRUE(((predicted.indicator.array() == 0) || (predicted.indicator.array() == 1)).all());
  // predict_proba is the raw output matrix (rows need not sum to 1).
  const Mat<double> proba = model.predict_proba(d.X);
  ASSERT_EQ(proba.cols(), 3);
  EXPECT_EQ((predicted.indicator - (proba.array() > 0.5).cast<double>().matrix()).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_GT(model.score(d.X, y), 0.8);  // subset accuracy
}

TEST(Estimators, OutputOfExactlyOneHalfPredictsTheNegativeClass) {
  // Quirk Q13: the threshold is strict. Zero weights and a learning rate of
  // 1e-300 keep every output at exactly 0.5 after a fit.
  Dataset d = moons();
  Params p = small(Solver::sgd);
  p.hidden_layer_sizes = {};
  p.learning_rate_init = 1e-300;
  p.max_iter = 1;
  MLPClassifier<double> model(p);
  model.set_initial_weights({Mat<double>::Zero(2, 1)}, {Vec<double>::Zero(1)});
  model.fit(d.X, named(d.y, {"neg", "pos"}));
  ASSERT_EQ(model.predict_proba(d.X).col(1).cwiseAbs().maxCoeff(), 0.5);
  for (const Label& label : model.predict(d.X).labels) EXPECT_EQ(std::get<std::string>(label), "neg");
  // Softmax ties go to the first class (numpy's argmax).
  Dataset b = blobs3();
  MLPClassifier<double> multi(p);
  multi.set_initial_weights({Mat<double>::Zero(2, 3)}, {Vec<double>::Zero(3)});
  multi.fit(b.X, named(b.y, {"b", "a", "c"}));
  for (const Label& label : multi.predict(b.X).labels) EXPECT_EQ(std::get<std::string>(label), "a");
}

TEST(Estimators, NoHiddenLayersFitsAGeneralisedLinearModel) {
  Dataset d = blobs3();
  Params p = small(Solver::lbfgs);
  p.hidden_layer_sizes = {};
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_layers(), 2);
  ASSERT_EQ(model.coefs().size(), 1u);
  EXPECT_EQ(model.coefs()[0].rows(), 2);
  EXPECT_EQ(model.coefs()[0].cols(), 3);
  EXPECT_GE(model.score(d.X, labels_of(d.y)), 0.95);
}

TEST(Estimators, RegressorMultiOutputShapes) {
  Dataset d = make_regression(60, 4, 4, 2, 0.0, 0.1, true, 0u);
  ASSERT_EQ(d.y.cols(), 2);
  Params p = small(Solver::lbfgs);
  p.hidden_layer_sizes = {6, 5};
  p.max_iter = 200;
  MLPRegressor<double> model(p);
  model.fit(d.X, d.y / 100);
  EXPECT_EQ(model.n_outputs(), 2);
  EXPECT_EQ(model.out_activation(), OutActivation::identity);
  EXPECT_EQ(model.n_layers(), 4);
  const auto W = model.coefs();
  ASSERT_EQ(W.size(), 3u);
  EXPECT_EQ(W[0].rows(), 4);
  EXPECT_EQ(W[0].cols(), 6);
  EXPECT_EQ(W[1].rows(), 6);
  EXPECT_EQ(W[1].cols(), 5);
  EXPECT_EQ(W[2].rows(), 5);
  EXPECT_EQ(W[2].cols(), 2);
  EXPECT_EQ(model.intercepts()[2].size(), 2);
  const Mat<double> predicted = model.predict(d.X.topRows(7));
  EXPECT_EQ(predicted.rows(), 7);
  EXPECT_EQ(predicted.cols(), 2);
  EXPECT_GT(model.score(d.X, d.y / 100), 0.9);
  // One target: one output column.
  MLPRegressor<double> single(p);
  single.fit(d.X, d.y.col(0) / 100);
  EXPECT_EQ(single.n_outputs(), 1);
  EXPECT_EQ(single.predict(d.X).cols(), 1);
}

// --- Warnings and stopping rules -------------------------------------------------

TEST(Estimators, BatchSizeLargerThanTheSampleSizeWarnsAndIsClipped) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 5;
  p.batch_size = 1000;
  MLPClassifier<double> clipped(p);
  clipped.fit(d.X, labels_of(d.y));
  ASSERT_FALSE(clipped.warnings().empty());
  EXPECT_EQ(clipped.warnings()[0], kBatchWarning);
  p.batch_size = 100;  // = n
  MLPClassifier<double> full(p);
  full.fit(d.X, labels_of(d.y));
  EXPECT_FALSE(has_warning_starting_with(full.warnings(), "Got `batch_size`"));
  EXPECT_EQ(clipped.loss_curve(), full.loss_curve());
  EXPECT_EQ(max_weight_difference(clipped, full), 0.0);
}

TEST(Estimators, ReachingMaxIterGivesTheConvergenceWarning) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 5;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 5);
  ASSERT_EQ(model.warnings().size(), 1u);
  EXPECT_EQ(model.warnings()[0], kMaxIterWarning5);
  MLPRegressor<double> regressor(p);
  regressor.fit(d.X, d.y);
  ASSERT_EQ(regressor.warnings().size(), 1u);
  EXPECT_EQ(regressor.warnings()[0], kMaxIterWarning5);
}

TEST(Estimators, StoppingOnTolGivesNoWarning) {
  // A huge tol makes every epoch after the first a "no improvement" epoch, so
  // training stops after n_iter_no_change + 1 of them: at epoch n_iter_no_change + 2.
  Dataset d = moons();
  Params p = small();
  p.tol = 1e6;
  p.n_iter_no_change = 3;
  p.max_iter = 100;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 5);
  EXPECT_EQ(model.loss_curve().size(), 5u);
  EXPECT_TRUE(model.warnings().empty()) << model.warnings()[0];
  EXPECT_EQ(*model.best_loss(), *std::min_element(model.loss_curve().begin(), model.loss_curve().end()));
}

TEST(Estimators, NIterNoChangeInfinityNeverStopsEarly) {
  Dataset d = moons();
  Params p = small();
  p.tol = 1e6;
  p.n_iter_no_change = std::numeric_limits<double>::infinity();
  p.max_iter = 30;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  EXPECT_EQ(model.n_iter(), 30);
  ASSERT_EQ(model.warnings().size(), 1u);
  EXPECT_EQ(model.warnings()[0],
            "Stochastic Optimizer: Maximum iterations (30) reached and the optimization hasn't converged yet.");
}

TEST(Estimators, LossCurveHoldsOneRunningMeanPerEpochAndLossIsTheLast) {
  Dataset d = moons();
  Params p = small();
  p.max_iter = 12;
  p.batch_size = 30;
  MLPClassifier<double> model(p);
  model.fit(d.X, labels_of(d.y));
  ASSERT_EQ(model.loss_curve().size(), 12u);
  EXPECT_EQ(model.loss(), model.loss_curve().back());
  EXPECT_EQ(model.t(), 12 * 100);
  EXPECT_LT(model.loss_curve().back(), model.loss_curve().front());
  EXPECT_FALSE(model.validation_scores().has_value());
  EXPECT_FALSE(model.best_validation_score().has_value());
}

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
