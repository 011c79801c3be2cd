// Precision and matrix aliases shared by the whole core.
//
// Matrices hold samples in rows and are row-major, so that a weight matrix W_l
// (fan_in x fan_out) has exactly the memory layout of scikit-learn's coefs_[l]
// and a batch of samples is a contiguous block of rows.
#pragma once

#include <Eigen/Core>

namespace mlp {

using Index = Eigen::Index;

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using RowVec = Eigen::Matrix<S, 1, Eigen::Dynamic>;

template <class S>
using MatMap = Eigen::Map<Mat<S>>;
template <class S>
using ConstMatMap = Eigen::Map<const Mat<S>>;
template <class S>
using VecMap = Eigen::Map<Vec<S>>;
template <class S>
using ConstVecMap = Eigen::Map<const Vec<S>>;

}  // namespace mlp
