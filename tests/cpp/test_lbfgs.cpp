#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lbfgs_objectives.hpp"
#include "mlp/error.hpp"
#include "mlp/lbfgs.hpp"

namespace mlp {
namespace {

using Eigen::VectorXd;
using namespace lbfgs_objectives;

TEST(Lbfgs, RosenbrockTwoDConvergesToTheMinimum) {
  VectorXd x = rosenbrock_start(2);
  LbfgsSettings s;
  s.gtol = 1e-8;
  s.ftol = 0;
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_EQ(r.message, kPgtol);
  EXPECT_NEAR(x(0), 1.0, 1e-6);
  EXPECT_NEAR(x(1), 1.0, 1e-6);
  EXPECT_LT(r.f, 1e-12);
  EXPECT_LT(r.n_iter, 60);
}

TEST(Lbfgs, RosenbrockTwoDWithScikitLearnDefaultsStopsNearTheMinimum) {
  VectorXd x = rosenbrock_start(2);
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_NEAR(x(0), 1.0, 1e-3);
  EXPECT_NEAR(x(1), 1.0, 2e-3);
}

TEST(Lbfgs, IterationAndEvaluationCountsMatchScipy) {
  // scipy 1.10.1 minimize(method='L-BFGS-B', jac=True, options=dict(gtol=1e-4)) from the same
  // starts gives nit/nfev 36/44 (Rosenbrock 2-D) and 71/88 (10-D). The path need not be
  // bit-identical (two-loop recursion vs compact form), so allow a little slack on long runs.
  VectorXd x = rosenbrock_start(2);
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, LbfgsSettings{});
  EXPECT_EQ(r.n_iter, 36);
  EXPECT_EQ(r.n_fev, 44);
  x = rosenbrock_start(10);
  r = lbfgs_minimize(rosenbrock, x, LbfgsSettings{});
  EXPECT_NEAR(double(r.n_iter), 71, 3);
  EXPECT_NEAR(double(r.n_fev), 88, 3);
  EXPECT_NEAR(r.f, 1.0442042016968021e-11, 1e-13);
}

TEST(Lbfgs, RosenbrockTenDConvergesToTheMinimum) {
  VectorXd x = rosenbrock_start(10);
  LbfgsSettings s;
  s.gtol = 1e-8;
  s.ftol = 0;
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_LT((x - VectorXd::Ones(10)).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT(r.f, 1e-12);
}

TEST(Lbfgs, ConvexQuadraticConvergesInFewIterations) {
  // Steepest descent would need about a hundred iterations here; scipy takes 16.
  VectorXd x = VectorXd::Zero(6);
  LbfgsSettings s;
  s.gtol = 1e-8;
  s.ftol = 0;
  LbfgsResult r = lbfgs_minimize(quadratic, x, s);
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_LT((x - VectorXd::Ones(6)).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LE(r.n_iter, 18);
}

TEST(Lbfgs, MaxIterStopsWithStatusOneAfterExactlyThatManyIterations) {
  VectorXd x = rosenbrock_start(2);
  LbfgsSettings s;
  s.max_iter = 3;
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.n_iter, 3);
  EXPECT_EQ(r.n_fev, 5);  // as scipy
  EXPECT_EQ(r.message, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
}

TEST(Lbfgs, MaxFunStopsAtTheEndOfTheIterationThatExceedsIt) {
  VectorXd x = rosenbrock_start(2);
  LbfgsSettings s;
  s.max_fun = 5;
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.message, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
  EXPECT_EQ(r.n_fev, 6);  // as scipy: 4 iterations, the last one taking the count past 5
  EXPECT_EQ(r.n_iter, 4);
  // The returned point is a completed iterate: its value is the reported f.
  VectorXd g(2);
  EXPECT_DOUBLE_EQ(rosenbrock(x, g), r.f);
}

TEST(Lbfgs, ObjectiveAlreadyAtItsMinimumReturnsWithoutIterating) {
  VectorXd x = VectorXd::Ones(4);
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.n_iter, 0);
  EXPECT_EQ(r.n_fev, 1);
  EXPECT_EQ(r.message, kPgtol);
  EXPECT_EQ(x, VectorXd::Ones(4));
}

TEST(Lbfgs, EveryAcceptedStepSatisfiesTheStrongWolfeConditions) {
  // Run with max_iter = 1, 2, ... to read off the iterates; s = x_{k+1} - x_k is a positive
  // multiple of the search direction, so the conditions can be written with s alone.
  LbfgsSettings s;
  s.gtol = 1e-8;
  s.ftol = 0;
  std::vector<VectorXd> iterates{rosenbrock_start(2)};
  for (int k = 1; k <= 30; ++k) {
    VectorXd x = rosenbrock_start(2);
    s.max_iter = k;
    LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
    if (r.status != 1) break;
    iterates.push_back(x);
  }
  ASSERT_GE(iterates.size(), 20u);
  for (std::size_t k = 0; k + 1 < iterates.size(); ++k) {
    VectorXd g0(2), g1(2);
    double f0 = rosenbrock(iterates[k], g0), f1 = rosenbrock(iterates[k + 1], g1);
    VectorXd step = iterates[k + 1] - iterates[k];
    double slope0 = g0.dot(step), slope1 = g1.dot(step);
    ASSERT_LT(slope0, 0) << "iteration " << k;
    EXPECT_LE(f1, f0 + 1e-3 * slope0) << "sufficient decrease, iteration " << k;
    EXPECT_LE(std::fabs(slope1), 0.9 * std::fabs(slope0)) << "curvature, iteration " << k;
  }
}

TEST(Lbfgs, NaNBeyondARadiusNeitherCrashesNorHangs) {
  // The minimum (2, 2) lies outside the region ||x|| < 2 where the function is defined.
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    if (x.norm() >= 2) {
      g.setConstant(std::numeric_limits<double>::quiet_NaN());
      return std::numeric_limits<double>::quiet_NaN();
    }
    g = 2 * (x.array() - 2).matrix();
    return (x.array() - 2).square().sum();
  };
  VectorXd x = VectorXd::Zero(2);
  LbfgsResult r = lbfgs_minimize(f, x, LbfgsSettings{});
  EXPECT_TRUE(std::isfinite(r.f));
  EXPECT_LT(x.norm(), 2.0);
  EXPECT_LT(r.f, 8.0);  // moved downhill from f(0) = 8
  EXPECT_EQ(r.n_fev, calls);
  EXPECT_LE(r.n_fev, 15000 + 2 * 20);
}

TEST(Lbfgs, NaNOnTheWayToAnInteriorMinimumIsSteppedAround) {
  // Defined for ||x|| < 1.5, minimum at (1, 1) inside; long trial steps land in the NaN region.
  auto f = [](const VectorXd& x, VectorXd& g) {
    if (x.norm() >= 1.5) {
      g.setConstant(std::numeric_limits<double>::quiet_NaN());
      return std::numeric_limits<double>::quiet_NaN();
    }
    g = 20 * (x.array() - 1).matrix();
    return 10 * (x.array() - 1).square().sum();
  };
  VectorXd x = VectorXd::Zero(2);
  x(0) = -1;
  LbfgsResult r = lbfgs_minimize(f, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_NEAR(x(0), 1.0, 1e-4);
  EXPECT_NEAR(x(1), 1.0, 1e-4);
}

TEST(Lbfgs, NaNAtTheStartEndsInLineSearchFailure) {
  auto f = [](const VectorXd&, VectorXd& g) {
    g.setConstant(std::numeric_limits<double>::quiet_NaN());
    return std::numeric_limits<double>::quiet_NaN();
  };
  VectorXd x = VectorXd::Zero(3);
  LbfgsResult r = lbfgs_minimize(f, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.message, "ABNORMAL_TERMINATION_IN_LNSRCH");
  EXPECT_EQ(r.n_fev, 1);
}

TEST(Lbfgs, WrongGradientEndsInLineSearchFailureAtTheStartingPoint) {
  // The reported gradient points uphill, so no step along -g decreases f.
  auto f = [](const VectorXd& x, VectorXd& g) {
    g = -x;
    return x.squaredNorm();
  };
  VectorXd x = VectorXd::Constant(2, 1.0);
  LbfgsResult r = lbfgs_minimize(f, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.message, "ABNORMAL_TERMINATION_IN_LNSRCH");
  EXPECT_EQ(x, VectorXd::Constant(2, 1.0));
  EXPECT_DOUBLE_EQ(r.f, 2.0);
  // 20 trials, of which the last ones shrink below the resolution of x and repeat the starting
  // point, which is not evaluated again: scipy 1.10.1 reports nfev 19 too.
  EXPECT_EQ(r.n_fev, 19);
}

TEST(Lbfgs, LineSearchFailureRestartsFromSteepestDescentBeforeGivingUp) {
  // Correct gradients for the first 5 calls (4 iterations), negated ones afterwards: the line
  // search along the quasi-Newton direction fails, the memory is dropped, the steepest-descent
  // retry fails as well, and the 4th iterate is returned. scipy 1.10.1: nit 4, nfev 42.
  int calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    double v = rosenbrock(x, g);
    if (++calls > 5) g = -g;
    return v;
  };
  VectorXd x = rosenbrock_start(2);
  LbfgsResult r = lbfgs_minimize(f, x, LbfgsSettings{});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.message, "ABNORMAL_TERMINATION_IN_LNSRCH");
  EXPECT_EQ(r.n_iter, 4);
  EXPECT_GT(r.n_fev - 5, 20);  // more than one line search's worth after the last iterate
  EXPECT_NEAR(double(r.n_fev), 42, 2);
  VectorXd x4 = rosenbrock_start(2), g(2);
  LbfgsSettings four;
  four.max_iter = 4;
  lbfgs_minimize(rosenbrock, x4, four);
  EXPECT_EQ(x, x4);
  EXPECT_EQ(r.f, rosenbrock(x4, g));
}

