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

#include "mlp/error.hpp"
#include "mlp/lbfgs.hpp"

namespace mlp {
namespace {

using Eigen::VectorXd;

/// Extended Rosenbrock: sum over i of 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at all ones.
double rosenbrock(const VectorXd& x, VectorXd& g) {
  double f = 0;
  g.setZero();
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    double a = x(i + 1) - x(i) * x(i), b = 1 - x(i);
    f += 100 * a * a + b * b;
    g(i) += -400 * x(i) * a - 2 * b;
    g(i + 1) += 200 * a;
  }
  return f;
}

VectorXd rosenbrock_start(int n) {
  VectorXd x(n);
  for (int i = 0; i < n; ++i) x(i) = i % 2 == 0 ? -1.2 : 1.0;
  return x;
}

/// 0.5 * sum_i c_i (x_i - 1)^2 with c_i spread geometrically over [1, 10] (condition number 10).
double quadratic(const VectorXd& x, VectorXd& g) {
  double f = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    double c = std::pow(10.0, double(i) / double(x.size() - 1));
    g(i) = c * (x(i) - 1);
    f += 0.5 * c * (x(i) - 1) * (x(i) - 1);
  }
  return f;
}

const char* kPgtol = "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL";

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

// ---- LbfgsMinimizer: resumable runs ----------------------------------------------------------

