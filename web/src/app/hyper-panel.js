// The Hyperparameters panel: every estimator parameter under its scikit-learn
// name, grouped as scikit-learn's documentation reads. hidden_layer_sizes has one
// editor, in the Network panel: here a button leads to it.
import { GROUPS, PARAMS, estimatorOf } from '../state/config.js';
import { h } from '../ui/dom.js';

/** Groups by column (the columns wrap on narrow screens). */
const COLUMNS = [['architecture', 'regularisation'], ['solver'], ['stopping'], ['reproducibility', 'beyond']];
const NOTES = {
  solver: 'Knobs the current solver ignores are dimmed; they stay editable.',
  beyond: "This engine's extensions: MLPClassifier and MLPRegressor have none of them. At their defaults the run is scikit-learn's; the Python export notes what it leaves out.",
};
/** Parameters with their editor elsewhere on the page. */
const ELSEWHERE = new Set(['hidden_layer_sizes']);

/**
 * createHyperPanel({ controls, store, layers }) -> { el, fillFirst(), fillRest() }: its columns'
 * fields are made by fillFirst (the first two) and fillRest (the others).
 * layers: the layers editor's element (the architecture group's button focuses it).
 */
export function createHyperPanel({ controls, store, layers }) {
  const layersLink = () => {
    const summary = h('code', { class: 'layers-summary' });
    const sync = (config) => {
      const sizes = config.model.hidden_layer_sizes;
      summary.textContent = sizes.length === 1 ? `(${sizes[0]},)` : `(${sizes.join(', ')})`;
    };
    store.subscribe(sync);
    sync(store.get());
    return h('div', { class: 'field elsewhere' },
      h('div', { class: 'field-head' }, h('span', { class: 'field-label' }, 'hidden_layer_sizes'), summary),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'go-layers', onclick: () => {
        layers?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        layers?.querySelector('input, button:not(:disabled)')?.focus({ preventScroll: true });
      } }, 'Edit in the Network panel'));
  };
  const groupEl = (group) => {
    const fields = PARAMS.filter((p) => p.group === group)
      .map((p) => (ELSEWHERE.has(p.id) ? layersLink() : controls.field(p.id).el));
    return h('fieldset', { class: `param-group group-${group}` },
      h('legend', {}, GROUPS[group], group === 'beyond' ? h('span', { class: 'beyond-badge' }, 'not in scikit-learn') : null),
      NOTES[group] ? h('p', { class: 'group-note' }, NOTES[group]) : null,
      fields);
  };
  const columnEl = (column) => h('div', { class: 'param-column' }, column.map(groupEl));
  const groups = h('div', { class: 'param-groups' });
  const estimator = h('code', { class: 'estimator-name' });
  const update = (config) => {
    estimator.textContent = estimatorOf(config);
  };
  update(store.get());
  store.subscribe(update);
  const el = h('section', { class: 'panel hyper-panel', 'aria-labelledby': 'hyper-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'hyper-title', class: 'panel-title' }, 'Hyperparameters'),
      h('span', { class: 'panel-sub' }, 'Every parameter of ', estimator, ' under its scikit-learn name (the most used are also in the row of main parameters)')),
    groups);
  // The columns are made when the page fills the panel (page-layout.js), the first two with it
  // and the last two a frame later: the whole panel's first layout was the longest of the page's
  // opening, and making its 30 fields with the rest of the page a 20 ms task.
  return {
    el,
    fillFirst: () => groups.append(...COLUMNS.slice(0, 2).map(columnEl)),
    fillRest: () => groups.append(...COLUMNS.slice(2).map(columnEl)),
  };
}
