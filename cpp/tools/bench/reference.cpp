// mlp-bench, section "reference": the three scikit-learn reference fits of
// tests/fixtures/sklearn_reference.json and its MNIST-shaped adam epoch.
#include <cstdio>

#include "bench.hpp"
#include "mlp/estimator.hpp"

namespace mlp_bench {

namespace {

mlp::Params params_of(const json& p) {
  mlp::Params params;
  params.hidden_layer_sizes = p["hidden_layer_sizes"].get<std::vector<long long>>();
  params.activation = mlp::parse_activation(p["activation"]);
  params.solver = mlp::parse_solver(p["solver"]);
  params.alpha = p["alpha"];
  if (p.contains("batch_size") && p["batch_size"].is_number()) params.batch_size = p["batch_size"].get<long long>();
  if (p.contains("learning_rate_init")) params.learning_rate_init = p["learning_rate_init"];
  params.max_iter = p["max_iter"];
  params.random_state = p["random_state"].get<std::uint32_t>();
  if (p.contains("tol")) params.tol = p["tol"];
  return params;
}

template <class S>
double time_reference_fit(const json& c, int repeats) {
  const json data = load("data/" + c["dataset"].get<std::string>() + ".json");
  const mlp::Params params = params_of(c["params_full"]);
  const mlp::Mat<S> X = matrix<S>(data["X_train"]);
  if (c["estimator"] == "MLPClassifier") {
    mlp::ClassTarget y;
    for (const auto& v : data["y_train"]) y.labels.emplace_back(v.get<double>());
    return median_seconds(repeats, [&] { mlp::MLPClassifier<S>(params).fit(X, y); });
  }
  mlp::Mat<S> Y(X.rows(), 1);
  for (mlp::Index i = 0; i < X.rows(); ++i) Y(i, 0) = data["y_train"][static_cast<std::size_t>(i)].get<S>();
  return median_seconds(repeats, [&] { mlp::MLPRegressor<S>(params).fit(X, Y); });
}

template <class S>
double time_mnist_epoch(int repeats) {
  // MNIST-shaped random data as in the fixture: 10000 x 784 uniform, 10 classes.
  mlp::RandomState rng(0);
  mlp::Mat<S> X(10000, 784);
  for (mlp::Index i = 0; i < X.size(); ++i) X.data()[i] = static_cast<S>(rng.random_double());
  mlp::ClassTarget y;
  for (int i = 0; i < 10000; ++i) y.labels.emplace_back(static_cast<double>(rng.interval(9)));
  mlp::Params params;
  params.hidden_layer_sizes = {100};
  params.batch_size = 200;
  params.max_iter = 1;
  params.random_state = 0;
  return median_seconds(repeats, [&] { mlp::MLPClassifier<S>(params).fit(X, y); });
}

}  // namespace

json run_reference(int repeats, const std::string& only) {
  json out = json::array();
  const json reference = load("sklearn_reference.json");
  bool any = wanted("mnist", only);
  for (const json& c : reference["cases"]) any = any || wanted(c["id"].get<std::string>(), only);
  if (!any) return out;
  std::printf("%-34s %12s %12s %12s %9s\n", "workload", "f64 s", "f32 s", "sklearn s", "f64 x");
  for (const json& c : reference["cases"]) {
    if (!wanted(c["id"].get<std::string>(), only)) continue;
    const double f64 = time_reference_fit<double>(c, repeats);
    const double f32 = time_reference_fit<float>(c, repeats);
    const double sk = c["main"]["fit_time_s_median"];
    std::printf("%-34s %12.4f %12.4f %12.4f %8.1fx\n", c["id"].get<std::string>().c_str(), f64, f32, sk, sk / f64);
    std::fflush(stdout);
    out.push_back({{"name", "fit " + c["id"].get<std::string>()},
                   {"float64_s", f64},
                   {"float32_s", f32},
                   {"sklearn_s", sk},
                   {"speedup_float64_vs_sklearn", sk / f64},
                   {"speedup_float32_vs_sklearn", sk / f32}});
  }
  if (!wanted("mnist", only)) return out;
  const double mnist64 = time_mnist_epoch<double>(std::max(1, repeats / 2));
  const double mnist32 = time_mnist_epoch<float>(std::max(1, repeats / 2));
  const double sk_epoch = reference["mnist_shaped_timing"]["runs"][0]["seconds_per_epoch"];
  std::printf("%-34s %12.4f %12.4f %12.4f %8.1fx\n", "mnist-shaped adam (100,) 1 epoch", mnist64, mnist32, sk_epoch,
              sk_epoch / mnist64);
  out.push_back({{"name", "mnist-shaped adam (100,) relu, batch 200, one epoch of 10000x784"},
                 {"float64_s", mnist64},
                 {"float32_s", mnist32},
                 {"sklearn_s", sk_epoch},
                 {"speedup_float64_vs_sklearn", sk_epoch / mnist64},
                 {"speedup_float32_vs_sklearn", sk_epoch / mnist32}});
  return out;
}

}  // namespace mlp_bench
