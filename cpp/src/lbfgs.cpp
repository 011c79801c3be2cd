#include "mlp/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "mlp/error.hpp"

namespace mlp {

namespace {

using Eigen::VectorXd;

std::string render(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

void require(bool ok, const char* name, const std::string& value, const std::string& rule) {
  if (!ok) throw Error(name, value, std::string(name) + " must be " + rule + "; got " + value);
}

// ---- Moré–Thuente line search ------------------------------------------------------------------

/// A probed step: phi and phi' there.
struct Probe {
  double stp, f, g;
};

/// theta of the cubic through the probe `e` and the trial `t`. The terms are summed in MINPACK-2's
/// order (rounding is not associative), which keeps the steps equal to dcsrch's to the last bit.
double cubic_theta(const Probe& e, const Probe& t) { return 3.0 * (e.f - t.f) / (t.stp - e.stp) + e.g + t.g; }

/// Minimiser of the cubic through (a.stp, a.f, a.g) and (b.stp, b.f, b.g) (Moré & Thuente, sec. 4).
double cubic_minimizer(const Probe& a, const Probe& b, double theta) {
  // Why the scaling by s: theta^2 - a.g*b.g can overflow although its square root does not.
  double s = std::max({std::fabs(theta), std::fabs(a.g), std::fabs(b.g)});
  // Why max(0, .): the argument is >= 0 in exact arithmetic in the cases that use it; rounding
  // could make it slightly negative and send a NaN into the step.
  double gamma = s * std::sqrt(std::max(0.0, (theta / s) * (theta / s) - (a.g / s) * (b.g / s)));
  if (b.stp < a.stp) gamma = -gamma;
  double p = (gamma - a.g) + theta;
  double q = ((gamma - a.g) + gamma) + b.g;
  return a.stp + (p / q) * (b.stp - a.stp);
}

/// The safeguarded step of Moré & Thuente (1994), section 4 (MINPACK-2's dcstep). `x` is the best
/// step so far, `y` the other end of the interval of uncertainty, `t` the latest trial. Returns the
/// next trial within [lo, hi] and updates x, y and `bracketed` (true once a minimiser lies between).
double safeguarded_step(Probe& x, Probe& y, const Probe& t, bool& bracketed, double lo, double hi) {
  const bool opposite = t.g * std::copysign(1.0, x.g) < 0;  // phi' changes sign between x and t
  double next;
  if (t.f > x.f) {
    // Case 1: higher value, a minimiser is bracketed. Take the cubic step if it is closer to x,
    // else the average of the cubic and the quadratic (fit to f(x), g(x), f(t)) steps.
    double cubic = cubic_minimizer(x, t, cubic_theta(x, t));
    double quad = x.stp + (x.g / ((x.f - t.f) / (t.stp - x.stp) + x.g)) / 2.0 * (t.stp - x.stp);
    next = std::fabs(cubic - x.stp) < std::fabs(quad - x.stp) ? cubic : cubic + (quad - cubic) / 2.0;
    bracketed = true;
  } else if (opposite) {
    // Case 2: lower value and derivatives of opposite sign: bracketed. The step farther from t
    // of the cubic and the secant steps.
    double cubic = cubic_minimizer(t, x, cubic_theta(x, t));
    double secant = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
    next = std::fabs(cubic - t.stp) > std::fabs(secant - t.stp) ? cubic : secant;
    bracketed = true;
  } else if (std::fabs(t.g) < std::fabs(x.g)) {
    // Case 3: lower value, same sign, |phi'| decreasing. The cubic is used only if it tends to
    // infinity in the direction of the step or its minimum lies beyond t; otherwise go to the bound.
    double theta = cubic_theta(x, t);
    double s = std::max({std::fabs(theta), std::fabs(x.g), std::fabs(t.g)});
    double gamma = s * std::sqrt(std::max(0.0, (theta / s) * (theta / s) - (x.g / s) * (t.g / s)));
    if (t.stp > x.stp) gamma = -gamma;
    double p = (gamma - t.g) + theta;
    double q = (gamma + (x.g - t.g)) + gamma;
    double r = p / q;
    double cubic = (r < 0 && gamma != 0) ? t.stp + r * (x.stp - t.stp) : (t.stp > x.stp ? hi : lo);
    double secant = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
    if (bracketed) {
      // Closer of the two, but no farther than 66% of the way to the far end y.
      next = std::fabs(cubic - t.stp) < std::fabs(secant - t.stp) ? cubic : secant;
      double limit = t.stp + 0.66 * (y.stp - t.stp);
      next = t.stp > x.stp ? std::min(limit, next) : std::max(limit, next);
    } else {
      // Extrapolation: the farther of the two, inside [lo, hi].
      next = std::fabs(cubic - t.stp) > std::fabs(secant - t.stp) ? cubic : secant;
      next = std::max(lo, std::min(hi, next));
    }
  } else {
    // Case 4: lower value, same sign, |phi'| not decreasing: minimise the cubic through t and y
    // if bracketed, else go to the bound.
    next = bracketed ? cubic_minimizer(t, y, cubic_theta(y, t)) : (t.stp > x.stp ? hi : lo);
  }
  // New interval: keep the lower end as x; y is the end that keeps a minimiser bracketed.
  if (t.f > x.f) {
    y = t;
  } else {
    if (opposite) y = x;
    x = t;
  }
  return next;
}

/// The settings, once check() has accepted them.
const LbfgsSettings& checked(const LbfgsSettings& settings) {
  settings.check();
  return settings;
}

bool all_finite(const VectorXd& v) { return v.allFinite(); }

/// max_i |g_i|, or infinity when g holds a NaN (so that it never passes the gradient test).
double max_abs(const VectorXd& g) {
  if (g.size() == 0) return 0.0;
  return all_finite(g) ? g.cwiseAbs().maxCoeff() : std::numeric_limits<double>::infinity();
}

// ---- L-BFGS memory -----------------------------------------------------------------------------

/// The newest `m` correction pairs s = x_new - x_old, y = g_new - g_old with their s'y, in a ring
/// buffer so that storage is allocated once.
class History {
 public:
  History(Eigen::Index n, int m) : S_(n, m), Y_(n, m), sy_(m), alpha_(m) {}

  bool empty() const { return size_ == 0; }
  void clear() { size_ = start_ = 0; }

  /// Appends a pair, dropping the oldest one when full.
  void push(const VectorXd& s, const VectorXd& y, double sy) {
    const int m = static_cast<int>(sy_.size());
    int slot;
    if (size_ < m) {
      slot = (start_ + size_++) % m;
    } else {
      slot = start_;
      start_ = (start_ + 1) % m;
    }
    S_.col(slot) = s;
    Y_.col(slot) = y;
    sy_(slot) = sy;
  }

  /// d = -H g by the two-loop recursion (Nocedal & Wright, Algorithm 7.4), with H0 = (s'y / y'y) I
  /// from the newest pair (L-BFGS-B's 1/theta), or H0 = I when the memory is empty.
  void direction(const VectorXd& g, VectorXd& d) {
    const int m = static_cast<int>(sy_.size());
    d = g;
    for (int k = size_ - 1; k >= 0; --k) {
      int i = (start_ + k) % m;
      alpha_(i) = S_.col(i).dot(d) / sy_(i);
      d -= alpha_(i) * Y_.col(i);
    }
    if (size_ > 0) {
      int newest = (start_ + size_ - 1) % m;
      d *= sy_(newest) / Y_.col(newest).squaredNorm();
    }
    for (int k = 0; k < size_; ++k) {
      int i = (start_ + k) % m;
      double beta = Y_.col(i).dot(d) / sy_(i);
      d += (alpha_(i) - beta) * S_.col(i);
    }
    d = -d;
  }

 private:
  Eigen::MatrixXd S_, Y_;
  VectorXd sy_, alpha_;
  int start_ = 0, size_ = 0;
};

}  // namespace

void LbfgsSettings::check() const {
  require(max_iter >= 1, "max_iter", std::to_string(max_iter), "an integer >= 1");
  require(max_fun >= 1, "max_fun", std::to_string(max_fun), "an integer >= 1");
  require(std::isfinite(gtol) && gtol >= 0, "tol", render(gtol), "a finite number >= 0");
  require(std::isfinite(ftol) && ftol >= 0, "ftol", render(ftol), "a finite number >= 0");
  require(history >= 1, "history", std::to_string(history), "an integer >= 1");
  require(max_line_search >= 1, "max_line_search", std::to_string(max_line_search), "an integer >= 1");
}

LineSearchResult more_thuente(const LineFunction& phi, double f0, double g0, double step, const LineSearchSettings& s) {
  LineSearchResult r;
  r.step = step;
  if (!std::isfinite(f0)) {
    r.message = "ERROR: INITIAL F NOT FINITE";
    return r;
  }
  if (!(g0 < 0)) {  // written so that a NaN slope fails too
    r.message = "ERROR: INITIAL G >= 0";
    return r;
  }
  if (!(step > 0 && step >= s.stpmin && step <= s.stpmax)) {
    r.message = "ERROR: STP OUTSIDE (0, STPMAX]";
    return r;
  }
  const double xtrapl = 1.1, xtrapu = 4.0;  // extrapolation range while nothing is bracketed
  const double gtest = s.ftol * g0;         // slope of the sufficient-decrease line
  bool bracketed = false;
  bool stage1 = true;  // until a step with psi <= 0 and phi' >= 0 is seen (Moré & Thuente, sec. 3)
  double width = s.stpmax - s.stpmin, width1 = 2.0 * width;
  Probe x{0.0, f0, g0}, y{0.0, f0, g0};  // best step so far, other end of the interval
  double stmin = 0.0, stmax = step + xtrapu * step;
  double too_long = std::numeric_limits<double>::infinity();  // smallest step with non-finite phi

  for (;;) {
    if (r.n_evals >= s.max_evals) {
      r.status = LineSearchStatus::kFailed;
      r.message = "FAILED: TOO MANY EVALUATIONS";
      return r;
    }
    double g = 0.0;
    double f = phi(step, g);
    ++r.n_evals;
    r.step = step, r.f = f, r.derivative = g;
    if (!std::isfinite(f) || !std::isfinite(g)) {
      // Not in dcsrch (which would carry the NaN into every later step): treat the trial as too
      // long and bisect towards the best step, which always has a finite value.
      too_long = std::min(too_long, step);
      step = x.stp + 0.5 * (step - x.stp);
      continue;
    }

    const double ftest = f0 + step * gtest;
    if (stage1 && f <= ftest && g >= 0) stage1 = false;

    // Warnings, in dcsrch's order (the last one that applies wins), then convergence.
    const char* task = nullptr;
    if (bracketed && (step <= stmin || step >= stmax)) task = "WARNING: ROUNDING ERRORS PREVENT PROGRESS";
    if (bracketed && stmax - stmin <= s.xtol * stmax) task = "WARNING: XTOL TEST SATISFIED";
    if (step == s.stpmax && f <= ftest && g <= gtest) task = "WARNING: STP = STPMAX";
    if (step == s.stpmin && (f > ftest || g >= gtest)) task = "WARNING: STP = STPMIN";
    if (f <= ftest && std::fabs(g) <= s.gtol * (-g0)) task = "CONVERGENCE";
    if (task) {
      r.status = task[0] == 'C' ? LineSearchStatus::kConverged : LineSearchStatus::kWarning;
      r.message = task;
      return r;
    }

    Probe t{step, f, g};
    if (stage1 && f <= x.f && f > ftest) {
      // In the first stage, while the sufficient-decrease condition fails but the value still
      // improves, work on psi(a) = phi(a) - phi(0) - a*gtest (Moré & Thuente, sec. 2): subtract the
      // line from every probe, take the step, and add it back.
      auto shift = [gtest](Probe& p, double sign) { p.f -= sign * p.stp * gtest, p.g -= sign * gtest; };
      shift(x, 1), shift(y, 1), shift(t, 1);
      step = safeguarded_step(x, y, t, bracketed, stmin, stmax);
      shift(x, -1), shift(y, -1);
    } else {
      step = safeguarded_step(x, y, t, bracketed, stmin, stmax);
    }

    if (bracketed) {
      // Force sufficient shrinking of the interval: bisect if it did not halve in two steps.
      if (std::fabs(y.stp - x.stp) >= 0.66 * width1) step = x.stp + 0.5 * (y.stp - x.stp);
      width1 = width;
      width = std::fabs(y.stp - x.stp);
      stmin = std::min(x.stp, y.stp);
      stmax = std::max(x.stp, y.stp);
    } else {
      stmin = step + xtrapl * (step - x.stp);
      stmax = step + xtrapu * (step - x.stp);
    }
    step = std::max(s.stpmin, std::min(s.stpmax, step));
    // With no further progress possible, go back to the best step (the next pass then stops).
    if (bracketed && (step <= stmin || step >= stmax || stmax - stmin <= s.xtol * stmax)) step = x.stp;
    // Never return to where phi was not finite.
    if (step >= too_long) step = x.stp + 0.5 * (too_long - x.stp);
  }
}

// ---- L-BFGS ------------------------------------------------------------------------------------

/// Everything that lives from one iteration to the next. An iteration ends on an accepted iterate
/// (x, g, f), so that is where iterate() may stop and later pick up again.
struct LbfgsMinimizer::State {
  State(LbfgsObjective fn, VectorXd x0, const LbfgsSettings& options);

