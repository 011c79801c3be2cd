// The engine's documented input limits (README, "Limits") and the checks that enforce them
// before a value reaches an allocation or a cast. One table for the job runner, the session
// and the WebAssembly binding, so that every build accepts and refuses the same input with the
// same message: every size stays below 2^31, where WebAssembly's 32-bit sizes would wrap.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mlp {

/// JSON input: text length and nesting (arrays and objects inside each other).
inline constexpr std::size_t kMaxJsonBytes = 32u << 20;  // 32 MiB
inline constexpr int kMaxJsonDepth = 100;

/// The network: hidden layers and units per layer (the parameter count has its own cap).
inline constexpr long long kMaxHiddenLayers = 100;
inline constexpr long long kMaxLayerUnits = 100'000;
/// Iteration counts.
inline constexpr long long kMaxIter = 10'000'000;
inline constexpr long long kMaxFun = 1'000'000'000;
inline constexpr long long kMaxIterNoChange = 1'000'000;  ///< or "inf"
inline constexpr long long kMaxBatchSize = 2'147'483'647;
/// Working memory of one job, or of one session's data, fit or grid: beyond this the
/// WebAssembly heap (2 GB at most) would run out.
inline constexpr double kMaxMemoryBytes = 1024.0 * 1024.0 * 1024.0;  // 1 GiB
/// A search (search_job.hpp): fits in all (candidates x folds, or train sizes x folds), and the
/// candidates a random search draws from (2^53: every index is exact as a double).
inline constexpr long long kMaxSearchFits = 100'000;
inline constexpr double kMaxParameterSpace = 9007199254740992.0;
/// Session calls from the page: epochs per step, grid sides.
inline constexpr long long kMaxStepEpochs = 1'000'000;

/// Parses JSON text after checking its size and nesting depth without recursion, so that no
/// input can exhaust the stack (nlohmann's copy, dump and comparison recurse once per level).
/// Throws mlp::Error naming `parameter` (with the first characters of the text as the value)
/// past a limit or for malformed JSON.
nlohmann::json parse_json(const std::string& text, const std::string& parameter);

/// "12.3 GB", "850 MB", "4.0 KB": a byte count for messages.
std::string format_bytes(double bytes);

/// Throws mlp::Error(parameter, ...) when `bytes` exceed kMaxMemoryBytes: "<what> needs about
/// 12.3 GB; the limit is 1.0 GB".
void check_memory(double bytes, const std::string& parameter, const std::string& what);

/// An integer in [lo, hi] given as a double (from JavaScript): throws mlp::Error naming
/// `parameter`, the value and the range for NaN, fractions and values outside it.
long long checked_integer(double value, const std::string& parameter, long long lo, long long hi);

}  // namespace mlp

namespace mlp {

/// About the bytes a fit allocates beyond its input matrix: weights, gradients and optimizer
/// state (L-BFGS keeps 10 pairs of history vectors in double), the activations and deltas of one
/// batch (`batch_rows`; L-BFGS takes every row at once), and early stopping's copies of the rows.
/// `units` = [n_features, hidden..., n_outputs]; `scalar_bytes` is 4 (float32) or 8 (float64).
double fit_bytes(const std::vector<long long>& units, double n_rows, double batch_rows, bool lbfgs, bool early_stopping,
                 bool dropout, double scalar_bytes);

}  // namespace mlp
