// mlp-bench, section "compare": W1-W4 of npm run bench. Keep in step with bench/workloads.js
// (the data generator, sizes and parameters); the driver checks the parameters reported here
// against it.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench.hpp"
#include "mlp/estimator.hpp"

namespace mlp_bench {

namespace {

struct Data {
  mlp::Mat<float> X;
  std::vector<double> y;  ///< class labels or regression targets
};

/// The synthetic data sets of bench/workloads.js (makeData), in float32.
Data make_data(const std::string& kind, int n, int features, std::uint32_t seed) {
  Mulberry32 rng(seed);
  Data d{mlp::Mat<float>(n, features), std::vector<double>(static_cast<std::size_t>(n))};
  std::vector<double> x(static_cast<std::size_t>(features));
  for (int i = 0; i < n; ++i) {
    if (kind == "two-class-2d" || kind == "smooth-regression-2d") {
      x[0] = 2 * rng.next() - 1;
      x[1] = 2 * rng.next() - 1;
    } else {
      for (auto& v : x) v = rng.next();
    }
    double target;
    if (kind == "two-class-2d") {
      target = x[1] > 0.5 * std::sin(3 * x[0]) ? 1 : 0;
    } else if (kind == "smooth-regression-2d") {
      target = std::sin(3 * x[0]) * std::cos(2 * x[1]) + 0.5 * x[0] * x[1];
    } else {  // "uniform-784-10-classes"
      target = std::min(9.0, std::floor(rng.next() * 10));
    }
    for (int j = 0; j < features; ++j) d.X(i, j) = static_cast<float>(x[static_cast<std::size_t>(j)]);
    d.y[static_cast<std::size_t>(i)] = target;
  }
  return d;
}

struct Workload {
  std::string name;
  std::string estimator;
  std::string data;
  int n, features;
  std::uint32_t seed;
  std::vector<long long> hidden;
  std::string activation, solver;
  double learning_rate_init;
  long long batch_size, epochs;
};

const std::vector<Workload>& workloads() {
  static const std::vector<Workload> all = {
      {"W1", "MLPClassifier", "two-class-2d", 500, 2, 1, {8, 8}, "tanh", "sgd", 0.03, 10, 20},
      {"W2", "MLPRegressor", "smooth-regression-2d", 1000, 2, 2, {64, 64}, "relu", "adam", 1e-3, 32, 10},
      {"W3", "MLPClassifier", "uniform-784-10-classes", 10000, 784, 3, {100}, "relu", "adam", 1e-3, 200, 2},
  };
  return all;
}

mlp::Params params_of(const Workload& w) {
  mlp::Params p;
  p.hidden_layer_sizes = w.hidden;
  p.activation = mlp::parse_activation(w.activation);
  p.solver = mlp::parse_solver(w.solver);
  p.alpha = 0;
  p.batch_size = w.batch_size;
  p.learning_rate_init = w.learning_rate_init;
  p.max_iter = w.epochs;
  p.shuffle = true;
  p.random_state = 0;
  p.tol = 0;
  p.n_iter_no_change = std::numeric_limits<double>::infinity();
  p.momentum = 0;
  p.nesterovs_momentum = false;
  return p;
}

json params_json(const Workload& w) {
  return {{"hidden_layer_sizes", w.hidden},
          {"activation", w.activation},
          {"solver", w.solver},
          {"learning_rate_init", w.learning_rate_init},
          {"batch_size", w.batch_size},
          {"max_iter", w.epochs}};
}

/// The 200 x 200 grid of W4 over [-1.5, 1.5]^2, row by row from the top (as Session::evaluate_grid).
mlp::Mat<float> grid_points(int nx, int ny) {
  mlp::Mat<float> P(static_cast<mlp::Index>(nx) * ny, 2);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      P(static_cast<mlp::Index>(j) * nx + i, 0) = static_cast<float>(-1.5 + i * 3.0 / (nx - 1));
      P(static_cast<mlp::Index>(j) * nx + i, 1) = static_cast<float>(1.5 - j * 3.0 / (ny - 1));
    }
  return P;
}

json timing_json(const std::vector<double>& times, double work, const std::string& unit) {
  const double median = median_of(times);
  return {{"median_s", median},
          {"min_s", times.front()},
          {"times_s", times},
          {"repeats", times.size()},
          {unit, work / median}};
}

}  // namespace

json run_compare(int repeats, const std::string& only) {
  json out = json::array();
  const mlp::Mat<float> grid = grid_points(200, 200);
  std::printf("%-34s %14s %12s\n", "compare workload (float32)", "samples/s", "median s");
  for (const Workload& w : workloads()) {
    const bool want_fit = wanted(w.name, only);
    const bool want_grid = w.name != "W3" && wanted("W4", only);
    if (!want_fit && !want_grid) continue;
    const Data d = make_data(w.data, w.n, w.features, w.seed);
    const mlp::Params params = params_of(w);
    const double samples = static_cast<double>(w.n) * static_cast<double>(w.epochs);
    std::vector<double> times;
    std::function<void()> fit;
    // The last fitted model, for W4.
    std::unique_ptr<mlp::MultilayerPerceptron<float>> model;
    long long n_iter = 0;
    if (w.estimator == "MLPClassifier") {
      mlp::ClassTarget y;
      for (double v : d.y) y.labels.emplace_back(v);
      fit = [&, y] {
        auto m = std::make_unique<mlp::MLPClassifier<float>>(params);
        m->fit(d.X, y);
        n_iter = m->n_iter();
        model = std::move(m);
      };
    } else {
      mlp::Mat<float> Y(w.n, 1);
      for (int i = 0; i < w.n; ++i) Y(i, 0) = static_cast<float>(d.y[static_cast<std::size_t>(i)]);
      fit = [&, Y] {
        auto m = std::make_unique<mlp::MLPRegressor<float>>(params);
        m->fit(d.X, Y);
        n_iter = m->n_iter();
        model = std::move(m);
      };
    }
    if (!want_fit) {
      fit();  // only the trained net for W4
    } else {
      times = sorted_times(repeats, fit);
      if (n_iter != w.epochs) throw std::runtime_error(w.name + " ran " + std::to_string(n_iter) + " epochs");
      json entry = timing_json(times, samples, "samples_per_s");
      entry["name"] = w.name;
      entry["estimator"] = w.estimator;
      entry["params"] = params_json(w);
      entry["n"] = w.n;
      entry["features"] = w.features;
      entry["epochs"] = w.epochs;
      entry["timed"] = "construct the estimator (float32) + fit(X, y): every epoch of a fit";
      entry["final_loss"] = model->loss();
      std::printf("%-34s %14.0f %12.4f\n", (w.name + " fit").c_str(), samples / median_of(times), median_of(times));
      std::fflush(stdout);
      out.push_back(entry);
    }
    if (want_grid) {
      float sink = 0;
      const auto grid_times = sorted_times(repeats, [&] {
        const mlp::Mat<float> o = model->forward(grid);
        sink += o(0, 0);
      });
      json entry = timing_json(grid_times, static_cast<double>(grid.rows()), "points_per_s");
      entry["name"] = "W4 (" + w.name + " net)";
      entry["points"] = grid.rows();
      entry["timed"] = "forward(X) of the fitted estimator on a prebuilt 40000 x 2 float32 grid";
      entry["checksum"] = sink;
      std::printf("%-34s %14.0f %12.4f\n", ("W4 grid, " + w.name + " net").c_str(),
                  static_cast<double>(grid.rows()) / median_of(grid_times), median_of(grid_times));
      std::fflush(stdout);
      out.push_back(entry);
    }
  }
  return out;
}

}  // namespace mlp_bench