std::uint64_t bits(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

/// Bit-for-bit equality (which, unlike ==, also tells -0.0 from 0.0 and compares NaNs).
void expect_same_bits(const VectorXd& a, const VectorXd& b) {
  ASSERT_EQ(a.size(), b.size());
  for (Eigen::Index i = 0; i < a.size(); ++i) EXPECT_EQ(bits(a(i)), bits(b(i))) << "x(" << i << ")";
}

void expect_same_result(const LbfgsResult& a, const LbfgsResult& b) {
  EXPECT_EQ(bits(a.f), bits(b.f)) << a.f << " vs " << b.f;
  EXPECT_EQ(a.n_iter, b.n_iter);
  EXPECT_EQ(a.n_fev, b.n_fev);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
}

/// Makes a fresh objective for each run, so that objectives with state start over every time.
using ObjectiveFactory = std::function<LbfgsObjective()>;

/// Runs an LbfgsMinimizer calling iterate(chunks[0]), iterate(chunks[1]), ... (cycling) until it
/// finishes, checking on the way that each call runs exactly that many iterations unless it
/// finishes the run, and that status and message stay unset until then.
std::pair<VectorXd, LbfgsResult> run_in_chunks(const LbfgsObjective& objective, const VectorXd& x0,
                                               const LbfgsSettings& settings, const std::vector<long long>& chunks) {
  LbfgsMinimizer m(objective, x0, settings);
  for (std::size_t call = 0; !m.finished(); ++call) {
    const long long chunk = chunks[call % chunks.size()];
    const long long before = m.result().n_iter;
    const bool done = m.iterate(chunk);
    const LbfgsResult r = m.result();
    EXPECT_EQ(done, m.finished());
    if (done) {
      EXPECT_LE(r.n_iter, before + std::max(chunk, 0LL)) << "call " << call;
      EXPECT_NE(r.status, -1);
      EXPECT_FALSE(r.message.empty());
    } else {
      EXPECT_EQ(r.n_iter, before + std::max(chunk, 0LL)) << "call " << call;
      EXPECT_EQ(r.status, -1);
      EXPECT_EQ(r.message, "");
    }
    EXPECT_EQ(bits(r.f), bits(m.f()));
    if (call > 100000) {
      ADD_FAILURE() << "no end in sight";
      break;
    }
  }
  return {m.x(), m.result()};
}

/// lbfgs_minimize's answer, then every chunking of the same run must reproduce it to the bit.
void expect_chunking_changes_nothing(const ObjectiveFactory& make, const VectorXd& x0, const LbfgsSettings& settings,
                                     int expected_status, const std::string& expected_message) {
  VectorXd x_ref = x0;
  const LbfgsResult ref = lbfgs_minimize(make(), x_ref, settings);
  // Guard against the case drifting into a different stop, which would leave a path untested.
  ASSERT_EQ(ref.status, expected_status) << ref.message;
  ASSERT_EQ(ref.message, expected_message);
  ASSERT_GE(ref.n_iter, 8);  // long enough for every chunk size to split it
  const std::vector<std::vector<long long>> patterns = {
      {1}, {3}, {7}, {1, 3, 7, 2, 5}, {7, 1, 1, 3}, {2, 0, 5, 1, -4}, {1000000}};
  for (const auto& chunks : patterns) {
    std::string name;
    for (long long c : chunks) name += std::to_string(c) + " ";
    SCOPED_TRACE("chunks " + name);
    auto [x, r] = run_in_chunks(make(), x0, settings, chunks);
    expect_same_result(r, ref);
    expect_same_bits(x, x_ref);
  }
}

ObjectiveFactory plain(double (*f)(const VectorXd&, VectorXd&)) {
  return [f] { return LbfgsObjective(f); };
}

TEST(LbfgsMinimizer, ChunkedRunsMatchLbfgsMinimizeOnRosenbrockTenD) {
  expect_chunking_changes_nothing(plain(rosenbrock), rosenbrock_start(10), LbfgsSettings{}, 0, kPgtol);
}

TEST(LbfgsMinimizer, ChunkedRunsMatchLbfgsMinimizeWhenMaxIterStops) {
  LbfgsSettings s;
  s.max_iter = 25;
  expect_chunking_changes_nothing(plain(rosenbrock), rosenbrock_start(10), s, 1,
                                  "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
}

TEST(LbfgsMinimizer, ChunkedRunsMatchLbfgsMinimizeWhenMaxFunStops) {
  LbfgsSettings s;
  s.max_fun = 30;
  expect_chunking_changes_nothing(plain(rosenbrock), rosenbrock_start(10), s, 1,
                                  "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
}

TEST(LbfgsMinimizer, ChunkedRunsMatchLbfgsMinimizeThroughALineSearchRestart) {
  // As LineSearchFailureRestartsFromSteepestDescentBeforeGivingUp, with the gradient turning
  // wrong later (after 20 calls), so that the failure, the restart and the final failure happen
  // well inside a run that is being cut into pieces.
  auto make = [] {
    auto calls = std::make_shared<int>(0);
    return LbfgsObjective([calls](const VectorXd& x, VectorXd& g) {
      double v = rosenbrock(x, g);
      if (++*calls > 20) g = -g;
      return v;
    });
  };
  expect_chunking_changes_nothing(make, rosenbrock_start(2), LbfgsSettings{}, 2, "ABNORMAL_TERMINATION_IN_LNSRCH");
}

TEST(LbfgsMinimizer, ChunkedRunsMatchLbfgsMinimizeWhenTrialsHitNaN) {
  auto make = [] {
    return LbfgsObjective([](const VectorXd& x, VectorXd& g) {
      if (x.norm() >= 1.5) {
        g.setConstant(std::numeric_limits<double>::quiet_NaN());
        return std::numeric_limits<double>::quiet_NaN();
      }
      g = 20 * (x.array() - 1).matrix();
      for (Eigen::Index i = 0; i < x.size(); ++i) g(i) *= double(i + 1);
      double f = 0;
      for (Eigen::Index i = 0; i < x.size(); ++i) f += 10 * double(i + 1) * (x(i) - 1) * (x(i) - 1);
      return f;
    });
  };
  VectorXd x0 = VectorXd::Zero(2);
  x0(0) = -1;
  LbfgsSettings s;
  s.gtol = 1e-10;
  s.ftol = 0;
  expect_chunking_changes_nothing(make, x0, s, 0, kPgtol);
}

TEST(LbfgsMinimizer, EachIterateIsWhatARunStoppedThereReturns) {
  // After k single iterations, x(), f() and the counts are those of lbfgs_minimize with max_iter k.
  LbfgsMinimizer m(rosenbrock, rosenbrock_start(2), LbfgsSettings{});
  while (!m.iterate(1)) {
    LbfgsSettings stop_here;
    stop_here.max_iter = m.result().n_iter;
    VectorXd x = rosenbrock_start(2);
    LbfgsResult r = lbfgs_minimize(rosenbrock, x, stop_here);
    SCOPED_TRACE("n_iter " + std::to_string(r.n_iter));
    expect_same_bits(m.x(), x);
    EXPECT_EQ(bits(m.f()), bits(r.f));
    EXPECT_EQ(m.result().n_fev, r.n_fev);
    EXPECT_EQ(m.result().n_iter, r.n_iter);
  }
  EXPECT_EQ(m.result().n_iter, 36);
}

TEST(LbfgsMinimizer, ConstructionEvaluatesOnceAndCountsIt) {
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  };
  const VectorXd x0 = rosenbrock_start(4);
  LbfgsMinimizer m(f, x0, LbfgsSettings{});
  EXPECT_EQ(calls, 1);
  LbfgsResult r = m.result();
  EXPECT_EQ(r.n_fev, 1);
  EXPECT_EQ(r.n_iter, 0);
  EXPECT_EQ(r.status, -1);
  EXPECT_EQ(r.message, "");
  EXPECT_FALSE(m.finished());
  expect_same_bits(m.x(), x0);
  VectorXd g(4);
  const double f0 = rosenbrock(x0, g);
  EXPECT_EQ(bits(m.f()), bits(f0));
  EXPECT_EQ(bits(r.f), bits(f0));
  // The first iteration does not evaluate the start again, and every call is counted once.
  EXPECT_FALSE(m.iterate());
  EXPECT_EQ(m.result().n_iter, 1);
  EXPECT_EQ(m.result().n_fev, calls);
  EXPECT_GT(calls, 1);
}

TEST(LbfgsMinimizer, StartAtTheMinimumIsFinishedOnConstruction) {
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  };
  LbfgsMinimizer m(f, VectorXd::Ones(3), LbfgsSettings{});
  EXPECT_TRUE(m.finished());
  EXPECT_TRUE(m.iterate(10));
  EXPECT_EQ(calls, 1);
  LbfgsResult r = m.result();
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.message, kPgtol);
  EXPECT_EQ(r.n_fev, 1);
  EXPECT_EQ(r.n_iter, 0);
  EXPECT_EQ(m.x(), VectorXd::Ones(3));
}

