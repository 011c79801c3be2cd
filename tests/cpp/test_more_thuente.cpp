// The line search, on test functions of Moré & Thuente (1994), section 5.
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
