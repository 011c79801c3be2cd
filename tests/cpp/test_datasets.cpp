#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "fixtures.hpp"
#include "mlp/datasets.hpp"
#include "mlp/error.hpp"

namespace mlp {
namespace {

using test::json;

/// |got - want| <= 1e-12, relative once |want| > 1 (make_regression's y is in the hundreds).
void expect_close(const Mat<double>& got, const Mat<double>& want, const std::string& what) {
  ASSERT_EQ(got.rows(), want.rows()) << what;
  ASSERT_EQ(got.cols(), want.cols()) << what;
  for (Index i = 0; i < got.rows(); ++i)
    for (Index j = 0; j < got.cols(); ++j)
      ASSERT_NEAR(got(i, j), want(i, j), 1e-12 * std::max(1.0, std::abs(want(i, j))))
          << what << " at (" << i << ", " << j << ")";
}

/// y as stored by scikit-learn: a 1-D list (n x 1 here) or a list of rows.
Mat<double> y_matrix(const json& y) {
  if (!y.empty() && y[0].is_array()) return test::to_mat(y);
  Mat<double> m = test::to_vec(y);
  return m;
}

/// Runs every case of a fixture file through generate() and compares X and y.
void check_fixture_file(const std::string& file, std::size_t min_cases) {
  const auto cases = test::load_fixture(file)["cases"];
  ASSERT_GE(cases.size(), min_cases);
  for (const auto& c : cases) {
    const std::string what = c["generator"].get<std::string>() + " " + c["params"].dump();
    const Dataset d = generate(c["generator"].get<std::string>(), c["params"]);
    expect_close(d.X, test::to_mat(c["X"]), what + " X");
    expect_close(d.y, y_matrix(c["y"]), what + " y");
    EXPECT_EQ(d.classification, c["generator"] != "make_regression") << what;
  }
}

TEST(SklearnDatasets, MatchScikitLearnForSeed0) { check_fixture_file("sklearn_datasets.json", 9); }

TEST(SklearnDatasets, MatchScikitLearnForSeeds1_7_42_2024) { check_fixture_file("sklearn_datasets_more.json", 76); }

TEST(SklearnDatasets, DirectCallsMatchGenerate) {
  const Dataset a = make_moons(10, true, 0.2, 0u);
  const Dataset b = generate("make_moons", {{"n_samples", 10}, {"noise", 0.2}, {"random_state", 0}});
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.y, b.y);
}

TEST(SklearnDatasets, DefaultsAreScikitLearns) {
  const json seed = {{"random_state", 3}};
  EXPECT_EQ(generate("make_moons", seed).X.rows(), 100);
  EXPECT_EQ(generate("make_circles", seed).X, make_circles(100, true, std::nullopt, 3u, 0.8).X);
  const Dataset blobs = generate("make_blobs", seed);
  EXPECT_EQ(blobs.X.cols(), 2);
  EXPECT_EQ(blobs.y.maxCoeff(), 2.0);  // three centers
  const Dataset reg = generate("make_regression", seed);
  EXPECT_EQ(reg.X.rows(), 100);
  EXPECT_EQ(reg.X.cols(), 100);
  EXPECT_EQ(reg.y.cols(), 1);
  EXPECT_FALSE(reg.classification);
}

TEST(SklearnDatasets, ExplicitCentersSetTheFeatureCount) {
  Mat<double> centers(2, 3);
  centers << 0, 0, 0, 5, 5, 5;
  const Dataset d = make_blobs(6, 2, 0, centers, {0.1, 0.2}, -10, 10, false, 1u);
  EXPECT_EQ(d.X.cols(), 3);
  EXPECT_EQ(d.y(0, 0), 0.0);
  EXPECT_EQ(d.y(5, 0), 1.0);
}

TEST(SklearnDatasets, NoSeedStillGivesValidData) {
  const Dataset d = generate("make_moons", {{"noise", nullptr}, {"random_state", nullptr}});
  EXPECT_EQ(d.X.rows(), 100);
  EXPECT_TRUE(d.X.allFinite());
}

// ---- playground sets --------------------------------------------------------

const char* const kPlaygroundSets[] = {"xor", "spirals", "gaussian", "plane", "sine"};

TEST(PlaygroundDatasets, AreDeterministicForASeed) {
  for (const char* name : kPlaygroundSets) {
    const json params = {{"n_samples", 50}, {"noise", 0.1}, {"random_state", 42}};
    const Dataset a = generate(name, params), b = generate(name, params);
    EXPECT_EQ(a.X, b.X) << name;
    EXPECT_EQ(a.y, b.y) << name;
  }
}

TEST(PlaygroundDatasets, DifferAcrossSeedsEvenWithoutNoise) {
  for (const char* name : kPlaygroundSets) {
    const Dataset a = generate(name, {{"random_state", 1}}), b = generate(name, {{"random_state", 2}});
    EXPECT_NE(a.X, b.X) << name;
  }
}

TEST(PlaygroundDatasets, NoiseOnlyJittersTheSameCleanPoints) {
  for (const char* name : kPlaygroundSets) {
    const Dataset clean = generate(name, {{"random_state", 5}});
    const Dataset noisy = generate(name, {{"random_state", 5}, {"noise", 0.05}});
    const double shift = (clean.X - noisy.X).cwiseAbs().maxCoeff() + (clean.y - noisy.y).cwiseAbs().maxCoeff();
    EXPECT_GT(shift, 0.0) << name;
    EXPECT_LT(shift, 0.5) << name;
    if (clean.classification) {
      EXPECT_EQ(clean.y, noisy.y) << name;
    }
  }
}

TEST(PlaygroundDatasets, HaveTheDocumentedShapesAndDefaults) {
  for (const char* name : kPlaygroundSets) {
    const Dataset d = generate(name, {{"random_state", 0}});
    const bool is_sine = std::string(name) == "sine";
    EXPECT_EQ(d.X.rows(), 200) << name;
    EXPECT_EQ(d.X.cols(), is_sine ? 1 : 2) << name;
    EXPECT_EQ(d.y.rows(), 200) << name;
    EXPECT_EQ(d.y.cols(), 1) << name;
    EXPECT_TRUE(d.X.allFinite() && d.y.allFinite()) << name;
    const bool regression = is_sine || std::string(name) == "plane";
    EXPECT_EQ(d.classification, !regression) << name;
    // Inputs roughly in [-1, 1]^2 (the Gaussian clusters' tails may leave it a little).
    EXPECT_LE(d.X.cwiseAbs().maxCoeff(), regression || std::string(name) == "xor" ? 1.0 : 1.5) << name;
  }
}

TEST(PlaygroundDatasets, ClassesAreZeroOneAndBalanced) {
  for (const char* name : {"xor", "spirals", "gaussian"}) {
    for (Index n : {1, 7, 200}) {
      const Dataset d = generate(name, {{"n_samples", n}, {"noise", 0.2}, {"random_state", 9}});
      Index ones = 0;
      for (Index i = 0; i < n; ++i) {
        ASSERT_TRUE(d.y(i, 0) == 0.0 || d.y(i, 0) == 1.0) << name;
        ones += d.y(i, 0) == 1.0 ? 1 : 0;
      }
      EXPECT_EQ(ones, n / 2) << name << " n=" << n;
    }
  }
}

TEST(PlaygroundDatasets, CleanLabelsFollowTheirRule) {
  const Dataset x = make_xor(300, 0.0, 3u);
  for (Index i = 0; i < x.X.rows(); ++i) {
    EXPECT_EQ(x.y(i, 0), (x.X(i, 0) > 0) != (x.X(i, 1) > 0) ? 1.0 : 0.0);
    EXPECT_GE(std::abs(x.X(i, 0)), 0.05);
  }
  const Dataset g = make_gaussian_clusters(300, 0.0, 3u);
  for (Index i = 0; i < g.X.rows(); ++i) EXPECT_EQ(g.y(i, 0), g.X(i, 0) + g.X(i, 1) < 0 ? 1.0 : 0.0);
  const Dataset s = make_spirals(300, 0.0, 3u);
  for (Index i = 0; i < s.X.rows(); ++i) EXPECT_LE(s.X.row(i).norm(), 1.0 + 1e-12);
}

TEST(PlaygroundDatasets, RegressionTargetsFollowTheirFormula) {
  const Dataset sine = make_sine(100, 0.0, 4u);
  for (Index i = 0; i < 100; ++i) EXPECT_DOUBLE_EQ(sine.y(i, 0), std::sin(M_PI * sine.X(i, 0)));
  const Dataset p = make_plane(100, 0.0, 4u);
  for (Index i = 0; i < 100; ++i) EXPECT_DOUBLE_EQ(p.y(i, 0), 0.6 * p.X(i, 0) - 0.4 * p.X(i, 1));
}

// ---- generate(): names and validation -------------------------------------

TEST(Generate, ListsEveryGenerator) {
  const auto names = generator_names();
  for (const char* name :
       {"make_moons", "make_circles", "make_blobs", "make_regression", "xor", "spirals", "gaussian", "plane", "sine"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    EXPECT_NO_THROW(generate(name, {{"n_samples", 5}, {"random_state", 0}})) << name;
  }
}

/// Expects generate() to throw mlp::Error naming `parameter` (and `value` when given).
void expect_error(const std::string& generator, const json& params, const std::string& parameter,
                  const std::string& value = "") {
  try {
    generate(generator, params);
    ADD_FAILURE() << generator << " " << params.dump() << " did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.parameter(), parameter) << params.dump() << ": " << e.what();
    if (!value.empty()) {
      EXPECT_EQ(e.value(), value) << params.dump();
    }
    EXPECT_FALSE(std::string(e.what()).empty());
  }
}

TEST(Generate, RejectsAnUnknownGenerator) {
  expect_error("make_swiss_roll", json::object(), "dataset.generator", "make_swiss_roll");
  try {
    generate("nope", json::object());
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("make_moons"), std::string::npos) << "message lists the valid names";
  }
}

TEST(Generate, RejectsAnUnknownParameter) {
  expect_error("make_moons", {{"n_sample", 10}}, "dataset.params", "n_sample");
  expect_error("xor", {{"factor", 0.5}}, "dataset.params", "factor");
  expect_error("make_regression", {{"effective_rank", 3}}, "dataset.params", "effective_rank");
  expect_error("make_moons", json::array({1, 2}), "dataset.params");
}

TEST(Generate, RejectsNegativeNoise) {
  for (const char* name :
       {"make_moons", "make_circles", "make_regression", "xor", "spirals", "gaussian", "plane", "sine"})
    expect_error(name, {{"noise", -1}}, "dataset.params.noise", "-1");
  try {
    generate("make_moons", {{"noise", -1}});
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "noise must be >= 0 and finite, got -1");
  }
}

