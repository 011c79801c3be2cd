// The mlp-run executable end to end: a job on stdin or in a file, one JSON
// result on stdout, exit status 0 / 2, never a crash, for good and bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace mlp {
namespace {

using test::json;

struct CliRun {
  int status = -1;
  json output;
};

/// Runs mlp-run with `job_text` on stdin; parses its stdout.
CliRun run_cli(const std::string& job_text) {
  // One file per test: ctest may run these tests in parallel.
  const std::string path =
      ::testing::TempDir() + "mlp_cli_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
  std::ofstream(path, std::ios::binary) << job_text;
  const std::string command = std::string(MLP_RUNNER_PATH) + " - < " + path;
  FILE* pipe = popen(command.c_str(), "r");
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  int raw = pclose(pipe);
  CliRun run;
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.output = json::parse(text, nullptr, false);
  return run;
}

void expect_error(const std::string& job, const std::string& parameter) {
  SCOPED_TRACE(job);
  CliRun run = run_cli(job);
  EXPECT_EQ(run.status, 2);
  ASSERT_TRUE(run.output.contains("error")) << run.output.dump();
  EXPECT_EQ(run.output["error"]["parameter"], parameter) << run.output.dump();
  EXPECT_TRUE(run.output["error"].contains("value"));
  EXPECT_FALSE(run.output["error"]["message"].get<std::string>().empty());
}

const std::string kData = R"("X": [[0, 0], [1, 1], [0, 1], [1, 0]], "y": [0, 0, 1, 1])";

TEST(RunnerCli, FitsAGeneratedDatasetAndReportsEveryAttribute) {
  CliRun run = run_cli(R"({"estimator": "MLPClassifier",
    "params": {"hidden_layer_sizes": [8], "max_iter": 30, "random_state": 1, "solver": "sgd", "learning_rate_init": 0.1},
    "dataset": {"generator": "make_moons", "params": {"n_samples": 60, "noise": 0.1, "random_state": 3}},
    "X_test": [[0.5, 0.2], [-1, 0.5]], "y_test": [1, 0], "output": ["X", "y"]})");
  ASSERT_EQ(run.status, 0) << run.output.dump();
  for (const char* key : {"coefs_",
                          "intercepts_",
                          "loss_",
                          "loss_curve_",
                          "best_loss_",
                          "validation_scores_",
                          "best_validation_score_",
                          "n_iter_",
                          "t_",
                          "n_layers_",
                          "n_outputs_",
                          "out_activation_",
                          "classes_",
                          "warnings",
                          "train_score",
                          "predict",
                          "predict_proba",
                          "test_score",
                          "X",
                          "y"})
    EXPECT_TRUE(run.output.contains(key)) << key;
  EXPECT_EQ(run.output["X"].size(), 60u);
  EXPECT_EQ(run.output["n_iter_"], 30);
  EXPECT_EQ(run.output["t_"], 1800);
  EXPECT_EQ(run.output["classes_"], json::parse("[0, 1]"));
  EXPECT_EQ(run.output["predict_proba"][0].size(), 2u);
}

TEST(RunnerCli, StringLabelsAndPartialFitCalls) {
  CliRun run = run_cli(R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [4], "random_state": 0},
    "X": [[0, 0], [1, 1], [0, 1], [1, 0]], "y": ["b", "a", "c", "a"],
    "calls": [{"method": "partial_fit", "classes": ["a", "b", "c"]}, {"method": "partial_fit"}],
    "X_test": [[0, 0]]})");
  ASSERT_EQ(run.status, 0) << run.output.dump();
  EXPECT_EQ(run.output["classes_"], json::parse(R"(["a", "b", "c"])"));
  EXPECT_EQ(run.output["n_iter_"], 2);
  EXPECT_EQ(run.output["out_activation_"], "softmax");
  EXPECT_TRUE(run.output["predict"][0].is_string());
}

TEST(RunnerCli, RegressorWithFloat32AndLbfgs) {
  CliRun run = run_cli(R"({"estimator": "MLPRegressor", "precision": "float32",
    "params": {"hidden_layer_sizes": [5], "solver": "lbfgs", "random_state": 0, "max_iter": 50},
    "dataset": {"generator": "sine", "params": {"n_samples": 40, "random_state": 0}},
    "X_test": [[0.0], [0.5]], "y_test": [0.0, 1.0]})");
  ASSERT_EQ(run.status, 0) << run.output.dump();
  EXPECT_EQ(run.output["precision"], "float32");
  EXPECT_FALSE(run.output.contains("loss_curve_"));
  EXPECT_EQ(run.output["t_"], 0);
  EXPECT_EQ(run.output["predict"].size(), 2u);
  EXPECT_TRUE(run.output["predict"][0].is_number());
}

