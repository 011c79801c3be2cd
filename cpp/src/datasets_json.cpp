// generate(): the JSON front end of the dataset generators (datasets.hpp): each generator's
// parameters by scikit-learn name, typed and range-checked, then the generator.
#include <algorithm>
#include <cstdint>
#include <utility>

#include "mlp/datasets.hpp"
#include "mlp/error.hpp"
#include "mlp/limits.hpp"

namespace mlp {

namespace {

using json = nlohmann::json;

using detail::fail_param;

const char* const kNoPairs = " (the (n_out, n_in) pair form is not supported)";

/// A JSON value as short text for an Error.
std::string render(const json& v) {
  std::string text = v.dump();
  return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

/// Typed, validated access to one generator's params object.
class Reader {
 public:
  Reader(const std::string& generator, const json& params, const std::vector<std::string>& keys) : params_(params) {
    if (params_.is_null()) params_ = json::object();
    if (!params_.is_object()) throw Error("dataset.params", render(params_), "params must be a JSON object");
    for (const auto& item : params_.items()) {
      if (std::find(keys.begin(), keys.end(), item.key()) != keys.end()) continue;
      std::string allowed;
      for (const auto& k : keys) allowed += (allowed.empty() ? "" : ", ") + k;
      throw Error("dataset.params", item.key(),
                  "unknown parameter '" + item.key() + "' for " + generator + "; allowed: " + allowed);
    }
  }

  /// The value under `key`, or nullptr when it is absent or null.
  const json* get(const std::string& key) const {
    auto it = params_.find(key);
    return it == params_.end() || it->is_null() ? nullptr : &*it;
  }

  Index count(const std::string& key, Index fallback, const std::string& hint = "") const {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_number_integer()) fail_param(key, render(*v), "must be an integer" + hint);
    // Index is 32 bits in wasm32: refuse what it cannot hold instead of wrapping, with the same
    // bounds in every build (so that native and wasm give the same error).
    constexpr std::int64_t lo = std::numeric_limits<std::int32_t>::min();
    constexpr std::int64_t hi = std::numeric_limits<std::int32_t>::max();
    const bool too_big = v->is_number_unsigned() ? v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi)
                                                 : v->get<std::int64_t>() > static_cast<std::int64_t>(hi);
    if (too_big || (!v->is_number_unsigned() && v->get<std::int64_t>() < static_cast<std::int64_t>(lo)))
      fail_param(key, render(*v), "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<Index>(v->get<std::int64_t>());
  }

  std::optional<double> optional_real(const std::string& key, std::optional<double> fallback) const {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_number()) fail_param(key, render(*v), "must be a number or null");
    return v->get<double>();
  }

  double real(const std::string& key, double fallback) const {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_number()) fail_param(key, render(*v), "must be a number");
    return v->get<double>();
  }

  bool flag(const std::string& key, bool fallback) const {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail_param(key, render(*v), "must be true or false");
    return v->get<bool>();
  }

  /// A number or a non-empty list of numbers.
  std::vector<double> reals(const std::string& key, double fallback) const {
    const json* v = get(key);
    if (!v) return {fallback};
    if (v->is_number()) return {v->get<double>()};
    if (!v->is_array() || v->empty()) fail_param(key, render(*v), "must be a number or a non-empty list of numbers");
    std::vector<double> out;
    for (const auto& x : *v) {
      if (!x.is_number()) fail_param(key, render(*v), "must be a number or a non-empty list of numbers");
      out.push_back(x.get<double>());
    }
    return out;
  }

  /// A non-empty list of equally long, non-empty lists of numbers.
  Mat<double> matrix(const std::string& key) const {
    const json& v = *get(key);
    const std::string allowed = "must be an integer or a non-empty list of equally long lists of numbers";
    if (!v.is_array() || v.empty() || !v[0].is_array() || v[0].empty()) fail_param(key, render(v), allowed);
    Mat<double> m(static_cast<Index>(v.size()), static_cast<Index>(v[0].size()));
    for (Index i = 0; i < m.rows(); ++i) {
      const json& row = v[static_cast<std::size_t>(i)];
      if (!row.is_array() || static_cast<Index>(row.size()) != m.cols()) fail_param(key, render(v), allowed);
      for (Index j = 0; j < m.cols(); ++j) {
        const json& x = row[static_cast<std::size_t>(j)];
        if (!x.is_number()) fail_param(key, render(v), allowed);
        m(i, j) = x.get<double>();
      }
    }
    return m;
  }

