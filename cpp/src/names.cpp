#include "mlp/names.hpp"

#include <algorithm>
#include <cmath>

#include "mlp/error.hpp"

namespace mlp {

using json = nlohmann::json;

namespace {

/// Short rendering of a JSON value for an error's `value`.
std::string shown(const json& v) {
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

/// True when v is an integer that a double holds exactly (|v| < 2^53).
bool integral(double v) { return std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9007199254740992.0; }

}  // namespace

DataNames parse_data_names(const json& value) {
  DataNames names;
  if (value.is_null()) return names;
  if (!value.is_object())
    throw Error("names", shown(value), "names must be an object {\"feature_names\": [...], \"class_labels\": [...]}");
  for (const auto& item : value.items())
    if (item.key() != "feature_names" && item.key() != "class_labels")
      throw Error("names", item.key(), "unknown key \"" + item.key() + "\"; allowed: feature_names, class_labels");
  if (const auto f = value.find("feature_names"); f != value.end() && !f->is_null()) {
    if (!f->is_array()) throw Error("feature_names", shown(*f), "feature_names must be a list of strings");
    for (const json& name : *f) {
      if (!name.is_string())
        throw Error("feature_names", shown(name), "feature_names must be strings; got " + shown(name));
      names.features.push_back(name.get<std::string>());
    }
  }
  if (const auto c = value.find("class_labels"); c != value.end() && !c->is_null()) {
    if (!c->is_array()) throw Error("class_labels", shown(*c), "class_labels must be a list of strings or numbers");
    bool strings = false, numbers = false;
    for (const json& label : *c) {
      if (label.is_string()) {
        strings = true;
      } else if (label.is_number() && std::isfinite(label.get<double>())) {
        numbers = true;
      } else {
        throw Error("class_labels", shown(label),
                    "class labels must be strings or finite numbers; got " + shown(label));
      }
    }
    if (strings && numbers)
      throw Error("class_labels", shown(*c), "class labels must be all strings or all numbers, as in scikit-learn");
    names.classes = labels_from_json(*c);
    for (std::size_t k = 0; k < names.classes.size(); ++k)
      for (std::size_t j = 0; j < k; ++j)
        if (names.classes[j] == names.classes[k])
          throw Error("class_labels", shown((*c)[k]),
                      "class label " + shown((*c)[k]) + " is given twice (codes " + std::to_string(j) + " and " +
                          std::to_string(k) + "); each class needs its own label");
  }
  return names;
}

void check_class_codes(const double* y, std::size_t n, const std::vector<Label>& labels) {
  const auto k = static_cast<double>(labels.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (integral(y[i]) && y[i] >= 0 && y[i] < k) continue;
    throw Error("class_labels", std::to_string(labels.size()) + " labels",
                "the data's class " + json(y[i]).dump() + " has no label: class_labels[k] names class code k, so the " +
                    "targets must be integers from 0 to " + std::to_string(labels.size() - 1));
  }
}

json label_json(const Label& label) {
  if (const auto* s = std::get_if<std::string>(&label)) return *s;
  const double v = std::get<double>(label);
  if (integral(v)) return static_cast<long long>(v);
  return v;
}

std::vector<Label> labels_from_json(const json& list) {
  std::vector<Label> out;
  for (const json& c : list) {
    if (c.is_string())
      out.emplace_back(c.get<std::string>());
    else
      out.emplace_back(c.get<double>());
  }
  return out;
}

json named_classes(const std::vector<Label>& classes, const std::vector<Label>& labels) {
  json out = json::array();
  for (const Label& c : classes) {
    const auto* code = std::get_if<double>(&c);
    const bool named = code && integral(*code) && *code >= 0 && *code < static_cast<double>(labels.size());
    out.push_back(label_json(named ? labels[static_cast<std::size_t>(*code)] : c));
  }
  return out;
}

std::optional<std::vector<Label>> class_codes(const std::vector<Label>& classes, const std::vector<Label>& labels) {
  std::vector<Label> codes;
  double previous = -1;
  for (const Label& c : classes) {
    const auto at = std::find(labels.begin(), labels.end(), c);
    if (at == labels.end()) return std::nullopt;
    const auto code = static_cast<double>(at - labels.begin());
    if (code <= previous) return std::nullopt;
    previous = code;
    codes.emplace_back(code);
  }
  return codes;
}

}  // namespace mlp
