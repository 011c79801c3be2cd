// The playground's preprocessing: the features the model sees, computed from the data's own
// columns (derived features from x = column 0 and y = column 1, appended after the columns),
// then standardised by a scaler fitted on the training rows. As scikit-learn's
// make_pipeline(FunctionTransformer(...), StandardScaler(), MLP...) would do it.
#pragma once

#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

enum class DerivedFeature { x_squared, y_squared, x_times_y, sin_x, sin_y };

/// The feature's name in the session's API and in exports: "x2", "y2", "xy", "sinx", "siny".
const char* name_of(DerivedFeature f);

/// A derived feature's name written from the columns' names, as scikit-learn's
/// PolynomialFeatures names its outputs ("a^2", "a b"), and "sin(a)".
std::string name_of(DerivedFeature f, const std::string& x, const std::string& y);

/// True for the features that read column 1 (y).
bool needs_y(DerivedFeature f);

/// The derived features named in a JSON list, in canonical order, each once. Throws
/// mlp::Error("features", ...) for anything else.
std::vector<DerivedFeature> parse_derived(const nlohmann::json& list);

/// The derived features and the scaler of one model.
struct Features {
  std::vector<DerivedFeature> derived;
  bool standardize = false;
  Eigen::RowVectorXd mean, scale;  ///< the fitted scaler, one value per model input (empty: none)

  /// The model's inputs for rows of data columns X (n x columns): X, the derived features,
  /// then scaled when the scaler is fitted (n x (columns + derived.size())).
  Mat<double> inputs(const Mat<double>& X) const;

  /// Throws mlp::Error("features", ...) when a derived feature does not fit data of
  /// `n_features` columns (derived features need 1 or 2 columns; y ones need 2).
  void check_columns(int n_features) const;

  /// Fits the scaler (when standardize) on the training rows' columns X and returns the model's
  /// inputs for them, as inputs() with the new scaler would.
  Mat<double> fit(const Mat<double>& X);

  /// The model's input names: the columns' names (at least one), then the derived features'.
  std::vector<std::string> names(const std::vector<std::string>& columns) const;

  /// {"derived": [names], "standardize": bool, "mean_": [...], "scale_": [...]} (the scaler's
  /// only when fitted), or null when there are no derived features and no scaler.
  nlohmann::json to_json() const;

  /// The features of an export's "features" object, for a model whose layers have `units`
  /// (inputs first): the scaler must have one value per input. standardize is true when it has
  /// a scaler.
  static Features from_json(const nlohmann::json& features, const std::vector<Index>& units);
};

}  // namespace mlp
