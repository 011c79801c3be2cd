// "Export to Python": scikit-learn code that reproduces a configuration.
// Pure: no DOM, testable under node.
// This file writes the script; its parts are in python/: literals.js (Python values), data.js
// (the dataset, split and point edits), estimator.js (the estimator's arguments and what the page
// does beyond scikit-learn) and run-plan.js (training exactly the page's run).
import {
  DERIVED_PY,
  PLAYGROUND_SOURCES,
  csvLines,
  datasetCall,
  editLines,
  fashionLines,
  splitLines,
  hasFixedSplit,
  testRows,
  weightPictureLines,
} from './python/data.js';
import { beyondBlock, estimatorArgs } from './python/estimator.js';
import { commentLines, runFacts, runPlan } from './python/run-plan.js';
import { GENERATORS } from './generators.js';
import { DERIVED } from './params.js';
import { activeDerived, estimatorOf, taskOf } from './queries.js';

export { pyValue } from './python/literals.js';
export { hasFixedSplit, sampleCount, testRows } from './python/data.js';
export { beyondNotes } from './python/estimator.js';
export { runFacts, runPlan } from './python/run-plan.js';

/** loss_ as the page shows it: 6 decimals, or 6 significant digits when very small or large; nan/inf as Python prints. */
function lossText(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential(5) : v.toFixed(6);
}

const scoreText = (v) => (Number.isFinite(v) ? v.toFixed(4) : 'nan');

/**
 * The Python script for config. options.link: the page's share link, quoted in
 * a comment. options.run (optional): the facts of the run the page shows, so that
 * the script trains exactly the epochs the page trained (absent, or epochs 0: the
 * configuration as fit() trains it):
 *   { epochs,        E: n_iter_ of the model shown (L-BFGS iterations for lbfgs)
 *     fitStop,       null or { epoch, reason }: the first epoch <= E where fit() with the
 *                    config's own parameters stops, reason in scikit-learn's words
 *     patienceEpoch, null or the first epoch <= E where the tol/n_iter_no_change rule fires
 *     bestEpoch,     with early_stopping: the epoch of the best validation score, else null
 *     loss,          the page's loss_ at E
 *     trainScore, testScore }  the page's scores of the weights shown
 * Malformed facts never throw: a run without a positive integer epochs counts as
 * absent, and fields that do not fit it are ignored. Returns the text.
 * @param {object} config
 * @param {{ link?: string, run?: object }} [facts]
 */
