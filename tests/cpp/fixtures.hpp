// Shared helpers for the C++ tests: fixture loading and Eigen conversions.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp::test {

using json = nlohmann::json;

/// Parses tests/fixtures/<name> (the scikit-learn reference data).
inline json load_fixture(const std::string& name) {
  std::ifstream in(std::string(MLP_FIXTURE_DIR) + "/" + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return json::parse(in);
}

/// A JSON list of lists as a row-major matrix.
template <class S = double>
Mat<S> to_mat(const json& rows) {
  Mat<S> m(static_cast<Index>(rows.size()), rows.empty() ? 0 : static_cast<Index>(rows[0].size()));
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j)
      m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<S>();
  return m;
}

/// A JSON list of numbers as a vector.
template <class S = double>
Vec<S> to_vec(const json& values) {
  Vec<S> v(static_cast<Index>(values.size()));
  for (Index i = 0; i < v.size(); ++i) v(i) = values[static_cast<std::size_t>(i)].get<S>();
  return v;
}

}  // namespace mlp::test
