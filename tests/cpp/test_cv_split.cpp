// The searches' building blocks against scikit-learn 1.2.1 (tests/fixtures/sklearn_search.json,
// made by tools/make_fixtures.py --search): KFold and StratifiedKFold's folds for many n, y,
// n_splits, shuffle and seed; sample_without_replacement's draws by method; ParameterSampler's
// candidates; and ParameterGrid, train sizes and ranks from worked examples.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "fixtures.hpp"
#include "mlp/cv_split.hpp"
#include "mlp/error.hpp"
#include "mlp/search.hpp"

namespace mlp {
namespace {

using test::json;

const json& fixture() {
  static const json all = test::load_fixture("sklearn_search.json");
  return all;
}

std::vector<std::vector<Index>> test_folds(const std::vector<CvSplit>& splits) {
  std::vector<std::vector<Index>> out;
  for (const auto& s : splits) out.push_back(s.test);
  return out;
}

std::vector<ParamDict> grid_of(const json& v) {
  std::vector<ParamDict> out;
  for (const json& d : v.is_array() ? v : json::array({v})) {
    ParamDict dict;
    for (const auto& [k, values] : d.items()) dict[k] = std::vector<json>(values.begin(), values.end());
    out.push_back(dict);
  }
  return out;
}

TEST(CvSplit, KFoldAndStratifiedKFoldGiveScikitLearnsFolds) {
  std::size_t checked = 0, errors = 0, warned = 0;
  for (const json& c : fixture()["splits"]) {
    CvSpec spec;
    spec.n_splits = c["n_splits"].get<long long>();
    spec.shuffle = c["shuffle"].get<bool>();
    if (!c["random_state"].is_null()) spec.random_state = c["random_state"].get<std::uint32_t>();
    const std::string where = c.dump().substr(0, 120);
    if (c["kind"] == "KFold") {
      spec.kind = CvSpec::Kind::KFold;
      EXPECT_EQ(json(test_folds(kfold_split(c["n"].get<Index>(), spec))), c["test"]) << where;
      ++checked;
      continue;
    }
    spec.kind = CvSpec::Kind::StratifiedKFold;
    ClassTarget y;
    for (const json& v : c["y"])
      y.labels.push_back(v.is_string() ? Label(v.get<std::string>()) : Label(v.get<double>()));
    std::vector<std::string> warnings;
    if (c.contains("error")) {
      try {
        stratified_kfold_split(y.labels, type_of_target(y), spec, warnings);
        ADD_FAILURE() << "no error for " << where;
      } catch (const Error& e) {
        EXPECT_EQ(e.what(), c["error"].get<std::string>());
        EXPECT_EQ(e.parameter(), "cv");
      }
      ++errors;
      continue;
    }
    EXPECT_EQ(json(test_folds(stratified_kfold_split(y.labels, type_of_target(y), spec, warnings))), c["test"])
        << where;
    EXPECT_EQ(json(warnings), c["warnings"]) << where;
    warned += warnings.empty() ? 0 : 1;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
  EXPECT_GT(errors, 0u);
  EXPECT_GT(warned, 0u);
}

TEST(CvSplit, TrainRowsAreTheComplementInOrder) {
  CvSpec spec;
  spec.n_splits = 3;
  spec.shuffle = true;
  spec.random_state = 1;
  for (const CvSplit& s : kfold_split(10, spec)) {
    EXPECT_EQ(s.train.size() + s.test.size(), 10u);
    EXPECT_TRUE(std::is_sorted(s.train.begin(), s.train.end()));
    for (Index i : s.test) EXPECT_EQ(std::count(s.train.begin(), s.train.end(), i), 0);
  }
}

TEST(CvSplit, KFoldRefusesWhatScikitLearnRefuses) {
  CvSpec spec;
  spec.n_splits = 1;
  EXPECT_THROW(kfold_split(10, spec), Error);
  spec.n_splits = 11;
  EXPECT_THROW(kfold_split(10, spec), Error);
  spec.n_splits = 3;
  spec.random_state = 4;  // without shuffle
  EXPECT_THROW(kfold_split(10, spec), Error);
}

TEST(CvSplit, CheckCvStratifiesOnlyClassifiersWithBinaryOrMulticlassY) {
  EXPECT_EQ(check_cv(4, true, "binary").kind, CvSpec::Kind::StratifiedKFold);
  EXPECT_EQ(check_cv(4, true, "multiclass").kind, CvSpec::Kind::StratifiedKFold);
  EXPECT_EQ(check_cv(4, true, "multilabel-indicator").kind, CvSpec::Kind::KFold);
  EXPECT_EQ(check_cv(4, false, "binary").kind, CvSpec::Kind::KFold);
  EXPECT_EQ(check_cv(4, false, "continuous").kind, CvSpec::Kind::KFold);
  ClassTarget y;
  y.labels = {Label(0.5), Label(1.0)};
  EXPECT_EQ(type_of_target(y), "continuous");
  y.labels = {Label(std::string("a")), Label(std::string("b")), Label(std::string("c"))};
  EXPECT_EQ(type_of_target(y), "multiclass");
}

TEST(Sampling, SampleWithoutReplacementDrawsAsScikitLearn) {
  std::size_t checked = 0;
  for (const json& c : fixture()["samples"]) {
    RandomState rng(c["seed"].get<std::uint32_t>());
    const auto n_population = c["n_population"].get<std::uint64_t>();
    const auto n_samples = c["n_samples"].get<std::uint64_t>();
    const std::string method = c["method"];
    const auto draws = method == "auto" ? sample_without_replacement(n_population, n_samples, rng)
                                        : sample_without_replacement(n_population, n_samples, rng, method);
    EXPECT_EQ(json(draws), c["draws"]) << c.dump().substr(0, 100);
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(Sampling, ParameterSamplerDrawsScikitLearnsCandidates) {
  for (const json& c : fixture()["samplers"]) {
    RandomState rng(c["random_state"].get<std::uint32_t>());
    std::vector<std::string> warnings;
    const auto drawn = parameter_sampler(ParameterGrid(grid_of(c["param_distributions"])), c["n_iter"].get<long long>(),
                                         rng, warnings);
    EXPECT_EQ(json(drawn), c["candidates"]) << c.dump().substr(0, 100);
    EXPECT_EQ(json(warnings), c["warnings"]);
  }
}

TEST(ParameterGridTest, SortsKeysAndVariesTheLastFastest) {
  // ParameterGrid([{"b": [1, 2], "a": ["x", "y", "z"]}, {}, {"c": [0]}]): len 8.
  const ParameterGrid grid(grid_of(json::parse(R"([{"b": [1, 2], "a": ["x", "y", "z"]}, {}, {"c": [0]}])")));
  EXPECT_EQ(grid.size(), 8);
  EXPECT_EQ(grid.at(0), json::parse(R"({"a": "x", "b": 1})"));
  EXPECT_EQ(grid.at(1), json::parse(R"({"a": "x", "b": 2})"));
  EXPECT_EQ(grid.at(5), json::parse(R"({"a": "z", "b": 2})"));
  EXPECT_EQ(grid.at(6), json::object());
  EXPECT_EQ(grid.at(7), json::parse(R"({"c": 0})"));
  EXPECT_THROW(grid.at(8), Error);
}

TEST(TrainSizes, TranslatesFractionsAndCountsAsScikitLearn) {
  std::vector<std::string> warnings;
  // np.linspace(0.1, 1.0, 5) of 32 rows: [3, 10, 17, 24, 32].
  EXPECT_EQ(translate_train_sizes(default_train_sizes(), true, 32, warnings),
            (std::vector<long long>{3, 10, 17, 24, 32}));
  EXPECT_TRUE(warnings.empty());
  // 0.01 of 32 truncates to 0 and is clipped to 1; 0.02 too: one duplicate removed.
  EXPECT_EQ(translate_train_sizes({0.01, 0.02, 0.5}, true, 32, warnings), (std::vector<long long>{1, 16}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "Removed duplicate entries from 'train_sizes'. Number of ticks will be less than the size of "
            "'train_sizes': 2 instead of 3.");
  EXPECT_THROW(translate_train_sizes({0.0, 0.5}, true, 32, warnings), Error);
  EXPECT_THROW(translate_train_sizes({0.5, 1.5}, true, 32, warnings), Error);
  EXPECT_THROW(translate_train_sizes({5, 33}, false, 32, warnings), Error);
  EXPECT_EQ(translate_train_sizes({32, 5}, false, 32, warnings), (std::vector<long long>{5, 32}));
}

TEST(Ranks, TiesShareTheLowestRankAndNaNsRankLast) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Means 0.5, 0.9, 0.5, NaN, 0.9 (one split each).
  const ScoreSummary s = summarize_scores({0.5, 0.9, 0.5, nan, 0.9}, 5, 1);
  EXPECT_EQ(s.rank, (std::vector<int>{3, 1, 3, 5, 1}));
  EXPECT_EQ(best_index(s.rank), 1u);
  EXPECT_EQ(summarize_scores({nan, nan}, 2, 1).rank, (std::vector<int>{1, 1}));
}

TEST(Ranks, StdIsThePopulationStd) {
  const ScoreSummary s = summarize_scores({1, 2, 3, 4}, 1, 4);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s.std[0], std::sqrt(1.25));
}

}  // namespace
}  // namespace mlp
