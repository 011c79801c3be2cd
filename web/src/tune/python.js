// Tune's "Export to Python": the page's own script (state/python.js: the data, the split, the
// estimator or its pipeline) with the search in place of its fit: GridSearchCV,
// RandomizedSearchCV, validation_curve or learning_curve with the same values and folds, which
// give the numbers Tune shows (float64). Pure: no DOM.
import { pyValue, toPython } from '../state/python.js';
import { activeDerived, estimatorOf } from '../state/queries.js';

/** The hyperparameter's name as the search sees it: a pipeline's step prefix when there is one. */
function nameIn(config, id) {
  const piped = activeDerived(config).length > 0 || config.data.standardize;
  return piped ? `${estimatorOf(config).toLowerCase()}__${id}` : id;
}

const listOf = (values) => `[${values.map(pyValue).join(', ')}]`;

/** The search's lines, after the script's `model = ...`. */
function searchLines(config, spec) {
  const grid = `{${spec.params.map((p) => `'${nameIn(config, p.id)}': ${listOf(p.values)}`).join(', ')}}`;
  const cv = `cv=${spec.cv}`;
  switch (spec.kind) {
    case 'grid':
      return ['from sklearn.model_selection import GridSearchCV', '',
        `search = GridSearchCV(model, ${grid}, ${cv}, return_train_score=True)`, 'search.fit(X_train, y_train)',
        'print("best_params_:", search.best_params_)', 'print("best_score_:", search.best_score_)',
        'for rank, params, mean, std in sorted(zip(search.cv_results_["rank_test_score"], search.cv_results_["params"],',
        '                                      search.cv_results_["mean_test_score"], search.cv_results_["std_test_score"]), key=lambda r: r[0]):',
        '    print(rank, params, f"{mean:.4f} +/- {std:.4f}")'];
    case 'random':
      return ['from sklearn.model_selection import RandomizedSearchCV', '',
        `search = RandomizedSearchCV(model, ${grid}, n_iter=${spec.n_iter}, random_state=${spec.random_state}, ${cv}, return_train_score=True)`,
        'search.fit(X_train, y_train)',
        'print("best_params_:", search.best_params_)', 'print("best_score_:", search.best_score_)',
        'for params, mean, rank in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"], search.cv_results_["rank_test_score"]):',
        '    print(rank, params, f"{mean:.4f}")'];
    case 'validation_curve': {
      const p = spec.params[0];
      return ['from sklearn.model_selection import validation_curve', '',
        `param_range = ${listOf(p.values)}`,
        `train_scores, test_scores = validation_curve(model, X_train, y_train, param_name='${nameIn(config, p.id)}', param_range=param_range, ${cv})`,
        'for value, train, test in zip(param_range, train_scores, test_scores):',
        '    print(value, f"train {train.mean():.4f} +/- {train.std():.4f}", f"CV {test.mean():.4f} +/- {test.std():.4f}")'];
    }
    default:
      return ['from sklearn.model_selection import learning_curve', '',
        `train_sizes_abs, train_scores, test_scores = learning_curve(model, X_train, y_train, train_sizes=${listOf(spec.train_sizes)}, ${cv})`,
        'for size, train, test in zip(train_sizes_abs, train_scores, test_scores):',
        '    print(size, f"train {train.mean():.4f} +/- {train.std():.4f}", f"CV {test.mean():.4f} +/- {test.std():.4f}")'];
  }
}

/**
 * The script: the page's data and model (toPython), then the search on the training rows.
 * @param {object} config
 * @param {object} spec
 * @param {{ link?: string }} [options]
 */
export function tunePython(config, spec, { link } = {}) {
  const page = toPython(config, { link }).split('\n');
  const fitAt = page.findIndex((l) => l.startsWith('model.fit('));
  const head = fitAt >= 0 ? page.slice(0, fitAt) : page;
  const title = `# MLP Playground Tune: ${spec.kind.replace('_', ' ')} with ${spec.cv}-fold cross-validation on the training rows.`;
  return `${[title, ...head, ...searchLines(config, spec)].join('\n')}\n`;
}
