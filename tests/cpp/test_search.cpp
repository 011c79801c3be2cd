// Search jobs through the JSON runner against scikit-learn 1.2.1 (tests/fixtures/
// sklearn_search.json): every case's scores, means, stds, ranks and best parameters to 1e-10 in
// float64 (times excluded), the splitter's, sampler's and train sizes' warnings; float32 runs;
// bad search input named by parameter; and the worker pool's contract (fit_range, fit_results).
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"
#include "mlp/job.hpp"

namespace mlp {
namespace {

using test::json;

const json& cases() {
  static const json all = test::load_fixture("sklearn_search.json")["cases"];
  return all;
}

const json& case_named(const std::string& id) {
  for (const json& c : cases())
    if (c["id"] == id) return c;
  throw std::runtime_error("no case " + id);
}

/// Largest difference between two JSON trees; keys of `expected` only, times and warnings skipped.
double max_diff(const json& got, const json& expected, const std::string& where) {
  if (expected.is_object()) {
    double worst = 0;
    EXPECT_TRUE(got.is_object()) << where;
    for (const auto& [key, v] : expected.items()) {
      if (key == "warnings" || key.find("_time") != std::string::npos) continue;
      EXPECT_TRUE(got.contains(key)) << where << "." << key;
      if (got.contains(key)) worst = std::max(worst, max_diff(got[key], v, where + "." + key));
    }
    return worst;
  }
  if (expected.is_array()) {
    EXPECT_TRUE(got.is_array() && got.size() == expected.size()) << where << ": " << got.dump().substr(0, 200);
    double worst = 0;
    for (std::size_t i = 0; got.is_array() && i < std::min(got.size(), expected.size()); ++i)
      worst = std::max(worst, max_diff(got[i], expected[i], where + "[" + std::to_string(i) + "]"));
    return worst;
  }
  if (expected.is_number_float() && got.is_number()) return std::abs(got.get<double>() - expected.get<double>());
  EXPECT_EQ(got, expected) << where;
  return 0;
}

/// The warnings scikit-learn raises about the search itself (not about one fit), by their start.
bool search_warning(const std::string& w) {
  for (const char* start : {"The least populated class", "The total space of parameters", "Removed duplicate entries"})
    if (w.rfind(start, 0) == 0) return true;
  return false;
}

class SearchCase : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SearchCase, Float64MatchesScikitLearnTo1e10) {
  const json& c = cases()[GetParam()];
  const JobOutcome out = run_job(c["job"]);
  ASSERT_EQ(out.status, 0) << out.result.dump();
  EXPECT_LE(max_diff(out.result, c["expected"], c["id"]), 1e-10);
  std::vector<std::string> expected, got;
  for (const json& w : c["expected"]["warnings"])
    if (search_warning(w)) expected.push_back(w);
  for (const json& w : out.result["warnings"])
    if (search_warning(w)) got.push_back(w);
  EXPECT_EQ(got, expected);
  // Failed fits: both warn with the same count.
  for (const json& w : c["expected"]["warnings"]) {
    const std::string text = w;
    const auto at = text.find(" fits failed out of a total of ");
    if (at == std::string::npos) continue;
    const std::string count = text.substr(1, at - 1) + " fits failed";
    bool found = false;
    for (const json& mine : out.result["warnings"]) found = found || mine.get<std::string>().rfind(count, 0) == 0;
    EXPECT_TRUE(found) << count;
  }
}

TEST_P(SearchCase, Float32RunsWithTheSameShape) {
  json job = cases()[GetParam()]["job"];
  job["precision"] = "float32";
  const JobOutcome out = run_job(job);
  ASSERT_EQ(out.status, 0) << out.result.dump();
  const json& expected = cases()[GetParam()]["expected"];
  for (const char* key : {"test_scores", "train_scores", "train_sizes_abs"})
    if (expected.contains(key)) {
      EXPECT_EQ(out.result[key].size(), expected[key].size()) << key;
    }
  if (expected.contains("cv_results_")) {
    for (const auto& [column, values] : expected["cv_results_"].items())
      EXPECT_EQ(out.result["cv_results_"][column].size(), values.size()) << column;
    EXPECT_EQ(out.result["cv_results_"]["params"], expected["cv_results_"]["params"]);
  }
}

std::vector<std::size_t> indices() {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < cases().size(); ++i) out.push_back(i);
  return out;
}

