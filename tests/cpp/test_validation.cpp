// Invalid parameters, arrays and call orders: every one raises mlp::Error
// naming the offending parameter (spec sections 1, 2, 10, 13, 14), checked
// through fit() as a user would meet them.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"

namespace mlp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Runs `call`, expects an mlp::Error for `parameter` whose message contains
/// every one of `fragments`.
void expect_error(const std::function<void()>& call, const std::string& parameter,
                  const std::vector<std::string>& fragments = {}) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.parameter(), parameter) << "message: " << e.what();
    for (const auto& fragment : fragments)
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << "'" << fragment << "' not in: " << e.what();
    return;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected mlp::Error for " << parameter << ", got another exception: " << e.what();
    return;
  }
  ADD_FAILURE() << "expected mlp::Error for " << parameter << ", nothing was thrown";
}

/// 12 rows, 2 features, two classes of 6.
Mat<double> small_X() {
  Mat<double> X(12, 2);
  for (Index i = 0; i < 12; ++i) {
    X(i, 0) = std::sin(static_cast<double>(i));
    X(i, 1) = std::cos(1.7 * static_cast<double>(i));
  }
  return X;
}

ClassTarget numbers(const std::vector<double>& values) {
  ClassTarget t;
  for (double v : values) t.labels.emplace_back(v);
  return t;
}

ClassTarget small_y() { return numbers({0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}); }

Params small_params() {
  Params p;
  p.hidden_layer_sizes = {3};
  p.max_iter = 2;
  p.random_state = 0;
  return p;
}

/// Fits a classifier with `p` on the small data set.
std::function<void()> fit_with(const Params& p) {
  return [p] {
    MLPClassifier<double> model(p);
    model.fit(small_X(), small_y());
  };
}

/// Fits a regressor with `p` on the small data set.
std::function<void()> fit_regressor_with(const Params& p) {
  return [p] {
    MLPRegressor<double> model(p);
    Mat<double> y = small_X().col(0);
    model.fit(small_X(), y);
  };
}

TEST(Validation, SmallProblemFitsWithoutErrors) {
  // The baseline every other test breaks one thing of.
  EXPECT_NO_THROW(fit_with(small_params())());
  EXPECT_NO_THROW(fit_regressor_with(small_params())());
}

TEST(Validation, HiddenLayerSizesWithZeroOrNegativeEntryIsRejected) {
  for (std::vector<long long> sizes : {std::vector<long long>{0}, {5, 0}, {-1}, {4, -3, 2}}) {
    Params p = small_params();
    p.hidden_layer_sizes = sizes;
    expect_error(fit_with(p), "hidden_layer_sizes", {"hidden_layer_sizes", ">= 1"});
    expect_error(fit_regressor_with(p), "hidden_layer_sizes");
  }
}

TEST(Validation, UnknownActivationNameIsRejectedListingTheChoices) {
  for (const char* name : {"sigmoid", "softmax", "ReLU", ""})
    expect_error([&] { parse_activation(name); }, "activation",
                 {"activation", "'identity'", "'logistic'", "'tanh'", "'relu'"});
}

TEST(Validation, UnknownSolverNameIsRejectedListingTheChoices) {
  for (const char* name : {"newton-cg", "Adam", "lbfgs-b"})
    expect_error([&] { parse_solver(name); }, "solver", {"solver", "'lbfgs'", "'sgd'", "'adam'"});
}

TEST(Validation, UnknownLearningRateNameIsRejectedListingTheChoices) {
  for (const char* name : {"optimal", "invscale", "Constant"})
    expect_error([&] { parse_learning_rate(name); }, "learning_rate",
                 {"learning_rate", "'constant'", "'invscaling'", "'adaptive'"});
}

TEST(Validation, KnownNamesParse) {
  EXPECT_EQ(parse_activation("tanh"), Activation::tanh);
  EXPECT_EQ(parse_solver("lbfgs"), Solver::lbfgs);
  EXPECT_EQ(parse_learning_rate("adaptive"), LearningRate::adaptive);
}

/// One invalid value of one real parameter.
struct BadReal {
  const char* parameter;
  double Params::*field;
  double value;
};

