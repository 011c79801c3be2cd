// The course's extensions beyond scikit-learn: activation 'leaky_relu' (leaky_slope), init
// ('glorot', 'he', 'zeros'), the L1 penalty l1 (a subgradient for lbfgs, a proximal step for
// sgd/adam) and dropout on the hidden layers. Their defaults must leave scikit-learn's results
// untouched; the parity suites check that, these tests check the extensions themselves.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

/// Runs `call`, expects an mlp::Error for `parameter` whose message contains every fragment.
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
    ADD_FAILURE() << "expected mlp::Error for " << parameter << ", got: " << e.what();
    return;
  }
  ADD_FAILURE() << "expected mlp::Error for " << parameter << ", nothing was thrown";
}

/// 200 noisy moons, labels 0/1.
struct Moons {
  Mat<double> X;
  ClassTarget y;
};

Moons moons(Index n = 200) {
  const Dataset d = make_moons(n, true, 0.2, 0u);
  Moons m{d.X, {}};
  for (Index i = 0; i < d.y.rows(); ++i) m.y.labels.emplace_back(d.y(i, 0));
  return m;
}

/// Moons relabelled 1 where x0 > 0.8 (about a third): unbalanced, so that zero weights are not
/// already a stationary point (with balanced 0/1 labels, sum(P - Y) = 0 at zero weights).
Moons unbalanced_moons() {
  Moons m = moons();
  for (Index i = 0; i < m.X.rows(); ++i) m.y.labels[static_cast<std::size_t>(i)] = m.X(i, 0) > 0.8 ? 1.0 : 0.0;
  return m;
}

Params adam_params() {
  Params p;
  p.hidden_layer_sizes = {20, 20};
  p.max_iter = 60;
  p.random_state = 0;
  p.learning_rate_init = 0.01;
  return p;
}

std::function<void()> fit_with(const Params& p) {
  return [p] {
    const Moons m = moons(40);
    MLPClassifier<double> model(p);
    model.fit(m.X, m.y);
  };
}

/// The weights a fit starts from: one full-batch sgd epoch with a learning rate so small that
/// theta - lr * grad rounds back to theta.
std::vector<Mat<double>> initial_coefs(Params p) {
  p.solver = Solver::sgd;
  p.learning_rate_init = 1e-300;
  p.momentum = 0;
  p.max_iter = 1;
  p.shuffle = false;
  const Moons m = moons(40);
  MLPClassifier<double> model(p);
  model.fit(m.X, m.y);
  return model.coefs();
}

Index count_zeros(const std::vector<Mat<double>>& coefs) {
  Index zeros = 0;
  for (const auto& W : coefs) zeros += (W.array() == 0.0).count();
  return zeros;
}

Index count_entries(const std::vector<Mat<double>>& coefs) {
  Index n = 0;
  for (const auto& W : coefs) n += W.size();
  return n;
}

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
struct Problem {
  Architecture net;
  Vec<double> theta;
  Mat<double> X, Y;
};

Problem make_problem(Activation hidden, std::uint32_t seed) {
  RandomState rng(seed);
  Problem p{Architecture{Layout({3, 5, 4, 1}), hidden, OutActivation::logistic, 0.2}, {}, {}, {}};
  p.theta.resize(p.net.layout.size());
  // Weights kept away from 0 (|w| >= 0.1), where |w| is not differentiable.
  for (Index i = 0; i < p.theta.size(); ++i) {
    const double u = rng.uniform(0.1, 1.0);
    p.theta(i) = rng.random_double() < 0.5 ? -u : u;
  }
  p.X.resize(6, 3);
  for (Index i = 0; i < p.X.size(); ++i) p.X.data()[i] = rng.uniform(-2, 2);
  p.Y.resize(6, 1);
  for (Index i = 0; i < 6; ++i) p.Y(i, 0) = rng.random_double() < 0.5 ? 1 : 0;
  return p;
}

/// Smallest |z| over the hidden pre-activations (the kink of relu and leaky_relu is at 0).
double kink_margin(const Problem& p) {
  Mat<double> A = p.X;
  double margin = std::numeric_limits<double>::infinity();
  for (Index l = 0; l + 1 < p.net.layout.n_weights(); ++l) {
    Mat<double> Z = A * p.net.layout.W(p.theta.data(), l);
    Z.rowwise() += p.net.layout.b(p.theta.data(), l).transpose();
    margin = std::min(margin, Z.cwiseAbs().minCoeff());
    A = (Z.array() > 0).select(Z.array(), p.net.leaky_slope * Z.array()).matrix();
  }
  return margin;
}

/// The loss and gradient at theta, with dropout masks `keep` when given (fixed masks).
double loss_at(const Problem& p, const Vec<double>& theta, double alpha, double l1, Vec<double>* grad = nullptr,
               const std::vector<Mat<double>>* keep = nullptr) {
  Workspace<double> ws;
  ws.reserve(p.net.layout, p.X.rows());
  ws.A[0] = p.X;
  if (keep) {
    ws.reserve_dropout();
    ws.keep = *keep;
  }
  Vec<double> scratch(p.net.layout.size());
  Vec<double>& g = grad ? *grad : scratch;
  g.resize(p.net.layout.size());
  return loss_and_gradient(p.net, theta.data(), p.Y, alpha, ws, p.X.rows(), g.data(), l1);
}

/// max |core - central difference| relative to the largest gradient entry.
double gradient_error(const Problem& p, double alpha, double l1, const std::vector<Mat<double>>* keep = nullptr) {
  Vec<double> grad;
  loss_at(p, p.theta, alpha, l1, &grad, keep);
  const double h = 1e-6;
  double error = 0;
  for (Index i = 0; i < p.theta.size(); ++i) {
    Vec<double> plus = p.theta, minus = p.theta;
    plus(i) += h;
    minus(i) -= h;
    const double fd =
        (loss_at(p, plus, alpha, l1, nullptr, keep) - loss_at(p, minus, alpha, l1, nullptr, keep)) / (2 * h);
    error = std::max(error, std::abs(fd - grad(i)));
  }
  return error / std::max(grad.cwiseAbs().maxCoeff(), 1e-3);
}

Problem problem_away_from_the_kink(Activation hidden) {
  for (std::uint32_t seed = 1; seed < 1000; ++seed) {
    Problem p = make_problem(hidden, seed);
    if (kink_margin(p) > 0.05) return p;
  }
  ADD_FAILURE() << "no seed keeps the pre-activations away from 0";
  return make_problem(hidden, 1);
}

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
