// Image data as bytes (rows.hpp): the byte path trains and scores exactly as the dense path on
// the same values, training pauses between any two minibatches without changing a bit, the
// session's image buffers, and the runner's fashion_mnist loader against scikit-learn 1.2.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <vector>

#include "fixtures.hpp"
#include "mlp/estimator.hpp"
#include "mlp/idx.hpp"
#include "mlp/job.hpp"
#include "mlp/session.hpp"

namespace mlp {
namespace {

/// n rows of `features` random bytes and labels 0..classes-1 (with a pattern the network can learn).
struct Images {
  std::vector<std::uint8_t> bytes;
  std::vector<double> labels;
  Index n = 0, features = 0;
  ByteMatrix matrix(double divisor = 255.0) const { return {bytes.data(), n, features, divisor}; }
  template <class S>
  Mat<S> dense(double divisor = 255.0) const {
    Mat<S> X(n, features);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < features; ++j)
        X(i, j) = static_cast<S>(static_cast<double>(bytes[static_cast<std::size_t>(i * features + j)]) / divisor);
    return X;
  }
  ClassTarget target() const {
    ClassTarget t;
    for (double v : labels) t.labels.emplace_back(v);
    return t;
  }
};

Images make_images(Index n, Index features, int classes, unsigned seed) {
  std::mt19937 rng(seed);
  Images im;
  im.n = n;
  im.features = features;
  for (Index i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng() % static_cast<unsigned>(classes));
    im.labels.push_back(label);
    for (Index j = 0; j < features; ++j) {
      const bool lit = j % classes == label;
      im.bytes.push_back(static_cast<std::uint8_t>(lit ? 128 + rng() % 128 : rng() % 128));
    }
  }
  return im;
}

Params image_params(Solver solver) {
  Params p;
  p.hidden_layer_sizes = {7};
  p.solver = solver;
  p.max_iter = 6;
  p.random_state = 3;
  p.batch_size = 32;
  p.learning_rate_init = solver == Solver::sgd ? 0.1 : 0.01;
  return p;
}

template <class S>
void expect_same_fit(const MLPClassifier<S>& a, const MLPClassifier<S>& b) {
  EXPECT_EQ(a.n_iter(), b.n_iter());
  EXPECT_EQ(a.loss_curve(), b.loss_curve());
  EXPECT_EQ(a.validation_scores(), b.validation_scores());
  EXPECT_EQ(a.warnings(), b.warnings());
  EXPECT_EQ(a.packed_parameters(), b.packed_parameters());
}

template <class S>
void byte_path_equals_dense_path() {
  const Images im = make_images(150, 24, 3, 11);
  const Mat<S> X = im.dense<S>();
  const ByteRows<S> bytes(im.matrix());
  for (Solver solver : {Solver::sgd, Solver::adam, Solver::lbfgs}) {
    for (bool early_stopping : {false, true}) {
      if (solver == Solver::lbfgs && early_stopping) continue;
      Params p = image_params(solver);
      p.early_stopping = early_stopping;
      MLPClassifier<S> dense(p), from_bytes(p);
      dense.fit(X, im.target());
      from_bytes.begin_fit(bytes, im.target());
      while (!from_bytes.fit_steps(2)) {
      }
      SCOPED_TRACE(std::string(name_of(solver)) + (early_stopping ? " early_stopping" : ""));
      expect_same_fit(dense, from_bytes);
      EXPECT_EQ(dense.predict_proba(X), from_bytes.predict_proba(bytes));
      EXPECT_EQ(dense.score(X, im.target()), from_bytes.score(bytes, im.target()));
    }
  }
}

TEST(ImageRows, BytesReadAsNumpysDivisionBitForBit) {
  const std::uint8_t pixels[] = {0, 1, 3, 7, 128, 254, 255, 51};
  const ByteRows<double> rows(ByteMatrix{pixels, 2, 4, 255.0});
  Mat<double> out(2, 4);
  rows.block(0, 2, out);
  for (int k = 0; k < 8; ++k) EXPECT_EQ(out.data()[k], pixels[k] / 255.);  // numpy's X / 255.
  const ByteRows<float> rows32(ByteMatrix{pixels, 2, 4, 255.0});
  Mat<float> out32(2, 4);
  const Index order[] = {1, 0};
  rows32.gather(order, 2, out32);
  EXPECT_EQ(out32(0, 0), static_cast<float>(128 / 255.));  // (X / 255.).astype(np.float32)
  EXPECT_EQ(out32(1, 3), static_cast<float>(7 / 255.));
}

