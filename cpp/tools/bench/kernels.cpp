// mlp-bench, section "kernels": W3's products (200x784 by 784x100 and its two transposed
// relatives) through mlp::kernels, beside a mul+add peak measured in the same process: simd.hpp's
// f32x4 in WebAssembly (-msimd128), a plain float loop natively.
#include "mlp/kernels.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "bench.hpp"
#include "mlp/simd.hpp"

namespace mlp_bench {

namespace {

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

#ifdef __wasm_simd128__  // real f32x4 (simd::kF32x4); natively a plain loop the compiler vectorises
using namespace mlp::simd;

constexpr const char* kPeakMethod =
    "f32x4 intrinsics wasm_f32x4_add(wasm_f32x4_mul(...)) on NACC independent accumulators; best of the patterns "
    "chain (acc = acc * a + b), loaded (acc = acc + x * b, x an f32x4 load from L1) and tile (a 2 x NACC/2 "
    "micro-kernel tile: acc[r][v] += splat(s_r) * x_v)";

template <int NACC, Peak kPattern>
float peak_run(long long iterations, const float* buf) {
  volatile float va = 0.999f, vb = 0.001f;
  const F4 a = splat4(va), b = splat4(vb);
  F4 acc[NACC];
  for (int i = 0; i < NACC; ++i) acc[i] = splat4(static_cast<float>(i));
  for (long long it = 0; it < iterations; ++it) {
    const float* p = buf + 4 * (it & 31);
    if constexpr (kPattern == Peak::chain) {
#pragma clang loop unroll(full)
      for (int r = 0; r < 8; ++r)
#pragma clang loop unroll(full)
        for (int i = 0; i < NACC; ++i) acc[i] = add4(mul4(acc[i], a), b);
    } else if constexpr (kPattern == Peak::loaded) {
#pragma clang loop unroll(full)
      for (int r = 0; r < 8; ++r)
#pragma clang loop unroll(full)
        for (int i = 0; i < NACC; ++i) acc[i] = add4(acc[i], mul4(load4(p + 4 * (r * NACC + i)), b));
    } else {
#pragma clang loop unroll(disable)
      for (int r = 0; r < 8; ++r) {
        const float* q = p + 2 * NACC * r;
        const F4 s0 = load_splat4(q), s1 = load_splat4(q + 1);
#pragma clang loop unroll(full)
        for (int v = 0; v < NACC / 2; ++v) {
          const F4 x = load4(q + 4 + 4 * v);
          acc[v] = add4(acc[v], mul4(s0, x));
          acc[NACC / 2 + v] = add4(acc[NACC / 2 + v], mul4(s1, x));
        }
      }
    }
  }
  F4 s = acc[0];
  for (int i = 1; i < NACC; ++i) s = add4(s, acc[i]);
  return first_lane4(s);
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
}  // namespace

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

}  // namespace mlp_bench