  /// f at x into grad. The last point evaluated and its f and g are kept: scipy's ScalarFunction
  /// hands them back, without calling or counting, when asked for the same x again (dcsrch does
  /// that when it falls back to its best step); doing the same keeps n_fev, and so the max_fun
  /// stop, equal to scipy's.
  double evaluate(VectorXd& grad);
  /// One iteration, including the steepest-descent retry after a failed line search; on return
  /// either n_iter has grown by 1 or the run is finished (or both).
  void iteration();
  /// Stops the run with scipy's status and message.
  void finish(int status, const char* message);

  LbfgsObjective objective;
  LbfgsSettings settings;
  LineSearchSettings line_search;
  VectorXd x, g;  // the current point and gradient (the accepted iterate between iterations)
  double f = 0;
  VectorXd x_old, g_old, d;  // the iterate the current line search started from, and its direction
  double f_old = 0;
  VectorXd x_eval, g_eval;  // the last point evaluated, with its f and g (valid when eval_valid)
  double f_eval = 0;
  bool eval_valid = false;
  History history;
  LbfgsResult result;
  bool finished = false;
};

LbfgsMinimizer::State::State(LbfgsObjective fn, VectorXd x0, const LbfgsSettings& options)
    : objective(std::move(fn)),
      settings(checked(options)),  // before anything is sized by the settings or evaluated
      x(std::move(x0)),
      g(x.size()),
      x_old(x.size()),
      g_old(x.size()),
      d(x.size()),
      x_eval(x),
      g_eval(x.size()),
      history(x.size(), settings.history) {
  line_search.max_evals = settings.max_line_search;
  result.status = -1;
  f_eval = objective(x_eval, g_eval);
  eval_valid = true;
  result.n_fev = 1;
  g = g_eval;
  f = f_eval;
  result.f = f;
  if (max_abs(g) <= settings.gtol) finish(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
}

double LbfgsMinimizer::State::evaluate(VectorXd& grad) {
  if (!eval_valid || x != x_eval) {
    x_eval = x;
    eval_valid = false;  // until the call below returns
    f_eval = objective(x_eval, g_eval);
    eval_valid = true;
    ++result.n_fev;
  }
  grad = g_eval;
  return f_eval;
}

void LbfgsMinimizer::State::finish(int status, const char* message) {
  result.status = status;
  result.message = message;
  finished = true;
}

void LbfgsMinimizer::State::iteration() {
  for (;;) {
    history.direction(g, d);
    x_old = x, g_old = g;
    f_old = f;
    const double gd = g.dot(d);
    LineSearchResult ls;  // stays kFailed when d is not a descent direction (or is NaN)
    if (gd < 0) {
      // L-BFGS-B's first trial step: a unit-length move along d on the very first iteration (where
      // d = -g has no scale information), the quasi-Newton step 1 afterwards.
      double step = result.n_iter == 0 ? std::min(1.0 / d.norm(), line_search.stpmax) : 1.0;
      auto phi = [this](double a, double& slope) {
        x = x_old + a * d;
        f = evaluate(g);
        slope = g.dot(d);
        return f;
      };
      ls = more_thuente(phi, f_old, gd, step, line_search);
    }
    if (ls.status == LineSearchStatus::kFailed) {
      // Restore the start of the iteration; retry once from steepest descent, as L-BFGS-B does.
      x = x_old, g = g_old, f = f_old;
      if (history.empty()) {
        finish(2, "ABNORMAL_TERMINATION_IN_LNSRCH");
        break;
      }
      history.clear();
      continue;
    }

    // s'y and -g_old's from the directional derivatives, as L-BFGS-B computes them (s = step * d).
    // The pair is skipped unless s'y is safely positive, which keeps H positive definite.
    const double sy = ls.step * (ls.derivative - gd);
    if (sy > std::numeric_limits<double>::epsilon() * (-ls.step * gd)) history.push(x - x_old, g - g_old, sy);

    // scipy's driver checks the limits at each new iterate, before L-BFGS-B's own tests.
    ++result.n_iter;
    if (result.n_iter >= settings.max_iter) {
      finish(1, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
    } else if (result.n_fev > settings.max_fun) {
      finish(1, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
    } else if (max_abs(g) <= settings.gtol) {
      finish(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    } else if (f_old - f <= settings.ftol * std::max({std::fabs(f_old), std::fabs(f), 1.0})) {
      finish(0, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
    }
    break;
  }
  result.f = f;
}

LbfgsMinimizer::LbfgsMinimizer(LbfgsObjective objective, VectorXd x0, const LbfgsSettings& settings)
    : state_(std::make_unique<State>(std::move(objective), std::move(x0), settings)) {}

LbfgsMinimizer::~LbfgsMinimizer() = default;
LbfgsMinimizer::LbfgsMinimizer(LbfgsMinimizer&&) noexcept = default;
LbfgsMinimizer& LbfgsMinimizer::operator=(LbfgsMinimizer&&) noexcept = default;

bool LbfgsMinimizer::iterate(long long iterations) {
  State& s = *state_;
  for (long long k = 0; k < iterations && !s.finished; ++k) {
    try {
      s.iteration();
    } catch (...) {
      // Only the objective throws, and only inside a line search: go back to where it started.
      // The memory is as that iteration left it (possibly cleared for the steepest-descent retry),
      // so the next iterate() picks up consistently.
      s.x = s.x_old, s.g = s.g_old, s.f = s.f_old;
      s.result.f = s.f;
      throw;
    }
  }
  return s.finished;
}

bool LbfgsMinimizer::finished() const { return state_->finished; }
const VectorXd& LbfgsMinimizer::x() const { return state_->x; }
double LbfgsMinimizer::f() const { return state_->f; }
LbfgsResult LbfgsMinimizer::result() const { return state_->result; }

LbfgsResult lbfgs_minimize(const LbfgsObjective& objective, VectorXd& x, const LbfgsSettings& settings) {
  // The minimiser keeps its objective by value; forwarding to the caller's object (rather than a
  // copy of it) keeps any state the objective carries where the caller can see it.
  LbfgsMinimizer minimizer([&objective](const VectorXd& at, VectorXd& grad) { return objective(at, grad); }, x,
                           settings);
  minimizer.iterate(std::numeric_limits<long long>::max());
  x = minimizer.x();
  return minimizer.result();
}

}  // namespace mlp
