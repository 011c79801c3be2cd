// The runner's image datasets: a job with "dataset": {"loader": "fashion_mnist", "params":
// {"path", "n_train", "n_test"}} trains an MLPClassifier on the first n_train training images
// of Fashion-MNIST's IDX files (pixels / 255, labels 0..9) and scores and predicts the first
// n_test test images, which are the job's X_test and y_test. The pixels stay bytes (rows.hpp's
// ByteRows): each minibatch is scaled as it is formed, as in the page's session.
#include <limits>
#include <string>

#include "mlp/error.hpp"
#include "mlp/estimator.hpp"
#include "mlp/idx.hpp"
#include "mlp/job_io.hpp"
#include "mlp/limits.hpp"
#include "mlp/names.hpp"

namespace mlp::job_io {

using namespace json_read;

namespace {

struct LoaderRequest {
  std::string path = kFashionMnistPath;
  long long n_train = 60000;
  long long n_test = 10000;
};

LoaderRequest read_request(const json& job, const std::string& estimator) {
  const json& d = job["dataset"];
  for (const auto& [key, v] : d.items())
    if (key != "loader" && key != "params") fail("dataset." + key, v, "dataset takes only 'loader' and 'params'");
  const std::string loader = string(d["loader"], "dataset.loader");
  if (loader != "fashion_mnist")
    fail("dataset.loader", d["loader"], "dataset.loader must be \"fashion_mnist\"; got \"" + loader + "\"");
  LoaderRequest r;
  if (d.contains("params")) {
    const json& p = d["params"];
    if (!p.is_object()) fail("dataset.params", p, "dataset.params must be an object {path, n_train, n_test}");
    for (const auto& [key, v] : p.items()) {
      if (key == "path") {
        r.path = string(v, "dataset.params.path");
      } else if (key == "n_train") {
        r.n_train = integer(v, "dataset.params.n_train");
        if (r.n_train < 1 || r.n_train > 60000)
          fail("dataset.params.n_train", v, "n_train must be an integer in [1, 60000]");
      } else if (key == "n_test") {
        r.n_test = integer(v, "dataset.params.n_test");
        if (r.n_test < 0 || r.n_test > 10000)
          fail("dataset.params.n_test", v, "n_test must be an integer in [0, 10000]");
      } else {
        fail("dataset.params." + key, v, "the fashion_mnist loader takes path, n_train and n_test");
      }
    }
  }
  if (estimator != "MLPClassifier")
    fail("estimator", job["estimator"], "the fashion_mnist loader's labels are classes: use MLPClassifier");
  for (const char* key : {"X", "y", "X_test", "y_test", "search", "output", "features"})
    if (job.contains(key))
      fail(key, job[key],
           std::string("a job with dataset.loader takes no ") + key +
               ": the loader's training images are X and y, its test images X_test and y_test");
  if (job.contains("calls")) {
    const json& calls = job["calls"];
    if (!calls.is_array() || calls.empty())
      fail("calls", calls, "with dataset.loader, calls must be a non-empty list of {\"method\": \"fit\"}");
    for (const json& call : calls)
      if (!call.is_object() || call.size() != 1 || !call.contains("method") || call["method"] != "fit")
        fail("calls", call, "with dataset.loader, each call must be {\"method\": \"fit\"} (no partial_fit, X or y)");
  }
  return r;
}

#ifdef MLP_HAVE_ZLIB
constexpr double kPixelDivisor = 255.0;

template <class S>
json run_images(const json& job, const Params& params, const FashionMnist& data) {
  MLPClassifier<S> model(params);
  if (const auto init = read_init(job)) model.set_initial_weights(init->coefs, init->intercepts);
  const ByteRows<S> X_train(ByteMatrix{data.train.pixels.data(), data.train.n, data.train.features, kPixelDivisor});
  const ByteRows<S> X_test(ByteMatrix{data.test.pixels.data(), data.test.n, data.test.features, kPixelDivisor});
  ClassTarget y_train, y_test;
  for (double v : data.train.labels) y_train.labels.emplace_back(v);
  for (double v : data.test.labels) y_test.labels.emplace_back(v);
  const std::size_t fits = job.contains("calls") ? job["calls"].size() : 1;
  for (std::size_t c = 0; c < fits; ++c) {
    model.begin_fit(X_train, y_train);
    while (!model.fit_steps(std::numeric_limits<long long>::max())) {
    }
  }
  check_memory(static_cast<double>(model.packed_parameters().size() + data.test.n * (model.n_outputs() + 2)) *
                   kJsonBytesPerNumber,
               "hidden_layer_sizes", "writing the weights and predictions as JSON");
  json r = common_attributes(model);
  r["classes_"] = json::array();
  for (const Label& l : model.classes()) r["classes_"].push_back(label_json(l));
  r["train_score"] = real(model.score(X_train, y_train));
  if (data.test.n > 0) {
    r["predict"] = class_target_json(model.predict(X_test));
    r["predict_proba"] = rows(model.predict_proba(X_test));
    r["test_score"] = real(model.score(X_test, y_test));
  }
  r["warnings"] = model.warnings();
  r["n_train"] = data.train.n;
  r["n_test"] = data.test.n;
  return r;
}
#endif

}  // namespace

json run_loader_job(const json& job, const std::string& estimator, const Params& params, Precision precision) {
  const LoaderRequest request = read_request(job, estimator);
#ifndef MLP_HAVE_ZLIB
  // The WebAssembly build: no file system, and no code for the rest (the module's size budget).
  (void)request;
  (void)params;
  (void)precision;
  fail("dataset.loader", job["dataset"]["loader"],
       "the fashion_mnist loader reads files, which the WebAssembly runner cannot: run this job with "
       "npm run mlp:native");
#else
  const long long rows = request.n_train + request.n_test;
  check_memory(static_cast<double>(rows) * (784 + 8), "dataset.params.n_train",
               "the images (" + std::to_string(rows) + " rows)");
  const FashionMnist data = load_fashion_mnist(request.path, request.n_train, request.n_test, "dataset.params.path");
  return precision == Precision::float64 ? run_images<double>(job, params, data) : run_images<float>(job, params, data);
#endif
}

}  // namespace mlp::job_io
