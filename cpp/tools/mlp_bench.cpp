// mlp-bench: timings of the core, printed as a table and written as JSON.
//
//   mlp-bench [--repeats N] [--json PATH] [--only SUBSTRING] [--sections LIST]
//
// Sections (LIST is comma-separated; all three by default):
//   reference  the three scikit-learn reference fits of tests/fixtures/sklearn_reference.json
//              (float64 and float32, against the fit times scikit-learn recorded on this kind of
//              machine) and the MNIST-shaped adam epoch of the same file.
//   compare    the workloads W1-W4 of `npm run bench` (bench/workloads.js holds the same
//              definitions for the WebAssembly and TensorFlow.js sides), float32, through the
//              C++ estimator API: samples/s (points/s for W4).
//   kernels    GFLOP/s of W3's three products (200x784 by 784x100 and its two transposed
//              relatives) through mlp::kernels, beside a mul+add peak measured in the same
//              process: f32x4 intrinsics in WebAssembly (-msimd128), a plain float loop natively.
// Each timing is the median of N runs after one warm-up run. --only keeps the workloads whose
// name contains SUBSTRING. The same program builds for WebAssembly (cmake --build --preset wasm
// --target mlp-bench; node --no-experimental-fetch build/wasm/mlp-bench.js --sections kernels).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "mlp/estimator.hpp"
#include "mlp/kernels.hpp"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

json load(const std::string& name) {
  std::ifstream in(std::string(MLP_FIXTURE_DIR) + "/" + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return json::parse(in);
}

template <class S>
mlp::Mat<S> matrix(const json& rows) {
  mlp::Mat<S> m(static_cast<mlp::Index>(rows.size()), static_cast<mlp::Index>(rows[0].size()));
  for (mlp::Index i = 0; i < m.rows(); ++i)
    for (mlp::Index j = 0; j < m.cols(); ++j)
      m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<S>();
  return m;
}

/// Wall times in seconds of `repeats` runs of f after one warm-up run, sorted.
std::vector<double> sorted_times(int repeats, const std::function<void()>& f) {
  f();
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    f();
    times.push_back(seconds_since(start));
  }
  std::sort(times.begin(), times.end());
  return times;
}

double median_of(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/// Median wall time in seconds of `repeats` runs of f after one warm-up run.
double median_seconds(int repeats, const std::function<void()>& f) { return median_of(sorted_times(repeats, f)); }

bool wanted(const std::string& name, const std::string& only) { return name.find(only) != std::string::npos; }

// ---------------------------------------------------------------------------------------------
// Section "reference"

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

// ---------------------------------------------------------------------------------------------
// Section "compare": W1-W4 of npm run bench. Keep in step with bench/workloads.js (the data
// generator, sizes and parameters); the driver checks the parameters reported here against it.

/// mulberry32: the same stream as bench/workloads.js's rng(seed), as doubles in [0, 1).
class Mulberry32 {
 public:
  explicit Mulberry32(std::uint32_t seed) : a_(seed) {}
  double next() {
    std::uint32_t t = a_ += 0x6D2B79F5u;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }

 private:
  std::uint32_t a_;
};

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

// ---------------------------------------------------------------------------------------------
// Section "kernels": W3's products against the machine's mul+add peak.

/// Best of three timings of `calls` calls of f, with `calls` grown until one timing lasts
/// `min_seconds`: seconds per call.
double seconds_per_call(double min_seconds, const std::function<void()>& f) {
  long long calls = 1;
  for (;;) {
    auto start = Clock::now();
    for (long long i = 0; i < calls; ++i) f();
    const double t = seconds_since(start);
    if (t >= min_seconds) break;
    calls = t <= 0 ? calls * 10 : std::max(calls * 2, static_cast<long long>(calls * 1.2 * min_seconds / t));
  }
  double best = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < 3; ++rep) {
    auto start = Clock::now();
    for (long long i = 0; i < calls; ++i) f();
    best = std::min(best, seconds_since(start) / static_cast<double>(calls));
  }
  return best;
}

volatile float g_sink;  // keeps results alive

// Three patterns, each with several independent accumulators; the peak is the best of them (the
// fastest sustained mul+add rate this process reaches, so the products' fraction is not flattered
// by a weak peak):
//   chain   acc = acc * a + b: the multiply is on the loop-carried chain (latency of mul + add)
//   loaded  acc = acc + x * b, x loaded from an L1-resident buffer: only the add is on the chain
//   tile    a 2 x NACC/2 tile as in a matrix micro-kernel: per round two splatted scalars and
//           NACC/2 loaded vectors, acc[r][v] = acc[r][v] + s_r * x_v
// Every pattern does 8 rounds of NACC mul+add pairs per iteration.
enum class Peak { chain, loaded, tile };
constexpr const char* name_of(Peak p) { return p == Peak::chain ? "chain" : p == Peak::loaded ? "loaded" : "tile"; }
constexpr int kPeakBuffer = 4 * (32 + 8 * 16);  // floats: 32 offsets + 8 rounds x up to 16 vectors

