// What the sections of mlp-bench (mlp_bench.cpp) share: timing, fixtures, the workloads'
// random stream, and each section's entry point.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp_bench {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start);

/// A fixture of tests/fixtures as JSON.
json load(const std::string& name);

/// A JSON list of rows as a matrix.
template <class S>
mlp::Mat<S> matrix(const json& rows) {
  mlp::Mat<S> m(static_cast<mlp::Index>(rows.size()), static_cast<mlp::Index>(rows[0].size()));
  for (mlp::Index i = 0; i < m.rows(); ++i)
    for (mlp::Index j = 0; j < m.cols(); ++j)
      m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<S>();
  return m;
}

/// Wall times in seconds of `repeats` runs of f after one warm-up run, sorted.
std::vector<double> sorted_times(int repeats, const std::function<void()>& f);

double median_of(const std::vector<double>& sorted);

/// Median wall time in seconds of `repeats` runs of f after one warm-up run.
double median_seconds(int repeats, const std::function<void()>& f);

/// --only: the workloads whose name contains `only`.
bool wanted(const std::string& name, const std::string& only);

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

/// Section "reference" (reference.cpp): the scikit-learn reference fits and the MNIST-shaped epoch.
json run_reference(int repeats, const std::string& only);
/// Section "compare" (compare.cpp): W1-W4 of npm run bench through the estimator API.
json run_compare(int repeats, const std::string& only);
/// Section "kernels" (kernels.cpp): W3's products against the machine's mul+add peak.
json run_kernels();
/// Section "m1" (m1.cpp): the course's MNIST configuration on Fashion-MNIST's ungzipped IDX files in
/// `data_dir`, float32 then float64: fit times (all `repeats`), epoch times, loss curve, test accuracy.
json run_m1(int repeats, const std::string& data_dir);

}  // namespace mlp_bench
