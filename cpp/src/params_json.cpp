// The parameter reader shared by the job runner and the session (params_json.hpp).
#include "mlp/params_json.hpp"

#include <climits>
#include <limits>
#include <utility>

#include "mlp/error.hpp"
#include "mlp/limits.hpp"

namespace mlp {

namespace json_read {

using json = nlohmann::json;

std::string short_dump(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

void fail(const std::string& parameter, const json& value, const std::string& message) {
  throw Error(parameter, short_dump(value), message);
}

// --- reading values ---------------------------------------------------------

double number(const json& v, const std::string& name) {
  if (!v.is_number()) fail(name, v, name + " must be a number; got " + short_dump(v));
  return v.get<double>();
}

long long integer(const json& v, const std::string& name) {
  if (!v.is_number_integer()) fail(name, v, name + " must be an integer; got " + short_dump(v));
  if (v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX))
    fail(name, v, name + " is too large; got " + short_dump(v));
  return v.get<long long>();
}

bool boolean(const json& v, const std::string& name) {
  if (!v.is_boolean()) fail(name, v, name + " must be true or false; got " + short_dump(v));
  return v.get<bool>();
}

std::string string(const json& v, const std::string& name) {
  if (!v.is_string()) fail(name, v, name + " must be a string; got " + short_dump(v));
  return v.get<std::string>();
}

}  // namespace json_read

using namespace json_read;

bool is_parameter_name(const std::string& name) {
  static const char* const names[] = {"hidden_layer_sizes",
                                      "activation",
                                      "solver",
                                      "alpha",
                                      "batch_size",
                                      "learning_rate",
                                      "learning_rate_init",
                                      "power_t",
                                      "max_iter",
                                      "shuffle",
                                      "random_state",
                                      "tol",
                                      "verbose",
                                      "warm_start",
                                      "momentum",
                                      "nesterovs_momentum",
                                      "early_stopping",
                                      "validation_fraction",
                                      "beta_1",
                                      "beta_2",
                                      "epsilon",
                                      "n_iter_no_change",
                                      "max_fun",
                                      "leaky_slope",
                                      "init",
                                      "l1",
                                      "dropout"};
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

Params params_from_json(const nlohmann::json& p) {
  Params params;
  if (p.is_null()) return params;
  if (!p.is_object()) fail("params", p, "params must be an object of scikit-learn constructor parameters");
  for (const auto& [key, v] : p.items()) {
    if (key == "hidden_layer_sizes") {
      params.hidden_layer_sizes.clear();
      if (v.is_number_integer()) {
        params.hidden_layer_sizes.push_back(integer(v, key));  // a single int is wrapped in a list
      } else if (v.is_array()) {
        if (v.size() > static_cast<std::size_t>(kMaxHiddenLayers))
          fail(key, v,
               "hidden_layer_sizes may list at most " + std::to_string(kMaxHiddenLayers) + " hidden layers; got " +
                   std::to_string(v.size()));
        for (const auto& units : v) {
          if (!units.is_number_integer())
            fail(key, v, "hidden_layer_sizes must be a list of integers >= 1; got " + short_dump(v));
          params.hidden_layer_sizes.push_back(integer(units, key));
        }
      } else {
        fail(key, v, "hidden_layer_sizes must be a list of integers >= 1 (or one integer); got " + short_dump(v));
      }
    } else if (key == "activation") {
      params.activation = parse_activation(string(v, key));
    } else if (key == "init") {
      params.init = parse_init(string(v, key));
    } else if (key == "solver") {
      params.solver = parse_solver(string(v, key));
    } else if (key == "learning_rate") {
      params.learning_rate = parse_learning_rate(string(v, key));
    } else if (key == "batch_size") {
      if (v.is_string() && v.get<std::string>() == "auto")
        params.batch_size.reset();
      else if (v.is_number_integer())
        params.batch_size = integer(v, key);
      else
        fail(key, v, "batch_size must be 'auto' or an integer >= 1; got " + short_dump(v));
    } else if (key == "random_state") {
      if (v.is_null()) {
        params.random_state.reset();
      } else {
        const long long seed = v.is_number_integer() ? integer(v, key) : -1;
        if (!v.is_number_integer() || seed < 0 || seed > 4294967295LL)
          fail(key, v, "random_state must be null or an integer in [0, 4294967295]; got " + short_dump(v));
        params.random_state = static_cast<std::uint32_t>(seed);
      }
    } else if (key == "n_iter_no_change") {
      if (v.is_string() && (v.get<std::string>() == "inf" || v.get<std::string>() == "Infinity"))
        params.n_iter_no_change = std::numeric_limits<double>::infinity();
      else if (v.is_number_integer())
        params.n_iter_no_change = static_cast<double>(integer(v, key));
      else
        fail(key, v, "n_iter_no_change must be an integer >= 1 or \"inf\"; got " + short_dump(v));
    } else if (key == "max_iter") {
      params.max_iter = integer(v, key);
    } else if (key == "max_fun") {
      params.max_fun = integer(v, key);
    } else if (key == "shuffle") {
      params.shuffle = boolean(v, key);
    } else if (key == "verbose") {
      params.verbose = v.is_number_integer() ? integer(v, key) != 0 : boolean(v, key);
    } else if (key == "warm_start") {
      params.warm_start = boolean(v, key);
    } else if (key == "nesterovs_momentum") {
      params.nesterovs_momentum = boolean(v, key);
    } else if (key == "early_stopping") {
      params.early_stopping = boolean(v, key);
    } else {
      static const std::pair<const char*, double Params::*> reals[] = {
          {"alpha", &Params::alpha},
          {"learning_rate_init", &Params::learning_rate_init},
          {"power_t", &Params::power_t},
          {"tol", &Params::tol},
          {"momentum", &Params::momentum},
          {"validation_fraction", &Params::validation_fraction},
          {"beta_1", &Params::beta_1},
          {"beta_2", &Params::beta_2},
          {"epsilon", &Params::epsilon},
          {"leaky_slope", &Params::leaky_slope},
          {"l1", &Params::l1},
          {"dropout", &Params::dropout}};
      bool known = false;
      for (const auto& [name, field] : reals)
        if (key == name) {
          params.*field = number(v, key);
          known = true;
        }
      if (!known)
        fail(key, v,
             "unknown parameter '" + key +
                 "'; MLPClassifier/MLPRegressor take hidden_layer_sizes, activation, solver, alpha, batch_size, "
                 "learning_rate, learning_rate_init, power_t, max_iter, shuffle, random_state, tol, verbose, "
                 "warm_start, momentum, nesterovs_momentum, early_stopping, validation_fraction, beta_1, beta_2, "
                 "epsilon, n_iter_no_change, max_fun, and the extensions leaky_slope, init, l1, dropout");
    }
  }
  return params;
}

}  // namespace mlp