TEST(ImageRows, BytePathEqualsDensePathFloat64) { byte_path_equals_dense_path<double>(); }
TEST(ImageRows, BytePathEqualsDensePathFloat32) { byte_path_equals_dense_path<float>(); }

TEST(ImageRows, FitBatchesInPiecesEqualsWholeEpochs) {
  const Images im = make_images(130, 16, 4, 5);  // 130 rows in batches of 32: a short last batch
  const ByteRows<double> bytes(im.matrix());
  for (Solver solver : {Solver::sgd, Solver::adam}) {
    for (bool early_stopping : {false, true}) {
      Params p = image_params(solver);
      p.early_stopping = early_stopping;
      MLPClassifier<double> whole(p), pieces(p);
      whole.begin_fit(bytes, im.target());
      while (!whole.fit_steps(1)) {
      }
      pieces.begin_fit(bytes, im.target());
      const long long per_epoch = pieces.batches_per_epoch();
      EXPECT_EQ(per_epoch, early_stopping ? 4 : 5);  // 117 or 130 training rows
      long long calls = 0, seen_mid_epoch = 0;
      while (!pieces.fit_batches(3)) {
        ++calls;
        EXPECT_LT(pieces.batch_in_epoch(), per_epoch);
        if (pieces.batch_in_epoch() > 0) ++seen_mid_epoch;
      }
      EXPECT_GT(seen_mid_epoch, 0);
      EXPECT_EQ(pieces.batch_in_epoch(), 0);
      SCOPED_TRACE(std::string(name_of(solver)) + (early_stopping ? " early_stopping" : ""));
      expect_same_fit(whole, pieces);
      EXPECT_EQ(whole.stop_reason(), pieces.stop_reason());
      EXPECT_EQ(whole.gradient_norms(), pieces.gradient_norms());
    }
  }
}

// --- the session --------------------------------------------------------------------------

/// A session holding `im` (and `test`) as image data, configured with the given parameters.
Session image_session(const Images& im, const Images& test, const std::string& params, const std::string& precision) {
  Session s;
  EXPECT_TRUE(s.configure("MLPClassifier", params, precision).ok);
  const Status sized =
      s.resize_image_data(static_cast<int>(im.n), static_cast<int>(test.n), static_cast<int>(im.features), 255.0);
  EXPECT_TRUE(sized.ok) << sized.message;
  std::copy(im.bytes.begin(), im.bytes.end(), s.x_train_bytes());
  std::copy(test.bytes.begin(), test.bytes.end(), s.x_test_bytes());
  std::copy(im.labels.begin(), im.labels.end(), s.y_train());
  std::copy(test.labels.begin(), test.labels.end(), s.y_test());
  const Status committed = s.commit_data();
  EXPECT_TRUE(committed.ok) << committed.message;
  return s;
}

/// The same rows as doubles (bytes / 255) in the session's usual buffers.
Session dense_session(const Images& im, const Images& test, const std::string& params, const std::string& precision) {
  Session s;
  EXPECT_TRUE(s.configure("MLPClassifier", params, precision).ok);
  EXPECT_TRUE(s.resize_data(static_cast<int>(im.n), static_cast<int>(test.n), static_cast<int>(im.features), 1).ok);
  const Mat<double> X = im.dense<double>(), X_test = test.dense<double>();
  std::copy(X.data(), X.data() + X.size(), s.x_train());
  std::copy(X_test.data(), X_test.data() + X_test.size(), s.x_test());
  std::copy(im.labels.begin(), im.labels.end(), s.y_train());
  std::copy(test.labels.begin(), test.labels.end(), s.y_test());
  EXPECT_TRUE(s.commit_data().ok);
  return s;
}

