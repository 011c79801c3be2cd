// Reading gzipped IDX files (idx.hpp) with zlib's gzread. Without zlib (the WebAssembly build)
// every read is refused with a message that says where the loader runs.
#include "mlp/idx.hpp"

#include <algorithm>

#include "mlp/error.hpp"

#ifdef MLP_HAVE_ZLIB
#include <zlib.h>
#endif

namespace mlp {

const char* const kFashionMnistClasses[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

#ifdef MLP_HAVE_ZLIB

bool idx_available() { return true; }

namespace {

/// A gzipped file opened for reading, closed on every path.
class GzFile {
 public:
  GzFile(const std::string& path, const std::string& parameter) : path_(path), parameter_(parameter) {
    file_ = gzopen(path.c_str(), "rb");
    if (!file_) throw Error(parameter, path, "cannot open " + path + " (is dataset-fashion-mnist installed?)");
  }
  ~GzFile() {
    if (file_) gzclose(file_);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads exactly `size` bytes, or fails naming the file.
  void read(void* out, std::size_t size, const char* what) {
    std::size_t done = 0;
    while (done < size) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
      const int got = gzread(file_, static_cast<char*>(out) + done, chunk);
      if (got <= 0) throw Error(parameter_, path_, path_ + " is truncated or not gzip data (reading " + what + ")");
      done += static_cast<std::size_t>(got);
    }
  }
  /// A big-endian 32-bit header field.
  std::uint32_t u32(const char* what) {
    unsigned char b[4];
    read(b, 4, what);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  }

 private:
  gzFile file_ = nullptr;
  std::string path_, parameter_;
};

}  // namespace

ImageSet read_idx_images(const std::string& images, const std::string& labels, long long n,
                         const std::string& parameter) {
  ImageSet set;
  {
    GzFile f(images, parameter);
    const std::uint32_t magic = f.u32("the magic number");
    if (magic != 0x803)
      throw Error(parameter, images,
                  images + " is not an IDX3 file of unsigned bytes (magic number " + std::to_string(magic) +
                      ", expected 2051)");
    const std::uint32_t count = f.u32("the image count"), rows = f.u32("the rows"), cols = f.u32("the columns");
    if (rows != 28 || cols != 28)
      throw Error(parameter, images,
                  images + " holds " + std::to_string(rows) + "x" + std::to_string(cols) + " images; expected 28x28");
    if (static_cast<long long>(count) < n)
      throw Error(parameter, images,
                  images + " holds " + std::to_string(count) + " images; " + std::to_string(n) + " were asked for");
    set.n = static_cast<Index>(n);
    set.features = static_cast<Index>(rows * cols);
    set.pixels.resize(static_cast<std::size_t>(n) * rows * cols);
    f.read(set.pixels.data(), set.pixels.size(), "the pixels");
  }
  GzFile f(labels, parameter);
  const std::uint32_t magic = f.u32("the magic number");
  if (magic != 0x801)
    throw Error(
        parameter, labels,
        labels + " is not an IDX1 file of unsigned bytes (magic number " + std::to_string(magic) + ", expected 2049)");
  const std::uint32_t count = f.u32("the label count");
  if (static_cast<long long>(count) < n)
    throw Error(parameter, labels,
                labels + " holds " + std::to_string(count) + " labels; " + std::to_string(n) + " were asked for");
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(n));
  f.read(raw.data(), raw.size(), "the labels");
  set.labels.reserve(raw.size());
  for (std::uint8_t label : raw) {
    if (label > 9)
      throw Error(parameter, labels, labels + " holds the label " + std::to_string(label) + "; expected 0..9");
    set.labels.push_back(label);
  }
  return set;
}

#else

bool idx_available() { return false; }

ImageSet read_idx_images(const std::string&, const std::string&, long long, const std::string&) {
  throw Error("dataset.loader", "fashion_mnist",
              "the fashion_mnist loader reads files, which this build (WebAssembly) cannot: run the job with "
              "npm run mlp:native");
}

#endif

FashionMnist load_fashion_mnist(const std::string& dir, long long n_train, long long n_test,
                                const std::string& parameter) {
  FashionMnist data;
  data.train =
      read_idx_images(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz", n_train, parameter);
  if (n_test > 0)
    data.test =
        read_idx_images(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz", n_test, parameter);
  else
    data.test.features = data.train.features;
  return data;
}

}  // namespace mlp