std::string name_of_case(const ::testing::TestParamInfo<std::size_t>& info) {
  return cases()[info.param]["id"].get<std::string>();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SearchCase, ::testing::ValuesIn(indices()), name_of_case);

TEST(SearchJob, ResultsCarryScikitLearnsNames) {
  const JobOutcome grid = run_job(case_named("grid_train_score_regression_lbfgs")["job"]);
  ASSERT_EQ(grid.status, 0);
  for (const char* key : {"cv_results_", "best_index_", "best_params_", "best_score_", "n_splits_", "warnings"})
    EXPECT_TRUE(grid.result.contains(key)) << key;
  for (const char* key : {"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time", "params", "param_alpha",
                          "split0_test_score", "mean_test_score", "std_test_score", "rank_test_score",
                          "split2_train_score", "mean_train_score", "std_train_score"})
    EXPECT_TRUE(grid.result["cv_results_"].contains(key)) << key;
  for (const json& t : grid.result["cv_results_"]["mean_fit_time"]) EXPECT_GT(t.get<double>(), 0);
}

TEST(SearchJob, FailedFitsScoreNullAndRankLast) {
  const JobOutcome out = run_job(case_named("failed_fits_error_score")["job"]);
  ASSERT_EQ(out.status, 0);
  const json& r = out.result["cv_results_"];
  EXPECT_TRUE(r["mean_test_score"][0].is_null());
  EXPECT_EQ(r["rank_test_score"], json::array({2, 1}));
  bool named = false;
  for (const json& w : out.result["warnings"])
    named = named || w.get<std::string>().rfind("candidate 0, split 2: the fit failed", 0) == 0;
  EXPECT_TRUE(named);
}

TEST(SearchJob, ErrorScoreRaiseMakesTheFailureTheJobsError) {
  json job = case_named("failed_fits_error_score")["job"];
  job["search"]["error_score"] = "raise";
  const JobOutcome out = run_job(job);
  EXPECT_EQ(out.status, 2);
  EXPECT_EQ(out.result["error"]["parameter"], "alpha");
}

TEST(SearchJob, AllFitsFailingIsAnError) {
  json job = case_named("failed_fits_error_score")["job"];
  job["search"]["param_grid"] = {{"alpha", {-1.0}}};
  const JobOutcome out = run_job(job);
  EXPECT_EQ(out.status, 2);
  EXPECT_EQ(out.result["error"]["parameter"], "search");
}

/// The worker pool's contract: fits run in ranges and aggregated give the whole run.
void expect_pool_equals_whole(json job) {
  const JobOutcome whole = run_job(job);
  ASSERT_EQ(whole.status, 0) << whole.result.dump();
  job["search"]["fit_range"] = {0, 0};
  const JobOutcome count = run_job(job);
  ASSERT_EQ(count.status, 0) << count.result.dump();
  const long long n = count.result["n_fits"];
  EXPECT_TRUE(count.result["fits"].empty());
  json fits = json::array();
  const long long cuts[] = {0, n / 3, (2 * n) / 3, n};
  for (int part = 2; part >= 0; --part) {  // any order
    job["search"]["fit_range"] = {cuts[part], cuts[part + 1]};
    const JobOutcome some = run_job(job);
    ASSERT_EQ(some.status, 0) << some.result.dump();
    EXPECT_EQ(some.result["n_fits"], n);
    for (const json& f : some.result["fits"]) fits.push_back(f);
  }
  EXPECT_EQ(static_cast<long long>(fits.size()), n);
  job["search"].erase("fit_range");
  job["search"]["fit_results"] = fits;
  const JobOutcome joined = run_job(job);
  ASSERT_EQ(joined.status, 0) << joined.result.dump();
  json a = whole.result, b = joined.result;
  for (json* r : {&a, &b})
    if (r->contains("cv_results_"))
      for (const char* key : {"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time"})
        (*r)["cv_results_"].erase(key);
  EXPECT_EQ(a, b);
}