TEST(LbfgsMinimizer, IterateAfterFinishingDoesNothing) {
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  };
  LbfgsSettings s;
  s.max_iter = 5;
  LbfgsMinimizer m(f, rosenbrock_start(2), s);
  EXPECT_TRUE(m.iterate(1000));
  ASSERT_TRUE(m.finished());
  const LbfgsResult done = m.result();
  const VectorXd x_done = m.x();
  const long long calls_done = calls;
  EXPECT_EQ(done.n_iter, 5);
  for (long long more : {1LL, 0LL, 7LL, std::numeric_limits<long long>::max()}) {
    EXPECT_TRUE(m.iterate(more));
    EXPECT_TRUE(m.finished());
  }
  EXPECT_TRUE(m.iterate());
  EXPECT_EQ(calls, calls_done);
  expect_same_result(m.result(), done);
  expect_same_bits(m.x(), x_done);
  EXPECT_EQ(bits(m.f()), bits(done.f));
}

TEST(LbfgsMinimizer, NonPositiveChunksDoNothing) {
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  };
  LbfgsMinimizer m(f, rosenbrock_start(2), LbfgsSettings{});
  EXPECT_FALSE(m.iterate(0));
  EXPECT_FALSE(m.iterate(-3));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(m.result().n_iter, 0);
  expect_same_bits(m.x(), rosenbrock_start(2));
}

