// The one error type of the core: bad input named by parameter and value.
#pragma once

#include <stdexcept>
#include <string>

namespace mlp {

/// Thrown for every invalid parameter, array or call order. `parameter` is the
/// scikit-learn name (or "X", "y", "init", ...), `value` a short rendering of
/// the offending value, and what() says what is allowed.
class Error : public std::invalid_argument {
 public:
  Error(std::string parameter, std::string value, const std::string& message)
      : std::invalid_argument(message), parameter_(std::move(parameter)), value_(std::move(value)) {}

  const std::string& parameter() const { return parameter_; }
  const std::string& value() const { return value_; }

 private:
  std::string parameter_;
  std::string value_;
};

}  // namespace mlp