TEST(Generate, RejectsTooFewSamples) {
  for (const auto& name : generator_names()) {
    expect_error(name, {{"n_samples", 0}}, "dataset.params.n_samples", "0");
    expect_error(name, {{"n_samples", -5}}, "dataset.params.n_samples", "-5");
  }
  expect_error("make_moons", {{"n_samples", 1000000000000LL}}, "dataset.params.n_samples");
}

TEST(Generate, RejectsWrongTypes) {
  expect_error("make_moons", {{"n_samples", 10.5}}, "dataset.params.n_samples", "10.5");
  expect_error("make_moons", {{"n_samples", "10"}}, "dataset.params.n_samples", "\"10\"");
  expect_error("make_moons", {{"n_samples", json::array({5, 5})}}, "dataset.params.n_samples", "[5,5]");
  expect_error("make_circles", {{"shuffle", 1}}, "dataset.params.shuffle", "1");
  expect_error("make_circles", {{"factor", "big"}}, "dataset.params.factor");
  expect_error("make_moons", {{"noise", true}}, "dataset.params.noise", "true");
  expect_error("make_blobs", {{"centers", "three"}}, "dataset.params.centers");
  expect_error("make_blobs", {{"centers", json::array({json::array({1, 2}), json::array({3})})}},
               "dataset.params.centers");
  expect_error("make_blobs", {{"cluster_std", json::array({"a"})}}, "dataset.params.cluster_std");
  expect_error("make_blobs", {{"center_box", json::array({1, 2, 3})}}, "dataset.params.center_box");
  expect_error("make_regression", {{"bias", nullptr}, {"n_targets", 1.0}}, "dataset.params.n_targets", "1.0");
}

