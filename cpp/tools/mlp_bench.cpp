// mlp-bench: timings of the core, printed as a table and written as JSON.
//
//   mlp-bench [--repeats N] [--json PATH] [--only SUBSTRING] [--sections LIST] [--m1-data DIR]
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
//   m1         (only on request) the course's MNIST configuration on the full Fashion-MNIST set,
//              float32 and float64, read from the ungzipped IDX files in --m1-data DIR (bench/m1.js).
// Each timing is the median of N runs after one warm-up run. --only keeps the workloads whose
// name contains SUBSTRING. The same program builds for WebAssembly (cmake --build --preset wasm
// --target mlp-bench; node --no-experimental-fetch build/wasm/mlp-bench.js --sections kernels).
// The sections live in cpp/tools/bench/.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "bench/bench.hpp"

using namespace mlp_bench;

int main(int argc, char** argv) {
  int repeats = 5;
  std::string json_path;
  std::string only;
  std::string sections = "reference,compare,kernels";
  std::string m1_data;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--json") && i + 1 < argc) {
      json_path = argv[++i];
    } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else if (!std::strcmp(argv[i], "--sections") && i + 1 < argc) {
      sections = argv[++i];
    } else if (!std::strcmp(argv[i], "--m1-data") && i + 1 < argc) {
      m1_data = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: mlp-bench [--repeats N] [--json PATH] [--only SUBSTRING] "
                   "[--sections reference,compare,kernels,m1] [--m1-data DIR]\n");
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
    if (has_section("m1")) report["m1"] = run_m1(repeats, m1_data);
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
