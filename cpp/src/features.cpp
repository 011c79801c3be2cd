// Derived features and the scaler (features.hpp).
#include "mlp/features.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "mlp/error.hpp"
#include "mlp/portable_math.hpp"

namespace mlp {

using json = nlohmann::json;

namespace {

constexpr struct {
  DerivedFeature feature;
  const char* name;
} kDerived[] = {{DerivedFeature::x_squared, "x2"},
                {DerivedFeature::y_squared, "y2"},
                {DerivedFeature::x_times_y, "xy"},
                {DerivedFeature::sin_x, "sinx"},
                {DerivedFeature::sin_y, "siny"}};

}  // namespace

const char* name_of(DerivedFeature f) {
  for (const auto& d : kDerived)
    if (d.feature == f) return d.name;
  return "?";
}

std::string name_of(DerivedFeature f, const std::string& x, const std::string& y) {
  switch (f) {
    case DerivedFeature::x_squared:
      return x + "^2";
    case DerivedFeature::y_squared:
      return y + "^2";
    case DerivedFeature::x_times_y:
      return x + " " + y;
    case DerivedFeature::sin_x:
      return "sin(" + x + ")";
    case DerivedFeature::sin_y:
      return "sin(" + y + ")";
  }
  return "?";
}

bool needs_y(DerivedFeature f) {
  return f == DerivedFeature::y_squared || f == DerivedFeature::x_times_y || f == DerivedFeature::sin_y;
}

std::vector<DerivedFeature> parse_derived(const json& list) {
  const char* allowed = "allowed: \"x2\", \"y2\", \"xy\", \"sinx\", \"siny\"";
  if (!list.is_array()) throw Error("features", list.dump(), std::string("features must be a list; ") + allowed);
  std::vector<bool> wanted(std::size(kDerived), false);
  for (const json& item : list) {
    const auto* d = std::find_if(std::begin(kDerived), std::end(kDerived),
                                 [&](const auto& k) { return item.is_string() && item.get<std::string>() == k.name; });
    if (d == std::end(kDerived))
      throw Error("features", item.dump(), "unknown derived feature " + item.dump() + "; " + allowed);
    wanted[static_cast<std::size_t>(d - std::begin(kDerived))] = true;
  }
  std::vector<DerivedFeature> out;
  for (std::size_t k = 0; k < wanted.size(); ++k)
    if (wanted[k]) out.push_back(kDerived[k].feature);
  return out;
}

Mat<double> Features::inputs(const Mat<double>& X) const {
  if (derived.empty() && mean.size() == 0) return X;
  for (DerivedFeature f : derived)
    if (needs_y(f) && X.cols() < 2)
      throw Error("features", name_of(f), std::string("derived feature \"") + name_of(f) + "\" needs 2 input columns");
  Mat<double> out(X.rows(), X.cols() + static_cast<Index>(derived.size()));
  out.leftCols(X.cols()) = X;
  for (std::size_t k = 0; k < derived.size(); ++k) {
    auto column = out.col(X.cols() + static_cast<Index>(k));
    switch (derived[k]) {
      case DerivedFeature::x_squared:
        column = X.col(0).array().square();
        break;
      case DerivedFeature::y_squared:
        column = X.col(1).array().square();
        break;
      case DerivedFeature::x_times_y:
        column = X.col(0).array() * X.col(1).array();
        break;
      case DerivedFeature::sin_x:
        column = X.col(0).unaryExpr([](double v) { return math::sin(v); });
        break;
      case DerivedFeature::sin_y:
        column = X.col(1).unaryExpr([](double v) { return math::sin(v); });
        break;
    }
  }
  if (mean.size() == out.cols()) out = (out.rowwise() - mean).array().rowwise() / scale.array();
  return out;
}

void Features::check_columns(int n_features) const {
  for (DerivedFeature f : derived)
    if (n_features > 2 || (needs_y(f) && n_features < 2))
      throw Error("features", name_of(f),
                  std::string("derived feature \"") + name_of(f) + "\" needs data with " +
                      (needs_y(f) ? "2 columns (x, y)" : "1 or 2 columns") + "; the data have " +
                      std::to_string(n_features));
}

Mat<double> Features::fit(const Mat<double>& columns) {
  mean.resize(0);
  scale.resize(0);
  Mat<double> X = inputs(columns);
  if (standardize) {
    // StandardScaler: population variance; a (near-)constant column keeps scale 1.
    mean = X.colwise().mean();
    // std::sqrt per entry: Eigen's AVX-512 packet sqrt is not correctly rounded (optimizers.hpp).
    scale =
        ((X.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(X.rows())).unaryExpr([](double v) {
          return std::sqrt(v);
        });
    for (Index j = 0; j < scale.size(); ++j)
      if (scale(j) < 10 * std::numeric_limits<double>::epsilon()) scale(j) = 1;
    X = (X.rowwise() - mean).array().rowwise() / scale.array();
  }
  return X;
}

std::vector<std::string> Features::names(const std::vector<std::string>& columns) const {
  const std::string& x = columns.front();
  const std::string& y = columns.size() > 1 ? columns[1] : x;
  std::vector<std::string> out = columns;
  for (DerivedFeature f : derived) out.push_back(name_of(f, x, y));
  return out;
}

json Features::to_json() const {
  if (derived.empty() && mean.size() == 0) return nullptr;
  json features = {{"derived", json::array()}, {"standardize", mean.size() > 0}};
  for (DerivedFeature f : derived) features["derived"].push_back(name_of(f));
  if (mean.size() > 0) {
    features["mean_"] = std::vector<double>(mean.data(), mean.data() + mean.size());
    features["scale_"] = std::vector<double>(scale.data(), scale.data() + scale.size());
  }
  return features;
}

Features Features::from_json(const json& f, const std::vector<Index>& units) {
  Features out;
  out.derived = parse_derived(f.value("derived", json::array()));
  if (f.contains("mean_")) {
    const auto m = f["mean_"].get<std::vector<double>>();
    const auto sc = f["scale_"].get<std::vector<double>>();
    const Index inputs = units.front();
    if (static_cast<Index>(m.size()) != inputs || static_cast<Index>(sc.size()) != inputs)
      throw Error("features", std::to_string(m.size()) + " and " + std::to_string(sc.size()) + " values",
                  "the scaler's mean_ and scale_ need one value per model input (" + std::to_string(inputs) + ")");
    out.mean = Eigen::Map<const Eigen::RowVectorXd>(m.data(), inputs);
    out.scale = Eigen::Map<const Eigen::RowVectorXd>(sc.data(), inputs);
  }
  out.standardize = out.mean.size() > 0;
  return out;
}

}  // namespace mlp
