// What the session's sources (session*.cpp) share and nothing else includes: exceptions turned
// into a Status, the bounded JSON parse of session input, and the data buffers as matrices.
// Private to cpp/src.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "mlp/labels.hpp"
#include "mlp/limits.hpp"
#include "mlp/scalar.hpp"
#include "mlp/session.hpp"

namespace mlp::session_detail {

using json = nlohmann::json;

/// Runs call(context), turning mlp::Error (and running out of memory, naming `what` was being
/// allocated) into a Status. One copy of the handlers for every caller: as a template it was one
/// per call site, which cost the WebAssembly module about a kilobyte. (Defined in session.cpp.)
Status guarded_call(void (*call)(void*), void* context, const char* what);

/// Runs f (a lambda) as guarded_call does; `what` names what f allocates.
template <class F>
Status guarded(F&& f, const char* what = "memory") {
  return guarded_call([](void* context) { (*static_cast<std::remove_reference_t<F>*>(context))(); }, &f, what);
}

/// Session JSON input: bounded in size and depth before it is parsed (limits.hpp).
inline json parse(const std::string& text) { return parse_json(text, "json"); }

/// rows x cols values of a buffer (row-major), copied into a matrix.
inline Mat<double> rows_of(const std::vector<double>& buffer, int rows, int cols) {
  return ConstMatMap<double>(buffer.data(), rows, cols);
}

/// A column of class codes as the labels a classifier takes.
inline ClassTarget labels_of(const Mat<double>& y) {
  ClassTarget t;
  for (Index i = 0; i < y.rows(); ++i) t.labels.emplace_back(y(i, 0));
  return t;
}

}  // namespace mlp::session_detail
