// The documented input limits (limits.hpp, README "Limits"): JSON size and nesting bounded
// before parsing recurses, every size range-checked before it reaches an allocation or a cast
// (so that the 32-bit WebAssembly build can neither wrap nor trap), memory decided before
// allocating, and the runner's contract for calls: [] (no training). The jobs are the faults
// found by fuzzing the runners (issue 17).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fixtures.hpp"
#include "mlp/job.hpp"
#include "mlp/limits.hpp"
#include "mlp/session.hpp"

namespace mlp {
namespace {

using test::json;

const std::string kSine = R"("dataset": {"generator": "sine", "params": {"n_samples": 20, "random_state": 0}})";
const std::string kXor = R"("dataset": {"generator": "xor", "params": {"n_samples": 4, "random_state": 0}})";

/// Runs a job given as text; expects a status-2 error naming `parameter` whose message holds `words`.
void expect_error(const std::string& job, const std::string& parameter, const std::string& words) {
  SCOPED_TRACE(job.substr(0, 200));
  const JobOutcome out = run_job(job);
  EXPECT_EQ(out.status, 2) << out.result.dump().substr(0, 300);
  ASSERT_TRUE(out.result.contains("error")) << out.result.dump().substr(0, 300);
  EXPECT_EQ(out.result["error"]["parameter"], parameter) << out.result.dump();
  const std::string message = out.result["error"]["message"].get<std::string>();
  EXPECT_NE(message.find(words), std::string::npos) << message;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
}

TEST(JsonLimits, NestingIsBoundedBeforeParsing) {
  // 70,000 levels crashed mlp-run (stack overflow) and 5,000 WebAssembly.
  for (int depth : {101, 5000, 70000})
    expect_error(R"({"estimator": "MLPClassifier", "params": {"alpha": )" + nested(depth) + "}}", "job",
                 "more than 100 levels deep; the limit is 100");
  // At the limit the text parses, and the value is an ordinary bad alpha.
  expect_error(R"({"estimator": "MLPClassifier", "params": {"alpha": )" + nested(98) + "}}", "alpha",
               "alpha must be a number");
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
  const json parsed = parse_json(R"({"a": ")" + std::string(500, '[') + R"(\"{"})", "x");
  EXPECT_EQ(parsed["a"].get<std::string>().size(), 502u);
}

TEST(JsonLimits, SizeIsBounded) {
  std::string job = R"({"estimator": "MLPClassifier", "X": [)";
  while (job.size() <= kMaxJsonBytes) job += std::string(1 << 20, ' ');
  job += "]}";
  expect_error(job, "job", "the limit is 32.0 MB");
}

TEST(JsonLimits, SessionInputsAreBoundedToo) {
  Session s;
  const Status configured = s.configure("MLPClassifier", R"({"alpha": )" + nested(70000) + "}", "float64");
  EXPECT_FALSE(configured.ok);
  EXPECT_EQ(configured.parameter, "json");
  EXPECT_NE(configured.message.find("the limit is 100"), std::string::npos) << configured.message;
  const Status imported = s.import_model(R"({"coefs_": )" + nested(200) + "}");
  EXPECT_FALSE(imported.ok);
  EXPECT_NE(imported.message.find("the limit is 100"), std::string::npos) << imported.message;
  EXPECT_FALSE(s.set_plane(nested(1000)).ok);
  EXPECT_FALSE(s.set_features(nested(1000), false).ok);
  EXPECT_FALSE(s.set_data_names(nested(1000)).ok);
  EXPECT_FALSE(s.generate("xor", nested(1000), 0.2, 0).ok);
}

TEST(SizeLimits, HiddenLayerSizesAreRangeCheckedNotWrapped) {
  // 4294967295 trapped in WebAssembly (it wrapped to -1); 4294967297 trained a 1-unit network there.
  for (const char* size : {"4294967295", "4294967297", "[4294967297]", "[100001]", "[0]", "[-1]"})
    expect_error(std::string(R"({"estimator": "MLPRegressor", "params": {"solver": "lbfgs", "hidden_layer_sizes": )") +
                     size + "}, " + kSine + "}",
                 "hidden_layer_sizes", "must hold integers >= 1 and <= 100000");
  expect_error(R"({"estimator": "MLPRegressor", "params": {"hidden_layer_sizes": [2.5]}, )" + kSine + "}",
               "hidden_layer_sizes", "list of integers");
  std::string many = "[1";
  for (int i = 0; i < 100; ++i) many += ",1";
  expect_error(R"({"estimator": "MLPRegressor", "params": {"hidden_layer_sizes": )" + many + "]}, " + kSine + "}",
               "hidden_layer_sizes", "at most 100 hidden layers; got 101");
}

TEST(SizeLimits, CountsAreIntegersWithinTheirLimits) {
  const auto job = [](const std::string& params) {
    return R"({"estimator": "MLPClassifier", "params": {)" + params + "}, " + kXor + "}";
  };
  expect_error(job(R"("max_iter": 10000001)"), "max_iter", "must be an integer >= 1 and <= 10000000");
  expect_error(job(R"("max_iter": 1e300)"), "max_iter", "must be an integer");
  expect_error(job(R"("max_iter": 2.0)"), "max_iter", "must be an integer");
  expect_error(job(R"("max_iter": 18446744073709551615)"), "max_iter", "too large");
  expect_error(job(R"("max_fun": 1000000001)"), "max_fun", ">= 1 and <= 1000000000");
  expect_error(job(R"("n_iter_no_change": 1000001)"), "n_iter_no_change", "<= 1000000, or 'inf'");
  expect_error(job(R"("batch_size": 2147483648)"), "batch_size", "<= 2147483647");
  expect_error(job(R"("random_state": 4294967296)"), "random_state", "[0, 4294967295]");
  expect_error(job(R"("random_state": 0.5)"), "random_state", "[0, 4294967295]");
  // Values up to the limits are accepted (batch_size is clipped to the data, as scikit-learn does).
  const JobOutcome ok = run_job(job(R"("max_iter": 2, "batch_size": 2147483647, "n_iter_no_change": 1000000)"));
  EXPECT_EQ(ok.status, 0) << ok.result.dump();
}

TEST(SizeLimits, DatasetCountsHaveTheSameBoundsInEveryBuild) {
  // Natively Index is 64 bits, in WebAssembly 32: both refuse what int32 cannot hold, alike.
  expect_error(
      R"({"estimator": "MLPClassifier", "dataset": {"generator": "make_moons", "params": {"n_samples": 4294967297}}})",
      "dataset.params.n_samples", "must be between -2147483648 and 2147483647");
  expect_error(
      R"({"estimator": "MLPClassifier", "dataset": {"generator": "make_blobs", "params": {"n_samples": 10000000, "n_features": 10}}})",
      "dataset.params.n_samples", "the limit is 1.0 GB");
}

TEST(MemoryLimits, AFitThatWouldNotFitIsRefusedBeforeAllocating) {
  const JobOutcome out = run_job(std::string(
      R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [2000, 2000], "solver": "lbfgs"},
          "dataset": {"generator": "xor", "params": {"n_samples": 40000, "random_state": 0}}})"));
  ASSERT_EQ(out.status, 2);
  EXPECT_EQ(out.result["error"]["parameter"], "hidden_layer_sizes");
  EXPECT_EQ(out.result["error"]["message"],
            "training this network on 40000 rows needs about 3.5 GB; the limit is 1.0 GB");
}

