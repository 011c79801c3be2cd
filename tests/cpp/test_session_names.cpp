// The exported model as scikit-learn would describe it: its fitted attributes (loss_,
// n_layers_, n_outputs_, n_features_in_), a table's column names (feature_names_in_) and class
// labels (classes_) for data the page hands over as codes, the derived features and the scaler;
// import keeps reading older exports and maps named classes back onto the data's codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/session.hpp"

namespace mlp {
namespace {

using json = nlohmann::json;

const char* kParams = R"({"hidden_layer_sizes": [5], "random_state": 3, "learning_rate_init": 0.05})";
const char* kNames = R"({"feature_names": ["size", "weight"], "class_labels": ["setosa", "versicolor", "virginica"]})";

/// 60 rows of two columns scaled 100 times apart (sizes 30..200, weights 0.3..2.0), classes
/// 0, 1, 2 as codes, split 45 / 15.
Session table_session(const std::string& estimator = "MLPClassifier") {
  Session s;
  EXPECT_TRUE(s.configure(estimator, kParams, "float64").ok);
  EXPECT_TRUE(s.resize_data(60, 0, 2, 1).ok);
  for (int i = 0; i < 60; ++i) {
    const int k = i % 3;
    s.x_train()[2 * i] = 30 + 55 * k + (i % 7) * 5;
    s.x_train()[2 * i + 1] = 0.3 + 0.55 * k + (i % 5) * 0.05;
    s.y_train()[i] = k;
  }
  EXPECT_TRUE(s.commit_data().ok);
  EXPECT_TRUE(s.split_data(0.25, 0).ok);
  return s;
}

std::vector<float> grid_of(Session& s) {
  EXPECT_TRUE(s.evaluate_grid(20, 210, 0.2, 2.1, 9, 7).ok);
  return {s.grid(), s.grid() + s.grid_size()};
}

TEST(SessionNames, ExportCarriesScikitLearnsFittedAttributes) {
  Session s;
  ASSERT_TRUE(s.configure("MLPClassifier", kParams, "float64").ok);
  ASSERT_TRUE(s.generate("make_moons", R"({"n_samples": 60, "random_state": 0})", 0.25, 0).ok);
  ASSERT_TRUE(s.step(5).status.ok);
  const json m = json::parse(s.export_model());
  EXPECT_EQ(m["loss_"], m["loss_curve_"].back());  // sgd and adam: loss_ is the last epoch's
  EXPECT_EQ(m["n_layers_"], 3);
  EXPECT_EQ(m["n_outputs_"], 1);
  EXPECT_EQ(m["n_features_in_"], 2);
  EXPECT_EQ(m["n_iter_"], 5);
  // Integer labels are written as integers, as numpy's classes_ of an int y.
  ASSERT_EQ(m["classes_"], json::parse("[0, 1]"));
  EXPECT_TRUE(m["classes_"][0].is_number_integer());
  // Generated data have no column names: no feature_names_in_, as scikit-learn on a plain array.
  EXPECT_FALSE(m.contains("feature_names_in_"));
  EXPECT_FALSE(m.contains("features"));
}

TEST(SessionNames, ANamedTableExportsItsLabelsAndColumns) {
  Session s = table_session();
  ASSERT_TRUE(s.set_data_names(kNames).ok);
  ASSERT_TRUE(s.step(3).status.ok);
  const json m = json::parse(s.export_model());
  EXPECT_EQ(m["classes_"], json::parse(R"(["setosa", "versicolor", "virginica"])"));
  EXPECT_EQ(m["feature_names_in_"], json::parse(R"(["size", "weight"])"));
  EXPECT_EQ(m["n_outputs_"], 3);
  EXPECT_EQ(m["out_activation_"], "softmax");
}

TEST(SessionNames, DerivedFeaturesAndTheScalerAreNamedAndExported) {
  Session s = table_session();
  ASSERT_TRUE(s.set_data_names(kNames).ok);
  ASSERT_TRUE(s.set_features(R"(["sinx", "x2", "xy"])", true).ok);
  ASSERT_TRUE(s.step(2).status.ok);
  const json m = json::parse(s.export_model());
  EXPECT_EQ(m["feature_names_in_"], json::parse(R"j(["size", "weight", "size^2", "size weight", "sin(size)"])j"));
  EXPECT_EQ(m["n_features_in_"], 5);
  EXPECT_EQ(m["features"]["derived"], json::parse(R"(["x2", "xy", "sinx"])"));
  EXPECT_EQ(m["features"]["standardize"], true);
  EXPECT_EQ(m["features"]["mean_"].size(), 5u);
  EXPECT_EQ(m["features"]["scale_"].size(), 5u);
  // The sizes' mean is about a hundred times the weights': the scaler was fitted on the raw columns.
  EXPECT_GT(m["features"]["mean_"][0].get<double>(), 50 * m["features"]["mean_"][1].get<double>());
}

TEST(SessionNames, NumericLabelsStayNumbers) {
  Session s = table_session();
  ASSERT_TRUE(s.set_data_names(R"({"class_labels": [3, 7, 11]})").ok);
  ASSERT_TRUE(s.step(1).status.ok);
  const json m = json::parse(s.export_model());
  EXPECT_EQ(m["classes_"], json::parse("[3, 7, 11]"));
  EXPECT_FALSE(m.contains("feature_names_in_"));
}

TEST(SessionNames, ImportMapsTheLabelsBackOntoTheDatasCodes) {
  Session s = table_session();
  ASSERT_TRUE(s.set_data_names(kNames).ok);
  ASSERT_TRUE(s.set_features(R"(["xy"])", true).ok);
  ASSERT_TRUE(s.step(20).status.ok);
  const std::string exported = s.export_model();
  const std::vector<float> before = grid_of(s);
  const Scores scored = s.scores();

  // The same data, named: the model scores them as before and exports the same names.
  Session t = table_session();
  ASSERT_TRUE(t.set_data_names(kNames).ok);
  ASSERT_TRUE(t.set_features(R"(["xy"])", true).ok);
  ASSERT_TRUE(t.import_model(exported).ok);
  EXPECT_EQ(grid_of(t), before);
  EXPECT_EQ(t.scores().train, scored.train);
  EXPECT_EQ(t.scores().test, scored.test);
  const json again = json::parse(t.export_model());
  const json first = json::parse(exported);
  for (const char* key : {"classes_", "feature_names_in_", "coefs_", "intercepts_", "features", "n_features_in_"})
    EXPECT_EQ(again[key], first[key]) << key;

  // Without data: the labels are the classes; the grid is the same.
  Session bare;
  ASSERT_TRUE(bare.import_model(exported).ok);
  EXPECT_EQ(grid_of(bare), before);
  EXPECT_EQ(json::parse(bare.export_model())["classes_"], first["classes_"]);
}

TEST(SessionNames, OlderExportsStillImport) {
  Session s = table_session();
  ASSERT_TRUE(s.step(4).status.ok);
  json old = json::parse(s.export_model());
  const std::vector<float> before = grid_of(s);
  // An export from before the fitted attributes and names: classes_ as floats, nothing else.
  for (const char* key : {"loss_", "n_layers_", "n_outputs_", "n_features_in_", "feature_names_in_"}) old.erase(key);
  old["classes_"] = json::parse("[0.0, 1.0, 2.0]");
  Session t = table_session();
  ASSERT_TRUE(t.import_model(old.dump()).ok);
  EXPECT_EQ(grid_of(t), before);
  EXPECT_EQ(t.scores().train, s.scores().train);
  const json m = json::parse(t.export_model());
  EXPECT_EQ(m["classes_"], json::parse("[0, 1, 2]"));
  EXPECT_EQ(m["n_features_in_"], 2);
}

TEST(SessionNames, BadNamesAndAttributesNameTheParameter) {
  Session s = table_session();
  const auto parameter = [&](const std::string& names) { return s.set_data_names(names).parameter; };
  EXPECT_EQ(parameter(R"({"feature_names": ["only one"]})"), "feature_names");
  EXPECT_EQ(parameter(R"({"feature_names": ["a", 2]})"), "feature_names");
  EXPECT_EQ(parameter(R"({"class_labels": ["a", "b"]})"), "class_labels");  // code 2 has no label
  EXPECT_EQ(parameter(R"({"class_labels": ["a", 1, "c"]})"), "class_labels");
  EXPECT_EQ(parameter(R"({"class_labels": ["a", "b", "a"]})"), "class_labels");
  EXPECT_EQ(parameter(R"({"class_labels": [true, false, null]})"), "class_labels");
  EXPECT_EQ(parameter(R"({"columns": ["a", "b"]})"), "names");
  EXPECT_EQ(parameter("[1]"), "names");
  EXPECT_EQ(parameter("{bad"), "json");
  const Status missing = s.set_data_names(R"({"class_labels": ["a", "b"]})");
  EXPECT_NE(missing.message.find("from 0 to 1"), std::string::npos) << missing.message;
  EXPECT_TRUE(s.set_data_names("").ok);  // no names
  EXPECT_TRUE(s.set_data_names(R"({"feature_names": null, "class_labels": null})").ok);
  Session empty;
  EXPECT_EQ(empty.set_data_names(kNames).parameter, "X");

  ASSERT_TRUE(s.step(1).status.ok);
  json m = json::parse(s.export_model());
  json wrong = m;
  wrong["n_features_in_"] = 3;
  EXPECT_EQ(s.import_model(wrong.dump()).parameter, "n_features_in_");
  wrong = m;
  wrong["n_layers_"] = 2;
  EXPECT_EQ(s.import_model(wrong.dump()).parameter, "n_layers_");
  wrong = m;
  wrong["feature_names_in_"] = {"a"};
  EXPECT_EQ(s.import_model(wrong.dump()).parameter, "feature_names_in_");
}

TEST(SessionNames, NewDataHaveNoNamesAndASplitKeepsThem) {
  Session s = table_session();
  ASSERT_TRUE(s.set_data_names(kNames).ok);
  ASSERT_TRUE(s.split_data(0.3, 5).ok);  // the same rows again: the same names
  ASSERT_TRUE(s.step(1).status.ok);
  EXPECT_TRUE(json::parse(s.export_model()).contains("feature_names_in_"));
  ASSERT_TRUE(s.generate("make_blobs", R"({"n_samples": 30, "centers": 3, "random_state": 0})", 0.2, 0).ok);
  ASSERT_TRUE(s.step(1).status.ok);
  const json m = json::parse(s.export_model());
  EXPECT_FALSE(m.contains("feature_names_in_"));
  EXPECT_EQ(m["classes_"], json::parse("[0, 1, 2]"));
}

TEST(SessionNames, NamingTheDataKeepsTheModelTrainedOnThem) {
  Session s = table_session();
  ASSERT_TRUE(s.step(3).status.ok);
  ASSERT_TRUE(s.set_data_names(kNames).ok);
  const json m = json::parse(s.export_model());
  EXPECT_EQ(m["n_iter_"], 3);
  EXPECT_EQ(m["classes_"][2], "virginica");
}

}  // namespace
}  // namespace mlp
