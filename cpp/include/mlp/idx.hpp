// Fashion-MNIST's files: the IDX format (big-endian header, then unsigned bytes), gzipped, as
// Debian's dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist. For the
// runner's dataset {"loader": "fashion_mnist"}. Reading needs zlib, linked natively only: the
// WebAssembly build has no file system and refuses the loader (idx_available() is false).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlp/scalar.hpp"

namespace mlp {

/// n images of rows x cols pixels (row-major, one image a row of `pixels`) and their labels.
struct ImageSet {
  std::vector<std::uint8_t> pixels;
  std::vector<double> labels;
  Index n = 0;
  Index features = 0;  ///< rows x cols of one image
};

/// Where Debian installs Fashion-MNIST.
inline constexpr const char* kFashionMnistPath = "/usr/share/datasets/fashion-mnist";
/// Its class names, by label 0..9.
extern const char* const kFashionMnistClasses[10];

/// True when this build can read IDX files (zlib linked).
bool idx_available();

/// The first n images of a gzipped IDX3 file `images` and the first n labels of the IDX1 file
/// `labels` (both checked: magic numbers 0x803 and 0x801, the counts, 28x28 images, labels in
/// 0..9). Errors are mlp::Error naming `parameter` (the job's dataset.params.path) and the file.
ImageSet read_idx_images(const std::string& images, const std::string& labels, long long n,
                         const std::string& parameter);

/// The Fashion-MNIST training and test sets in directory `dir`: their first n_train and n_test images.
struct FashionMnist {
  ImageSet train, test;
};
FashionMnist load_fashion_mnist(const std::string& dir, long long n_train, long long n_test,
                                const std::string& parameter);

}  // namespace mlp
