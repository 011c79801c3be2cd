// Training in steps (begin_fit + fit_steps(k)), as the playground's worker
// does, gives exactly the same model as one fit() call.
#include <gtest/gtest.h>

#include "mlp/datasets.hpp"
#include "mlp/estimator.hpp"

namespace mlp {
namespace {

struct Problem {
  Mat<double> X;
  ClassTarget y;
};

Problem moons(Index n) {
  Dataset d = make_moons(n, true, 0.2, 3u);
  Problem p{d.X, {}};
  for (Index i = 0; i < n; ++i) p.y.labels.emplace_back(d.y(i, 0));
  return p;
}

template <class Model>
void expect_same(const Model& a, const Model& b) {
  EXPECT_EQ(a.n_iter(), b.n_iter());
  EXPECT_EQ(a.t(), b.t());
  EXPECT_EQ(a.loss_curve(), b.loss_curve());
  EXPECT_EQ(a.loss(), b.loss());
  EXPECT_EQ(a.validation_scores(), b.validation_scores());
  EXPECT_EQ(a.warnings(), b.warnings());
  EXPECT_EQ(a.stop_reason(), b.stop_reason());
  EXPECT_EQ(a.packed_parameters(), b.packed_parameters());
}

Params base_params(Solver solver) {
  Params p;
  p.hidden_layer_sizes = {6, 5};
  p.solver = solver;
  p.max_iter = 40;
  p.random_state = 7;
  p.batch_size = 16;
  p.learning_rate_init = solver == Solver::sgd ? 0.05 : 0.01;
  return p;
}

class Stepping : public ::testing::TestWithParam<long long> {};

TEST_P(Stepping, StochasticStepsEqualOneFit) {
  const Problem data = moons(90);
  for (Solver solver : {Solver::sgd, Solver::adam}) {
    for (bool early_stopping : {false, true}) {
      Params p = base_params(solver);
      p.early_stopping = early_stopping;
      p.n_iter_no_change = 4;
      MLPClassifier<double> whole(p), stepped(p);
      whole.fit(data.X, data.y);
      stepped.begin_fit(data.X, data.y);
      long long calls = 0;
      while (!stepped.fit_steps(GetParam())) ++calls;
      EXPECT_GE(calls, (whole.n_iter() - 1) / GetParam());
      EXPECT_FALSE(stepped.fitting());
      expect_same(whole, stepped);
    }
  }
}

TEST_P(Stepping, LbfgsStepsEqualOneFit) {
  const Problem data = moons(80);
  Params p = base_params(Solver::lbfgs);
  MLPClassifier<double> whole(p), stepped(p);
  whole.fit(data.X, data.y);
  stepped.begin_fit(data.X, data.y);
  while (!stepped.fit_steps(GetParam())) {
  }
  expect_same(whole, stepped);
}

TEST_P(Stepping, RegressorStepsEqualOneFitInFloat32) {
  Dataset d = make_sine(60, 0.1, 5u);
  Params p = base_params(Solver::adam);
  MLPRegressor<float> whole(p), stepped(p);
  const Mat<float> X = d.X.cast<float>(), Y = d.y.cast<float>();
  whole.fit(X, Y);
  stepped.begin_fit(X, Y);
  while (!stepped.fit_steps(GetParam())) {
  }
  expect_same(whole, stepped);
}

INSTANTIATE_TEST_SUITE_P(ChunkSizes, Stepping, ::testing::Values(1, 3, 7));

TEST(SteppingState, AFitInProgressPredictsAndCountsEpochs) {
  const Problem data = moons(50);
  MLPClassifier<double> model(base_params(Solver::adam));
  model.begin_fit(data.X, data.y);
  EXPECT_TRUE(model.fitting());
  EXPECT_EQ(model.n_iter(), 0);
  EXPECT_EQ(model.predict_proba(data.X).rows(), 50);
  EXPECT_FALSE(model.fit_steps(5));
  EXPECT_EQ(model.n_iter(), 5);
  EXPECT_EQ(model.loss_curve().size(), 5u);
}

TEST(SteppingState, PartialFitStepsOnceThenFinishes) {
  const Problem data = moons(40);
  MLPClassifier<double> model(base_params(Solver::sgd));
  std::vector<Label> classes{0.0, 1.0};
  model.begin_partial_fit(data.X, data.y, &classes);
  EXPECT_TRUE(model.fit_steps(10));
  EXPECT_EQ(model.n_iter(), 1);
  EXPECT_TRUE(model.fit_steps(1));  // nothing left: still done, nothing run
  EXPECT_EQ(model.n_iter(), 1);
}

}  // namespace
}  // namespace mlp
