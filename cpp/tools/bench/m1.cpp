// mlp-bench, section "m1": the course's MNIST configuration on the full Fashion-MNIST set,
// natively, through the C++ estimator API (float64 and float32):
//   MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd', tol=1e-4,
//                 random_state=1, learning_rate_init=.1)
// on 60,000 training and 10,000 test images, pixels / 255. The data are the four IDX files of
// Debian's dataset-fashion-mnist, ungzipped into the directory given with --m1-data (bench/m1.js
// does that with node's zlib: the core links no zlib). Timed per repeat: construct + begin_fit +
// fit_steps(1) per epoch (the same result as fit(), which is begin + fit_steps until done), then
// score on the test set, timed apart. The inputs stay bytes (mlp::ByteRows over the IDX data, read
// as byte / 255 when each minibatch is formed), as the session holds image data.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "bench.hpp"
#include "mlp/estimator.hpp"
#include "mlp/rows.hpp"

namespace mlp_bench {

namespace {

/// An uncompressed IDX file of unsigned bytes: its sizes and its data.
struct Idx {
  std::vector<std::size_t> shape;
  std::vector<unsigned char> data;
};

Idx read_idx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("m1: cannot read " + path + " (give --m1-data DIR with the ungzipped IDX files)");
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
    throw std::runtime_error("m1: " + path + " is not an IDX file of unsigned bytes");
  Idx idx;
  const std::size_t rank = bytes[3];
  std::size_t count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    const unsigned char* p = bytes.data() + 4 + 4 * i;
    const std::size_t n = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    idx.shape.push_back(n);
    count *= n;
  }
  const std::size_t offset = 4 + 4 * rank;
  if (bytes.size() != offset + count) throw std::runtime_error("m1: " + path + " has the wrong length");
  idx.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(offset), bytes.end());
  return idx;
}

/// The images as rows of bytes read as byte / 255 (`images` must outlive it).
template <class S>
mlp::ByteRows<S> pixels(const Idx& images) {
  mlp::ByteMatrix m;
  m.data = images.data.data();
  m.rows = static_cast<mlp::Index>(images.shape[0]);
  m.cols = static_cast<mlp::Index>(images.shape[1] * images.shape[2]);
  m.divisor = 255.0;
  return mlp::ByteRows<S>(m);
}

mlp::ClassTarget labels(const Idx& idx) {
  mlp::ClassTarget y;
  for (unsigned char v : idx.data) y.labels.emplace_back(static_cast<double>(v));
  return y;
}

mlp::Params course_params() {
  mlp::Params p;
  p.hidden_layer_sizes = {50};
  p.max_iter = 10;
  p.alpha = 1e-4;
  p.solver = mlp::parse_solver("sgd");
  p.tol = 1e-4;
  p.random_state = 1;
  p.learning_rate_init = 0.1;
  return p;
}

template <class S>
json run_precision(const char* precision, const std::string& dir, int repeats) {
  auto t0 = Clock::now();
  const Idx train_images = read_idx(dir + "/train-images-idx3-ubyte");
  const Idx test_images = read_idx(dir + "/t10k-images-idx3-ubyte");
  const mlp::ByteRows<S> X = pixels<S>(train_images);
  const mlp::ClassTarget y = labels(read_idx(dir + "/train-labels-idx1-ubyte"));
  const mlp::ByteRows<S> X_test = pixels<S>(test_images);
  const mlp::ClassTarget y_test = labels(read_idx(dir + "/t10k-labels-idx1-ubyte"));
  const double load_s = seconds_since(t0);
  std::vector<double> fits, epochs_last;
  json last;
  for (int r = 0; r < repeats; ++r) {
    std::vector<double> epochs;
    auto start = Clock::now();
    mlp::MLPClassifier<S> m(course_params());
    m.begin_fit(X, y);
    bool done = false;
    while (!done) {
      auto e0 = Clock::now();
      done = m.fit_steps(1);
      epochs.push_back(seconds_since(e0));
    }
    fits.push_back(seconds_since(start));
    auto s0 = Clock::now();
    const double test_accuracy = m.score(X_test, y_test);
    const double score_s = seconds_since(s0);
    std::printf("M1 native %s: fit %d/%d %.2f s, test accuracy %.4f\n", precision, r + 1, repeats, fits.back(),
                test_accuracy);
    std::fflush(stdout);
    last = {{"n_iter_", m.n_iter()},          {"loss_curve_", m.loss_curve()},   {"loss_", m.loss()},
            {"test_accuracy", test_accuracy}, {"train_accuracy", m.score(X, y)}, {"score_seconds", score_s}};
    epochs_last = epochs;
  }
  json out = last;
  out["precision"] = precision;
  out["fit_seconds"] = fits;
  out["epoch_seconds_last_fit"] = epochs_last;
  out["load_seconds"] = load_s;
  out["X_bytes"] = static_cast<double>(train_images.data.size() + test_images.data.size());
  out["n_train"] = X.rows();
  out["n_test"] = X_test.rows();
  out["timed"] =
      "MLPClassifier<" + std::string(precision) +
      ">(params) + begin_fit(X, y) + fit_steps(1) until done (X: ByteRows, the IDX bytes read as byte / 255)";
  return out;
}

}  // namespace

json run_m1(int repeats, const std::string& data_dir) {
  json out = json::object();
  out["float32"] = run_precision<float>("float32", data_dir, repeats);
  out["float64"] = run_precision<double>("float64", data_dir, repeats);
  return out;
}

}  // namespace mlp_bench