TEST(Validation, OutOfRangeRealParametersAreRejectedByFit) {
  const BadReal cases[] = {
      {"alpha", &Params::alpha, -1e-12},
      {"alpha", &Params::alpha, -1},
      {"learning_rate_init", &Params::learning_rate_init, 0},
      {"learning_rate_init", &Params::learning_rate_init, -0.1},
      {"power_t", &Params::power_t, -0.5},
      {"tol", &Params::tol, -1e-4},
      {"momentum", &Params::momentum, -0.1},
      {"momentum", &Params::momentum, 1.0000001},
      {"validation_fraction", &Params::validation_fraction, -0.1},
      {"validation_fraction", &Params::validation_fraction, 1},
      {"beta_1", &Params::beta_1, 1},
      {"beta_1", &Params::beta_1, -0.1},
      {"beta_2", &Params::beta_2, 1},
      {"beta_2", &Params::beta_2, -1e-9},
      {"epsilon", &Params::epsilon, 0},
      {"epsilon", &Params::epsilon, -1e-8},
      {"n_iter_no_change", &Params::n_iter_no_change, 0},
      {"n_iter_no_change", &Params::n_iter_no_change, 1.5},
      {"n_iter_no_change", &Params::n_iter_no_change, -kInf},
  };
  for (const BadReal& c : cases) {
    SCOPED_TRACE(std::string(c.parameter) + " = " + std::to_string(c.value));
    Params p = small_params();
    p.*c.field = c.value;
    expect_error(fit_with(p), c.parameter, {c.parameter});
    expect_error(fit_regressor_with(p), c.parameter);
  }
}

TEST(Validation, NaNParametersAreRejectedByFit) {
  double Params::*fields[] = {&Params::alpha,    &Params::learning_rate_init,  &Params::power_t, &Params::tol,
                              &Params::momentum, &Params::validation_fraction, &Params::beta_1,  &Params::beta_2,
                              &Params::epsilon,  &Params::n_iter_no_change};
  const char* names[] = {"alpha",    "learning_rate_init",  "power_t", "tol",
                         "momentum", "validation_fraction", "beta_1",  "beta_2",
                         "epsilon",  "n_iter_no_change"};
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    SCOPED_TRACE(names[i]);
    Params p = small_params();
    p.*fields[i] = kNaN;
    expect_error(fit_with(p), names[i], {names[i]});
  }
}

TEST(Validation, MessagesStateTheAllowedRange) {
  Params p = small_params();
  p.momentum = 1.5;
  expect_error(fit_with(p), "momentum", {"[0, 1]", "1.5"});
  p = small_params();
  p.beta_2 = 1;
  expect_error(fit_with(p), "beta_2", {"[0, 1)"});
  p = small_params();
  p.epsilon = 0;
  expect_error(fit_with(p), "epsilon", {"(0, inf)"});
  p = small_params();
  p.n_iter_no_change = 1.5;
  expect_error(fit_with(p), "n_iter_no_change", {"integer >= 1", "inf"});
}

TEST(Validation, IntegerParametersBelowOneAreRejectedByFit) {
  Params p = small_params();
  p.batch_size = 0;
  expect_error(fit_with(p), "batch_size", {"batch_size", "'auto'", ">= 1"});
  p.batch_size = -5;
  expect_error(fit_with(p), "batch_size");
  p = small_params();
  p.max_iter = 0;
  expect_error(fit_with(p), "max_iter", {"max_iter", ">= 1"});
  p.max_iter = -1;
  expect_error(fit_with(p), "max_iter");
  p = small_params();
  p.max_fun = 0;
  expect_error(fit_with(p), "max_fun", {"max_fun", ">= 1"});
}

TEST(Validation, ParametersAreCheckedWhateverTheSolver) {
  // scikit-learn 1.2.1 validates every constraint in fit, including those of
  // another solver's parameters.
  for (Solver solver : {Solver::lbfgs, Solver::sgd, Solver::adam}) {
    SCOPED_TRACE(name_of(solver));
    Params p = small_params();
    p.solver = solver;
    p.max_fun = 0;
    expect_error(fit_with(p), "max_fun");
    p = small_params();
    p.solver = solver;
    p.beta_1 = 1;
    expect_error(fit_with(p), "beta_1");
    p = small_params();
    p.solver = solver;
    p.momentum = 2;
    expect_error(fit_with(p), "momentum");
  }
}

TEST(Validation, BoundaryValuesThatScikitLearnAcceptsAreAccepted) {
  Params p = small_params();
  p.n_iter_no_change = kInf;
  EXPECT_NO_THROW(fit_with(p)());
  p = small_params();
  p.alpha = 0;
  p.tol = 0;
  p.power_t = 0;
  p.momentum = 0;
  p.beta_1 = 0;
  p.beta_2 = 0;
  p.validation_fraction = 0;  // fine without early stopping
  EXPECT_NO_THROW(fit_with(p)());
  p = small_params();
  p.momentum = 1;
  p.n_iter_no_change = 1;
  p.batch_size = 1;
  p.max_fun = 1;
  p.max_iter = 1;
  p.hidden_layer_sizes = {};  // no hidden layer at all is a valid network
  EXPECT_NO_THROW(fit_with(p)());
}

// --- Arrays ------------------------------------------------------------------

