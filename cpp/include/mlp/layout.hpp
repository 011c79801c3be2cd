// Where each W_l and b_l lives in the one flat parameter vector.
//
// The order is scikit-learn's L-BFGS packing: every coefs_[l] flattened
// row-major in layer order, then every intercepts_[l]. Optimisers, L-BFGS and
// serialisation all work on that single vector; layers are Eigen::Map views.
#pragma once

#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

class Layout {
 public:
  Layout() = default;
  /// units = [n_features, hidden..., n_outputs].
  explicit Layout(std::vector<Index> units) : units_(std::move(units)) {
    Index offset = 0;
    for (std::size_t l = 0; l + 1 < units_.size(); ++l) {
      w_offset_.push_back(offset);
      offset += units_[l] * units_[l + 1];
    }
    for (std::size_t l = 0; l + 1 < units_.size(); ++l) {
      b_offset_.push_back(offset);
      offset += units_[l + 1];
    }
    size_ = offset;
  }

  const std::vector<Index>& units() const { return units_; }
  /// Number of weight matrices (n_layers_ - 1).
  Index n_weights() const { return static_cast<Index>(w_offset_.size()); }
  /// Number of parameters.
  Index size() const { return size_; }
  Index fan_in(Index l) const { return units_[static_cast<std::size_t>(l)]; }
  Index fan_out(Index l) const { return units_[static_cast<std::size_t>(l) + 1]; }
  /// Number of coefficients (all W), which come first.
  Index n_coefs() const { return b_offset_.empty() ? 0 : b_offset_.front(); }

  /// W_l (fan_in x fan_out) as a view into theta.
  template <class S>
  MatMap<S> W(S* theta, Index l) const {
    return MatMap<S>(theta + w_offset_[static_cast<std::size_t>(l)], fan_in(l), fan_out(l));
  }
  template <class S>
  ConstMatMap<S> W(const S* theta, Index l) const {
    return ConstMatMap<S>(theta + w_offset_[static_cast<std::size_t>(l)], fan_in(l), fan_out(l));
  }
  /// b_l (fan_out) as a view into theta.
  template <class S>
  VecMap<S> b(S* theta, Index l) const {
    return VecMap<S>(theta + b_offset_[static_cast<std::size_t>(l)], fan_out(l));
  }
  template <class S>
  ConstVecMap<S> b(const S* theta, Index l) const {
    return ConstVecMap<S>(theta + b_offset_[static_cast<std::size_t>(l)], fan_out(l));
  }

  bool operator==(const Layout& other) const { return units_ == other.units_; }

 private:
  std::vector<Index> units_;
  std::vector<Index> w_offset_;
  std::vector<Index> b_offset_;
  Index size_ = 0;
};

}  // namespace mlp
