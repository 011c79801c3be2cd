// The helpers of bench.hpp.
#include "bench.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace mlp_bench {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

json load(const std::string& name) {
  std::ifstream in(std::string(MLP_FIXTURE_DIR) + "/" + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return json::parse(in);
}

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

double median_seconds(int repeats, const std::function<void()>& f) { return median_of(sorted_times(repeats, f)); }

bool wanted(const std::string& name, const std::string& only) { return name.find(only) != std::string::npos; }

}  // namespace mlp_bench