TEST(LbfgsMinimizer, ChecksItsSettingsBeforeEvaluating) {
  long long calls = 0;
  auto f = [&calls](const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  };
  for (int history : {0, -1}) {
    LbfgsSettings s;
    s.history = history;
    try {
      LbfgsMinimizer m(f, rosenbrock_start(2), s);
      ADD_FAILURE() << "accepted history " << history;
    } catch (const Error& e) {
      EXPECT_EQ(e.parameter(), "history");
    }
  }
  LbfgsSettings s;
  s.max_iter = 0;
  EXPECT_THROW(LbfgsMinimizer(f, rosenbrock_start(2), s), Error);
  EXPECT_EQ(calls, 0);
}

TEST(LbfgsMinimizer, AMovedMinimizerCarriesOn) {
  VectorXd x_ref = rosenbrock_start(10);
  const LbfgsResult ref = lbfgs_minimize(rosenbrock, x_ref, LbfgsSettings{});
  LbfgsMinimizer a(rosenbrock, rosenbrock_start(10), LbfgsSettings{});
  a.iterate(10);
  LbfgsMinimizer b(std::move(a));
  b.iterate(15);
  LbfgsMinimizer c(rosenbrock, VectorXd::Zero(2), LbfgsSettings{});
  c = std::move(b);
  EXPECT_TRUE(c.iterate(1000));
  expect_same_result(c.result(), ref);
  expect_same_bits(c.x(), x_ref);
}

TEST(LbfgsMinimizer, AnObjectiveThatThrowsLeavesTheLastIterateAndTheRunCanGoOn) {
  VectorXd x_ref = rosenbrock_start(10);
  const LbfgsResult ref = lbfgs_minimize(rosenbrock, x_ref, LbfgsSettings{});
  long long calls = 0, throw_at = 0;
  auto f = [&](const VectorXd& x, VectorXd& g) {
    if (++calls == throw_at) throw std::runtime_error("interrupted");
    return rosenbrock(x, g);
  };
  // Throw on the second call of the first line search (after the first iteration) that needs more
  // than one: a search cut short after doing some work.
  long long iteration = 0, fev_before = 0;
  {
    LbfgsMinimizer probe(rosenbrock, rosenbrock_start(10), LbfgsSettings{});
    for (;;) {
      const long long before = probe.result().n_fev;
      ASSERT_FALSE(probe.iterate(1)) << "no line search with two evaluations";
      if (probe.result().n_iter > 1 && probe.result().n_fev - before >= 2) {
        iteration = probe.result().n_iter, fev_before = before;
        break;
      }
    }
  }
  throw_at = fev_before + 2;
  LbfgsMinimizer m(f, rosenbrock_start(10), LbfgsSettings{});
  EXPECT_THROW(m.iterate(1000), std::runtime_error);
  EXPECT_FALSE(m.finished());
  const LbfgsResult at_throw = m.result();
  EXPECT_EQ(at_throw.n_iter, iteration - 1);
  EXPECT_EQ(at_throw.n_fev, throw_at - 1);  // the call that threw is not counted
  LbfgsSettings stop_there;
  stop_there.max_iter = at_throw.n_iter;
  VectorXd x_there = rosenbrock_start(10);
  const LbfgsResult there = lbfgs_minimize(rosenbrock, x_there, stop_there);
  expect_same_bits(m.x(), x_there);
  EXPECT_EQ(bits(m.f()), bits(there.f));
  EXPECT_EQ(bits(at_throw.f), bits(there.f));
  // Resumed, the run takes the same path; only the line search that was cut short is paid twice.
  EXPECT_TRUE(m.iterate(1000));
  const LbfgsResult r = m.result();
  expect_same_bits(m.x(), x_ref);
  EXPECT_EQ(bits(r.f), bits(ref.f));
  EXPECT_EQ(r.n_iter, ref.n_iter);
  EXPECT_EQ(r.status, ref.status);
  EXPECT_EQ(r.message, ref.message);
  EXPECT_EQ(r.n_fev, calls - 1);
  EXPECT_EQ(r.n_fev, ref.n_fev + 1);  // the first trial of the interrupted search, made again
}

