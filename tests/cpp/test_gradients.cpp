// Finite-difference checks of mlp::loss_and_gradient (spec sections 4-6), in
// double: every hidden activation x every output/loss pair x 0, 1 and 2 hidden
// layers, with alpha > 0 and a short batch (n below the workspace capacity).
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "mlp/network.hpp"
#include "mlp/rng.hpp"

namespace mlp {
namespace {

/// The output/loss pairs of section 5 (k = number of output columns).
enum class OutputKind {
  squared_error_single,
  squared_error_multi,
  binary_log_loss,
  multilabel_log_loss,
  softmax_log_loss
};

const char* name_of(OutputKind kind) {
  switch (kind) {
    case OutputKind::squared_error_single:
      return "IdentitySquaredError1";
    case OutputKind::squared_error_multi:
      return "IdentitySquaredError3";
    case OutputKind::binary_log_loss:
      return "LogisticBinaryLogLoss";
    case OutputKind::multilabel_log_loss:
      return "LogisticMultilabelLogLoss";
    case OutputKind::softmax_log_loss:
      return "SoftmaxLogLoss";
  }
  return "?";
}

OutActivation out_activation_of(OutputKind kind) {
  switch (kind) {
    case OutputKind::squared_error_single:
    case OutputKind::squared_error_multi:
      return OutActivation::identity;
    case OutputKind::binary_log_loss:
    case OutputKind::multilabel_log_loss:
      return OutActivation::logistic;
    case OutputKind::softmax_log_loss:
      return OutActivation::softmax;
  }
  return OutActivation::identity;
}

Index n_outputs_of(OutputKind kind) {
  return (kind == OutputKind::squared_error_single || kind == OutputKind::binary_log_loss) ? 1 : 3;
}

constexpr Index kFeatures = 3;
constexpr Index kBatch = 5;     // rows evaluated
constexpr Index kCapacity = 8;  // workspace rows: the batch is short
constexpr double kAlpha = 0.3;  // large enough that a wrong L2 term shows

/// A network, its parameters and one batch of data.
struct Problem {
  Architecture net;
  Vec<double> theta;
  Mat<double> X;  // kBatch x kFeatures
  Mat<double> Y;  // kBatch x k
};

/// Pre-activations of every hidden layer, computed independently of the core.
std::vector<Mat<double>> hidden_preactivations(const Problem& p) {
  std::vector<Mat<double>> out;
  Mat<double> A = p.X;
  const Index L = p.net.layout.n_weights();
  for (Index l = 0; l + 1 < L; ++l) {
    Mat<double> Z = A * p.net.layout.W(p.theta.data(), l);
    Z.rowwise() += p.net.layout.b(p.theta.data(), l).transpose();
    out.push_back(Z);
    switch (p.net.hidden) {
      case Activation::identity:
        A = Z;
        break;
      case Activation::logistic:
        A = (1.0 / (1.0 + (-Z.array()).exp())).matrix();
        break;
      case Activation::tanh:
        A = Z.array().tanh().matrix();
        break;
      case Activation::relu:
        A = Z.array().max(0.0).matrix();
        break;
      case Activation::leaky_relu:
        A = (Z.array() > 0).select(Z.array(), p.net.leaky_slope * Z.array()).matrix();
        break;
    }
  }
  return out;
}

/// Smallest |z| over all hidden pre-activations (the kink of relu and leaky_relu is at 0).
double kink_margin(const Problem& p) {
  double margin = std::numeric_limits<double>::infinity();
  for (const auto& Z : hidden_preactivations(p)) margin = std::min(margin, Z.cwiseAbs().minCoeff());
  return margin;
}

Problem make_problem(Activation hidden, OutputKind kind, int n_hidden, std::uint32_t seed) {
  RandomState rng(seed);
  std::vector<Index> units{kFeatures};
  const Index widths[] = {4, 3};
  for (int h = 0; h < n_hidden; ++h) units.push_back(widths[h]);
  units.push_back(n_outputs_of(kind));
  // A slope far from the default, so that a slope ignored somewhere shows.
  Problem p{Architecture{Layout(units), hidden, out_activation_of(kind), 0.2}, {}, {}, {}};
  p.theta.resize(p.net.layout.size());
  for (Index i = 0; i < p.theta.size(); ++i) p.theta(i) = rng.uniform(-1, 1);
  p.X.resize(kBatch, kFeatures);
  for (Index i = 0; i < p.X.size(); ++i) p.X.data()[i] = rng.uniform(-2, 2);
  const Index k = n_outputs_of(kind);
  p.Y = Mat<double>::Zero(kBatch, k);
  for (Index i = 0; i < kBatch; ++i) {
    switch (kind) {
      case OutputKind::squared_error_single:
      case OutputKind::squared_error_multi:
        for (Index j = 0; j < k; ++j) p.Y(i, j) = rng.uniform(-3, 3);
        break;
      case OutputKind::binary_log_loss:
      case OutputKind::multilabel_log_loss:
        for (Index j = 0; j < k; ++j) p.Y(i, j) = rng.random_double() < 0.5 ? 1 : 0;
        break;
      case OutputKind::softmax_log_loss:
        p.Y(i, static_cast<Index>(rng.interval(static_cast<std::uint64_t>(k - 1)))) = 1;
        break;
    }
  }
  return p;
}

/// Loss and gradient through the core, with the batch in the first kBatch rows
/// of a larger workspace whose remaining rows hold NaN (they must not be read).
double core_loss(const Problem& p, const Vec<double>& theta, double alpha, Vec<double>* grad = nullptr) {
  Workspace<double> ws;
  ws.reserve(p.net.layout, kCapacity);
  ws.A[0].setConstant(std::numeric_limits<double>::quiet_NaN());
  ws.A[0].topRows(kBatch) = p.X;
  Vec<double> scratch(p.net.layout.size());
  Vec<double>& g = grad ? *grad : scratch;
  g.resize(p.net.layout.size());
  return loss_and_gradient(p.net, theta.data(), p.Y, alpha, ws, kBatch, g.data());
}

/// (alpha / 2) * sum ||W_l||^2 / n, intercepts excluded (section 5).
double l2_term(const Problem& p, const Vec<double>& theta, double alpha) {
  double sum = 0;
  for (Index l = 0; l < p.net.layout.n_weights(); ++l) sum += p.net.layout.W(theta.data(), l).squaredNorm();
  return 0.5 * alpha * sum / static_cast<double>(kBatch);
}

/// The function whose derivative the core's gradient is. For multi-output
/// squared error that is k * data loss + L2 (quirk Q3: the loss divides by
/// n*k, the gradient P - Y only by n); otherwise it is the loss itself.
double gradient_potential(const Problem& p, const Vec<double>& theta) {
  const double k = static_cast<double>(p.Y.cols());
  const double data = core_loss(p, theta, 0.0);
  const double scale = p.net.output == OutActivation::identity ? k : 1.0;
  return scale * data + l2_term(p, theta, kAlpha);
}

Vec<double> central_differences(const Problem& p, double h = 1e-6) {
  Vec<double> fd(p.theta.size());
  for (Index i = 0; i < p.theta.size(); ++i) {
    Vec<double> plus = p.theta, minus = p.theta;
    plus(i) += h;
    minus(i) -= h;
    fd(i) = (gradient_potential(p, plus) - gradient_potential(p, minus)) / (2 * h);
  }
  return fd;
}

/// The data term written out independently of the core (section 5).
double reference_data_loss(const Problem& p) {
  Mat<double> A = p.X;
  const Index L = p.net.layout.n_weights();
  auto Zs = hidden_preactivations(p);
  if (!Zs.empty()) {
    const Mat<double>& Z = Zs.back();
    switch (p.net.hidden) {
      case Activation::identity:
        A = Z;
        break;
      case Activation::logistic:
        A = (1.0 / (1.0 + (-Z.array()).exp())).matrix();
        break;
      case Activation::tanh:
        A = Z.array().tanh().matrix();
        break;
      case Activation::relu:
        A = Z.array().max(0.0).matrix();
        break;
      case Activation::leaky_relu:
        A = (Z.array() > 0).select(Z.array(), p.net.leaky_slope * Z.array()).matrix();
        break;
    }
  }
  Mat<double> Z = A * p.net.layout.W(p.theta.data(), L - 1);
  Z.rowwise() += p.net.layout.b(p.theta.data(), L - 1).transpose();
  const double n = static_cast<double>(kBatch), k = static_cast<double>(p.Y.cols());
  switch (p.net.output) {
    case OutActivation::identity:
      return (p.Y - Z).squaredNorm() / (2 * n * k);
    case OutActivation::logistic: {
      Mat<double> P = (1.0 / (1.0 + (-Z.array()).exp())).matrix();
      return -(p.Y.array() * P.array().log() + (1 - p.Y.array()) * (1 - P.array()).log()).sum() / n;
    }
    case OutActivation::softmax: {
      double total = 0;
      for (Index i = 0; i < Z.rows(); ++i) {
        const double log_sum = std::log((Z.row(i).array() - Z.row(i).maxCoeff()).exp().sum()) + Z.row(i).maxCoeff();
        for (Index j = 0; j < Z.cols(); ++j) total -= p.Y(i, j) * (Z(i, j) - log_sum);
      }
      return total / n;
    }
  }
  return 0;
}

struct GradientCase {
  Activation hidden;
  OutputKind kind;
  int n_hidden;
};

std::string case_label(const GradientCase& c) {
  std::string h = mlp::name_of(c.hidden);
  h[0] = static_cast<char>(std::toupper(h[0]));
  return h + "_" + name_of(c.kind) + "_" + std::to_string(c.n_hidden) + "Hidden";
}

/// gtest prints parameters with this (found by argument-dependent lookup).
void PrintTo(const GradientCase& c, std::ostream* out) { *out << case_label(c); }

/// Every hidden activation x every output/loss pair x 0, 1, 2 hidden layers.
std::vector<GradientCase> all_cases() {
  std::vector<GradientCase> cases;
  for (Activation hidden :
       {Activation::identity, Activation::logistic, Activation::tanh, Activation::relu, Activation::leaky_relu})
    for (OutputKind kind : {OutputKind::squared_error_single, OutputKind::squared_error_multi,
                            OutputKind::binary_log_loss, OutputKind::multilabel_log_loss, OutputKind::softmax_log_loss})
      for (int n_hidden : {0, 1, 2}) cases.push_back({hidden, kind, n_hidden});
  return cases;
}

class GradientCheck : public ::testing::TestWithParam<GradientCase> {
 protected:
  /// A problem whose relu / leaky_relu pre-activations all stay at least 0.05 away from 0,
  /// so that a step of 1e-6 never crosses the kink.
  Problem problem() const {
    const auto [hidden, kind, n_hidden] = GetParam();
    for (std::uint32_t seed = 1; seed < 1000; ++seed) {
      Problem p = make_problem(hidden, kind, n_hidden, seed);
      const bool kinked = hidden == Activation::relu || hidden == Activation::leaky_relu;
      if (!kinked || kink_margin(p) > 0.05) return p;
    }
    ADD_FAILURE() << "no seed keeps the relu pre-activations away from 0";
    return make_problem(hidden, kind, n_hidden, 1);
  }
};

TEST_P(GradientCheck, GradientMatchesCentralDifferencesToRelativeError1e6) {
  const Problem p = problem();
  Vec<double> grad;
  core_loss(p, p.theta, kAlpha, &grad);
  ASSERT_TRUE(grad.allFinite());
  const Vec<double> fd = central_differences(p);
  const double relative = (grad - fd).norm() / std::max(grad.norm(), fd.norm());
  EXPECT_LT(relative, 1e-6) << "core " << grad.transpose() << "\nfd   " << fd.transpose();
  // Entry by entry too, relative to the largest entry (tiny entries are noise).
  const double scale = std::max(grad.cwiseAbs().maxCoeff(), 1e-3);
  EXPECT_LT((grad - fd).cwiseAbs().maxCoeff() / scale, 1e-6);
}

TEST_P(GradientCheck, LossIsDataTermPlusL2ScaledByTheBatchRows) {
  const Problem p = problem();
  const double loss = core_loss(p, p.theta, kAlpha);
  EXPECT_NEAR(loss, reference_data_loss(p) + l2_term(p, p.theta, kAlpha), 1e-12 * std::max(1.0, std::abs(loss)));
}

INSTANTIATE_TEST_SUITE_P(Gradients, GradientCheck, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<GradientCase>& param_info) {
                           return case_label(param_info.param);
                         });

TEST(Gradients, MultiOutputSquaredErrorGradientIsKTimesTheLossDerivative) {
  // Quirk Q3, stated directly: with alpha = 0 the gradient is k times the
  // finite difference of the reported loss (not equal to it).
  Problem p = make_problem(Activation::tanh, OutputKind::squared_error_multi, 1, 7);
  Vec<double> grad;
  core_loss(p, p.theta, 0.0, &grad);
  const double k = static_cast<double>(p.Y.cols());
  ASSERT_EQ(k, 3);
  const double h = 1e-6;
  Vec<double> fd(p.theta.size());
  for (Index i = 0; i < p.theta.size(); ++i) {
    Vec<double> plus = p.theta, minus = p.theta;
    plus(i) += h;
    minus(i) -= h;
    fd(i) = (core_loss(p, plus, 0.0) - core_loss(p, minus, 0.0)) / (2 * h);
  }
  EXPECT_LT((grad - k * fd).norm() / grad.norm(), 1e-6);
  EXPECT_GT((grad - fd).norm() / grad.norm(), 0.5);
}

TEST(Gradients, ShortBatchIgnoresRowsBeyondN) {
  // The same batch evaluated in an exactly-sized workspace gives the same
  // loss and gradient as in a larger one holding NaN below row n.
  Problem p = make_problem(Activation::logistic, OutputKind::softmax_log_loss, 2, 3);
  Vec<double> short_grad;
  const double short_loss = core_loss(p, p.theta, kAlpha, &short_grad);
  Workspace<double> ws;
  ws.reserve(p.net.layout, kBatch);
  ws.A[0] = p.X;
  Vec<double> grad(p.net.layout.size());
  const double loss = loss_and_gradient(p.net, p.theta.data(), p.Y, kAlpha, ws, kBatch, grad.data());
  EXPECT_EQ(short_loss, loss);
  EXPECT_EQ((short_grad - grad).cwiseAbs().maxCoeff(), 0.0);
}

TEST(Gradients, ReluDerivativeIsZeroAtZExactlyZero) {
  // Quirk Q9: the derivative is read from the activation output, so z == 0
  // (output 0) gets derivative 0, like z < 0.
  Mat<double> A(1, 4);
  A << 0.0, -0.0, 1e-300, 2.5;
  Mat<double> delta = Mat<double>::Constant(1, 4, 3.0);
  apply_derivative<double>(Activation::relu, A, delta);
  EXPECT_EQ(delta(0, 0), 0.0);
  EXPECT_EQ(delta(0, 1), 0.0);
  EXPECT_EQ(delta(0, 2), 3.0);
  EXPECT_EQ(delta(0, 3), 3.0);
}

TEST(Gradients, ReluUnitSittingExactlyAtZeroGetsNoGradientThroughIt) {
  // 2-2-1 relu network, X = 0 and b_0 = (0, 0.5): unit 0's pre-activation is
  // exactly 0, so nothing flows back through it: its intercept gradient is 0
  // and W_1's row for it only carries the L2 term.
  Architecture net{Layout({2, 2, 1}), Activation::relu, OutActivation::identity};
  Vec<double> theta(net.layout.size());
  net.layout.W(theta.data(), 0) << 0.7, -0.4, 0.2, 0.9;
  net.layout.b(theta.data(), 0) << 0.0, 0.5;
  net.layout.W(theta.data(), 1) << 1.5, -2.0;
  net.layout.b(theta.data(), 1) << 0.1;
  Workspace<double> ws;
  ws.reserve(net.layout, 2);
  ws.A[0].setZero();
  Mat<double> Y(2, 1);
  Y << 1.0, -1.0;
  Vec<double> grad(net.layout.size());
  const double alpha = 0.2;
  loss_and_gradient(net, theta.data(), Y, alpha, ws, 2, grad.data());
  EXPECT_EQ(net.layout.b(grad.data(), 0)(0), 0.0);
  EXPECT_NE(net.layout.b(grad.data(), 0)(1), 0.0);
  EXPECT_DOUBLE_EQ(net.layout.W(grad.data(), 1)(0, 0), alpha * 1.5 / 2);
}

}  // namespace
}  // namespace mlp
