// L-BFGS for solver='lbfgs': an unconstrained minimiser that follows scipy 1.10's
// L-BFGS-B (version 3.0) as scikit-learn 1.2.1 calls it (no bounds, maxcor=10,
// factr=1e7, maxls=20), including its stopping rules and messages.
//
// With no bounds, L-BFGS-B's Cauchy point plus subspace minimisation reduces to
// the quasi-Newton step d = -H g, which is computed here by the two-loop
// recursion (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4)
// instead of the compact matrix form; the step length comes from the line
// search of Moré & Thuente (1994), "Line search algorithms with guaranteed
// sufficient decrease", ACM TOMS 20(3), with L-BFGS-B's constants.
#pragma once

#include <Eigen/Core>
#include <functional>
#include <memory>
#include <string>

namespace mlp {

struct LbfgsSettings {
  long long max_iter = 200;             // scikit-learn max_iter
  long long max_fun = 15000;            // scikit-learn max_fun
  double gtol = 1e-4;                   // scikit-learn tol: stop when max_i |g_i| <= gtol
  double ftol = 2.220446049250313e-09;  // factr 1e7 * machine eps: relative reduction test
  int history = 10;                     // maxcor
  int max_line_search = 20;             // maxls
  /// Throws mlp::Error naming the field ("max_iter", "max_fun", "tol", "ftol", "history", "max_line_search").
  void check() const;
};

struct LbfgsResult {
  long long n_iter = 0;  // iterations completed (scipy nit)
  long long n_fev = 0;   // objective evaluations
  double f = 0;          // final objective value (at the returned x)
  int status = 0;        // 0 converged, 1 iteration or evaluation limit, 2 line-search failure,
                         // -1 while an LbfgsMinimizer has not finished
  std::string message;   // scipy's words, e.g. "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL";
                         // empty while an LbfgsMinimizer has not finished
};

/// objective(x, grad) returns f(x) and fills grad (same size as x; already sized).
using LbfgsObjective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& grad)>;

/// The minimiser as a resumable object: a caller that must keep control (a browser worker running
/// a few iterations per animation frame) advances it with iterate() and may stop between any two
/// calls. However the iterations are split into calls, the iterates, counts and messages are
/// exactly those of one uninterrupted lbfgs_minimize, which is itself a single iterate() call.
///
/// Between calls the minimiser sits on an accepted iterate: x(), f() and result() describe the
/// point scipy would return if stopped there (the same as a run with max_iter = result().n_iter).
///
/// The objective is called during construction and during iterate(), never afterwards. It is kept
/// by value, but whatever it refers to (training data, work buffers, a counter) must stay valid
/// for as long as iterate() may be called. If the objective throws, iterate() puts the minimiser
/// back on the last accepted iterate (dropping the partial line search; objective calls already
/// made stay counted in n_fev) and rethrows; it may then be iterated again or abandoned.
///
/// Move-only; a moved-from minimiser may only be destroyed or assigned to.
class LbfgsMinimizer {
 public:
  /// Checks the settings (throwing mlp::Error like LbfgsSettings::check(), before any evaluation),
  /// then evaluates f and g at x0: n_fev is 1 afterwards. Already finished if x0 passes the
  /// gradient test.
  LbfgsMinimizer(LbfgsObjective objective, Eigen::VectorXd x0, const LbfgsSettings& settings);
  ~LbfgsMinimizer();
  LbfgsMinimizer(LbfgsMinimizer&&) noexcept;
  LbfgsMinimizer& operator=(LbfgsMinimizer&&) noexcept;
  LbfgsMinimizer(const LbfgsMinimizer&) = delete;
  LbfgsMinimizer& operator=(const LbfgsMinimizer&) = delete;

  /// Runs up to `iterations` more iterations (each adds 1 to n_iter unless it finishes the run;
  /// a restart from steepest descent after a failed line search belongs to the same iteration).
  /// Returns finished(). Does nothing once finished, or when iterations <= 0.
  bool iterate(long long iterations = 1);
  /// True once converged, stopped by max_iter or max_fun, or failed in the line search.
  bool finished() const;
  /// The current iterate.
  const Eigen::VectorXd& x() const;
  /// f at x().
  double f() const;
  /// n_iter, n_fev and f so far; status and message are final once finished() (-1 and "" before).
  LbfgsResult result() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Minimises from x, which is updated in place to the point scipy would return (the last accepted
/// iterate). Calls settings.check() first. n_fev counts objective calls; a trial point equal to the
/// last one evaluated reuses its f and g uncounted, as scipy's ScalarFunction does. Runs an
/// LbfgsMinimizer to the end, calling `objective` itself (not a copy). If the objective throws,
/// the exception propagates and x is left unchanged.
LbfgsResult lbfgs_minimize(const LbfgsObjective& objective, Eigen::VectorXd& x, const LbfgsSettings& settings);

// ---- The line search, exposed for testing ----------------------------------------------------

/// Constants of the Moré–Thuente search; the defaults are the ones L-BFGS-B uses.
struct LineSearchSettings {
  double ftol = 1e-3;    // sufficient decrease: phi(a) <= phi(0) + ftol * a * phi'(0)
  double gtol = 0.9;     // curvature: |phi'(a)| <= gtol * |phi'(0)|
  double xtol = 0.1;     // give up once the bracket is narrower than xtol * its upper end
  double stpmin = 0.0;   // lower bound on the step
  double stpmax = 1e10;  // upper bound on the step
  int max_evals = 20;    // evaluations of phi before the search counts as failed (maxls)
};

enum class LineSearchStatus {
  kConverged,  // both strong Wolfe conditions hold at `step`
  kWarning,    // stopped early (rounding errors, xtol, stpmax, stpmin); L-BFGS-B accepts the step
  kFailed,     // not a descent direction, bad initial step, or max_evals used up
};

struct LineSearchResult {
  double step = 0;        // the last step evaluated (the accepted one unless kFailed)
  double f = 0;           // phi(step)
  double derivative = 0;  // phi'(step)
  int n_evals = 0;        // calls of phi
  LineSearchStatus status = LineSearchStatus::kFailed;
  std::string message;  // dcsrch's task words: "CONVERGENCE", "WARNING: XTOL TEST SATISFIED", ...
};

/// phi(step, derivative) returns phi(step) and writes phi'(step) into derivative.
using LineFunction = std::function<double(double step, double& derivative)>;

/// Moré & Thuente (1994) search for a step satisfying the strong Wolfe conditions along a descent
/// direction, given phi(0) = f0 < inf and phi'(0) = g0 < 0, starting from the trial `step`. A trial
/// where phi or phi' is not finite is treated as too long: the step is halved towards the best one.
LineSearchResult more_thuente(const LineFunction& phi, double f0, double g0, double step,
                              const LineSearchSettings& settings = {});

}  // namespace mlp
