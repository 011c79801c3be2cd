#include "mlp/limits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mlp/error.hpp"

namespace mlp {

namespace {

std::string head_of(const std::string& text) { return text.substr(0, 80); }

std::string render(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

}  // namespace

nlohmann::json parse_json(const std::string& text, const std::string& parameter) {
  if (text.size() > kMaxJsonBytes)
    throw Error(parameter, format_bytes(static_cast<double>(text.size())),
                "the JSON text is " + format_bytes(static_cast<double>(text.size())) + " long; the limit is " +
                    format_bytes(static_cast<double>(kMaxJsonBytes)) + " (" + std::to_string(kMaxJsonBytes) +
                    " bytes)");
  // Count nesting outside strings; the parser checks everything else afterwards.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw Error(parameter, "depth > " + std::to_string(kMaxJsonDepth),
                    "the JSON nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
                        " levels deep; the limit is " + std::to_string(kMaxJsonDepth));
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse errors and out-of-range numbers such as 1e999
    throw Error(parameter, head_of(text), std::string("malformed JSON: ") + e.what());
  }
}

std::string format_bytes(double bytes) {
  static const char* const units[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    ++u;
  }
  char text[48];
  if (u == 0)
    std::snprintf(text, sizeof text, "%.0f bytes", bytes);
  else if (bytes >= 1e6)
    std::snprintf(text, sizeof text, "%.3g %s", bytes, units[u]);
  else
    std::snprintf(text, sizeof text, "%.1f %s", bytes, units[u]);
  return text;
}

void check_memory(double bytes, const std::string& parameter, const std::string& what) {
  if (!(bytes <= kMaxMemoryBytes))
    throw Error(parameter, format_bytes(bytes),
                what + " needs about " + format_bytes(bytes) + "; the limit is " + format_bytes(kMaxMemoryBytes));
}

long long checked_integer(double value, const std::string& parameter, long long lo, long long hi) {
  if (!(std::isfinite(value) && std::floor(value) == value && value >= static_cast<double>(lo) &&
        value <= static_cast<double>(hi)))
    throw Error(parameter, render(value),
                parameter + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]; got " +
                    render(value));
  return static_cast<long long>(value);
}

}  // namespace mlp

namespace mlp {

double fit_bytes(const std::vector<long long>& units, double n_rows, double batch_rows, bool lbfgs, bool early_stopping,
                 bool dropout, double scalar_bytes) {
  double parameters = 0, all_units = 0;
  for (std::size_t l = 0; l < units.size(); ++l) {
    all_units += static_cast<double>(units[l]);
    if (l + 1 < units.size()) parameters += static_cast<double>(units[l] + 1) * static_cast<double>(units[l + 1]);
  }
  const double inputs = units.empty() ? 0 : static_cast<double>(units.front());
  const double outputs = units.empty() ? 0 : static_cast<double>(units.back());
  // theta, grad, best weights, up to two optimizer vectors and a copy for the results.
  double bytes = parameters * scalar_bytes * 6;
  if (lbfgs) {
    bytes += parameters * 8 * 28;  // x, g, direction, scratch and 10 (s, y) pairs, in double
    batch_rows = n_rows;           // the objective evaluates every row at once
  }
  bytes += batch_rows * all_units * scalar_bytes * (dropout ? 4 : 2);              // A and D (and masks)
  bytes += std::min(n_rows, 4096.0) * all_units * scalar_bytes;                    // predictions, in chunks
  bytes += n_rows * (inputs + outputs) * scalar_bytes * (early_stopping ? 2 : 1);  // Y, and the split
  return bytes;
}

}  // namespace mlp
