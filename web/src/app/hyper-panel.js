// The Hyperparameters panel: every estimator parameter under its scikit-learn
// name, grouped as scikit-learn's documentation reads.
import { GROUPS, PARAMS, estimatorOf } from '../state/config.js';
import { h } from '../ui/dom.js';

/** Groups by column (the columns wrap on narrow screens). */
const COLUMNS = [['architecture', 'regularisation'], ['solver'], ['stopping'], ['reproducibility', 'beyond']];
const NOTES = {
  architecture: 'The layers are also edited in the Network panel.',
  solver: 'Knobs the current solver ignores are dimmed; they stay editable.',
  beyond: "This engine's extensions: MLPClassifier and MLPRegressor have none of them. At their defaults the run is scikit-learn's; the Python export notes what it leaves out.",
};

/** createHyperPanel({ controls, store }) -> { el } */
export function createHyperPanel({ controls, store }) {
  const groupEl = (group) => {
    const fields = PARAMS.filter((p) => p.group === group).map((p) => controls.field(p.id).el);
    return h('fieldset', { class: `param-group group-${group}` },
      h('legend', {}, GROUPS[group], group === 'beyond' ? h('span', { class: 'beyond-badge' }, 'not in scikit-learn') : null),
      NOTES[group] ? h('p', { class: 'group-note' }, NOTES[group]) : null,
      fields);
  };
  const groups = COLUMNS.map((column) => h('div', { class: 'param-column' }, column.map(groupEl)));
  const estimator = h('code', { class: 'estimator-name' });
  const update = (config) => {
    estimator.textContent = estimatorOf(config);
  };
  update(store.get());
  store.subscribe(update);
  const el = h('section', { class: 'panel hyper-panel', 'aria-labelledby': 'hyper-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'hyper-title', class: 'panel-title' }, 'Hyperparameters'),
      h('span', { class: 'panel-sub' }, 'Parameters of ', estimator, ' (scikit-learn names)')),
    h('div', { class: 'param-groups' }, groups));
  return { el };
}