TEST(Lbfgs, HistoryOfOnePairStillConverges) {
  VectorXd x = rosenbrock_start(4);
  LbfgsSettings s;
  s.history = 1;
  s.gtol = 1e-6;
  s.ftol = 0;
  s.max_iter = 2000;
  LbfgsResult r = lbfgs_minimize(rosenbrock, x, s);
  EXPECT_EQ(r.status, 0) << r.message;
  EXPECT_LT((x - VectorXd::Ones(4)).cwiseAbs().maxCoeff(), 1e-4);
}

/// Expects check() to throw mlp::Error naming `field`.
void expect_rejected(const LbfgsSettings& s, const char* field) {
  try {
    s.check();
    ADD_FAILURE() << "accepted a bad " << field;
  } catch (const Error& e) {
    EXPECT_EQ(e.parameter(), field);
  }
}

TEST(LbfgsSettings, CheckRejectsBadValuesNamingTheField) {
  EXPECT_NO_THROW(LbfgsSettings{}.check());
  LbfgsSettings s;
  s.max_iter = 0;
  expect_rejected(s, "max_iter");
  s = {};
  s.max_fun = 0;
  expect_rejected(s, "max_fun");
  s = {};
  s.gtol = -1e-4;
  expect_rejected(s, "tol");
  s = {};
  s.gtol = std::numeric_limits<double>::quiet_NaN();
  expect_rejected(s, "tol");
  s = {};
  s.ftol = -1;
  expect_rejected(s, "ftol");
  s = {};
  s.history = 0;
  expect_rejected(s, "history");
  s = {};
  s.max_line_search = 0;
  expect_rejected(s, "max_line_search");
  s = {};
  s.gtol = 0;  // tol = 0 is allowed, as in scikit-learn
  EXPECT_NO_THROW(s.check());
}

TEST(Lbfgs, MinimizeChecksItsSettings) {
  VectorXd x = VectorXd::Zero(2);
  LbfgsSettings s;
  s.history = 0;
  EXPECT_THROW(lbfgs_minimize(rosenbrock, x, s), Error);
}

}  // namespace
}  // namespace mlp
