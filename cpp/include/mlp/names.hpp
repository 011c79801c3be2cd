// Names a table brings with it, for the exported model: its columns (scikit-learn's
// feature_names_in_, which it sets when X is a DataFrame) and its class labels. The playground
// hands the engine its tables' classes as codes 0..k-1 (the page colours and counts by code);
// the names map the codes back to the labels a user knows ("setosa", 7), so that the model's
// classes_ are those scikit-learn would report for the original y.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mlp/labels.hpp"

namespace mlp {

/// The names of one set of data (or of the model trained on it). Either part may be empty.
struct DataNames {
  std::vector<std::string> features;  ///< one per column (empty: the columns have no names)
  std::vector<Label> classes;         ///< classes[k] is the label of class code k (empty: no codes)
};

/// Reads {"feature_names": [strings], "class_labels": [strings or numbers]}; either may be null
/// or absent. Throws mlp::Error naming the field for anything else: a name that is not a string,
/// labels mixing strings and numbers (scikit-learn rejects such a y), a label given twice, a
/// number that is not finite, an unknown key.
DataNames parse_data_names(const nlohmann::json& value);

/// Checks that every target of the data (`n` values at `y`) is a class code with a label: an
/// integer in [0, labels.size()). Throws mlp::Error("class_labels", ...) naming the first that is not.
void check_class_codes(const double* y, std::size_t n, const std::vector<Label>& labels);

/// A label as JSON: a string, or a number (an integral one as an integer, as numpy writes the
/// classes_ of integer labels: [0, 1], not [0.0, 1.0]).
nlohmann::json label_json(const Label& label);

/// The labels of a JSON array of strings and numbers (classes_ as export writes it).
std::vector<Label> labels_from_json(const nlohmann::json& list);

/// classes_ as the user knows them: each class that is a code k of `labels` becomes labels[k];
/// the others (and all of them when `labels` is empty) stay as they are. JSON, via label_json.
nlohmann::json named_classes(const std::vector<Label>& classes, const std::vector<Label>& labels);

/// The codes of `classes` in `labels` (as numbers 0..k-1), when every class is one of the labels
/// and the codes ascend as the classes do (so the output columns keep their order); else nothing.
std::optional<std::vector<Label>> class_codes(const std::vector<Label>& classes, const std::vector<Label>& labels);

}  // namespace mlp
