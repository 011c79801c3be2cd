// The playground session: configuration errors as the JSON runner reports
// them, stepwise training equal to one fit, grids, parameters, export/import.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mlp/datasets.hpp"
#include "mlp/job.hpp"
#include "mlp/portable_math.hpp"
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

TEST(Session, DerivedFeaturesWidenTheInputsAndTheGridMapsThrough) {
  Session s = moons_session();
  ASSERT_TRUE(s.set_features(R"(["siny", "x2", "xy"])", false).ok);
  ASSERT_TRUE(s.step(3).status.ok);
  EXPECT_EQ(s.layer_units(), (std::vector<int>{5, 6, 1}));  // x, y, x2, xy, sinx order: canonical
  ASSERT_TRUE(s.evaluate_grid(-2, 3, -1.5, 2, 12, 9).ok);
  EXPECT_EQ(s.grid_size(), 12 * 9);

  // The same fit on data widened by hand.
  Session manual;
  manual.configure("MLPClassifier", kParams, "float64");
  ASSERT_TRUE(manual.resize_data(s.n_train(), s.n_test(), 5, 1).ok);
  auto widen = [](const double* in, double* out, int rows) {
    for (int i = 0; i < rows; ++i) {
      const double x = in[2 * i], y = in[2 * i + 1];
      const double row[5] = {x, y, x * x, x * y, math::sin(y)};  // the core's own sine
      std::copy(row, row + 5, out + 5 * i);
    }
  };
  widen(s.x_train(), manual.x_train(), s.n_train());
  widen(s.x_test(), manual.x_test(), s.n_test());
  std::copy(s.y_train(), s.y_train() + s.n_train(), manual.y_train());
  std::copy(s.y_test(), s.y_test() + s.n_test(), manual.y_test());
  ASSERT_TRUE(manual.commit_data().ok);
  ASSERT_TRUE(manual.step(3).status.ok);
  s.read_parameters();
  manual.read_parameters();
  EXPECT_EQ(std::vector<double>(s.parameters(), s.parameters() + s.n_parameters()),
            std::vector<double>(manual.parameters(), manual.parameters() + manual.n_parameters()));
  EXPECT_EQ(s.scores().test, manual.scores().test);
}

TEST(Session, StandardizeFitsTheScalerOnTheTrainingRows) {
  Session s = moons_session();
  ASSERT_TRUE(s.set_features("[]", true).ok);
  ASSERT_TRUE(s.step(4).status.ok);
  const json exported = json::parse(s.export_model());
  const auto mean = exported["features"]["mean_"].get<std::vector<double>>();
  const auto scale = exported["features"]["scale_"].get<std::vector<double>>();
  ASSERT_EQ(mean.size(), 2u);
  for (int j = 0; j < 2; ++j) {
    double sum = 0, squares = 0;
    for (int i = 0; i < s.n_train(); ++i) sum += s.x_train()[2 * i + j];
    const double m = sum / s.n_train();
    for (int i = 0; i < s.n_train(); ++i) squares += std::pow(s.x_train()[2 * i + j] - m, 2);
    EXPECT_NEAR(mean[static_cast<std::size_t>(j)], m, 1e-14);
    EXPECT_NEAR(scale[static_cast<std::size_t>(j)], std::sqrt(squares / s.n_train()), 1e-14);
  }
  // The exported scaler travels with the model: an import draws the same grid without the data.
  ASSERT_TRUE(s.evaluate_grid(-2, 3, -1.5, 2, 10, 10).ok);
  const std::vector<float> before(s.grid(), s.grid() + s.grid_size());
  Session bare;
  ASSERT_TRUE(bare.import_model(exported.dump()).ok);
  ASSERT_TRUE(bare.evaluate_grid(-2, 3, -1.5, 2, 10, 10).ok);
  EXPECT_EQ(before, std::vector<float>(bare.grid(), bare.grid() + bare.grid_size()));
}

TEST(Session, BadFeaturesNameTheParameter) {
  Session s = moons_session();
  Status bad = s.set_features(R"(["x3"])", false);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.parameter, "features");
  EXPECT_EQ(bad.value, "\"x3\"");
  EXPECT_EQ(s.set_features(R"("x2")", false).parameter, "features");

  Session curve;
  curve.configure("MLPRegressor", kParams, "float64");
  ASSERT_TRUE(curve.generate("sine", R"({"n_samples": 40})", 0.25, 0).ok);
  ASSERT_TRUE(curve.set_features(R"(["x2", "sinx"])", true).ok);
  EXPECT_TRUE(curve.step(1).status.ok);
  ASSERT_TRUE(curve.set_features(R"(["y2"])", false).ok);
  Progress p = curve.step(1);
  EXPECT_FALSE(p.status.ok);
  EXPECT_EQ(p.status.parameter, "features");
  EXPECT_EQ(p.status.value, "y2");
}