TEST(Validation, XWithNaNOrInfinityIsRejected) {
  for (double bad : {kNaN, kInf, -kInf}) {
    Mat<double> X = small_X();
    X(3, 1) = bad;
    expect_error([&] { MLPClassifier<double>(small_params()).fit(X, small_y()); }, "X", {"NaN or infinity"});
    expect_error([&] { MLPRegressor<double>(small_params()).fit(X, small_X().col(0)); }, "X");
  }
}

TEST(Validation, RegressionTargetWithNaNIsRejected) {
  Mat<double> y = small_X().col(0);
  y(2, 0) = kNaN;
  expect_error([&] { MLPRegressor<double>(small_params()).fit(small_X(), y); }, "y", {"NaN"});
}

TEST(Validation, XAndYOfDifferentLengthsAreRejected) {
  ClassTarget y = small_y();
  y.labels.pop_back();
  expect_error([&] { MLPClassifier<double>(small_params()).fit(small_X(), y); }, "y",
               {"inconsistent numbers of samples", "12", "11"});
  Mat<double> short_y = small_X().col(0).head(10);
  expect_error([&] { MLPRegressor<double>(small_params()).fit(small_X(), short_y); }, "y",
               {"inconsistent numbers of samples"});
}

TEST(Validation, EmptyXIsRejected) {
  expect_error([&] { MLPClassifier<double>(small_params()).fit(Mat<double>(0, 2), ClassTarget{}); }, "X",
               {"at least one sample"});
  expect_error([&] { MLPRegressor<double>(small_params()).fit(Mat<double>(0, 2), Mat<double>(0, 1)); }, "X");
  expect_error([&] { MLPRegressor<double>(small_params()).fit(Mat<double>(4, 0), Mat<double>(4, 1)); }, "X",
               {"one feature"});
}

TEST(Validation, ContinuousLabelsAreRejectedByTheClassifier) {
  ClassTarget y = small_y();
  y.labels[4] = 0.5;
  expect_error([&] { MLPClassifier<double>(small_params()).fit(small_X(), y); }, "y", {"continuous", "MLPRegressor"});
}

TEST(Validation, MixedStringAndNumberLabelsAreRejected) {
  ClassTarget y = small_y();
  y.labels[0] = std::string("cat");
  expect_error([&] { MLPClassifier<double>(small_params()).fit(small_X(), y); }, "y", {"Mix", "string", "number"});
}

TEST(Validation, MultilabelMatrixMustHoldOnlyZerosAndOnes) {
  ClassTarget y;
  y.multilabel = true;
  y.indicator = Mat<double>::Zero(12, 3);
  y.indicator(0, 0) = 2;
  expect_error([&] { MLPClassifier<double>(small_params()).fit(small_X(), y); }, "y", {"0s and 1s"});
}

// --- Call order and partial_fit ---------------------------------------------

TEST(Validation, FirstPartialFitWithoutClassesIsRejected) {
  Params p = small_params();
  MLPClassifier<double> model(p);
  expect_error([&] { model.partial_fit(small_X(), small_y()); }, "classes", {"classes", "first call"});
  EXPECT_FALSE(model.fitted());
}

TEST(Validation, ClassifierPartialFitWithLbfgsIsRejected) {
  Params p = small_params();
  p.solver = Solver::lbfgs;
  MLPClassifier<double> model(p);
  std::vector<Label> classes{0.0, 1.0};
  expect_error([&] { model.partial_fit(small_X(), small_y(), &classes); }, "solver", {"stochastic", "lbfgs"});
}

TEST(Validation, PartialFitWithALabelNotInClassesIsRejected) {
  MLPClassifier<double> model(small_params());
  std::vector<Label> classes{0.0, 1.0, 2.0};
  ClassTarget y = small_y();
  y.labels[5] = 7.0;
  // On the first call ...
  expect_error([&] { model.partial_fit(small_X(), y, &classes); }, "y", {"not in classes_"});
  // ... and on a later one.
  MLPClassifier<double> fitted(small_params());
  fitted.partial_fit(small_X(), small_y(), &classes);
  expect_error([&] { fitted.partial_fit(small_X(), y); }, "y", {"not in classes_"});
}

TEST(Validation, PartialFitWithDifferentClassesArgumentIsRejected) {
  MLPClassifier<double> model(small_params());
  std::vector<Label> classes{0.0, 1.0}, other{0.0, 1.0, 2.0};
  model.partial_fit(small_X(), small_y(), &classes);
  expect_error([&] { model.partial_fit(small_X(), small_y(), &other); }, "classes");
}

TEST(Validation, WarmStartFitWithDifferentClassesIsRejected) {
  Params p = small_params();
  p.warm_start = true;
  MLPClassifier<double> model(p);
  model.fit(small_X(), small_y());
  ClassTarget y = small_y();
  y.labels[0] = 2.0;  // adds a class
  expect_error([&] { model.fit(small_X(), y); }, "y", {"warm_start", "same classes"});
  ClassTarget one_class = numbers(std::vector<double>(12, 1.0));  // drops a class
  expect_error([&] { model.fit(small_X(), one_class); }, "y", {"same classes"});
}