  /// A list of exactly two numbers.
  std::pair<double, double> pair(const std::string& key, std::pair<double, double> fallback) const {
    const json* v = get(key);
    if (!v) return fallback;
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number() || !(*v)[1].is_number())
      fail_param(key, render(*v), "must be a list of two numbers [lo, hi]");
    return {(*v)[0].get<double>(), (*v)[1].get<double>()};
  }

  /// random_state: an integer in [0, 2^32 - 1], or null for a fresh seed.
  Seed seed() const {
    const json* v = get("random_state");
    if (!v) return std::nullopt;
    if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<std::int64_t>() < 0) ||
        v->get<std::uint64_t>() > 0xffffffffULL)
      fail_param("random_state", render(*v), "must be an integer in [0, 4294967295] or null");
    return static_cast<std::uint32_t>(v->get<std::uint64_t>());
  }

 private:
  json params_;
};

struct Entry {
  const char* name;
  std::vector<std::string> keys;
  Dataset (*build)(const Reader&);
};

/// The playground sets share (n_samples, noise, random_state).
template <Dataset (*make)(Index, double, Seed)>
Dataset build_playground(const Reader& r) {
  // One parameter after the other (argument evaluation order differs between compilers, and
  // with it the error reported first).
  const Index n_samples = r.count("n_samples", 200);
  const double noise = r.optional_real("noise", 0.0).value_or(0.0);
  return make(n_samples, noise, r.seed());
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {"make_moons",
       {"n_samples", "shuffle", "noise", "random_state"},
       [](const Reader& r) {
         const Index n_samples = r.count("n_samples", 100, kNoPairs);
         const bool shuffle = r.flag("shuffle", true);
         const std::optional<double> noise = r.optional_real("noise", std::nullopt);
         return make_moons(n_samples, shuffle, noise, r.seed());
       }},
      {"make_circles",
       {"n_samples", "shuffle", "noise", "random_state", "factor"},
       [](const Reader& r) {
         const Index n_samples = r.count("n_samples", 100, kNoPairs);
         const bool shuffle = r.flag("shuffle", true);
         const std::optional<double> noise = r.optional_real("noise", std::nullopt);
         const Seed seed = r.seed();
         return make_circles(n_samples, shuffle, noise, seed, r.real("factor", 0.8));
       }},
      {"make_blobs",
       {"n_samples", "n_features", "centers", "cluster_std", "center_box", "shuffle", "random_state"},
       [](const Reader& r) {
         Index n_centers = 3;  // centers=None
         Mat<double> centers;
         if (const json* c = r.get("centers")) {
           if (c->is_number_integer())
             n_centers = r.count("centers", 3);
           else
             centers = r.matrix("centers");
         }
         auto [lo, hi] = r.pair("center_box", {-10.0, 10.0});
         const Index n_samples = r.count("n_samples", 100, " (per-center counts are not supported)");
         const Index n_features = r.count("n_features", 2);
         const std::vector<double> cluster_std = r.reals("cluster_std", 1.0);
         const bool shuffle = r.flag("shuffle", true);
         return make_blobs(n_samples, n_features, n_centers, centers, cluster_std, lo, hi, shuffle, r.seed());
       }},
      {"make_regression",
       {"n_samples", "n_features", "n_informative", "n_targets", "bias", "noise", "shuffle", "random_state"},
       [](const Reader& r) {
         const Index n_samples = r.count("n_samples", 100);
         const Index n_features = r.count("n_features", 100);
         const Index n_informative = r.count("n_informative", 10);
         const Index n_targets = r.count("n_targets", 1);
         const double bias = r.real("bias", 0.0);
         const double noise = r.optional_real("noise", 0.0).value_or(0.0);
         const bool shuffle = r.flag("shuffle", true);
         return make_regression(n_samples, n_features, n_informative, n_targets, bias, noise, shuffle, r.seed());
       }},
      {"xor", {"n_samples", "noise", "random_state"}, build_playground<make_xor>},
      {"spirals", {"n_samples", "noise", "random_state"}, build_playground<make_spirals>},
      {"gaussian", {"n_samples", "noise", "random_state"}, build_playground<make_gaussian_clusters>},
      {"plane", {"n_samples", "noise", "random_state"}, build_playground<make_plane>},
      {"sine", {"n_samples", "noise", "random_state"}, build_playground<make_sine>},
  };
  return table;
}

}  // namespace

Dataset generate(const std::string& generator, const nlohmann::json& params) {
  for (const auto& entry : entries()) {
    if (generator != entry.name) continue;
    Reader reader(generator, params, entry.keys);
    return entry.build(reader);
  }
  std::string names;
  for (const auto& name : generator_names()) names += (names.empty() ? "" : ", ") + name;
  throw Error("dataset.generator", generator, "unknown generator '" + generator + "'; expected one of: " + names);
}

std::vector<std::string> generator_names() {
  std::vector<std::string> names;
  for (const auto& entry : entries()) names.emplace_back(entry.name);
  return names;
}

}  // namespace mlp
