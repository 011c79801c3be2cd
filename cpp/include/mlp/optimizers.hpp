// The stochastic optimisers (scikit-learn's _stochastic_optimizers.py). They
// only compute updates of the packed parameter vector; the epoch loop and the
// stopping rules live in the estimator. Float32 in wasm SIMD runs the updates on
// elementwise.hpp's f32x4 kernels; elsewhere on the Eigen expressions below.
#pragma once

#include <cmath>

#include "mlp/elementwise.hpp"
#include "mlp/params.hpp"
#include "mlp/portable_math.hpp"
#include "mlp/scalar.hpp"

namespace mlp {

/// sign(w) max(|w| - tau, 0): w moved tau towards 0, and 0 where it would cross it.
template <class S>
S soft_threshold(S w, S tau) {
  return w > tau ? w - tau : w < -tau ? w + tau : S(0);
}

template <class S>
class Optimizer {
 public:
  explicit Optimizer(double learning_rate_init)
      : learning_rate_init_(learning_rate_init), learning_rate_(learning_rate_init) {}
  virtual ~Optimizer() = default;

  /// theta += update(grad), for the whole packed parameter vector.
  virtual void update(Eigen::Ref<Vec<S>> theta, const Vec<S>& grad) = 0;
  /// Called at the end of every epoch with the cumulative sample count t_.
  virtual void iteration_ends(long long /*t*/) {}
  /// Called when the no-improvement counter runs out; true means stop.
  virtual bool trigger_stopping() { return true; }
  /// The L1 penalty's proximal step (FOBOS, Duchi & Singer, 2009), after update(): soft-thresholds
  /// the first n_coefs entries of theta (the weights), w <- sign(w) max(|w| - tau, 0), where tau is
  /// the step size of the update just made times `penalty` (= l1 / batch rows). Weights whose data
  /// gradient is weaker than the penalty end exactly at 0, which a subgradient step never does.
  virtual void shrink_l1(Eigen::Ref<Vec<S>> theta, Index n_coefs, double penalty) = 0;

  double learning_rate() const { return learning_rate_; }

 protected:
  double learning_rate_init_;
  double learning_rate_;
};

/// SGD with momentum (Polyak) or Nesterov's momentum (Sutskever et al., 2013),
/// and the constant / invscaling / adaptive schedules.
template <class S>
class SgdOptimizer final : public Optimizer<S> {
 public:
  SgdOptimizer(Index size, const Params& p)
      : Optimizer<S>(p.learning_rate_init),
        schedule_(p.learning_rate),
        momentum_(p.momentum),
        nesterov_(p.nesterovs_momentum),
        power_t_(p.power_t),
        velocity_(Vec<S>::Zero(size)) {}

  void update(Eigen::Ref<Vec<S>> theta, const Vec<S>& grad) override {
    const S momentum = static_cast<S>(momentum_);
    const S lr = static_cast<S>(this->learning_rate_);
    if constexpr (elementwise::uses_simd_kernels<S>) {
      // The same operations in one pass (bit-for-bit the same results).
      elementwise::sgd_update(theta.size(), grad.data(), velocity_.data(), theta.data(), momentum, lr, nesterov_);
    } else {
      velocity_ = momentum * velocity_ - lr * grad;
      // Nesterov's look-ahead uses the *new* velocity.
      if (nesterov_)
        theta += momentum * velocity_ - lr * grad;
      else
        theta += velocity_;
    }
  }

  /// tau = lr * penalty / (1 - momentum). Without momentum this is exact proximal SGD (ISTA).
  /// With momentum (Polyak or Nesterov) a steady gradient g moves a weight lr * g / (1 - momentum)
  /// per step, so this tau keeps a weight at 0 exactly while |g| <= penalty, the L1 optimality
  /// condition, as without momentum (lr * penalty alone would need |g| <= (1 - momentum) penalty).
  /// momentum = 1 makes tau infinite: every weight is set to 0.
  void shrink_l1(Eigen::Ref<Vec<S>> theta, Index n_coefs, double penalty) override {
    const S tau = static_cast<S>(this->learning_rate_ * penalty / (1 - momentum_));
    MLP_SCALAR_LOOP  // cheap next to the products; see network.hpp
        for (Index i = 0; i < n_coefs; ++i) theta[i] = soft_threshold(theta[i], tau);
  }