#ifdef __wasm_simd128__
constexpr const char* kPeakMethod =
    "f32x4 intrinsics wasm_f32x4_add(wasm_f32x4_mul(...)) on NACC independent accumulators; best of the patterns "
    "chain (acc = acc * a + b), loaded (acc = acc + x * b, x an f32x4 load from L1) and tile (a 2 x NACC/2 "
    "micro-kernel tile: acc[r][v] += splat(s_r) * x_v)";

template <int NACC, Peak kPattern>
float peak_run(long long iterations, const float* buf) {
  volatile float va = 0.999f, vb = 0.001f;
  const v128_t a = wasm_f32x4_splat(va), b = wasm_f32x4_splat(vb);
  v128_t acc[NACC];
  for (int i = 0; i < NACC; ++i) acc[i] = wasm_f32x4_splat(static_cast<float>(i));
  for (long long it = 0; it < iterations; ++it) {
    const float* p = buf + 4 * (it & 31);
    if constexpr (kPattern == Peak::chain) {
#pragma clang loop unroll(full)
      for (int r = 0; r < 8; ++r)
#pragma clang loop unroll(full)
        for (int i = 0; i < NACC; ++i) acc[i] = wasm_f32x4_add(wasm_f32x4_mul(acc[i], a), b);
    } else if constexpr (kPattern == Peak::loaded) {
#pragma clang loop unroll(full)
      for (int r = 0; r < 8; ++r)
#pragma clang loop unroll(full)
        for (int i = 0; i < NACC; ++i)
          acc[i] = wasm_f32x4_add(acc[i], wasm_f32x4_mul(wasm_v128_load(p + 4 * (r * NACC + i)), b));
    } else {
#pragma clang loop unroll(disable)
      for (int r = 0; r < 8; ++r) {
        const float* q = p + 2 * NACC * r;
        const v128_t s0 = wasm_v128_load32_splat(q), s1 = wasm_v128_load32_splat(q + 1);
#pragma clang loop unroll(full)
        for (int v = 0; v < NACC / 2; ++v) {
          const v128_t x = wasm_v128_load(q + 4 + 4 * v);
          acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(s0, x));
          acc[NACC / 2 + v] = wasm_f32x4_add(acc[NACC / 2 + v], wasm_f32x4_mul(s1, x));
        }
      }
    }
  }
  v128_t s = acc[0];
  for (int i = 1; i < NACC; ++i) s = wasm_f32x4_add(s, acc[i]);
  return wasm_f32x4_extract_lane(s, 0);
}
#else
constexpr const char* kPeakMethod =
    "plain float loops (compiler-vectorised with -march=native, no FMA contraction: -ffp-contract=off) on 4*NACC "
    "independent float accumulators; best of the patterns chain (acc = acc * a + b), loaded (acc = acc + x * b, x "
    "from L1) and tile (acc[r][c] += s_r * x_c); not the machine's FMA peak";

template <int NACC, Peak kPattern>
float peak_run(long long iterations, const float* buf) {
  volatile float va = 0.999f, vb = 0.001f;
  const float a = va, b = vb;
  float acc[4 * NACC];
  for (int i = 0; i < 4 * NACC; ++i) acc[i] = static_cast<float>(i);
  for (long long it = 0; it < iterations; ++it) {
    const float* p = buf + 4 * (it & 31);
    for (int r = 0; r < 8; ++r) {
      if constexpr (kPattern == Peak::chain) {
        for (int i = 0; i < 4 * NACC; ++i) acc[i] = acc[i] * a + b;
      } else if constexpr (kPattern == Peak::loaded) {
        for (int i = 0; i < 4 * NACC; ++i) acc[i] = acc[i] + p[4 * r * NACC + i] * b;
      } else {
        const float* q = p + 2 * NACC * r;
        for (int c = 0; c < 2 * NACC; ++c) {
          acc[c] = acc[c] + q[0] * q[4 + c];
          acc[2 * NACC + c] = acc[2 * NACC + c] + q[1] * q[4 + c];
        }
      }
    }
  }
  float s = 0;
  for (int i = 0; i < 4 * NACC; ++i) s += acc[i];
  return s;
}
#endif

/// GFLOP/s of peak_run: 8 rounds x NACC accumulators x 4 lanes x (mul + add) per iteration.
template <int NACC, Peak kPattern>
json peak_for() {
  static_assert(NACC <= 16 && NACC % 2 == 0, "kPeakBuffer holds 8 rounds of up to 16 vectors; tiles have 2 rows");
  std::vector<float> buf(kPeakBuffer);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = 1e-3f * static_cast<float>(i % 7);
  const long long iterations = 1 << 14;
  const double s = seconds_per_call(0.1, [&] { g_sink = g_sink + peak_run<NACC, kPattern>(iterations, buf.data()); });
  const double flops = static_cast<double>(iterations) * 8 * NACC * 4 * 2;
  return {{"pattern", name_of(kPattern)}, {"accumulators", NACC}, {"gflops", flops / s / 1e9}};
}

