// The Session's data (session.hpp): the buffers the page writes, generated data, the
// train/test split and the data's names.
#include <cmath>
#include <utility>

#include "mlp/datasets.hpp"
#include "mlp/limits.hpp"
#include "mlp/rng.hpp"
#include "mlp/session.hpp"
#include "session_internal.hpp"

namespace mlp {

using namespace session_detail;

Status Session::resize_data(int n_train, int n_test, int n_features, int n_targets) {
  return guarded(
      [&] {
        if (n_train < 1) throw Error("n_train", std::to_string(n_train), "at least one training sample is needed");
        if (n_test < 0) throw Error("n_test", std::to_string(n_test), "n_test must be >= 0");
        if (n_features < 1) throw Error("n_features", std::to_string(n_features), "at least one feature is needed");
        if (n_targets < 1) throw Error("n_targets", std::to_string(n_targets), "at least one target column is needed");
        const double values = (static_cast<double>(n_train) + n_test) * (static_cast<double>(n_features) + n_targets);
        check_memory(values * sizeof(double), "n_train",
                     "the data (" + std::to_string(n_train + static_cast<long long>(n_test)) + " rows of " +
                         std::to_string(n_features) + " features and " + std::to_string(n_targets) + " targets)");
        n_train_ = n_train;
        n_test_ = n_test;
        n_features_ = n_features;
        n_targets_ = n_targets;
        x_train_.assign(static_cast<std::size_t>(n_train) * static_cast<std::size_t>(n_features), 0.0);
        y_train_.assign(static_cast<std::size_t>(n_train) * static_cast<std::size_t>(n_targets), 0.0);
        x_test_.assign(static_cast<std::size_t>(n_test) * static_cast<std::size_t>(n_features), 0.0);
        y_test_.assign(static_cast<std::size_t>(n_test) * static_cast<std::size_t>(n_targets), 0.0);
        image_data_ = false;
        std::vector<std::uint8_t>().swap(x_train_bytes_);
        std::vector<std::uint8_t>().swap(x_test_bytes_);
        data_names_ = {};
        data_ok_ = false;
        discard_model();
      },
      "the data buffers");
}

Status Session::resize_image_data(int n_train, int n_test, int n_features, double divisor) {
  return guarded(
      [&] {
        if (n_train < 1) throw Error("n_train", std::to_string(n_train), "at least one training sample is needed");
        if (n_test < 0) throw Error("n_test", std::to_string(n_test), "n_test must be >= 0");
        if (n_features < 1) throw Error("n_features", std::to_string(n_features), "at least one feature is needed");
        if (!(std::isfinite(divisor) && divisor > 0))
          throw Error("divisor", std::to_string(divisor),
                      "divisor must be a finite number > 0 (each input is byte / divisor; 255 for pixels)");
        const double rows = static_cast<double>(n_train) + n_test;
        check_memory(rows * (static_cast<double>(n_features) + sizeof(double)), "n_train",
                     "the image data (" + std::to_string(n_train + static_cast<long long>(n_test)) + " rows of " +
                         std::to_string(n_features) + " bytes and a label)");
        discard_model();
        std::vector<double>().swap(x_train_);
        std::vector<double>().swap(x_test_);
        n_train_ = n_train;
        n_test_ = n_test;
        n_features_ = n_features;
        n_targets_ = 1;
        divisor_ = divisor;
        image_data_ = true;
        x_train_bytes_.assign(static_cast<std::size_t>(n_train) * static_cast<std::size_t>(n_features), 0);
        x_test_bytes_.assign(static_cast<std::size_t>(n_test) * static_cast<std::size_t>(n_features), 0);
        y_train_.assign(static_cast<std::size_t>(n_train), 0.0);
        y_test_.assign(static_cast<std::size_t>(n_test), 0.0);
        data_names_ = {};
        data_ok_ = false;
      },
      "the image data buffers");
}

ByteMatrix Session::train_bytes() const { return {x_train_bytes_.data(), n_train_, n_features_, divisor_}; }
ByteMatrix Session::test_bytes() const { return {x_test_bytes_.data(), n_test_, n_features_, divisor_}; }

Status Session::commit_data() {
  return guarded([&] {
    for (const auto* buffer : {&x_train_, &x_test_})
      for (double v : *buffer)
        if (!std::isfinite(v))
          throw Error("X", "NaN or infinity", "X contains NaN or infinity; every value must be finite");
    for (const auto* buffer : {&y_train_, &y_test_})
      for (double v : *buffer)
        if (!std::isfinite(v))
          throw Error("y", "NaN or infinity", "y contains NaN or infinity; every value must be finite");
    if (estimator_ == "MLPClassifier") {
      if (n_targets_ != 1)
        throw Error("n_targets", std::to_string(n_targets_), "a classifier takes one column of class labels");
      unique_labels(labels_of(rows_of(y_train_, n_train_, 1)));  // integers only
    }
    data_ok_ = true;
    discard_model();
  });
}

void Session::store_split(const Mat<double>& X, const Mat<double>& y, double test_size, std::uint32_t random_state) {
  if (!(test_size >= 0 && test_size < 1))
    throw Error("test_size", std::to_string(test_size), "test_size must be in [0, 1)");
  const Index n = X.rows();
  const Index n_test = static_cast<Index>(std::ceil(test_size * static_cast<double>(n)));
  if (n - n_test < 1) throw Error("test_size", std::to_string(test_size), "no training rows would be left");
  // train_test_split's ShuffleSplit: test rows first in the permutation.
  RandomState rng(random_state);
  auto perm = rng.permutation(static_cast<std::size_t>(n));
  Status sized = resize_data(static_cast<int>(n - n_test), static_cast<int>(n_test), static_cast<int>(X.cols()),
                             static_cast<int>(y.cols()));
  if (!sized.ok) throw Error(sized.parameter, sized.value, sized.message);
  for (Index k = 0; k < n; ++k) {
    const Index row = static_cast<Index>(perm[static_cast<std::size_t>(k)]);
    const bool test = k < n_test;
    const Index r = test ? k : k - n_test;
    double* x_out = test ? x_test_.data() : x_train_.data();
    double* y_out = test ? y_test_.data() : y_train_.data();
    for (Index j = 0; j < X.cols(); ++j) x_out[r * X.cols() + j] = X(row, j);
    for (Index j = 0; j < y.cols(); ++j) y_out[r * y.cols() + j] = y(row, j);
  }
  data_ok_ = true;
}

Status Session::generate(const std::string& generator, const std::string& params_json, double test_size,
                         std::uint32_t random_state) {
  return guarded(
      [&] {
        const Dataset data = mlp::generate(generator, params_json.empty() ? json::object() : parse(params_json));
        store_split(data.X, data.y, test_size, random_state);
      },
      "the generated data");
}

Status Session::split_data(double test_size, std::uint32_t random_state) {
  if (!data_ok_) return {false, "X", "", "no data to split: call resize_data and commit_data first"};
  if (image_data_)
    return {false, "test_size", std::to_string(test_size),
            "image data come with their own training and test parts (resize_image_data); they are not split again"};
  return guarded(
      [&] {
        Mat<double> X(n_train_ + n_test_, n_features_), y(n_train_ + n_test_, n_targets_);
        X.topRows(n_train_) = rows_of(x_train_, n_train_, n_features_);
        X.bottomRows(n_test_) = rows_of(x_test_, n_test_, n_features_);
        y.topRows(n_train_) = rows_of(y_train_, n_train_, n_targets_);
        y.bottomRows(n_test_) = rows_of(y_test_, n_test_, n_targets_);
        DataNames names = std::move(data_names_);  // the same rows, in another order: the same names
        store_split(X, y, test_size, random_state);
        data_names_ = std::move(names);
        if (estimator_ == "MLPClassifier") unique_labels(labels_of(rows_of(y_train_, n_train_, 1)));
      },
      "the data split");
}

Status Session::set_data_names(const std::string& names_json) {
  return guarded([&] {
    DataNames names = parse_data_names(names_json.empty() ? json(nullptr) : parse(names_json));
    if ((!names.features.empty() || !names.classes.empty()) && !data_ok_)
      throw Error("X", "", "no data to name: load the data first (generate, or resize_data and commit_data)");
    if (!names.features.empty() && static_cast<int>(names.features.size()) != n_features_)
      throw Error("feature_names", std::to_string(names.features.size()) + " names",
                  "feature_names needs one name per data column (" + std::to_string(n_features_) + ")");
    if (!names.classes.empty()) {
      if (n_targets_ != 1)
        throw Error("class_labels", std::to_string(n_targets_) + " target columns",
                    "class labels name the codes of one column of classes");
      check_class_codes(y_train_.data(), y_train_.size(), names.classes);
      check_class_codes(y_test_.data(), y_test_.size(), names.classes);
    }
    data_names_ = std::move(names);
    if (model_ && rows_prepared_) name_model_from_data();
  });
}

void Session::name_model_from_data() {
  model_names_.classes = data_names_.classes;
  model_names_.features.clear();
  if (data_names_.features.empty()) return;
  model_names_.features = features_.names(data_names_.features);
}

}  // namespace mlp
