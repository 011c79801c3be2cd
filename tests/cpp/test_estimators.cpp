// MLPClassifier / MLPRegressor behaviour (spec sections 2, 7, 9-11, 13-16): outputs and shapes,
// warnings and stopping rules. Training sequences (early stopping, partial_fit, warm_start,
// lbfgs, seeds and precision): test_estimators_training.cpp.
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

}  // namespace
}  // namespace mlp
