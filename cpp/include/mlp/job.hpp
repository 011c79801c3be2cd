// The JSON job contract shared by the native runner, the WebAssembly build,
// the tests and the benchmarks: one job in, one result (or error) out. Its "params" are read by
// params_json.hpp, as the session reads its own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mlp {

struct JobOutcome {
  int status = 0;         ///< 0 on success, 2 for bad input, 1 for an internal failure
  nlohmann::json result;  ///< the result, or {"error": {"parameter", "value", "message"}}
};

/// Parses and runs one job (see README, "The JSON job runner"). Never throws.
JobOutcome run_job(const std::string& text);

/// Runs an already parsed job. Never throws.
JobOutcome run_job(const nlohmann::json& job);

}  // namespace mlp