const char* kSessionParams =
    R"({"hidden_layer_sizes": [9], "solver": "sgd", "batch_size": 25, "max_iter": 5, "random_state": 2,
        "learning_rate_init": 0.1})";

TEST(ImageSession, TrainsScoresAndEvaluatesAsTheDenseSession) {
  const Images im = make_images(160, 20, 3, 21), test = make_images(70, 20, 3, 22);
  for (const char* precision : {"float64", "float32"}) {
    SCOPED_TRACE(precision);
    Session images = image_session(im, test, kSessionParams, precision);
    Session dense = dense_session(im, test, kSessionParams, precision);
    images.set_keep_training(true);
    dense.set_keep_training(true);
    const Progress a = images.step(4), b = dense.step(4);
    ASSERT_TRUE(a.status.ok) << a.status.message;
    EXPECT_EQ(a.loss, b.loss);
    EXPECT_EQ(a.batches, 7);  // ceil(160 / 25)
    EXPECT_EQ(a.batch, 0);
    ASSERT_TRUE(images.read_parameters().ok);
    ASSERT_TRUE(dense.read_parameters().ok);
    EXPECT_TRUE(std::equal(images.parameters(), images.parameters() + images.n_parameters(), dense.parameters()));
    const Scores sa = images.scores(), sb = dense.scores();
    EXPECT_EQ(sa.train, sb.train);
    EXPECT_EQ(sa.test, sb.test);
    EXPECT_EQ(sa.train_loss, sb.train_loss);
    EXPECT_EQ(sa.test_loss, sb.test_loss);
    images.read_history();
    dense.read_history();
    ASSERT_EQ(images.metrics_size(), dense.metrics_size());
    for (int k = 0; k < images.metrics_size(); ++k) EXPECT_EQ(images.metrics()[k], dense.metrics()[k]) << k;
    ASSERT_TRUE(images.evaluate_test().ok);
    ASSERT_TRUE(dense.evaluate_test().ok);
    ASSERT_EQ(images.grid_size(), dense.grid_size());
    EXPECT_TRUE(std::equal(images.grid(), images.grid() + images.grid_size(), dense.grid()));
    ASSERT_EQ(images.units_size(), dense.units_size());
    EXPECT_TRUE(std::equal(images.units(), images.units() + images.units_size(), dense.units()));
    // After an export and import the scores read the bytes again (not the prepared parts).
    const std::string model = images.export_model();
    ASSERT_TRUE(images.import_model(model).ok);
    EXPECT_EQ(images.scores().test, sb.test);
    // One row traced, as doubles bytes / 255.
    const Mat<double> X = im.dense<double>();
    std::vector<double> row(X.data(), X.data() + im.features);
    EXPECT_TRUE(images.trace(row).ok);
  }
}

TEST(ImageSession, StepBatchesInPiecesEqualsStep) {
  const Images im = make_images(160, 20, 3, 31), test = make_images(40, 20, 3, 32);
  for (bool keep : {false, true}) {
    SCOPED_TRACE(keep ? "keep_training" : "fit");
    Session whole = image_session(im, test, kSessionParams, "float64");
    Session pieces = image_session(im, test, kSessionParams, "float64");
    whole.set_keep_training(keep);
    pieces.set_keep_training(keep);
    const Progress w = whole.step(5);
    Progress p;
    bool mid_epoch = false;
    for (int calls = 1; calls <= 7; ++calls) {  // 7 x 5 batches = 5 epochs of 7
      p = pieces.step_batches(5);
      ASSERT_TRUE(p.status.ok) << p.status.message;
      EXPECT_EQ(p.batches, 7);
      EXPECT_EQ(p.batch, (5 * calls) % 7);
      EXPECT_EQ(p.epoch, 5 * calls / 7);
      mid_epoch = mid_epoch || p.batch > 0;
    }
    EXPECT_TRUE(mid_epoch);
    EXPECT_EQ(p.epoch, w.epoch);
    EXPECT_EQ(p.loss, w.loss);
    EXPECT_EQ(p.finished, w.finished);
    ASSERT_TRUE(whole.read_parameters().ok);
    ASSERT_TRUE(pieces.read_parameters().ok);
    EXPECT_TRUE(std::equal(whole.parameters(), whole.parameters() + whole.n_parameters(), pieces.parameters()));
    whole.read_history();
    pieces.read_history();
    ASSERT_EQ(whole.metrics_size(), pieces.metrics_size());
    for (int k = 0; k < whole.metrics_size(); ++k) {
      if (std::isnan(whole.metrics()[k])) continue;
      EXPECT_EQ(whole.metrics()[k], pieces.metrics()[k]) << k;
    }
  }
}