/// Rosenbrock that counts its own calls (a stateful objective held by value).
struct CountingRosenbrock {
  long long calls = 0;
  double operator()(const VectorXd& x, VectorXd& g) {
    ++calls;
    return rosenbrock(x, g);
  }
};

TEST(LbfgsMinimizer, LbfgsMinimizeCallsTheCallersObjectiveNotACopy) {
  LbfgsObjective objective = CountingRosenbrock{};
  VectorXd x = rosenbrock_start(2);
  LbfgsResult r = lbfgs_minimize(objective, x, LbfgsSettings{});
  ASSERT_NE(objective.target<CountingRosenbrock>(), nullptr);
  EXPECT_EQ(objective.target<CountingRosenbrock>()->calls, r.n_fev);
}

TEST(LbfgsMinimizer, LbfgsMinimizeLeavesXAloneWhenTheSettingsAreBad) {
  VectorXd x = rosenbrock_start(2);
  LbfgsSettings s;
  s.max_fun = 0;
  EXPECT_THROW(lbfgs_minimize(rosenbrock, x, s), Error);
  expect_same_bits(x, rosenbrock_start(2));
}

// ---- The line search, on test functions of Moré & Thuente (1994), section 5 ---------------------

/// phi_1(a) = -a / (a^2 + 2) (Moré & Thuente's first test function, minimum at sqrt(2)).
double phi1(double a, double& d) {
  d = (a * a - 2) / ((a * a + 2) * (a * a + 2));
  return -a / (a * a + 2);
}

/// Yanai, Ozawa and Kaneko's function with parameters b1, b2 (Moré & Thuente's functions 4-6).
LineFunction yanai(double b1, double b2) {
  auto gamma = [](double b) { return std::sqrt(1 + b * b) - b; };
  return [=](double a, double& d) {
    double u = std::sqrt((1 - a) * (1 - a) + b2 * b2), v = std::sqrt(a * a + b1 * b1);
    d = gamma(b1) * (a - 1) / u + gamma(b2) * a / v;
    return gamma(b1) * u + gamma(b2) * v;
  };
}

TEST(MoreThuente, AcceptedStepsSatisfyTheStrongWolfeConditions) {
  std::vector<std::pair<const char*, LineFunction>> cases = {{"phi1", phi1},
                                                             {"yanai(0.001, 0.001)", yanai(0.001, 0.001)},
                                                             {"yanai(0.01, 0.001)", yanai(0.01, 0.001)},
                                                             {"yanai(0.001, 0.01)", yanai(0.001, 0.01)}};
  for (const auto& [name, phi] : cases) {
    for (double gtol : {0.1, 0.9}) {
      for (double step0 : {1e-3, 1e-1, 1e1, 1e3}) {
        SCOPED_TRACE(std::string(name) + " gtol " + std::to_string(gtol) + " step0 " + std::to_string(step0));
        LineSearchSettings s;
        s.gtol = gtol;
        double g0;
        double f0 = phi(0, g0);
        LineSearchResult r = more_thuente(phi, f0, g0, step0, s);
        ASSERT_EQ(r.status, LineSearchStatus::kConverged) << r.message;
        EXPECT_LE(r.f, f0 + s.ftol * r.step * g0);
        EXPECT_LE(std::fabs(r.derivative), s.gtol * std::fabs(g0));
        EXPECT_LE(r.n_evals, 6);
      }
    }
  }
}