TEST(Generate, RejectsBadRandomState) {
  expect_error("make_moons", {{"random_state", -1}}, "dataset.params.random_state", "-1");
  expect_error("xor", {{"random_state", 4294967296LL}}, "dataset.params.random_state", "4294967296");
  expect_error("sine", {{"random_state", 1.5}}, "dataset.params.random_state", "1.5");
  expect_error("sine", {{"random_state", "0"}}, "dataset.params.random_state");
  EXPECT_NO_THROW(generate("xor", {{"random_state", 4294967295LL}}));
}

TEST(Generate, RejectsOutOfRangeValues) {
  expect_error("make_circles", {{"factor", 1.0}}, "dataset.params.factor", "1");
  expect_error("make_circles", {{"factor", -0.1}}, "dataset.params.factor", "-0.1");
  expect_error("make_blobs", {{"centers", 0}}, "dataset.params.centers", "0");
  expect_error("make_blobs", {{"n_features", 0}}, "dataset.params.n_features", "0");
  expect_error("make_blobs", {{"cluster_std", -1}}, "dataset.params.cluster_std", "-1");
  expect_error("make_blobs", {{"centers", 3}, {"cluster_std", json::array({1, 2})}}, "dataset.params.cluster_std");
  expect_error("make_blobs", {{"center_box", json::array({5, -5})}}, "dataset.params.center_box");
  expect_error("make_regression", {{"n_features", 0}}, "dataset.params.n_features", "0");
  expect_error("make_regression", {{"n_targets", 0}}, "dataset.params.n_targets", "0");
  expect_error("make_regression", {{"n_informative", -1}}, "dataset.params.n_informative", "-1");
}

TEST(Generate, DirectCallsValidateToo) {
  EXPECT_THROW(make_moons(0, true, std::nullopt, 0u), Error);
  EXPECT_THROW(make_circles(10, true, std::nullopt, 0u, 1.5), Error);
  EXPECT_THROW(make_regression(10, 5, 2, 1, 0.0, std::nan(""), true, 0u), Error);
  EXPECT_THROW(make_blobs(10, 2, 3, Mat<double>(), {}, -10, 10, true, 0u), Error);
  EXPECT_THROW(make_sine(5, -0.1, 0u), Error);
}

}  // namespace
}  // namespace mlp