TEST(Validation, WarmStartFitWithADifferentNumberOfFeaturesIsRejected) {
  Params p = small_params();
  p.warm_start = true;
  MLPRegressor<double> model(p);
  model.fit(small_X(), small_X().col(0));
  Mat<double> wide(12, 3);
  wide.setConstant(0.5);
  expect_error([&] { model.fit(wide, small_X().col(0)); }, "X", {"3 features", "2 features"});
}

TEST(Validation, PredictBeforeFitIsRejected) {
  MLPClassifier<double> classifier(small_params());
  expect_error([&] { classifier.predict(small_X()); }, "model", {"not fitted"});
  expect_error([&] { classifier.predict_proba(small_X()); }, "model");
  MLPRegressor<double> regressor(small_params());
  expect_error([&] { regressor.predict(small_X()); }, "model", {"not fitted"});
}

TEST(Validation, PredictWithTheWrongNumberOfFeaturesIsRejected) {
  MLPClassifier<double> model(small_params());
  model.fit(small_X(), small_y());
  expect_error([&] { model.predict(Mat<double>::Zero(4, 3)); }, "X", {"3 features", "2 features"});
  expect_error([&] { model.predict_proba(Mat<double>::Zero(4, 1)); }, "X", {"1 features"});
}

TEST(Validation, InitialWeightsWithWrongShapesAreRejected) {
  Params p = small_params();  // units 2-3-1
  auto fit_with_init = [&](std::vector<Mat<double>> W, std::vector<Vec<double>> b) {
    return [=] {
      MLPClassifier<double> model(p);
      model.set_initial_weights(W, b);
      model.fit(small_X(), small_y());
    };
  };
  const Mat<double> W0 = Mat<double>::Constant(2, 3, 0.1), W1 = Mat<double>::Constant(3, 1, 0.1);
  const Vec<double> b0 = Vec<double>::Zero(3), b1 = Vec<double>::Zero(1);
  EXPECT_NO_THROW(fit_with_init({W0, W1}, {b0, b1})());
  expect_error(fit_with_init({W0}, {b0}), "init", {"2 coefs"});
  expect_error(fit_with_init({W0, W1}, {b0}), "init");
  expect_error(fit_with_init({W0.transpose(), W1}, {b0, b1}), "init", {"coefs[0]", "2x3"});
  expect_error(fit_with_init({W0, W1}, {b0, Vec<double>::Zero(2)}), "init", {"intercepts[1]"});
  Mat<double> bad = W1;
  bad(1, 0) = kNaN;
  expect_error(fit_with_init({W0, bad}, {b0, b1}), "init", {"finite"});
}

TEST(Validation, DivergingTrainingRaisesTheNonFiniteWeightsError) {
  // scikit-learn: ValueError "Solver produced non-finite parameter weights".
  Params p = small_params();
  p.solver = Solver::sgd;
  p.learning_rate_init = 1e6;
  p.max_iter = 20;
  expect_error([&] { MLPRegressor<double>(p).fit(small_X(), Mat<double>(small_X().col(0) * 1e3)); },
               "learning_rate_init", {"non-finite parameter weights"});
}

// --- Early stopping ----------------------------------------------------------

TEST(Validation, EarlyStoppingWithValidationFractionZeroIsRejected) {
  Params p = small_params();
  p.early_stopping = true;
  p.validation_fraction = 0;
  expect_error(fit_with(p), "validation_fraction", {"validation_fraction", "early_stopping"});
  expect_error(fit_regressor_with(p), "validation_fraction");
}

TEST(Validation, EarlyStoppingWithAOneMemberClassIsRejected) {
  Params p = small_params();
  p.early_stopping = true;
  ClassTarget y = numbers(std::vector<double>(12, 0.0));
  y.labels[7] = 1.0;
  expect_error([&] { MLPClassifier<double>(p).fit(small_X(), y); }, "y", {"only 1 member"});
}

TEST(Validation, EarlyStoppingIsIgnoredByLbfgsAndPartialFit) {
  // validation_fraction = 0 only matters where the split happens.
  Params p = small_params();
  p.early_stopping = true;
  p.validation_fraction = 0;
  p.solver = Solver::lbfgs;
  EXPECT_NO_THROW(fit_with(p)());
  p.solver = Solver::adam;
  MLPClassifier<double> model(p);
  std::vector<Label> classes{0.0, 1.0};
  EXPECT_NO_THROW(model.partial_fit(small_X(), small_y(), &classes));
}

}  // namespace
}  // namespace mlp