TEST(RunnerCli, MalformedJsonIsAnError) {
  expect_error("{\"estimator\": ", "job");
  expect_error("", "job");
  expect_error("[1, 2]", "job");
}

TEST(RunnerCli, EveryInvalidParameterIsNamed) {
  const std::pair<const char*, const char*> bad[] = {{R"("hidden_layer_sizes": [0])", "hidden_layer_sizes"},
                                                     {R"("hidden_layer_sizes": [3, -1])", "hidden_layer_sizes"},
                                                     {R"("hidden_layer_sizes": "10")", "hidden_layer_sizes"},
                                                     {R"("activation": "softmax")", "activation"},
                                                     {R"("solver": "newton")", "solver"},
                                                     {R"("alpha": -0.1)", "alpha"},
                                                     {R"("batch_size": 0)", "batch_size"},
                                                     {R"("batch_size": "big")", "batch_size"},
                                                     {R"("learning_rate": "cyclic")", "learning_rate"},
                                                     {R"("learning_rate_init": 0)", "learning_rate_init"},
                                                     {R"("power_t": -1)", "power_t"},
                                                     {R"("max_iter": 0)", "max_iter"},
                                                     {R"("max_iter": 2.5)", "max_iter"},
                                                     {R"("shuffle": "yes")", "shuffle"},
                                                     {R"("random_state": -1)", "random_state"},
                                                     {R"("random_state": 1.5)", "random_state"},
                                                     {R"("tol": -1)", "tol"},
                                                     {R"("momentum": 1.5)", "momentum"},
                                                     {R"("nesterovs_momentum": 1)", "nesterovs_momentum"},
                                                     {R"("early_stopping": "no")", "early_stopping"},
                                                     {R"("validation_fraction": 1)", "validation_fraction"},
                                                     {R"("beta_1": 1)", "beta_1"},
                                                     {R"("beta_2": -0.5)", "beta_2"},
                                                     {R"("epsilon": 0)", "epsilon"},
                                                     {R"("n_iter_no_change": 0)", "n_iter_no_change"},
                                                     {R"("n_iter_no_change": "never")", "n_iter_no_change"},
                                                     {R"("max_fun": 0)", "max_fun"},
                                                     {R"("warm_start": null)", "warm_start"},
                                                     {R"("n_estimators": 3)", "n_estimators"}};
  for (const auto& [param, name] : bad)
    expect_error(std::string(R"({"estimator": "MLPClassifier", "params": {)") + param + "}, " + kData + "}", name);
}

TEST(RunnerCli, BadArraysAreNamed) {
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, 0], [1]], "y": [0, 1]})", "X");
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, "a"], [1, 1]], "y": [0, 1]})", "X");
  expect_error(R"({"estimator": "MLPClassifier", "X": [], "y": []})", "X");
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, 0], [1, 1]], "y": [0, 1, 1]})", "y");
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, 0], [1, 1]], "y": [0.5, 1.5]})", "y");
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, 0], [1, 1]], "y": [0, null]})", "y");
  expect_error(R"({"estimator": "MLPRegressor", "X": [[0, 0], [1, 1]], "y": ["a", "b"]})", "y");
  expect_error(R"({"estimator": "MLPClassifier", "X": [[0, 0], [1, 1]]})", "y");
  expect_error(R"({"estimator": "MLPClassifier", )" + kData + R"(, "X_test": [[1, 2, 3]]})", "X");
  expect_error(R"({"estimator": "MLPClassifier", )" + kData + R"(, "X_test": [[1e999, 2]]})", "job");
}

TEST(RunnerCli, WrongInitShapesAreNamed) {
  expect_error(R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [3]}, )" + kData +
                   R"(, "init": {"coefs": [[[1, 2, 3]], [[1], [2], [3]]], "intercepts": [[0, 0, 0], [0]]}})",
               "init");
  expect_error(R"({"estimator": "MLPClassifier", "params": {"hidden_layer_sizes": [3]}, )" + kData +
                   R"(, "init": {"coefs": [[[1, 2, 3], [1, 2, 3]]], "intercepts": [[0, 0, 0]]}})",
               "init");
  expect_error(R"({"estimator": "MLPClassifier", )" + kData + R"(, "init": [1]})", "init");
}

