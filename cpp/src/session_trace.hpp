// The estimator's side of Session::trace: one row of the model's inputs traced through an
// MLPClassifier or MLPRegressor (trace.hpp), its target checked and turned into the row Y the
// training would use. Private to cpp/src; the implementation is session_trace.cpp.
#pragma once

#include <vector>

#include "mlp/estimator.hpp"
#include "mlp/scalar.hpp"
#include "mlp/trace.hpp"

namespace mlp::session_detail {

/// Traces `input` (1 x n_features_in_, after the feature step) through the model's current
/// weights. `target`: a class code (one of the model's numeric classes_; for classes_ that are
/// strings, a position in classes_), one 0/1 per output (multilabel); empty: the predicted class.
/// Throws mlp::Error("target", ...) for a target of the wrong length or out of range.
template <class S>
InputTrace trace_model(const MLPClassifier<S>& model, const RowVec<double>& input, const std::vector<double>& target);
/// As above for a regressor: `target` holds one value per output; empty: the prediction itself.
template <class S>
InputTrace trace_model(const MLPRegressor<S>& model, const RowVec<double>& input, const std::vector<double>& target);

}  // namespace mlp::session_detail
