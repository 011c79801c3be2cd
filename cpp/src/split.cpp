#include "mlp/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "mlp/error.hpp"

namespace mlp {

std::vector<Index> approximate_mode(const std::vector<Index>& class_counts, Index n_draws, RandomState& rng) {
  const double total = static_cast<double>(std::accumulate(class_counts.begin(), class_counts.end(), Index{0}));
  std::vector<double> remainder(class_counts.size());
  std::vector<Index> floored(class_counts.size());
  Index need_to_add = n_draws;
  for (std::size_t i = 0; i < class_counts.size(); ++i) {
    // numpy's order of operations: (count / total) * n_draws.
    double continuous = static_cast<double>(class_counts[i]) / total * static_cast<double>(n_draws);
    double whole = std::floor(continuous);
    floored[i] = static_cast<Index>(whole);
    remainder[i] = continuous - whole;
    need_to_add -= floored[i];
  }
  if (need_to_add <= 0) return floored;
  std::vector<double> values = remainder;
  std::sort(values.begin(), values.end(), std::greater<double>());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (double value : values) {
    std::vector<Index> tied;
    for (std::size_t i = 0; i < remainder.size(); ++i)
      if (remainder[i] == value) tied.push_back(static_cast<Index>(i));
    Index add_now = std::min(static_cast<Index>(tied.size()), need_to_add);
    // RandomState.choice(tied, add_now, replace=False) = tied[permutation(len)[:add_now]].
    auto perm = rng.permutation(tied.size());
    for (Index k = 0; k < add_now; ++k) ++floored[static_cast<std::size_t>(tied[perm[static_cast<std::size_t>(k)]])];
    need_to_add -= add_now;
    if (need_to_add == 0) break;
  }
  return floored;
}

Split train_validation_split(Index n_samples, double validation_fraction, const std::vector<Index>* strata,
                             RandomState& rng) {
  if (!(validation_fraction > 0 && validation_fraction < 1))
    throw Error(
        "validation_fraction", std::to_string(validation_fraction),
        "validation_fraction must be in (0, 1) when early_stopping=True; got " + std::to_string(validation_fraction));
  const Index n_test = static_cast<Index>(std::ceil(validation_fraction * static_cast<double>(n_samples)));
  const Index n_train = n_samples - n_test;
  if (n_train <= 0)
    throw Error("validation_fraction", std::to_string(validation_fraction),
                "with " + std::to_string(n_samples) +
                    " samples and validation_fraction=" + std::to_string(validation_fraction) +
                    " the training part would be empty; lower validation_fraction or add samples");
  Split split;
  if (!strata) {
    auto perm = rng.permutation(static_cast<std::size_t>(n_samples));
    split.validation.assign(perm.begin(), perm.begin() + n_test);
    split.train.assign(perm.begin() + n_test, perm.begin() + n_test + n_train);
    return split;
  }
  // StratifiedShuffleSplit: classes in sorted order, rows of each class in
  // ascending order (numpy's stable argsort).
  Index n_classes = 0;
  for (Index c : *strata) n_classes = std::max(n_classes, c + 1);
  std::vector<std::vector<Index>> class_rows(static_cast<std::size_t>(n_classes));
  for (Index r = 0; r < n_samples; ++r)
    class_rows[static_cast<std::size_t>((*strata)[static_cast<std::size_t>(r)])].push_back(r);
  class_rows.erase(std::remove_if(class_rows.begin(), class_rows.end(), [](const auto& rows) { return rows.empty(); }),
                   class_rows.end());
  n_classes = static_cast<Index>(class_rows.size());
  std::vector<Index> counts;
  for (const auto& rows : class_rows) counts.push_back(static_cast<Index>(rows.size()));
  if (*std::min_element(counts.begin(), counts.end()) < 2)
    throw Error("y", "a class with 1 sample",
                "The least populated class in y has only 1 member, which is too few for the stratified "
                "early-stopping split: every class needs at least 2 samples");
  if (n_train < n_classes)
    throw Error("validation_fraction", std::to_string(validation_fraction),
                "the training part (" + std::to_string(n_train) +
                    " samples) must hold at least one sample of each of " + std::to_string(n_classes) + " classes");
  if (n_test < n_classes)
    throw Error("validation_fraction", std::to_string(validation_fraction),
                "the validation part (" + std::to_string(n_test) +
                    " samples) must hold at least one sample of each of " + std::to_string(n_classes) + " classes");
  std::vector<Index> n_i = approximate_mode(counts, n_train, rng);
  std::vector<Index> remaining(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) remaining[i] = counts[i] - n_i[i];
  std::vector<Index> t_i = approximate_mode(remaining, n_test, rng);
  for (std::size_t i = 0; i < class_rows.size(); ++i) {
    auto perm = rng.permutation(class_rows[i].size());
    for (Index k = 0; k < n_i[i] + t_i[i]; ++k) {
      Index row = class_rows[i][perm[static_cast<std::size_t>(k)]];
      (k < n_i[i] ? split.train : split.validation).push_back(row);
    }
  }
  rng.shuffle(split.train);
  rng.shuffle(split.validation);
  return split;
}

}  // namespace mlp
