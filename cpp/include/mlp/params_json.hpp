// Reading scikit-learn's constructor parameters from JSON: the one reader that the job runner
// (a job's "params") and the session (configure's params_json) share, with the typed readers
// both use for their own fields. Every failure is an mlp::Error naming the field, its value as
// given (shortened) and what is allowed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mlp/params.hpp"

namespace mlp {

/// scikit-learn constructor parameters from a JSON object (the job's "params"),
/// with the job runner's type checks; throws mlp::Error naming the parameter.
/// Values are range-checked later, by Params::check() at fit.
Params params_from_json(const nlohmann::json& params);

/// True for every name params_from_json reads (scikit-learn's constructor parameters and the
/// extensions), for the searches' grids.
bool is_parameter_name(const std::string& name);

namespace json_read {

/// A JSON value as text for messages, cut to 80 characters (invalid UTF-8 replaced).
std::string short_dump(const nlohmann::json& value);

/// Throws mlp::Error(parameter, short_dump(value), message).
[[noreturn]] void fail(const std::string& parameter, const nlohmann::json& value, const std::string& message);

/// The value as a number, an integer (within long long), a bool or a string; throws mlp::Error
/// naming `name` when it is not one.
double number(const nlohmann::json& v, const std::string& name);
long long integer(const nlohmann::json& v, const std::string& name);
bool boolean(const nlohmann::json& v, const std::string& name);
std::string string(const nlohmann::json& v, const std::string& name);

}  // namespace json_read

}  // namespace mlp