TEST(RunnerCli, JobStructureErrorsAreNamed) {
  expect_error(R"({"estimator": "MLPBanana", )" + kData + "}", "estimator");
  expect_error(R"({)" + kData + "}", "estimator");
  expect_error(R"({"estimator": "MLPClassifier", "precision": "float16", )" + kData + "}", "precision");
  expect_error(R"({"estimator": "MLPClassifier", "extra": 1, )" + kData + "}", "extra");
  expect_error(R"({"estimator": "MLPClassifier", "calls": [{"method": "predict"}], )" + kData + "}", "calls[0].method");
  expect_error(R"({"estimator": "MLPClassifier", "calls": [{"method": "partial_fit"}], )" + kData + "}", "classes");
  expect_error(R"({"estimator": "MLPClassifier", "params": {"solver": "lbfgs"},
                   "calls": [{"method": "partial_fit", "classes": [0, 1]}], )" +
                   kData + "}",
               "solver");
  expect_error(R"({"estimator": "MLPClassifier", "dataset": {"generator": "make_moons", "params": {"noise": -1}}})",
               "dataset.params.noise");
  expect_error(R"({"estimator": "MLPClassifier", "dataset": {"generator": "make_bananas"}})", "dataset.generator");
  expect_error(R"({"estimator": "MLPClassifier", "output": ["Z"], )" + kData + "}", "output");
  expect_error(
      R"({"estimator": "MLPClassifier", "params": {"early_stopping": true, "validation_fraction": 0}, )" + kData + "}",
      "validation_fraction");
}

TEST(RunnerCli, ReadsAJobFileAndReportsAMissingOne) {
  const std::string path = ::testing::TempDir() + "mlp_cli_file.json";
  std::ofstream(path) << R"({"estimator": "MLPRegressor", "params": {"max_iter": 5, "random_state": 0}, )" << kData
                      << "}";
  FILE* pipe = popen((std::string(MLP_RUNNER_PATH) + " " + path).c_str(), "r");
  char buffer[256];
  std::size_t total = 0;
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) total += n;  // read all: no SIGPIPE
  EXPECT_GT(total, 0u);
  EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 0);
  pipe = popen((std::string(MLP_RUNNER_PATH) + " /nonexistent/job.json").c_str(), "r");
  while (fread(buffer, 1, sizeof buffer, pipe) > 0) {
  }
  EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 2);
}

TEST(RunnerCli, DeepJsonIsAnErrorNotACrash) {
  // An alpha nested 70,000 deep (200 KB) killed mlp-run with SIGSEGV (recursion in the JSON library).
  const std::string deep = std::string(70000, '[') + std::string(70000, ']');
  CliRun run = run_cli(R"({"estimator": "MLPClassifier", "params": {"alpha": )" + deep + "}, " + kData + "}");
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.output["error"]["parameter"], "job") << run.output.dump().substr(0, 300);
}

TEST(RunnerCli, LinesModeAnswersEveryJobOnItsOwnLine) {
  const std::string path = ::testing::TempDir() + "mlp_cli_lines.jsonl";
  std::ofstream(path, std::ios::binary)
      << R"({"estimator": "MLPRegressor", "params": {"max_iter": 2, "random_state": 0}, )" << kData << "}\n"
      << "\n"
      << R"({"estimator": "MLPBanana"})"
      << "\n"
      << "{broken\n"
      << R"({"estimator": "MLPClassifier", "calls": [], )" << kData << "}\n";
  FILE* pipe = popen((std::string(MLP_RUNNER_PATH) + " --lines < " + path).c_str(), "r");
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 0);
  std::vector<json> answers;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    answers.push_back(json::parse(text.substr(start, nl - start)));
  ASSERT_EQ(answers.size(), 4u) << text;
  EXPECT_EQ(answers[0]["status"], 0);
  EXPECT_EQ(answers[0]["result"]["n_iter_"], 2);
  EXPECT_EQ(answers[1]["status"], 2);
  EXPECT_EQ(answers[1]["result"]["error"]["parameter"], "estimator");
  EXPECT_EQ(answers[2]["status"], 2);
  EXPECT_EQ(answers[2]["result"]["error"]["parameter"], "job");
  EXPECT_EQ(answers[3]["status"], 0);
  EXPECT_EQ(answers[3]["result"]["X"].size(), 4u);
}

}  // namespace
}  // namespace mlp
