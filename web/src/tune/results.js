// Tune's numbers for the views: per candidate (a grid's point, a curve's value or training size)
// the scores of the fits done so far while a search runs, and the engine's own aggregate when it
// ends. The engine numbers the fits candidate x n_splits + split; a grid's candidates are in
// scikit-learn's ParameterGrid order (keys sorted, the last varying fastest). Pure: no DOM.

/** mean and population std (numpy's std) of the finite numbers in xs; NaN when none. */
export function meanStd(xs) {
  const v = xs.filter((x) => Number.isFinite(x));
  if (!v.length) return { mean: NaN, std: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) };
}

/**
 * The candidates of a spec before the search ends, when they are known: a grid's (in
 * ParameterGrid's order) and a validation curve's, as { params: { id: value } }; a learning
 * curve's train sizes as { size }; null for a random search (drawn by the engine).
 */
export function plannedCandidates(spec) {
  if (spec.kind === 'random') return null;
  if (spec.kind === 'learning_curve') return spec.train_sizes.map((size) => ({ size }));
  const used = spec.kind === 'validation_curve' ? spec.params.slice(0, 1) : spec.params;
  const sorted = [...used].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let out = [{}];
  for (const p of sorted) out = out.flatMap((c) => p.values.map((v) => ({ ...c, [p.id]: v })));
  return out.map((params) => ({ params }));
}

/**
 * While a search runs: per candidate, the test and train scores of its fits done (fits: the
 * runner's fit entries received, any order). Returns [{ test: {mean, std}, train, done }].
 */
export function partialScores(nCandidates, nSplits, fits) {
  const per = Array.from({ length: nCandidates }, () => ({ test: [], train: [] }));
  for (const f of fits) {
    const c = Math.floor(f.fit / nSplits);
    if (!per[c]) continue;
    per[c].test.push(f.test_score ?? NaN);
    per[c].train.push(f.train_score ?? NaN);
  }
  return per.map((p) => ({ test: meanStd(p.test), train: meanStd(p.train), done: p.test.length }));
}

const num = (v) => (v === null || v === undefined ? NaN : Number(v));

/**
 * The engine's result as rows, one per candidate: { params | size, test: {mean, std},
 * train: {mean, std}, rank, fitTime, splits: [test scores] }. A search's from cv_results_; a
 * curve's from its train_scores and test_scores (folds in columns).
 */
export function resultRows(spec, result) {
  if (spec.kind === 'grid' || spec.kind === 'random') {
    const r = result.cv_results_;
    const n = r.params.length;
    const k = Object.keys(r).filter((key) => /^split\d+_test_score$/.test(key)).length;
    return Array.from({ length: n }, (_, i) => ({
      params: r.params[i],
      test: { mean: num(r.mean_test_score[i]), std: num(r.std_test_score[i]) },
      train: { mean: num(r.mean_train_score?.[i]), std: num(r.std_train_score?.[i]) },
      rank: r.rank_test_score[i],
      fitTime: num(r.mean_fit_time[i]),
      splits: Array.from({ length: k }, (_, s) => num(r[`split${s}_test_score`][i])),
    }));
  }
  const rows = result.test_scores.map((folds, i) => ({
    test: meanStd(folds.map(num)),
    train: meanStd(result.train_scores[i].map(num)),
    splits: folds.map(num),
  }));
  if (spec.kind === 'learning_curve') rows.forEach((row, i) => { row.size = result.train_sizes_abs[i]; });
  else rows.forEach((row, i) => { row.params = { [spec.params[0].id]: spec.params[0].values[i] }; });
  return rows;
}