json run_kernels() {
  // W3's first layer with a batch of 200: A (200 x 784) inputs, W (784 x 100), D (200 x 100) deltas.
  const mlp::Index n = 200, k = 784, m = 100;
  Mulberry32 rng(7);
  auto random = [&](mlp::Index r, mlp::Index c) {
    mlp::Mat<float> M(r, c);
    for (mlp::Index i = 0; i < M.size(); ++i) M.data()[i] = static_cast<float>(rng.next() - 0.5);
    return M;
  };
  const mlp::Mat<float> A = random(n, k), W = random(k, m), D = random(n, m);
  mlp::Mat<float> Z = mlp::Mat<float>::Zero(n, m), G = mlp::Mat<float>::Zero(k, m), P(n, k);
  const double flops = 2.0 * static_cast<double>(n * k * m);
  struct Product {
    const char* name;
    const char* shape;
    std::function<void()> run;
  };
  const std::vector<Product> products = {
      {"forward A*W", "(200x784)(784x100)", [&] { mlp::kernels::add_a_b(A, W, Z); }},
      {"weight gradient A^T*D", "(784x200)(200x100)", [&] { mlp::kernels::add_at_b(A, D, G); }},
      {"backward D*W^T", "(200x100)(100x784)", [&] { mlp::kernels::set_a_bt(D, W, P); }},
  };
  json out{{"blocked_kernel", mlp::kernels::uses_blocked_kernel<float>},
           {"flops_per_product", flops},
           {"products", json::array()}};
  double total_s = 0;
  for (const auto& p : products) {
    // Z and G accumulate: rezero now and then so that they stay small (not timed when rare).
    const double s = seconds_per_call(0.2, p.run);
    Z.setZero();
    G.setZero();
    total_s += s;
    out["products"].push_back({{"name", p.name}, {"shape", p.shape}, {"seconds", s}, {"gflops", flops / s / 1e9}});
    std::printf("%-34s %10.2f GFLOP/s\n", (std::string("kernel ") + p.name).c_str(), flops / s / 1e9);
    std::fflush(stdout);
  }
  g_sink = g_sink + Z(0, 0) + G(0, 0) + P(0, 0);
  out["products_gflops"] = 3 * flops / total_s / 1e9;
  json peaks = json::array({peak_for<8, Peak::chain>(), peak_for<12, Peak::chain>(), peak_for<16, Peak::chain>(),
                            peak_for<4, Peak::loaded>(), peak_for<8, Peak::loaded>(), peak_for<12, Peak::loaded>(),
                            peak_for<8, Peak::tile>(), peak_for<12, Peak::tile>()});
  double peak = 0;
  for (const auto& p : peaks) peak = std::max(peak, p["gflops"].get<double>());
  out["peak"] = {{"method", kPeakMethod}, {"variants", peaks}, {"gflops", peak}};
  out["products_fraction_of_peak"] = out["products_gflops"].get<double>() / peak;
  std::printf("%-34s %10.2f GFLOP/s\n", "kernel W3 products (all three)", out["products_gflops"].get<double>());
  std::printf("%-34s %10.2f GFLOP/s (best pattern)\n", "mul+add peak", peak);
  std::printf("%-34s %10.0f %%\n", "products / peak", 100 * out["products_fraction_of_peak"].get<double>());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 5;
  std::string json_path;
  std::string only;
  std::string sections = "reference,compare,kernels";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--json") && i + 1 < argc) {
      json_path = argv[++i];
    } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else if (!std::strcmp(argv[i], "--sections") && i + 1 < argc) {
      sections = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: mlp-bench [--repeats N] [--json PATH] [--only SUBSTRING] "
                   "[--sections reference,compare,kernels]\n");
      return 2;
    }
  }
  auto has_section = [&](const char* name) {
    return ("," + sections + ",").find(std::string(",") + name + ",") != std::string::npos;
  };
#ifdef __EMSCRIPTEN__
  const char* runner = "wasm";
#else
  const char* runner = "native";
#endif
  json report{{"runner", runner}, {"repeats", repeats}};
  try {
    if (has_section("reference")) report["workloads"] = run_reference(repeats, only);
    if (has_section("compare")) report["compare"] = run_compare(repeats, only);
    if (has_section("kernels")) report["kernels"] = run_kernels();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mlp-bench: %s\n", e.what());
    return 1;
  }
  if (!json_path.empty()) {
    std::ofstream(json_path) << report.dump(2) << "\n";
    std::printf("wrote %s\n", json_path.c_str());
  }
  return 0;
}
