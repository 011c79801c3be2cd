// The playground session: configuration errors as the JSON runner reports
// them, stepwise training equal to one fit, grids, parameters, export/import.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mlp/job.hpp"
#include "mlp/session.hpp"

namespace mlp {
namespace {

using json = nlohmann::json;

const char* kParams = R"({"hidden_layer_sizes": [6], "max_iter": 30, "random_state": 4, "learning_rate_init": 0.01})";
const char* kMoons = R"({"n_samples": 80, "noise": 0.2, "random_state": 1})";

Session moons_session(const std::string& precision = "float64") {
  Session s;
  EXPECT_TRUE(s.configure("MLPClassifier", kParams, precision).ok);
  EXPECT_TRUE(s.generate("make_moons", kMoons, 0.25, 0).ok);
  return s;
}

TEST(Session, ConfigureReportsTheRunnersErrors) {
  Session s;
  Status bad = s.configure("MLPClassifier", R"({"alpha": -1})", "float64");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.parameter, "alpha");
  JobOutcome job =
      run_job(json::parse(R"({"estimator": "MLPClassifier", "params": {"alpha": -1}, "X": [[0], [1]], "y": [0, 1]})"));
  EXPECT_EQ(job.result["error"]["message"], bad.message);
  EXPECT_EQ(s.configure("MLPClassifier", R"({"solver": "bfgs"})", "float64").parameter, "solver");
  EXPECT_EQ(s.configure("MLPClassifier", "{}", "float16").parameter, "precision");
  EXPECT_EQ(s.configure("MLPBanana", "{}", "float64").parameter, "estimator");
  EXPECT_EQ(s.configure("MLPClassifier", "{bad", "float64").parameter, "json");
}

TEST(Session, StepBeforeDataIsAnErrorNotACrash) {
  Session s;
  EXPECT_FALSE(s.step(1).status.ok);
  EXPECT_TRUE(s.configure("MLPRegressor", "{}", "float32").ok);
  Progress p = s.step(1);
  EXPECT_FALSE(p.status.ok);
  EXPECT_EQ(p.status.parameter, "X");
  EXPECT_FALSE(s.evaluate_grid(0, 1, 0, 1, 10, 10).ok);
}

TEST(Session, GenerateSplitsTrainAndTest) {
  Session s = moons_session();
  EXPECT_EQ(s.n_train(), 60);
  EXPECT_EQ(s.n_test(), 20);
  EXPECT_EQ(s.n_features(), 2);
  EXPECT_EQ(s.n_targets(), 1);
}

TEST(Session, SteppingToTheEndEqualsTheJobRunnersFit) {
  Session s = moons_session();
  Progress p;
  int calls = 0;
  do {
    p = s.step(4);
    ASSERT_TRUE(p.status.ok) << p.status.message;
    ++calls;
  } while (!p.finished);
  EXPECT_EQ(calls, 8);  // 30 epochs, 4 at a time
  EXPECT_EQ(p.epoch, 30);

  json job = {
      {"estimator", "MLPClassifier"}, {"params", json::parse(kParams)}, {"X", json::array()}, {"y", json::array()}};
  for (int i = 0; i < s.n_train(); ++i) {
    job["X"].push_back({s.x_train()[2 * i], s.x_train()[2 * i + 1]});
    job["y"].push_back(static_cast<int>(s.y_train()[i]));
  }
  JobOutcome fit = run_job(job);
  ASSERT_EQ(fit.status, 0);
  s.read_history();
  ASSERT_EQ(s.loss_curve_size(), 30);
  for (int e = 0; e < 30; ++e) EXPECT_EQ(s.loss_curve()[e], fit.result["loss_curve_"][e].get<double>());
  EXPECT_EQ(s.gradient_norms_size(), 30 * 2);  // one per epoch per weight layer
  ASSERT_TRUE(s.read_parameters().ok);
  EXPECT_EQ(s.parameters()[0], fit.result["coefs_"][0][0][0].get<double>());
  Scores scores = s.scores();
  EXPECT_TRUE(scores.status.ok);
  EXPECT_EQ(scores.train, fit.result["train_score"].get<double>());
  EXPECT_FALSE(std::isnan(scores.test));
}

TEST(Session, ResetGivesTheSameInitialWeightsAndReseedOthers) {
  Session s = moons_session("float32");
  s.step(1);
  ASSERT_TRUE(s.reset().ok);
  ASSERT_TRUE(s.read_parameters().ok);
  std::vector<double> first(s.parameters(), s.parameters() + s.n_parameters());
  ASSERT_TRUE(s.reset().ok);
  s.read_parameters();
  EXPECT_EQ(first, std::vector<double>(s.parameters(), s.parameters() + s.n_parameters()));
  ASSERT_TRUE(s.reset(99).ok);
  s.read_parameters();
  EXPECT_NE(first, std::vector<double>(s.parameters(), s.parameters() + s.n_parameters()));
  EXPECT_EQ(s.layer_units(), (std::vector<int>{2, 6, 1}));
}

TEST(Session, GridHasOneValuePerPointAndClass) {
  Session s = moons_session();
  s.step(5);
  ASSERT_TRUE(s.evaluate_grid(-2, 3, -1.5, 2, 40, 30).ok);
  EXPECT_EQ(s.grid_channels(), 1);
  EXPECT_EQ(s.grid_size(), 40 * 30);
  for (int k = 0; k < s.grid_size(); ++k) {
    ASSERT_GE(s.grid()[k], 0.0f);
    ASSERT_LE(s.grid()[k], 1.0f);
  }
  EXPECT_FALSE(s.evaluate_grid(0, 1, 0, 1, 1, 10).ok);
  EXPECT_FALSE(s.evaluate_grid(1, 0, 0, 1, 10, 10).ok);

  Session blobs;
  blobs.configure("MLPClassifier", kParams, "float32");
  blobs.generate("make_blobs", R"({"n_samples": 60, "centers": 4, "random_state": 2})", 0.2, 1);
  blobs.step(2);
  ASSERT_TRUE(blobs.evaluate_grid(-10, 10, -10, 10, 20, 20).ok);
  EXPECT_EQ(blobs.grid_channels(), 4);
  EXPECT_EQ(blobs.grid_size(), 20 * 20 * 4);
}

TEST(Session, ExportThenImportPredictsTheSame) {
  Session s = moons_session();
  s.step(30);
  const std::string model = s.export_model();
  ASSERT_FALSE(model.empty());
  json parsed = json::parse(model);
  EXPECT_EQ(parsed["coefs_"].size(), 2u);
  EXPECT_EQ(parsed["classes_"], json::parse("[0.0, 1.0]"));
  s.evaluate_grid(-2, 3, -1.5, 2, 16, 16);
  std::vector<float> before(s.grid(), s.grid() + s.grid_size());

  Session t;
  ASSERT_TRUE(t.import_model(model).ok);
  ASSERT_TRUE(t.generate("make_moons", kMoons, 0.25, 0).ok);
  Session u;
  ASSERT_TRUE(u.import_model(model).ok);
  u.resize_data(1, 0, 2, 1);
  ASSERT_TRUE(u.commit_data().ok);
  Status imported = u.import_model(model);  // data present: the imported model predicts at once
  ASSERT_TRUE(imported.ok);
  ASSERT_TRUE(u.evaluate_grid(-2, 3, -1.5, 2, 16, 16).ok);
  EXPECT_EQ(before, std::vector<float>(u.grid(), u.grid() + u.grid_size()));
  EXPECT_FALSE(u.import_model(R"({"coefs_": [[[1, 2]]], "intercepts_": [[0]]})").ok);
  EXPECT_FALSE(u.import_model("not json").ok);
  // A failed import keeps the model that was there.
  ASSERT_TRUE(u.evaluate_grid(-2, 3, -1.5, 2, 16, 16).ok);
  EXPECT_EQ(before, std::vector<float>(u.grid(), u.grid() + u.grid_size()));
  // An imported model draws its grid without any data.
  Session bare;
  ASSERT_TRUE(bare.import_model(model).ok);
  ASSERT_TRUE(bare.evaluate_grid(-2, 3, -1.5, 2, 16, 16).ok);
  EXPECT_EQ(before, std::vector<float>(bare.grid(), bare.grid() + bare.grid_size()));
}

TEST(Session, CommitDataRejectsBadValues) {
  Session s;
  s.configure("MLPClassifier", "{}", "float64");
  ASSERT_TRUE(s.resize_data(3, 0, 2, 1).ok);
  s.x_train()[0] = NAN;
  Status st = s.commit_data();
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(st.parameter, "X");
  s.x_train()[0] = 0;
  s.y_train()[1] = 0.5;
  EXPECT_EQ(s.commit_data().parameter, "y");
  EXPECT_FALSE(s.resize_data(0, 0, 2, 1).ok);
}

}  // namespace
}  // namespace mlp
