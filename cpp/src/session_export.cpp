// The Session's model as JSON (session.hpp): export_model and import_model, in scikit-learn's
// layout with the parameters, the names and the features.
#include <utility>

#include "mlp/names.hpp"
#include "mlp/session.hpp"
#include "session_internal.hpp"
#include "session_model.hpp"

namespace mlp {

using namespace session_detail;

std::string Session::export_model() const {
  if (!model_ || !model_->fitted()) return "";
  json out = model_->to_json();
  if (const auto classes = out.find("classes_"); classes != out.end() && !out.value("multilabel", false))
    *classes = named_classes(labels_from_json(*classes), model_names_.classes);
  // scikit-learn sets feature_names_in_ only when X has column names (a DataFrame).
  if (!model_names_.features.empty()) out["feature_names_in_"] = model_names_.features;
  out["estimator"] = estimator_;
  out["params"] = json::parse(params_json_);
  out["precision"] = name_of(precision_);
  if (json features = features_.to_json(); !features.is_null()) out["features"] = std::move(features);
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status Session::import_model(const std::string& text) {
  return guarded(
      [&] {
        const json model = parse(text);
        if (!model.is_object()) throw Error("model", "not an object", "a model is a JSON object from export_model");
        // Build everything aside first, so that a failed import keeps the current configuration and model.
        Session staged;
        // One field after the other: argument evaluation order differs between compilers.
        const std::string estimator = model.value("estimator", std::string("MLPClassifier"));
        const std::string params = model.value("params", json::object()).dump();
        Status configured = staged.configure(estimator, params, model.value("precision", std::string("float64")));
        if (!configured.ok) throw Error(configured.parameter, configured.value, configured.message);
        auto imported = make_model(staged.estimator_, staged.precision_, staged.params_);
        // Labels the session's data know are mapped onto their codes (the data's targets).
        json adjusted = model;
        std::vector<Label> labels;
        const auto classes = model.find("classes_");
        if (staged.estimator_ == "MLPClassifier" && !model.value("multilabel", false) && classes != model.end() &&
            classes->is_array() && !data_names_.classes.empty()) {
          if (auto codes = class_codes(labels_from_json(*classes), data_names_.classes)) {
            adjusted["classes_"] = named_classes(*codes, {});
            labels = data_names_.classes;
          }
        }
        imported->from_json(adjusted);
        check_fitted_attributes(model, imported->units());
        std::vector<std::string> input_names;
        if (const auto names = model.find("feature_names_in_"); names != model.end() && !names->is_null()) {
          input_names = parse_data_names(json{{"feature_names", *names}}).features;
          const auto units = imported->units();
          const Index inputs = units.empty() ? 0 : units.front();
          if (static_cast<Index>(input_names.size()) != inputs)
            throw Error("feature_names_in_", std::to_string(input_names.size()) + " names",
                        "feature_names_in_ needs one name per model input (" + std::to_string(inputs) + ")");
        }
        Features features;
        if (const auto f = model.find("features"); f != model.end())
          features = Features::from_json(*f, imported->units());
        estimator_ = staged.estimator_;
        params_json_ = staged.params_json_;
        params_ = staged.params_;
        precision_ = staged.precision_;
        configured_ = true;
        features_ = std::move(features);
        model_ = std::move(imported);
        model_names_ = {std::move(input_names), std::move(labels)};
        rows_prepared_ = false;
      },
      "the imported model");
}

}  // namespace mlp