TEST(MemoryLimits, SessionDataAndGridsAreRefusedBeforeAllocating) {
  Session s;
  const Status sized = s.resize_data(100000000, 0, 2, 1);
  EXPECT_FALSE(sized.ok);
  EXPECT_EQ(sized.parameter, "n_train");
  EXPECT_NE(sized.message.find("needs about 2.2 GB; the limit is 1.0 GB"), std::string::npos) << sized.message;
  ASSERT_TRUE(s.configure("MLPClassifier", R"({"hidden_layer_sizes": [512, 512], "max_iter": 1})", "float32").ok);
  ASSERT_TRUE(s.generate("xor", R"({"n_samples": 20, "random_state": 0})", 0.25, 0).ok);
  ASSERT_TRUE(s.step(1).status.ok);
  const Status grid = s.evaluate_units(-1, 1, -1, 1, 2000, 2000);
  EXPECT_FALSE(grid.ok);
  EXPECT_EQ(grid.parameter, "resolution");
  EXPECT_NE(grid.message.find("the limit is 1.0 GB"), std::string::npos) << grid.message;
  EXPECT_TRUE(s.evaluate_grid(-1, 1, -1, 1, 50, 50).ok);
}

TEST(CheckedInteger, RejectsFractionsNaNAndValuesOutOfRange) {
  EXPECT_EQ(checked_integer(7, "n", 0, 10), 7);
  for (double bad : {2.5, -1.0, 11.0, 4294967297.0, std::nan(""), HUGE_VAL}) {
    try {
      checked_integer(bad, "n", 0, 10);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.parameter(), "n");
      EXPECT_NE(std::string(e.what()).find("must be an integer in [0, 10]"), std::string::npos);
    }
  }
}

