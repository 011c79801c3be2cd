// LbfgsMinimizer: resumable runs give what one lbfgs_minimize call gives.
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

}  // namespace
}  // namespace mlp
