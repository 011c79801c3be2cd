// The top bar of the knobs people change most, as in TensorFlow Playground's: activation,
// solver, learning_rate_init, alpha and batch_size, on the first screen under the training bar.
// Each is a second control for the same PARAMS entry as in the Hyperparameters panel
// (controls.field), so the two stay in sync; hidden_layer_sizes has its one editor in the
// Network panel, and the speed is in the training bar.
import { estimatorOf } from '../state/config.js';
import { h } from '../ui/dom.js';

export const ESSENTIALS = ['activation', 'solver', 'learning_rate_init', 'alpha', 'batch_size'];

/** createEssentials({ controls, store }) -> { el } */
export function createEssentials({ controls, store }) {
  const estimator = h('code', { class: 'essentials-estimator' });
  const sync = (config) => {
    estimator.textContent = estimatorOf(config);
  };
  store.subscribe(sync);
  sync(store.get());
  const all = h('a', { class: 'essentials-more', href: '#hyper-title', title: 'Every parameter of the estimator, grouped as scikit-learn documents them' },
    'All parameters ↓');
  const el = h('section', { class: 'essentials', 'aria-labelledby': 'essentials-title' },
    h('h2', { id: 'essentials-title', class: 'essentials-title' }, estimator, h('span', { class: 'visually-hidden' }, ': the main parameters')),
    h('div', { class: 'essentials-fields' }, ESSENTIALS.map((id) => controls.field(id, { compact: true }).el), all));
  return { el };
}
