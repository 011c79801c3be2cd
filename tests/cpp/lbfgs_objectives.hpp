// Test objectives of the L-BFGS suites (test_lbfgs.cpp, test_lbfgs_minimizer.cpp): each returns
// f(x) and fills its gradient g.
#pragma once

#include <Eigen/Core>
#include <cmath>

namespace mlp::lbfgs_objectives {

using Eigen::VectorXd;

/// Extended Rosenbrock: sum over i of 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at all ones.
inline double rosenbrock(const VectorXd& x, VectorXd& g) {
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

inline VectorXd rosenbrock_start(int n) {
  VectorXd x(n);
  for (int i = 0; i < n; ++i) x(i) = i % 2 == 0 ? -1.2 : 1.0;
  return x;
}

/// 0.5 * sum_i c_i (x_i - 1)^2 with c_i spread geometrically over [1, 10] (condition number 10).
inline double quadratic(const VectorXd& x, VectorXd& g) {
  double f = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    double c = std::pow(10.0, double(i) / double(x.size() - 1));
    g(i) = c * (x(i) - 1);
    f += 0.5 * c * (x(i) - 1) * (x(i) - 1);
  }
  return f;
}

inline const char* const kPgtol = "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL";

}  // namespace mlp::lbfgs_objectives