TEST(Divergence, AHugeInputValueTrainsAsScikitLearnDoes) {
  // numpy: v = inf, sqrt(v) = inf, Adam's step 0: the weights stay finite. Eigen's AVX-512 sqrt
  // (x * rsqrt(x)) gave NaN and "training diverged" in native builds only.
  const JobOutcome out = run_job(std::string(
      R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [3], "max_iter": 2, "random_state": 0,
          "shuffle": false}, "X": [[1.1e300], [1], [2]], "y": [1, 2, 3]})"));
  ASSERT_EQ(out.status, 0) << out.result.dump();
  // scikit-learn 1.2.1 on the same job.
  EXPECT_NEAR(out.result["loss_curve_"][0].get<double>(), 12.696178290234704, 1e-9);
  EXPECT_NEAR(out.result["loss_curve_"][1].get<double>(), 12.696218335956678, 1e-9);
  EXPECT_NEAR(out.result["coefs_"][0][0][0].get<double>(), 0.11956818, 1e-8);
}

TEST(NoCalls, ReturnsTheGeneratedDataWithoutTraining) {
  const JobOutcome out = run_job(R"({"estimator": "MLPClassifier", "calls": [], )" + kXor + "}");
  ASSERT_EQ(out.status, 0) << out.result.dump();
  EXPECT_EQ(out.result["X"].size(), 4u);
  EXPECT_EQ(out.result["y"], json::parse("[0, 1, 0, 1]"));
  EXPECT_FALSE(out.result.contains("coefs_"));
  // The same data as a job that trains on them and writes them out.
  const JobOutcome trained =
      run_job(R"({"estimator": "MLPClassifier", "params": {"max_iter": 1}, "output": ["X", "y"], )" + kXor + "}");
  ASSERT_EQ(trained.status, 0);
  EXPECT_EQ(out.result["X"], trained.result["X"]);
}

TEST(NoCalls, PredictsWithInitWeightsAsTheyAre) {
  const std::string init = R"("init": {"coefs": [[[1, -1], [0.5, 2]], [[1], [-1]]], "intercepts": [[0, 0.5], [0.25]]})";
  const JobOutcome out =
      run_job(R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [2]}, "calls": [], )" + kXor + ", " +
              init + R"(, "X_test": [[1, 0], [0, 1]], "y_test": [1, 0]})");
  ASSERT_EQ(out.status, 0) << out.result.dump();
  EXPECT_EQ(out.result["n_iter_"], 0);
  EXPECT_EQ(out.result["coefs_"], json::parse("[[[1.0, -1.0], [0.5, 2.0]], [[1.0], [-1.0]]]"));
  // relu: x = (1, 0): h = relu((1, -1) + (0, 0.5)) = (1, 0); out = 1 * 1 + 0 * -1 + 0.25 = 1.25.
  const double p = 1 / (1 + std::exp(-1.25));
  EXPECT_NEAR(out.result["predict_proba"][0][1].get<double>(), p, 1e-15);
  EXPECT_EQ(out.result["predict"][0], 1);
  EXPECT_EQ(out.result["classes_"], json::parse("[0, 1]"));
  EXPECT_TRUE(out.result.contains("X"));
  // Regressor, no data at all: only the weights and the predictions.
  const JobOutcome reg =
      run_job(R"({"estimator": "MLPRegressor", "params": {"hidden_layer_sizes": [2]}, "calls": [], )" + init +
              R"(, "X_test": [[1, 0]]})");
  ASSERT_EQ(reg.status, 0) << reg.result.dump();
  EXPECT_NEAR(reg.result["predict"][0].get<double>(), 1.25, 1e-15);
}

TEST(NoCalls, InitMustFitTheNetworkAndXTestNeedsWeights) {
  const std::string init = R"("init": {"coefs": [[[1, -1], [0.5, 2]], [[1], [-1]]], "intercepts": [[0, 0.5], [0.25]]})";
  expect_error(R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [3]}, "calls": [], )" + kXor + ", " +
                   init + "}",
               "init", "init coefs[0] must be 2x3");
  expect_error(R"({"estimator": "MLPClassifier", "calls": [], )" + kXor + R"(, "X_test": [[1, 0]]})", "X_test",
               "give init weights");
  expect_error(R"({"estimator": "MLPClassifier", "calls": {}, )" + kXor + "}", "calls", "calls must be a list");
  expect_error(R"({"estimator": "MLPClassifier", "params": {"alpha": -1}, "calls": [], )" + kXor + "}", "alpha",
               "alpha must be");
}

}  // namespace
}  // namespace mlp
