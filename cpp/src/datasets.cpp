// Dataset generators. The scikit-learn ports follow SKLEARN_MLP_SPEC.md
// section 21: every draw comes from one RandomState, in scikit-learn's order.
// The JSON front end, generate(), is datasets_json.cpp.
#include "mlp/datasets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <utility>

#include "mlp/error.hpp"
#include "mlp/limits.hpp"
#include "mlp/portable_math.hpp"
#include "mlp/rng.hpp"

namespace mlp {

namespace {

using detail::fail_param;

constexpr double kPi = 3.141592653589793;  // numpy.pi as a double
// Size caps, so that a typo cannot ask for gigabytes (or overflow Index).
constexpr Index kMaxSamples = 10'000'000;
constexpr Index kMaxFeatures = 100'000;
constexpr Index kMaxElements = 100'000'000;

/// The shortest decimal text that reads back as v (for error values).
std::string render(double v) {
  std::ostringstream out;
  for (int precision = 1; precision <= 17; ++precision) {
    out.str("");
    out.precision(precision);
    out << v;
    if (std::strtod(out.str().c_str(), nullptr) == v) break;
  }
  return out.str();
}

void check_count(const std::string& name, Index value, Index lo, Index hi) {
  if (value < lo) fail_param(name, std::to_string(value), "must be >= " + std::to_string(lo));
  if (value > hi) fail_param(name, std::to_string(value), "must be <= " + std::to_string(hi));
}

void check_noise(double noise) {
  if (!(noise >= 0.0) || !std::isfinite(noise)) fail_param("noise", render(noise), "must be >= 0 and finite");
}

/// n_samples * width must stay under kMaxElements; `name` is the width's name.
void check_elements(Index n_samples, Index width, const std::string& name) {
  if (width > kMaxElements / n_samples)
    fail_param(name, std::to_string(width), "times n_samples must be <= " + std::to_string(kMaxElements));
}

RandomState make_rng(Seed seed) { return seed ? RandomState(*seed) : RandomState::from_entropy(); }

/// numpy.linspace(start, stop, num, endpoint): start + i * step, and the last
/// point set to `stop` exactly when endpoint is true (as numpy does).
std::vector<double> linspace(double start, double stop, Index num, bool endpoint) {
  std::vector<double> t(static_cast<std::size_t>(num));
  const Index div = endpoint ? num - 1 : num;
  const double step = div > 0 ? (stop - start) / static_cast<double>(div) : 0.0;
  for (Index i = 0; i < num; ++i) t[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + start;
  if (endpoint && num > 1) t.back() = stop;
  return t;
}

/// sklearn.utils.shuffle: idx = arange(n); rs.shuffle(idx); rows = rows[idx].
void shuffle_rows(Mat<double>& X, Mat<double>& y, RandomState& rs) {
  const auto idx = rs.permutation(static_cast<std::size_t>(X.rows()));
  Mat<double> X_new(X.rows(), X.cols()), y_new(y.rows(), y.cols());
  for (Index k = 0; k < X.rows(); ++k) {
    X_new.row(k) = X.row(static_cast<Index>(idx[static_cast<std::size_t>(k)]));
    y_new.row(k) = y.row(static_cast<Index>(idx[static_cast<std::size_t>(k)]));
  }
  X.swap(X_new);
  y.swap(y_new);
}

/// The common body of make_moons and make_circles: outer points (class 0)
/// then inner points (class 1), shuffled, then Gaussian noise row-major.
template <class Outer, class Inner>
Dataset two_curves(Index n_samples, bool shuffle, std::optional<double> noise, Seed random_state,
                   const std::vector<double>& t_out, const std::vector<double>& t_in, Outer outer, Inner inner) {
  RandomState rs = make_rng(random_state);
  Dataset d;
  d.X.resize(n_samples, 2);
  d.y.resize(n_samples, 1);
  Index row = 0;
  for (double t : t_out) {
    auto [x0, x1] = outer(t);
    d.X.row(row) << x0, x1;
    d.y(row++, 0) = 0.0;
  }
  for (double t : t_in) {
    auto [x0, x1] = inner(t);
    d.X.row(row) << x0, x1;
    d.y(row++, 0) = 1.0;
  }
  if (shuffle) shuffle_rows(d.X, d.y, rs);
  if (noise) {
    for (Index i = 0; i < d.X.rows(); ++i)
      for (Index j = 0; j < d.X.cols(); ++j) d.X(i, j) += rs.normal(0.0, *noise);
  }
  return d;
}

void check_curve_args(Index n_samples, std::optional<double> noise) {
  check_count("n_samples", n_samples, 1, kMaxSamples);
  check_memory(48.0 * static_cast<double>(n_samples), "dataset.params.n_samples", "the data (n_samples x 3 values)");
  if (noise) check_noise(*noise);
}

}  // namespace

Dataset make_moons(Index n_samples, bool shuffle, std::optional<double> noise, Seed random_state) {
  check_curve_args(n_samples, noise);
  const Index n_out = n_samples / 2;
  return two_curves(
      n_samples, shuffle, noise, random_state, linspace(0.0, kPi, n_out, true),
      linspace(0.0, kPi, n_samples - n_out, true), [](double t) { return std::pair(math::cos(t), math::sin(t)); },
      [](double t) { return std::pair(1.0 - math::cos(t), 1.0 - math::sin(t) - 0.5); });
}

Dataset make_circles(Index n_samples, bool shuffle, std::optional<double> noise, Seed random_state, double factor) {
  check_curve_args(n_samples, noise);
  if (!(factor >= 0.0 && factor < 1.0)) fail_param("factor", render(factor), "must be in [0, 1)");
  const Index n_out = n_samples / 2;
  return two_curves(
      n_samples, shuffle, noise, random_state, linspace(0.0, 2.0 * kPi, n_out, false),
      linspace(0.0, 2.0 * kPi, n_samples - n_out, false),
      [](double t) { return std::pair(math::cos(t), math::sin(t)); },
      [factor](double t) { return std::pair(math::cos(t) * factor, math::sin(t) * factor); });
}

Dataset make_blobs(Index n_samples, Index n_features, Index n_centers, const Mat<double>& centers,
                   const std::vector<double>& cluster_std, double center_box_lo, double center_box_hi, bool shuffle,
                   Seed random_state) {
  check_count("n_samples", n_samples, 1, kMaxSamples);
  const bool draw_centers = centers.size() == 0;
  if (draw_centers) {
    check_count("n_features", n_features, 1, kMaxFeatures);
    check_count("centers", n_centers, 1, kMaxSamples);
    check_elements(n_centers, n_features, "centers");
    if (!std::isfinite(center_box_lo) || !std::isfinite(center_box_hi) || center_box_lo > center_box_hi)
      fail_param("center_box", "(" + render(center_box_lo) + ", " + render(center_box_hi) + ")",
                 "must be two finite numbers (lo, hi) with lo <= hi");
  } else {
    // As in scikit-learn, explicit centers decide n_centers and n_features.
    n_centers = centers.rows();
    n_features = centers.cols();
    check_count("centers", n_centers, 1, kMaxSamples);
    check_count("n_features", n_features, 1, kMaxFeatures);
    check_elements(n_centers, n_features, "centers");
    if (!centers.allFinite()) fail_param("centers", "[...]", "must hold finite numbers");
  }
  check_elements(n_samples, n_features, "n_features");
  // X, y and their shuffled copies, in double.
  check_memory(16.0 * static_cast<double>(n_samples) * static_cast<double>(n_features + 1), "dataset.params.n_samples",
               "make_blobs's data (n_samples x n_features)");
  const auto n_std = static_cast<Index>(cluster_std.size());
  if (n_std != 1 && n_std != n_centers)
    fail_param("cluster_std", std::to_string(n_std) + " values",
               "must be one value or one per center (" + std::to_string(n_centers) + ")");
  for (double s : cluster_std)
    if (!(s >= 0.0) || !std::isfinite(s)) fail_param("cluster_std", render(s), "must be >= 0 and finite");

  RandomState rs = make_rng(random_state);
  Mat<double> c = centers;
  if (draw_centers) {
    c.resize(n_centers, n_features);
    for (Index i = 0; i < n_centers; ++i)
      for (Index j = 0; j < n_features; ++j) c(i, j) = rs.uniform(center_box_lo, center_box_hi);
  }
  Dataset d;
  d.X.resize(n_samples, n_features);
  d.y.resize(n_samples, 1);
  Index row = 0;
  for (Index k = 0; k < n_centers; ++k) {
    // n // n_centers each, one more for the first n % n_centers centers.
    const Index count = n_samples / n_centers + (k < n_samples % n_centers ? 1 : 0);
    const double std_k = cluster_std[static_cast<std::size_t>(n_std == 1 ? 0 : k)];
    for (Index r = 0; r < count; ++r, ++row) {
      for (Index j = 0; j < n_features; ++j) d.X(row, j) = rs.normal(c(k, j), std_k);
      d.y(row, 0) = static_cast<double>(k);
    }
  }
  if (shuffle) shuffle_rows(d.X, d.y, rs);
  return d;
}

Dataset make_regression(Index n_samples, Index n_features, Index n_informative, Index n_targets, double bias,
                        double noise, bool shuffle, Seed random_state) {
  check_count("n_samples", n_samples, 1, kMaxSamples);
  check_count("n_features", n_features, 1, kMaxFeatures);
  check_count("n_informative", n_informative, 0, std::numeric_limits<Index>::max());
  check_count("n_targets", n_targets, 1, kMaxFeatures);
  check_elements(n_samples, n_features, "n_features");
  check_elements(n_samples, n_targets, "n_targets");
  check_elements(n_features, n_targets, "n_targets");
  check_memory(16.0 * static_cast<double>(n_samples) * static_cast<double>(n_features + n_targets) +
                   8.0 * static_cast<double>(n_features) * static_cast<double>(n_targets),
               "dataset.params.n_samples", "make_regression's data (n_samples x (n_features + n_targets))");
  if (!std::isfinite(bias)) fail_param("bias", render(bias), "must be finite");
  check_noise(noise);
  n_informative = std::min(n_informative, n_features);

  RandomState rs = make_rng(random_state);
  Dataset d;
  d.classification = false;
  d.X.resize(n_samples, n_features);
  for (Index i = 0; i < n_samples; ++i)
    for (Index j = 0; j < n_features; ++j) d.X(i, j) = rs.gauss();
  Mat<double> truth = Mat<double>::Zero(n_features, n_targets);
  for (Index i = 0; i < n_informative; ++i)
    for (Index t = 0; t < n_targets; ++t) truth(i, t) = 100.0 * rs.random_double();
  // y = X @ truth + bias, summed in k order like the reference BLAS numpy uses.
  d.y.resize(n_samples, n_targets);
  for (Index i = 0; i < n_samples; ++i)
    for (Index t = 0; t < n_targets; ++t) {
      double sum = 0.0;
      for (Index k = 0; k < n_features; ++k) sum += d.X(i, k) * truth(k, t);
      d.y(i, t) = sum + bias;
    }
  if (noise > 0.0) {
    for (Index i = 0; i < n_samples; ++i)
      for (Index t = 0; t < n_targets; ++t) d.y(i, t) += rs.normal(0.0, noise);
  }
  if (shuffle) {
    shuffle_rows(d.X, d.y, rs);
    // scikit-learn then permutes the feature columns: X[:, :] = X[:, idx].
    const auto idx = rs.permutation(static_cast<std::size_t>(n_features));
    Mat<double> X_new(n_samples, n_features);
    for (Index j = 0; j < n_features; ++j) X_new.col(j) = d.X.col(static_cast<Index>(idx[static_cast<std::size_t>(j)]));
    d.X.swap(X_new);
  }
  return d;
}

// ---- The playground's own sets -------------------------------------------
// Pure functions of (n_samples, noise, seed), in the spirit of TensorFlow
// Playground's sets but scaled to about [-1, 1]^2. Per sample i, in order:
//   xor:      class i % 2; sign s0 = (u < 0.5 ? -1 : +1), s1 = s0 for class 0
//             and -s0 for class 1; x = (s0 * U(0.05, 1), s1 * U(0.05, 1)).
//   spirals:  class i % 2; t = u; angle = 3 pi t + pi * class;
//             x = (t cos angle, t sin angle)  (1.5 turns per arm).
//   gaussian: class i % 2; x = (c, c) + 0.2 * (g, g), c = +0.5 for class 0,
//             -0.5 for class 1.
//   plane:    x = (U(-1, 1), U(-1, 1)); y = 0.6 x0 - 0.4 x1.
//   sine:     x = U(-1, 1) (one column); y = sin(pi x).
// then the noise: x += noise * (g, g) for the classification sets (labels come
// from the clean point), y += noise * g for the regression sets. So noise is
// the standard deviation of Gaussian jitter relative to the half-width 1 of the
// square, the classes are interleaved and balanced (ceil(n/2) of class 0), and
// every sample draws the same values whatever the noise, so one seed gives the
// same clean points at every noise level. u = random_double, g = gauss.

namespace {

constexpr Index kPlaygroundMaxSamples = 1'000'000;
constexpr double kXorPad = 0.05;        // keeps points off the axes
constexpr double kSpiralTurns = 1.5;    // turns of each arm
constexpr double kClusterCenter = 0.5;  // clusters at (+c, +c) and (-c, -c)
constexpr double kClusterStd = 0.2;     // their spread before noise
constexpr double kPlaneA = 0.6;         // y = a x0 + b x1
constexpr double kPlaneB = -0.4;

/// Validates (n_samples, noise) and sizes a dataset with `n_cols` inputs.
Dataset start_playground(Index n_samples, double noise, Index n_cols, bool classification) {
  check_count("n_samples", n_samples, 1, kPlaygroundMaxSamples);
  check_noise(noise);
  Dataset d;
  d.X.resize(n_samples, n_cols);
  d.y.resize(n_samples, 1);
  d.classification = classification;
  return d;
}

}  // namespace

Dataset make_xor(Index n_samples, double noise, Seed random_state) {
  Dataset d = start_playground(n_samples, noise, 2, true);
  RandomState rs = make_rng(random_state);
  for (Index i = 0; i < n_samples; ++i) {
    const Index label = i % 2;
    const double s0 = rs.random_double() < 0.5 ? -1.0 : 1.0;
    const double s1 = label == 0 ? s0 : -s0;
    const double m0 = rs.uniform(kXorPad, 1.0);
    const double m1 = rs.uniform(kXorPad, 1.0);
    d.X(i, 0) = s0 * m0 + noise * rs.gauss();
    d.X(i, 1) = s1 * m1 + noise * rs.gauss();
    d.y(i, 0) = static_cast<double>(label);
  }
  return d;
}

Dataset make_spirals(Index n_samples, double noise, Seed random_state) {
  Dataset d = start_playground(n_samples, noise, 2, true);
  RandomState rs = make_rng(random_state);
  for (Index i = 0; i < n_samples; ++i) {
    const Index label = i % 2;
    const double t = rs.random_double();  // radius, and the position along the arm
    const double angle = 2.0 * kPi * kSpiralTurns * t + kPi * static_cast<double>(label);
    d.X(i, 0) = t * math::cos(angle) + noise * rs.gauss();
    d.X(i, 1) = t * math::sin(angle) + noise * rs.gauss();
    d.y(i, 0) = static_cast<double>(label);
  }
  return d;
}

Dataset make_gaussian_clusters(Index n_samples, double noise, Seed random_state) {
  Dataset d = start_playground(n_samples, noise, 2, true);
  RandomState rs = make_rng(random_state);
  for (Index i = 0; i < n_samples; ++i) {
    const Index label = i % 2;
    const double center = label == 0 ? kClusterCenter : -kClusterCenter;
    for (Index j = 0; j < 2; ++j) d.X(i, j) = center + kClusterStd * rs.gauss();
    for (Index j = 0; j < 2; ++j) d.X(i, j) += noise * rs.gauss();
    d.y(i, 0) = static_cast<double>(label);
  }
  return d;
}

Dataset make_plane(Index n_samples, double noise, Seed random_state) {
  Dataset d = start_playground(n_samples, noise, 2, false);
  RandomState rs = make_rng(random_state);
  for (Index i = 0; i < n_samples; ++i) {
    d.X(i, 0) = rs.uniform(-1.0, 1.0);
    d.X(i, 1) = rs.uniform(-1.0, 1.0);
    d.y(i, 0) = kPlaneA * d.X(i, 0) + kPlaneB * d.X(i, 1) + noise * rs.gauss();
  }
  return d;
}

Dataset make_sine(Index n_samples, double noise, Seed random_state) {
  Dataset d = start_playground(n_samples, noise, 1, false);
  RandomState rs = make_rng(random_state);
  for (Index i = 0; i < n_samples; ++i) {
    d.X(i, 0) = rs.uniform(-1.0, 1.0);
    d.y(i, 0) = math::sin(kPi * d.X(i, 0)) + noise * rs.gauss();
  }
  return d;
}

namespace detail {

void fail_param(const std::string& name, const std::string& value, const std::string& allowed) {
  throw Error("dataset.params." + name, value, name + " " + allowed + ", got " + value);
}

}  // namespace detail

}  // namespace mlp