TEST(SearchContract, FitsRunInThreeRangesAggregateToTheWholeRun) {
  for (const char* id : {"grid_binary_adam", "random_lists_seed", "validation_curve_alpha", "learning_curve_absolute",
                         "failed_fits_error_score", "grid_list_of_dicts"})
    expect_pool_equals_whole(case_named(id)["job"]);
}

TEST(SearchContract, FitIndexIsCandidateTimesSplitsPlusSplit) {
  json job = case_named("grid_binary_adam")["job"];  // 4 candidates x 3 splits
  const JobOutcome whole = run_job(job);
  job["search"]["fit_range"] = {7, 8};
  const JobOutcome one = run_job(job);
  ASSERT_EQ(one.status, 0);
  EXPECT_EQ(one.result["n_fits"], 12);
  ASSERT_EQ(one.result["fits"].size(), 1u);
  EXPECT_EQ(one.result["fits"][0]["fit"], 7);
  EXPECT_EQ(one.result["fits"][0]["test_score"], whole.result["cv_results_"]["split1_test_score"][2]);
}

struct BadSearch {
  const char* name;
  const char* search;     // the job's "search" field
  const char* parameter;  // the parameter the error names
};

TEST(SearchJob, BadInputGivesStatus2NamingTheParameter) {
  const BadSearch table[] = {
      {"unknown kind", R"({"kind": "bayes"})", "search.kind"},
      {"no kind", R"({"param_grid": {"alpha": [1]}})", "search"},
      {"missing grid", R"({"kind": "grid"})", "search.param_grid"},
      {"unknown key", R"({"kind": "grid", "param_grid": {"alpah": [1]}})", "search.param_grid.alpah"},
      {"not a list", R"({"kind": "grid", "param_grid": {"alpha": 0.1}})", "search.param_grid.alpha"},
      {"empty list", R"({"kind": "grid", "param_grid": {"alpha": []}})", "search.param_grid.alpha"},
      {"empty grid", R"({"kind": "grid", "param_grid": []})", "search.param_grid"},
      {"field of another kind", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "n_iter": 3})", "search.n_iter"},
      {"n_iter 0", R"({"kind": "random", "param_distributions": {"alpha": [1]}, "n_iter": 0})", "search.n_iter"},
      {"n_iter fraction", R"({"kind": "random", "param_distributions": {"alpha": [1]}, "n_iter": 2.5})",
       "search.n_iter"},
      {"seed", R"({"kind": "random", "param_distributions": {"alpha": [1]}, "random_state": -1})",
       "search.random_state"},
      {"cv 1", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "cv": 1})", "search.cv"},
      {"cv too many", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "cv": 41})", "search.cv"},
      {"cv kind", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "cv": {"kind": "LeaveOneOut"}})", "search.cv.kind"},
      {"cv seed without shuffle",
       R"({"kind": "grid", "param_grid": {"alpha": [1]}, "cv": {"kind": "KFold", "random_state": 1}})", "search.cv"},
      {"stratified regression", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "cv": {"kind": "StratifiedKFold"}})",
       "search.cv"},
      {"too many fits", R"({"kind": "grid", "param_grid": {"alpha": [1,2,3,4,5,6,7,8,9,10],
         "tol": [1,2,3,4,5,6,7,8,9,10], "beta_1": [1,2,3,4,5,6,7,8,9,10], "beta_2": [1,2,3,4,5,6,7,8,9,10],
         "epsilon": [1,2,3,4,5,6,7,8,9,10]}})",
       "search.param_grid"},
      {"too many random fits", R"({"kind": "random", "n_iter": 50000, "random_state": 0, "param_distributions": {
         "alpha": [1,2,3,4,5,6,7,8,9,10], "tol": [1,2,3,4,5,6,7,8,9,10], "beta_1": [1,2,3,4,5,6,7,8,9,10],
         "beta_2": [1,2,3,4,5,6,7,8,9,10], "epsilon": [1,2,3,4,5,6,7,8,9,10]}})",
       "search.n_iter"},
      {"cv past the rows before sampling", R"({"kind": "random", "n_iter": 1000000000000, "cv": 1000,
         "param_distributions": {"alpha": [1,2,3,4,5,6,7,8,9,10]}})",
       "search.cv"},
      {"param_name", R"({"kind": "validation_curve", "param_name": "depth", "param_range": [1]})", "search.param_name"},
      {"param_range", R"({"kind": "validation_curve", "param_name": "alpha", "param_range": []})",
       "search.param_range"},
      {"fractions", R"({"kind": "learning_curve", "train_sizes": [0.0, 0.5]})", "search.train_sizes"},
      {"counts", R"({"kind": "learning_curve", "train_sizes": [5, 33]})", "search.train_sizes"},
      {"error_score", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "error_score": "ignore"})",
       "search.error_score"},
      {"fit_range past the end", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "fit_range": [0, 6]})",
       "search.fit_range"},
      {"fit_range reversed", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "fit_range": [3, 2]})",
       "search.fit_range"},
      {"fit_results short", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "fit_results": []})",
       "search.fit_results"},
      {"fit_results repeated", R"({"kind": "grid", "param_grid": {"alpha": [1]}, "fit_results": [
         {"fit": 0, "test_score": 1}, {"fit": 0, "test_score": 1}, {"fit": 2, "test_score": 1},
         {"fit": 3, "test_score": 1}, {"fit": 4, "test_score": 1}]})",
       "search.fit_results[1].fit"},
  };
  const json base = case_named("grid_regression_sgd")["job"];  // 40 rows, a regressor
  for (const BadSearch& bad : table) {
    json job = base;
    job["search"] = json::parse(bad.search);
    const JobOutcome out = run_job(job);
    EXPECT_EQ(out.status, 2) << bad.name;
    EXPECT_EQ(out.result["error"]["parameter"], bad.parameter) << bad.name << ": " << out.result.dump();
  }
  json bad_feature = base;
  bad_feature["search"] = json::parse(R"({"kind": "grid", "param_grid": {"alpha": [1]}})");
  bad_feature["features"] = json::parse(R"({"derived": ["x3"]})");
  EXPECT_EQ(run_job(bad_feature).result["error"]["parameter"], "features");
  bad_feature["features"] = json::parse(R"({"scale": true})");
  EXPECT_EQ(run_job(bad_feature).result["error"]["parameter"], "features.scale");
  json features_alone = base;
  features_alone.erase("search");
  features_alone["features"] = json::parse(R"({"standardize": true})");
  EXPECT_EQ(run_job(features_alone).result["error"]["parameter"], "features");
  json with_calls = case_named("grid_regression_sgd")["job"];
  with_calls["calls"] = json::array({json{{"method", "fit"}}});
  EXPECT_EQ(run_job(with_calls).result["error"]["parameter"], "calls");
}

TEST(SearchJob, StratifiedKFoldRefusesAClassSmallerThanEveryFold) {
  json job = case_named("rare_class_warning")["job"];
  job["search"]["cv"] = 15;  // every class has fewer than 15 members
  const JobOutcome out = run_job(job);
  EXPECT_EQ(out.status, 2);
  EXPECT_EQ(out.result["error"]["parameter"], "search.cv");
}

}  // namespace
}  // namespace mlp