TEST(ImageSession, RefusesWhatImageDataCannotDo) {
  const Images im = make_images(40, 8, 2, 41), test = make_images(10, 8, 2, 42);
  Session s = image_session(im, test, kSessionParams, "float32");
  EXPECT_TRUE(s.image_data());
  Status split = s.split_data(0.25, 0);
  EXPECT_FALSE(split.ok);
  EXPECT_EQ(split.parameter, "test_size");
  ASSERT_TRUE(s.set_features("", true).ok);
  Progress p = s.step(1);
  EXPECT_FALSE(p.status.ok);
  EXPECT_EQ(p.status.parameter, "standardize");
  ASSERT_TRUE(s.set_features(R"(["x2"])", false).ok);
  p = s.step(1);
  EXPECT_EQ(p.status.parameter, "features");
  ASSERT_TRUE(s.set_features("", false).ok);
  EXPECT_TRUE(s.step(1).status.ok);

  Status bad = s.resize_image_data(10, 0, 8, 0.0);
  EXPECT_EQ(bad.parameter, "divisor");
  bad = s.resize_image_data(0, 0, 8, 255.0);
  EXPECT_EQ(bad.parameter, "n_train");
  bad = s.resize_image_data(1 << 20, 0, 2000, 255.0);  // 2 GB of pixels
  EXPECT_EQ(bad.parameter, "n_train");
  EXPECT_NE(bad.message.find("GB"), std::string::npos) << bad.message;
  // Back to dense data: the byte buffers go.
  ASSERT_TRUE(s.resize_data(5, 0, 2, 1).ok);
  EXPECT_FALSE(s.image_data());
}

TEST(ImageSession, MemoryOfTheFullFashionMnistSet) {
  Session s;
  ASSERT_TRUE(s.configure("MLPClassifier", R"({"hidden_layer_sizes": [50]})", "float32").ok);
  ASSERT_TRUE(s.resize_image_data(60000, 10000, 784, 255.0).ok);
  // 70,000 x 784 bytes of pixels and 70,000 labels as doubles: no dense X.
  EXPECT_EQ(s.memory_bytes(), 70000.0 * 784 + 70000.0 * 8);
}

// --- the runner's loader --------------------------------------------------------------------

bool have_fashion_mnist() {
  return idx_available() && std::filesystem::exists(std::string(kFashionMnistPath) + "/train-images-idx3-ubyte.gz");
}