export function toPython(config, { link, run } = {}) {
  const gen = config.data.generator;
  const g = GENERATORS[gen];
  const task = taskOf(config);
  const estimator = estimatorOf(config);
  const derived = activeDerived(config);
  const standardize = config.data.standardize;
  const nTest = testRows(config);
  const fixed = hasFixedSplit(config); // Fashion-MNIST: read from its IDX files, its own split
  const facts = runFacts(run);
  const plan = runPlan(config, facts);
  const what = facts ? `the page's run (${facts.epochs} ${config.model.solver === 'lbfgs' ? 'iteration' : 'epoch'}${facts.epochs === 1 ? '' : 's'})` : 'this configuration';
  const lines = [`# MLP Playground: ${what} as scikit-learn code (scikit-learn 1.2 or newer).`];
  if (link) lines.push(`# ${link}`);
  for (const paragraph of plan.header) lines.push(...commentLines(paragraph));
  beyondBlock(config, lines);
  if (fixed) lines.push('import gzip', '');
  lines.push('import numpy as np');
  if (g.table === 'csv') lines.push('import pandas as pd');
  if (g.sklearn) lines.push(`from sklearn.datasets import ${datasetCall(config).split('(')[0]}`);
  if (nTest > 0 && !fixed) lines.push('from sklearn.model_selection import train_test_split');
  lines.push(`from sklearn.neural_network import ${estimator}`);
  if (derived.length || standardize) lines.push('from sklearn.pipeline import make_pipeline');
  const pre = [];
  if (derived.length) pre.push('FunctionTransformer');
  if (standardize) pre.push('StandardScaler');
  if (pre.length) lines.push(`from sklearn.preprocessing import ${pre.join(', ')}`);

  if (!g.sklearn && !g.table && !fixed) {
    lines.push('', '');
    lines.push(`# The playground's own "${g.label}" set: the page's recipe with the same random draws (numpy's`);
    lines.push("# legacy RandomState). Not guaranteed bit-identical to the page's points: sin/cos may differ");
    lines.push('# in the last bit between platforms.');
    lines.push(PLAYGROUND_SOURCES[gen]);
  }
  if (derived.length) {
    const names = derived.map((f) => ({ x2: 'x^2', y2: 'y^2', xy: 'x*y', sinx: 'sin(x)', siny: 'sin(y)' })[f]);
    lines.push('', '');
    lines.push('def derived_features(X):');
    lines.push(`    """The inputs followed by ${names.join(', ')} (the page's derived features, in its order)."""`);
    lines.push(`    return np.column_stack([X, ${DERIVED.filter((f) => derived.includes(f)).map((f) => DERIVED_PY[f]).join(', ')}])`);
    lines.push('');
  }
  lines.push('');
  if (fixed) fashionLines(config, lines);
  else if (g.table === 'csv') csvLines(config, lines);
  else lines.push(`X, y = ${datasetCall(config)}`);
  if (gen === 'digits') lines.push('X = X / 16.0  # the page scales the pixels (0..16) to 0..1');
  if (!fixed) splitLines(config, nTest, lines); // a fixed split's rows are read as they are split
  editLines(config, lines);
  if (config.precision === 'float32') {
    lines.push('', '# The page trained in float32 (its fast mode); scikit-learn keeps float32 inputs in float32.');
    lines.push('X_train, X_test = X_train.astype(np.float32), X_test.astype(np.float32)');
  }

  lines.push('');
  beyondBlock(config, lines);
  for (const paragraph of plan.comments) lines.push(...commentLines(paragraph));
  const args = estimatorArgs(config, plan.overrides);
  const head = estimator;
  let est;
  if (!args.length) est = `${head}()`;
  else {
    const width = Math.max(...args.map(([a]) => a.length));
    est = `${head}(\n${args.map(([a, note]) => `    ${note ? a.padEnd(width) : a}${note}`).join('\n')}\n)`;
  }
  if (derived.length || standardize) {
    const steps = [];
    if (derived.length) steps.push('FunctionTransformer(derived_features)');
    if (standardize) steps.push('StandardScaler()');
    lines.push(`model = make_pipeline(\n    ${steps.join(',\n    ')},\n    ${est.replace(/\n/g, '\n    ')},\n)`);
  } else {
    lines.push(`model = ${est}`);
  }
  lines.push('model.fit(X_train, y_train)');
  const score = task === 'classification' ? 'accuracy' : 'R^2';
  lines.push(`print("train ${score}:", model.score(X_train, y_train))`);
  if (nTest > 0) lines.push(`print("test ${score}:", model.score(X_test, y_test))`);
  // The fitted estimator: a pipeline's last step.
  const mlp = derived.length || standardize ? 'model[-1]' : 'model';
  lines.push(`print("n_iter_:", ${mlp}.n_iter_, "loss_:", ${mlp}.loss_)`);
  if (facts) {
    const scoreWord = task === 'classification' ? 'accuracy' : 'R^2';
    const figures = [`n_iter_ = ${facts.epochs}`, `loss_ = ${lossText(facts.loss)}`, `train ${scoreWord} ${scoreText(facts.trainScore)}`];
    if (nTest > 0) figures.push(`test ${scoreWord} ${scoreText(facts.testScore)}`);
    lines.push(`# the page: ${figures.join(', ')}`);
  }
  if (fixed) weightPictureLines(mlp, lines);
  return `${lines.join('\n')}\n`;
}