  void iteration_ends(long long t) override {
    // invscaling decays with the cumulative number of samples t_ (quirk Q4).
    if (schedule_ == LearningRate::invscaling)
      this->learning_rate_ = this->learning_rate_init_ / math::pow(static_cast<double>(t) + 1, power_t_);
  }

  bool trigger_stopping() override {
    if (schedule_ != LearningRate::adaptive) return true;
    if (this->learning_rate_ <= 1e-6) return true;
    this->learning_rate_ /= 5.0;
    return false;
  }

 private:
  LearningRate schedule_;
  double momentum_;
  bool nesterov_;
  double power_t_;
  Vec<S> velocity_;
};

/// Adam (Kingma & Ba, 2015) in scikit-learn's form: the bias correction goes
/// into the step size and epsilon is added to sqrt of the raw second moment
/// (quirk Q8).
template <class S>
class AdamOptimizer final : public Optimizer<S> {
 public:
  AdamOptimizer(Index size, const Params& p)
      : Optimizer<S>(p.learning_rate_init),
        beta_1_(p.beta_1),
        beta_2_(p.beta_2),
        epsilon_(p.epsilon),
        m_(Vec<S>::Zero(size)),
        v_(Vec<S>::Zero(size)) {}

  /// The proximal step in Adam's own diagonal metric (as for AdaGrad's composite mirror descent,
  /// Duchi, Hazan & Singer, 2011): tau_i = lr_t * penalty / (sqrt(v_i) + epsilon), each weight
  /// shrunk by the step Adam would take for a gradient equal to the penalty.
  void shrink_l1(Eigen::Ref<Vec<S>> theta, Index n_coefs, double penalty) override {
    const S tau = static_cast<S>(this->learning_rate_ * penalty), eps = static_cast<S>(epsilon_);
    MLP_SCALAR_LOOP
    for (Index i = 0; i < n_coefs; ++i) theta[i] = soft_threshold(theta[i], tau / (std::sqrt(v_[i]) + eps));
  }

  void update(Eigen::Ref<Vec<S>> theta, const Vec<S>& grad) override {
    ++t_;
    const S b1 = static_cast<S>(beta_1_), b2 = static_cast<S>(beta_2_);
    const S one_minus_b1 = static_cast<S>(1 - beta_1_), one_minus_b2 = static_cast<S>(1 - beta_2_);
    this->learning_rate_ = this->learning_rate_init_ * std::sqrt(1 - math::pow(beta_2_, static_cast<double>(t_))) /
                           (1 - math::pow(beta_1_, static_cast<double>(t_)));
    const S lr = static_cast<S>(this->learning_rate_);
    if constexpr (elementwise::uses_simd_kernels<S>) {
      // The same operations in one pass (bit-for-bit the same results).
      elementwise::adam_update(theta.size(), grad.data(), m_.data(), v_.data(), theta.data(),
                               {b1, b2, one_minus_b1, one_minus_b2, lr, static_cast<S>(epsilon_)});
    } else {
      m_ = b1 * m_ + one_minus_b1 * grad;
      v_ = b2 * v_ + one_minus_b2 * grad.cwiseAbs2();
      // std::sqrt, not Eigen's .sqrt(): with AVX-512, Eigen 3.4's fast-math packet sqrt is
      // x * rsqrt(x), which is not correctly rounded and gives NaN for v = inf, where numpy's
      // sqrt (and wasm's) gives inf and a step of 0 (an input of 1e300 diverged only natively).
      theta.array() -=
          lr * m_.array() / (v_.array().unaryExpr([](S x) { return std::sqrt(x); }) + static_cast<S>(epsilon_));
    }
  }

 private:
  double beta_1_, beta_2_, epsilon_;
  long long t_ = 0;
  Vec<S> m_, v_;
};

}  // namespace mlp