TEST(Session, UnitsHoldEveryHiddenUnitOverTheGrid) {
  Session s;
  s.configure("MLPClassifier", R"({"hidden_layer_sizes": [3, 2], "activation": "tanh", "random_state": 0})", "float64");
  s.generate("make_moons", kMoons, 0.25, 0);
  ASSERT_TRUE(s.step(2).status.ok);
  const int nx = 5, ny = 4;
  ASSERT_TRUE(s.evaluate_units(-1, 1, -2, 2, nx, ny).ok);
  ASSERT_EQ(s.units_size(), (3 + 2) * nx * ny);
  s.read_parameters();
  const double* theta = s.parameters();
  const double* W1 = theta;              // 2 x 3
  const double* W2 = theta + 6;          // 3 x 2
  const double* b1 = theta + 6 + 6 + 2;  // after W3 (2 x 1)
  const double* b2 = b1 + 3;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double x = -1 + i * 2.0 / (nx - 1), y = 2 - j * 4.0 / (ny - 1);
      double h1[3], h2[2];
      for (int u = 0; u < 3; ++u) h1[u] = std::tanh(x * W1[u] + y * W1[3 + u] + b1[u]);
      for (int u = 0; u < 2; ++u) h2[u] = std::tanh(h1[0] * W2[u] + h1[1] * W2[2 + u] + h1[2] * W2[4 + u] + b2[u]);
      for (int u = 0; u < 5; ++u) EXPECT_NEAR(s.units()[(u * ny + j) * nx + i], u < 3 ? h1[u] : h2[u - 3], 1e-6);
    }
}

TEST(Session, ScoresCarryTheDataLoss) {
  Session s = moons_session();
  ASSERT_TRUE(s.step(30).status.ok);
  Scores sc = s.scores();
  ASSERT_TRUE(sc.status.ok);
  EXPECT_GT(sc.train_loss, 0);
  EXPECT_GT(sc.test_loss, 0);
  // alpha is small: the last epoch's loss (with its L2 term, averaged over the epoch) is close.
  EXPECT_NEAR(sc.train_loss, s.step(0).loss, 0.05);

  Session r;
  r.configure("MLPRegressor", kParams, "float64");
  r.resize_data(2, 0, 1, 1);
  r.x_train()[1] = 1;
  r.y_train()[0] = 1;
  r.y_train()[1] = 3;
  r.commit_data();
  r.step(1);
  sc = r.scores();
  s.read_parameters();
  EXPECT_TRUE(std::isnan(sc.test_loss));
  EXPECT_GT(sc.train_loss, 0);
}

}  // namespace
TEST(Session, SplitDataSplitsWrittenRowsAsGenerateDoes) {
  // The same rows written through the views and split again give generate's split.
  Session g = moons_session();
  Session s;
  ASSERT_TRUE(s.configure("MLPClassifier", kParams, "float64").ok);
  const Dataset data = generate("make_moons", json::parse(kMoons));  // the rows in the generator's order
  ASSERT_TRUE(s.resize_data(static_cast<int>(data.X.rows()), 0, 2, 1).ok);
  for (Index i = 0; i < data.X.rows(); ++i) {
    s.x_train()[2 * i] = data.X(i, 0);
    s.x_train()[2 * i + 1] = data.X(i, 1);
    s.y_train()[i] = data.y(i, 0);
  }
  ASSERT_TRUE(s.commit_data().ok);
  ASSERT_TRUE(s.split_data(0.25, 0).ok);
  ASSERT_EQ(s.n_train(), g.n_train());
  ASSERT_EQ(s.n_test(), g.n_test());
  for (int k = 0; k < g.n_test() * 2; ++k) EXPECT_EQ(s.x_test()[k], g.x_test()[k]);
  for (int k = 0; k < g.n_train(); ++k) EXPECT_EQ(s.y_train()[k], g.y_train()[k]);
  EXPECT_TRUE(s.step(1).status.ok);

  EXPECT_EQ(s.split_data(1.0, 0).parameter, "test_size");
  EXPECT_EQ(Session().split_data(0.25, 0).parameter, "X");
}

TEST(Session, SplitDataRejectsLabelsThatAreNotIntegers) {
  Session s;
  s.configure("MLPClassifier", kParams, "float64");
  s.resize_data(4, 0, 1, 1);
  for (int i = 0; i < 4; ++i) s.y_train()[i] = i % 2;
  ASSERT_TRUE(s.commit_data().ok);
  EXPECT_TRUE(s.split_data(0.5, 3).ok);
  EXPECT_EQ(s.n_test(), 2);
}

