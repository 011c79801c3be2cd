// Dataset generators: scikit-learn 1.2.1's make_moons, make_circles,
// make_blobs and make_regression reproduced exactly (same RandomState stream),
// and the playground's own 2-D sets. All are pure functions of their
// parameters and seed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

/// Generated data. For classification sets y is n x 1 holding the class index
/// (0, 1, ...); for regression sets y is n x n_targets.
struct Dataset {
  Mat<double> X;
  Mat<double> y;
  bool classification = true;
};

/// random_state: nullopt draws a seed from the system's entropy.
using Seed = std::optional<std::uint32_t>;

Dataset make_moons(Index n_samples, bool shuffle, std::optional<double> noise, Seed random_state);
Dataset make_circles(Index n_samples, bool shuffle, std::optional<double> noise, Seed random_state, double factor);
/// centers: an explicit n_centers x n_features matrix, or empty to draw
/// `n_centers` centers uniformly in center_box. cluster_std: one value, or one
/// per center.
Dataset make_blobs(Index n_samples, Index n_features, Index n_centers, const Mat<double>& centers,
                   const std::vector<double>& cluster_std, double center_box_lo, double center_box_hi, bool shuffle,
                   Seed random_state);
Dataset make_regression(Index n_samples, Index n_features, Index n_informative, Index n_targets, double bias,
                        double noise, bool shuffle, Seed random_state);

// The playground's own sets (inputs roughly in [-1, 1]^2 unless stated).
/// XOR: uniform points in the square, label = sign(x0) != sign(x1), with noise.
Dataset make_xor(Index n_samples, double noise, Seed random_state);
/// Two interleaved spirals (classes 0 and 1).
Dataset make_spirals(Index n_samples, double noise, Seed random_state);
/// Two Gaussian clusters (classes 0 and 1) at (+c, +c) and (-c, -c).
Dataset make_gaussian_clusters(Index n_samples, double noise, Seed random_state);
/// Regression plane y = a x0 + b x1 (+ noise).
Dataset make_plane(Index n_samples, double noise, Seed random_state);
/// 1-D curve y = sin(pi x) on x in [-1, 1] (+ noise); X has one column.
Dataset make_sine(Index n_samples, double noise, Seed random_state);

/// Dispatches on the generator's name ("make_moons", ..., "xor", "spirals",
/// "gaussian", "plane", "sine") with scikit-learn's parameter names and
/// defaults. Throws mlp::Error naming "dataset.params.<name>" (or
/// "dataset.generator") for unknown names and out-of-range values.
Dataset generate(const std::string& generator, const nlohmann::json& params);

/// Names accepted by generate().
std::vector<std::string> generator_names();

namespace detail {
/// Throws mlp::Error("dataset.params.<name>", value, "<name> <allowed>, got <value>"): the error of
/// a generator's parameter, from the generators and from generate() alike.
[[noreturn]] void fail_param(const std::string& name, const std::string& value, const std::string& allowed);
}  // namespace detail

}  // namespace mlp
