// The Session's grids (session.hpp): the model's outputs and hidden units over a rectangle of
// a plane through the data's space, or on the test rows.
#include <algorithm>
#include <cmath>
#include <utility>

#include "mlp/limits.hpp"
#include "mlp/session.hpp"
#include "session_internal.hpp"
#include "session_model.hpp"

namespace mlp {

using namespace session_detail;

namespace {

/// A grid's memory, decided before allocating: per point its inputs twice (raw, then with the
/// derived features) and the outputs (float32 pass, double copy, float32 result); the float32
/// pass runs in chunks of 4096 points. With every_unit (evaluate_units) every layer's
/// activations and deltas are held for all points at once, and each hidden unit's output is
/// kept in double and in float32.
Status check_grid_memory(const std::vector<Index>& units, int nx, int ny, bool every_unit) {
  double all = 0;
  for (Index u : units) all += static_cast<double>(u);
  const double inputs = static_cast<double>(units.front()), outputs = static_cast<double>(units.back());
  const double hidden = all - inputs - outputs;
  const double points = static_cast<double>(nx) * ny;
  const double bytes = every_unit ? points * (16 * inputs + 8 * all + 12 * hidden)
                                  : points * (16 * inputs + 16 * outputs) + 4096 * all * 8;
  if (bytes <= kMaxMemoryBytes) return {};
  return {false, "resolution", std::to_string(nx) + "x" + std::to_string(ny),
          "a grid of " + std::to_string(nx) + "x" + std::to_string(ny) + " points needs about " + format_bytes(bytes) +
              "; the limit is " + format_bytes(kMaxMemoryBytes)};
}

}  // namespace

Status Session::check_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const {
  if (!model_ || !model_->fitted()) return {false, "model", "", "nothing trained yet"};
  if (nx < 2 || ny < 2 || static_cast<double>(nx) * ny > 4e6)
    return {false, "resolution", std::to_string(nx) + "x" + std::to_string(ny),
            "grid resolution must be at least 2x2 and at most 4e6 points"};
  if (!(std::isfinite(x_min) && std::isfinite(x_max) && std::isfinite(y_min) && std::isfinite(y_max)) ||
      !(x_max > x_min && y_max > y_min))
    return {false, "rectangle", "", "the grid rectangle must be finite with x_max > x_min and y_max > y_min"};
  return {};
}

Mat<double> Session::grid_points(double x_min, double x_max, double y_min, double y_max, int nx, int ny) const {
  // The model's inputs decide, less the derived ones: an imported model may have no data yet.
  const Index n_inputs = model_->units().front();
  const Index derived = static_cast<Index>(features_.derived.size());
  const bool preprocess = n_inputs > derived && (!data_ok_ || n_features_ + derived == n_inputs);
  const Index columns = preprocess ? n_inputs - derived : n_inputs;
  const Index on_plane = static_cast<Index>(plane_.size() / 3);
  if (on_plane > 0 && on_plane != columns)
    throw Error("plane", std::to_string(on_plane) + " columns",
                "the plane's origin, u and v need one value per data column (" + std::to_string(columns) + ")");
  Mat<double> points = Mat<double>::Zero(static_cast<Index>(nx) * ny, columns);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const Index k = static_cast<Index>(j) * nx + i;
      const double a = x_min + i * (x_max - x_min) / (nx - 1), b = y_max - j * (y_max - y_min) / (ny - 1);
      if (on_plane > 0) {
        for (Index c = 0; c < columns; ++c)
          points(k, c) = plane_[static_cast<std::size_t>(c)] + a * plane_[static_cast<std::size_t>(columns + c)] +
                         b * plane_[static_cast<std::size_t>(2 * columns + c)];
      } else {
        points(k, 0) = a;
        if (columns > 1) points(k, 1) = b;
      }
    }
  return preprocess ? features_.inputs(points) : points;
}

Status Session::set_plane(const std::string& axes_json) {
  return guarded([&] {
    std::vector<double> axes;
    if (!axes_json.empty())
      for (const json& v : parse(axes_json)) axes.push_back(v.get<double>());
    if (axes.size() % 3 != 0)
      throw Error("plane", std::to_string(axes.size()) + " values", "the plane is origin, u and v: 3 x n numbers");
    plane_ = std::move(axes);
  });
}

void Session::store_outputs(const Mat<double>& points) { store_channels(model_->channels(points)); }

void Session::store_units(const Mat<double>& points) { store_hidden(model_->hidden(points)); }

void Session::store_channels(const Mat<double>& out) {
  grid_channels_ = static_cast<int>(out.cols());
  grid_.resize(static_cast<std::size_t>(out.size()));
  for (Index k = 0; k < out.size(); ++k) grid_[static_cast<std::size_t>(k)] = static_cast<float>(out.data()[k]);
}

void Session::store_hidden(const Mat<double>& out) {
  // Unit-major: each unit's values are contiguous.
  units_.resize(static_cast<std::size_t>(out.size()));
  for (Index u = 0; u < out.cols(); ++u)
    for (Index k = 0; k < out.rows(); ++k)
      units_[static_cast<std::size_t>(u * out.rows() + k)] = static_cast<float>(out(k, u));
}

void Session::store_image_outputs() {
  // The test images in one forward pass a chunk of rows at a time (as the per-epoch scores read
  // them): never a dense copy of the whole part.
  grid_channels_ = model_->image_outputs(test_bytes(), grid_, units_);
}

Status Session::evaluate_grid(double x_min, double x_max, double y_min, double y_max, int nx, int ny) {
  if (Status bad = check_grid(x_min, x_max, y_min, y_max, nx, ny); !bad.ok) return bad;
  if (Status bad = check_grid_memory(model_->units(), nx, ny, false); !bad.ok) return bad;
  return guarded([&] { store_outputs(grid_points(x_min, x_max, y_min, y_max, nx, ny)); }, "the grid");
}

Status Session::evaluate_units(double x_min, double x_max, double y_min, double y_max, int nx, int ny) {
  if (Status bad = check_grid(x_min, x_max, y_min, y_max, nx, ny); !bad.ok) return bad;
  if (Status bad = check_grid_memory(model_->units(), nx, ny, true); !bad.ok) return bad;
  return guarded([&] { store_units(grid_points(x_min, x_max, y_min, y_max, nx, ny)); }, "the hidden units' grids");
}

Status Session::evaluate_test() {
  if (!model_ || !model_->fitted()) return {false, "model", "", "nothing trained yet"};
  if (!data_ok_) return {false, "X", "", "no data to evaluate"};
  return guarded(
      [&] {
        if (image_data_) {
          store_image_outputs();
          return;
        }
        const Mat<double> X = features_.inputs(rows_of(x_test_, n_test_, n_features_));
        store_outputs(X);
        store_units(X);
      },
      "the test outputs");
}

}  // namespace mlp