TEST(MoreThuente, TrialStepsMatchMinpack2Dcsrch) {
  // Step sequences printed by scipy 1.10.1's wrapper of MINPACK-2 dcsrch (scipy.optimize.minpack2)
  // for the same functions, with xtol 0.1, stpmin 0, stpmax 1e10. A plain x86-64 build reproduces
  // them to the last bit; the tolerance leaves room for fused multiply-adds (-march=native).
  struct Case {
    LineFunction phi;
    double ftol, gtol, step0;
    std::vector<double> steps;
    const char* message;
  };
  std::vector<Case> cases = {
      {phi1, 1e-3, 0.1, 1e-3, {0.001, 0.005, 0.021, 0.085, 0.341, 1.365}, "CONVERGENCE"},
      {phi1, 1e-3, 0.1, 1e3, {1000, 332.83537094698613, 110.78382764820593, 36.887606963966618}, "CONVERGENCE"},
      {yanai(0.01, 0.001),
       1e-3,
       1e-3,
       1e3,
       {1000, 89.121223872544618, 8.0291140255507258, 0.82237493813974827, 0.27710950883134855, 0.094217233002658496,
        0.049992880533360359, 0.076159273201410069},
       "CONVERGENCE"},
      {yanai(0.001, 0.01),
       1e-3,
       1e-3,
       10,
       {10, 1.0014545465631739, 0.50769526427096512, 0.51217969400812879, 0.83510109669445853, 0.9448943736078107,
        0.89006190251184258, 0.9448943736078107},
       "WARNING: XTOL TEST SATISFIED"},
  };
  for (const Case& c : cases) {
    std::vector<double> steps;
    auto phi = [&](double a, double& d) {
      steps.push_back(a);
      return c.phi(a, d);
    };
    LineSearchSettings s;
    s.ftol = c.ftol, s.gtol = c.gtol;
    double g0;
    double f0 = c.phi(0, g0);
    LineSearchResult r = more_thuente(phi, f0, g0, c.step0, s);
    EXPECT_EQ(r.message, c.message);
    ASSERT_EQ(steps.size(), c.steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_NEAR(steps[i], c.steps[i], 1e-12 * c.steps[i]) << i;
  }
}

TEST(MoreThuente, FirstTrialIsAcceptedWhenItAlreadySatisfiesWolfe) {
  auto phi = [](double a, double& d) {
    d = a - 1;
    return 0.5 * (a - 1) * (a - 1);
  };
  LineSearchResult r = more_thuente(phi, 0.5, -1.0, 1.0);
  EXPECT_EQ(r.status, LineSearchStatus::kConverged);
  EXPECT_EQ(r.n_evals, 1);
  EXPECT_EQ(r.step, 1.0);
}

TEST(MoreThuente, AscentDirectionFailsWithoutEvaluating) {
  int calls = 0;
  auto phi = [&calls](double a, double& d) {
    ++calls;
    d = 1;
    return a;
  };
  LineSearchResult r = more_thuente(phi, 0.0, 1.0, 1.0);
  EXPECT_EQ(r.status, LineSearchStatus::kFailed);
  EXPECT_EQ(calls, 0);
}

TEST(MoreThuente, NonFiniteTrialsAreShortened) {
  // phi(a) = (a-1)^2 for a < 2, NaN beyond: a first trial of 100 must come back inside.
  auto phi = [](double a, double& d) {
    if (a >= 2) return d = std::numeric_limits<double>::quiet_NaN();
    d = 2 * (a - 1);
    return (a - 1) * (a - 1);
  };
  LineSearchResult r = more_thuente(phi, 1.0, -2.0, 100.0);
  EXPECT_EQ(r.status, LineSearchStatus::kConverged) << r.message;
  EXPECT_LT(r.step, 2.0);
  EXPECT_LE(std::fabs(r.derivative), 0.9 * 2.0);
}

TEST(MoreThuente, GivesUpAfterMaxEvals) {
  int calls = 0;
  auto phi = [&calls](double, double& d) {
    ++calls;
    return d = std::numeric_limits<double>::quiet_NaN();
  };
  LineSearchSettings s;
  s.max_evals = 7;
  LineSearchResult r = more_thuente(phi, 0.0, -1.0, 1.0, s);
  EXPECT_EQ(r.status, LineSearchStatus::kFailed);
  EXPECT_EQ(calls, 7);
  EXPECT_EQ(r.n_evals, 7);
}

}  // namespace
}  // namespace mlp