TEST(FashionMnistLoader, CourseConfigurationMatchesScikitLearnOnAPrefix) {
  if (!idx_available()) GTEST_SKIP() << "this build cannot read files with zlib (the WebAssembly test run)";
  if (!have_fashion_mnist())
    GTEST_SKIP() << kFashionMnistPath << " is absent: install Debian's dataset-fashion-mnist (npm run setup does)";
  const test::json fixture = test::load_fixture("fashion_mnist_prefix.json");
  test::json job = {
      {"estimator", "MLPClassifier"},
      {"precision", "float64"},
      {"params", fixture["params"]},
      {"dataset",
       {{"loader", "fashion_mnist"}, {"params", {{"n_train", fixture["n_train"]}, {"n_test", fixture["n_test"]}}}}}};
  const JobOutcome out = run_job(job);
  ASSERT_EQ(out.status, 0) << out.result.dump();
  const test::json& r = out.result;
  EXPECT_EQ(r["n_iter_"], fixture["n_iter_"]);
  EXPECT_EQ(r["t_"], fixture["t_"]);
  ASSERT_EQ(r["loss_curve_"].size(), fixture["loss_curve_"].size());
  for (std::size_t e = 0; e < r["loss_curve_"].size(); ++e)
    EXPECT_NEAR(r["loss_curve_"][e].get<double>(), fixture["loss_curve_"][e].get<double>(), 1e-10) << e;
  EXPECT_EQ(r["train_score"].get<double>(), fixture["train_score"].get<double>());
  EXPECT_EQ(r["test_score"].get<double>(), fixture["test_score"].get<double>());
  EXPECT_EQ(r["predict"].size(), 500u);
  const Mat<double> W0 = test::to_mat(r["coefs_"][0]), W1 = test::to_mat(r["coefs_"][1]);
  EXPECT_NEAR(W0.sum(), fixture["coefs_0_sum"].get<double>(), 1e-9);
  EXPECT_NEAR(W0.cwiseAbs().sum(), fixture["coefs_0_abs_sum"].get<double>(), 1e-9);
  EXPECT_NEAR(W1.sum(), fixture["coefs_1_sum"].get<double>(), 1e-10);
  for (Index j = 0; j < 8; ++j)
    EXPECT_NEAR(W0(400, j), fixture["coefs_0_row_400"][static_cast<std::size_t>(j)].get<double>(), 1e-12);
  for (std::size_t j = 0; j < 10; ++j)
    EXPECT_NEAR(r["intercepts_"][1][j].get<double>(), fixture["intercepts_1"][j].get<double>(), 1e-12);
}

TEST(FashionMnistLoader, ErrorsNameTheField) {
  const auto error_of = [](const std::string& text) {
    const JobOutcome out = run_job(text);
    EXPECT_EQ(out.status, 2) << out.result.dump();
    return out.result["error"];
  };
  const std::string head = R"({"estimator": "MLPClassifier", "params": {"max_iter": 1}, "dataset": )";
  EXPECT_EQ(error_of(head + R"({"loader": "mnist"}})")["parameter"], "dataset.loader");
  EXPECT_EQ(error_of(head + R"({"loader": "fashion_mnist", "params": {"n_train": 0}}})")["parameter"],
            "dataset.params.n_train");
  EXPECT_EQ(error_of(head + R"({"loader": "fashion_mnist", "params": {"n_test": 10001}}})")["parameter"],
            "dataset.params.n_test");
  EXPECT_EQ(error_of(head + R"({"loader": "fashion_mnist", "params": {"size": 3}}})")["parameter"],
            "dataset.params.size");
  EXPECT_EQ(error_of(head + R"({"loader": "fashion_mnist"}, "X_test": [[1]]})")["parameter"], "X_test");
  EXPECT_EQ(error_of(R"({"estimator": "MLPRegressor", "dataset": {"loader": "fashion_mnist"}})")["parameter"],
            "estimator");
  const test::json missing = error_of(head + R"({"loader": "fashion_mnist", "params": {"path": "/nonexistent"}}})");
  if (idx_available()) {
    EXPECT_EQ(missing["parameter"], "dataset.params.path");
    EXPECT_NE(missing["message"].get<std::string>().find("/nonexistent/train-images-idx3-ubyte.gz"), std::string::npos);
  } else {
    EXPECT_EQ(missing["parameter"], "dataset.loader");
    EXPECT_NE(missing["message"].get<std::string>().find("npm run mlp:native"), std::string::npos);
  }
}

TEST(FashionMnistLoader, RefusesFilesThatAreNotIdx) {
  if (!idx_available()) GTEST_SKIP() << "this build cannot read files with zlib (the WebAssembly test run)";
  // A directory whose "images" are the labels file: the magic number is wrong.
  if (!have_fashion_mnist()) GTEST_SKIP() << kFashionMnistPath << " is absent";
  const std::string dir = std::string(kFashionMnistPath);
  try {
    read_idx_images(dir + "/train-labels-idx1-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz", 5, "dataset.params.path");
    FAIL() << "read a labels file as images";
  } catch (const Error& e) {
    EXPECT_EQ(e.parameter(), "dataset.params.path");
    EXPECT_NE(std::string(e.what()).find("magic number 2049"), std::string::npos) << e.what();
  }
  try {
    read_idx_images(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz", 10001,
                    "dataset.params.path");
    FAIL() << "read more images than the file holds";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds 10000 images"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mlp