TEST(Session, EvaluateTestGivesOutputsAndUnitsPerTestRow) {
  Session s;
  s.configure("MLPClassifier", R"({"hidden_layer_sizes": [3, 2], "random_state": 0})", "float64");
  s.generate("make_blobs", R"({"n_samples": 60, "centers": 3, "n_features": 2, "random_state": 2})", 0.25, 1);
  EXPECT_EQ(s.evaluate_test().parameter, "model");
  ASSERT_TRUE(s.step(3).status.ok);
  ASSERT_TRUE(s.evaluate_test().ok);
  const int n = s.n_test();
  ASSERT_EQ(n, 15);
  ASSERT_EQ(s.grid_channels(), 3);
  ASSERT_EQ(s.grid_size(), n * 3);
  ASSERT_EQ(s.units_size(), (3 + 2) * n);
  // Each test row's outputs are those of a one-point grid at that row.
  const std::vector<float> outputs(s.grid(), s.grid() + s.grid_size());
  const std::vector<float> units(s.units(), s.units() + s.units_size());
  for (int r = 0; r < n; ++r) {
    const double x = s.x_test()[2 * r], y = s.x_test()[2 * r + 1];
    ASSERT_TRUE(s.evaluate_grid(x, x + 1, y - 1, y, 2, 2).ok);  // point (0, 0) is (x, y)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(outputs[r * 3 + c], s.grid()[c], 1e-6);
    ASSERT_TRUE(s.evaluate_units(x, x + 1, y - 1, y, 2, 2).ok);
    for (int u = 0; u < 5; ++u) EXPECT_NEAR(units[u * n + r], s.units()[u * 4], 1e-6);
  }
}

TEST(Session, APlaneThroughTheDataMapsEveryGridPoint) {
  // Three columns; the plane through (1, 2, 3) along the first and third axes.
  Session s;
  s.configure("MLPClassifier", R"({"hidden_layer_sizes": [4], "random_state": 0})", "float64");
  s.resize_data(6, 0, 3, 1);
  for (int i = 0; i < 18; ++i) s.x_train()[i] = (i * 7) % 5;
  for (int i = 0; i < 6; ++i) s.y_train()[i] = i % 2;
  ASSERT_TRUE(s.commit_data().ok);
  ASSERT_TRUE(s.step(2).status.ok);
  ASSERT_TRUE(s.set_plane("[1, 2, 3,  1, 0, 0,  0, 0, 1]").ok);
  ASSERT_TRUE(s.evaluate_grid(-1, 1, -2, 2, 3, 2).ok);
  const std::vector<float> on_plane(s.grid(), s.grid() + s.grid_size());
  ASSERT_TRUE(s.evaluate_units(-1, 1, -2, 2, 3, 2).ok);
  const std::vector<float> units(s.units(), s.units() + s.units_size());
  // Point (i, j) is (1 + a, 2, 3 + b) with a = -1 + i, b = 2 - 4 j: the same as those rows as test data.
  Session t;
  t.configure("MLPClassifier", R"({"hidden_layer_sizes": [4], "random_state": 0})", "float64");
  t.resize_data(6, 6, 3, 1);
  for (int i = 0; i < 18; ++i) t.x_train()[i] = (i * 7) % 5;
  for (int i = 0; i < 6; ++i) t.y_train()[i] = i % 2;
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 3; ++i) {
      double* row = t.x_test() + 3 * (j * 3 + i);
      row[0] = 1 + (-1 + i);
      row[1] = 2;
      row[2] = 3 + (2 - 4 * j);
    }
  ASSERT_TRUE(t.commit_data().ok);
  ASSERT_TRUE(t.step(2).status.ok);
  ASSERT_TRUE(t.evaluate_test().ok);
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(on_plane[k], t.grid()[k], 1e-6);
  for (int k = 0; k < 4 * 6; ++k) EXPECT_NEAR(units[k], t.units()[k], 1e-6);

  EXPECT_EQ(s.set_plane("[1, 2]").parameter, "plane");
  ASSERT_TRUE(s.set_plane("[1, 2, 3, 4, 5, 6]").ok);  // two columns: not the data's three
  EXPECT_EQ(s.evaluate_grid(-1, 1, -1, 1, 2, 2).parameter, "plane");
  ASSERT_TRUE(s.set_plane("").ok);
  EXPECT_TRUE(s.evaluate_grid(-1, 1, -1, 1, 2, 2).ok);
}

}  // namespace mlp
