// Where the estimator reads its input rows from: a dense matrix, or images kept as bytes.
//
// The epoch loop gathers each minibatch from a RowSource into the first rows of its batch
// matrix; predictions and scores read a source in chunks of rows. So the 60,000 x 784 pixels of
// Fashion-MNIST stay uint8 in memory (47 MB) and are scaled to [0, 1] as a batch is formed,
// instead of a dense copy (376 MB in float64, 188 MB in float32).
//
// | source      | holds                                 | row i, column j                           |
// |-------------|---------------------------------------|-------------------------------------------|
// | DenseRows   | a reference to a Mat<S> (not a copy)  | X(i, j), exactly as before                |
// | ByteRows    | a pointer to rows x cols bytes        | S(double(byte) / divisor)                 |
// | SubsetRows  | another source and a list of its rows | base row rows[i] (early stopping's part)  |
//
// ByteRows divides in double and then rounds to S, so that in float64 a pixel is bit for bit
// numpy's `X / 255.` and in float32 it is numpy's `(X / 255.).astype(np.float32)`.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

/// rows x cols bytes, row-major, read as byte / divisor (not owned).
struct ByteMatrix {
  const std::uint8_t* data = nullptr;
  Index rows = 0;
  Index cols = 0;
  double divisor = 255.0;
};

/// A read-only table of input rows (samples x features).
template <class S>
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual Index rows() const = 0;
  virtual Index cols() const = 0;
  /// Writes source rows index[0..n) into out's first n rows (out: at least n x cols()).
  virtual void gather(const Index* index, Index n, Mat<S>& out) const = 0;
  /// Writes source rows start..start+n-1 into out's first n rows.
  virtual void block(Index start, Index n, Mat<S>& out) const = 0;
  /// Every value finite (bytes always are).
  virtual bool all_finite() const = 0;
  /// Another handle on the same rows (the data are not copied).
  virtual std::unique_ptr<RowSource<S>> clone() const = 0;
  /// The matrix behind a dense source (nullptr for the others).
  virtual const Mat<S>* dense() const { return nullptr; }
  /// Every row as one dense matrix (L-BFGS evaluates the whole set at once, so it materialises X).
  Mat<S> materialize() const {
    Mat<S> out(rows(), cols());
    block(0, rows(), out);
    return out;
  }
};

template <class S>
class DenseRows final : public RowSource<S> {
 public:
  explicit DenseRows(const Mat<S>& X) : X_(X) {}
  Index rows() const override { return X_.rows(); }
  Index cols() const override { return X_.cols(); }
  void gather(const Index* index, Index n, Mat<S>& out) const override {
    for (Index k = 0; k < n; ++k) out.row(k) = X_.row(index[k]);
  }
  void block(Index start, Index n, Mat<S>& out) const override { out.topRows(n) = X_.middleRows(start, n); }
  bool all_finite() const override { return X_.allFinite(); }
  const Mat<S>* dense() const override { return &X_; }
  std::unique_ptr<RowSource<S>> clone() const override { return std::make_unique<DenseRows<S>>(X_); }

 private:
  const Mat<S>& X_;
};

template <class S>
class ByteRows final : public RowSource<S> {
 public:
  /// Each byte's value S(double(byte) / divisor) is worked out once, here: a row is then a
  /// lookup per column rather than a division (the same values, bit for bit).
  explicit ByteRows(ByteMatrix bytes) : b_(bytes) {
    for (std::size_t v = 0; v < value_.size(); ++v) value_[v] = static_cast<S>(static_cast<double>(v) / b_.divisor);
  }
  Index rows() const override { return b_.rows; }
  Index cols() const override { return b_.cols; }
  void gather(const Index* index, Index n, Mat<S>& out) const override {
    for (Index k = 0; k < n; ++k) put(index[k], k, out);
  }
  void block(Index start, Index n, Mat<S>& out) const override {
    for (Index k = 0; k < n; ++k) put(start + k, k, out);
  }
  bool all_finite() const override { return b_.divisor != 0; }
  std::unique_ptr<RowSource<S>> clone() const override { return std::make_unique<ByteRows<S>>(b_); }

 private:
  void put(Index row, Index k, Mat<S>& out) const {
    const std::uint8_t* in = b_.data + row * b_.cols;
    S* dst = out.data() + k * out.cols();  // row-major: row k is contiguous
    for (Index j = 0; j < b_.cols; ++j) dst[j] = value_[in[j]];
  }
  ByteMatrix b_;
  std::array<S, 256> value_{};
};

template <class S>
class SubsetRows final : public RowSource<S> {
 public:
  SubsetRows(const RowSource<S>& base, std::vector<Index> index) : base_(base), index_(std::move(index)) {}
  Index rows() const override { return static_cast<Index>(index_.size()); }
  Index cols() const override { return base_.cols(); }
  void gather(const Index* index, Index n, Mat<S>& out) const override {
    std::vector<Index> mapped(static_cast<std::size_t>(n));
    for (Index k = 0; k < n; ++k) mapped[static_cast<std::size_t>(k)] = index_[static_cast<std::size_t>(index[k])];
    base_.gather(mapped.data(), n, out);
  }
  void block(Index start, Index n, Mat<S>& out) const override { base_.gather(index_.data() + start, n, out); }
  bool all_finite() const override { return base_.all_finite(); }
  std::unique_ptr<RowSource<S>> clone() const override { return std::make_unique<SubsetRows<S>>(base_, index_); }

 private:
  const RowSource<S>& base_;
  std::vector<Index> index_;
};

}  // namespace mlp
