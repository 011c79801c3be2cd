// Data and helpers of the extension suites (test_extensions.cpp, test_extensions_training.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/network.hpp"
#include "mlp/rng.hpp"

namespace mlp::extensions_test {

/// Runs `call`, expects an mlp::Error for `parameter` whose message contains every fragment.
inline void expect_error(const std::function<void()>& call, const std::string& parameter,
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

inline Moons moons(Index n = 200) {
  const Dataset d = make_moons(n, true, 0.2, 0u);
  Moons m{d.X, {}};
  for (Index i = 0; i < d.y.rows(); ++i) m.y.labels.emplace_back(d.y(i, 0));
  return m;
}

/// Moons relabelled 1 where x0 > 0.8 (about a third): unbalanced, so that zero weights are not
/// already a stationary point (with balanced 0/1 labels, sum(P - Y) = 0 at zero weights).
inline Moons unbalanced_moons() {
  Moons m = moons();
  for (Index i = 0; i < m.X.rows(); ++i) m.y.labels[static_cast<std::size_t>(i)] = m.X(i, 0) > 0.8 ? 1.0 : 0.0;
  return m;
}

inline Params adam_params() {
  Params p;
  p.hidden_layer_sizes = {20, 20};
  p.max_iter = 60;
  p.random_state = 0;
  p.learning_rate_init = 0.01;
  return p;
}

inline std::function<void()> fit_with(const Params& p) {
  return [p] {
    const Moons m = moons(40);
    MLPClassifier<double> model(p);
    model.fit(m.X, m.y);
  };
}

/// The weights a fit starts from: one full-batch sgd epoch with a learning rate so small that
/// theta - lr * grad rounds back to theta.
inline std::vector<Mat<double>> initial_coefs(Params p) {
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

inline Index count_zeros(const std::vector<Mat<double>>& coefs) {
  Index zeros = 0;
  for (const auto& W : coefs) zeros += (W.array() == 0.0).count();
  return zeros;
}

inline Index count_entries(const std::vector<Mat<double>>& coefs) {
  Index n = 0;
  for (const auto& W : coefs) n += W.size();
  return n;
}

struct Problem {
  Architecture net;
  Vec<double> theta;
  Mat<double> X, Y;
};

inline Problem make_problem(Activation hidden, std::uint32_t seed) {
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
inline double kink_margin(const Problem& p) {
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
inline double loss_at(const Problem& p, const Vec<double>& theta, double alpha, double l1, Vec<double>* grad = nullptr,
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
inline double gradient_error(const Problem& p, double alpha, double l1,
                             const std::vector<Mat<double>>* keep = nullptr) {
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

inline Problem problem_away_from_the_kink(Activation hidden) {
  for (std::uint32_t seed = 1; seed < 1000; ++seed) {
    Problem p = make_problem(hidden, seed);
    if (kink_margin(p) > 0.05) return p;
  }
  ADD_FAILURE() << "no seed keeps the pre-activations away from 0";
  return make_problem(hidden, 1);
}

}  // namespace mlp::extensions_test
