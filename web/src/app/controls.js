// The page's controls by id: every panel registers what it builds, so that the
// config, engine errors and embed locks reach each control wherever it is.
import { PARAM_BY_ID } from '../state/config.js';
import { createField } from '../ui/field.js';

/** Engine parameter names (as errors name them) -> control ids. */
const ERROR_TARGETS = {
  test_fraction: 'test_fraction',
  testFraction: 'test_fraction',
  'dataset.generator': 'generator',
  generator: 'generator',
  splitSeed: 'data_seed',
};

/** What a locked control says when pointed at. */
export const LOCKED_TITLE = 'Locked by the page that embeds this playground';

export function createControls(store) {
  const byId = new Map();
  let locked = new Set();

  const add = (id, control) => {
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(control);
    control.update?.(store.get());
    if (locked.has(id)) control.setLocked?.(true);
    return control;
  };

  store.subscribe((config) => {
    for (const list of byId.values()) for (const c of list) c.update?.(config);
  });

  return {
    add,
    /** A field for PARAMS[id], committing to the store. */
    field(id, options = {}) {
      const param = PARAM_BY_ID[id];
      return add(id, createField(param, { ...options, commit: (value) => store.set(param.path, value) }));
    },
    get: (id) => byId.get(id) ?? [],
    /** Shows an engine error at the control it names; returns false if no control shows it. */
    showError(error) {
      const id = controlIdOf(error);
      const list = id ? byId.get(id) : null;
      if (!list?.length) return false;
      for (const c of list) c.setError?.(error.message);
      return list.some((c) => c.el?.isConnected && !c.el.closest('[hidden]'));
    },
    clearErrors() {
      for (const list of byId.values()) for (const c of list) c.setError?.(null);
    },
    /** Locks these controls (an embed's lock=): disabled, marked data-locked, and saying why when pointed at. */
    lock(ids) {
      locked = new Set(ids);
      for (const [id, list] of byId) {
        for (const c of list) {
          const on = locked.has(id);
          c.setLocked?.(on);
          if (!c.el) continue;
          c.el.toggleAttribute('data-locked', on);
          if (on) {
            c.el.dataset.unlockedTitle = c.el.title ?? '';
            c.el.title = LOCKED_TITLE;
          } else if ('unlockedTitle' in c.el.dataset) {
            c.el.title = c.el.dataset.unlockedTitle;
            delete c.el.dataset.unlockedTitle;
          }
        }
      }
    },
    isLocked: (id) => locked.has(id),
  };
}

/** The control an engine error is about (scikit-learn names; dataset.params.<name> for the data). */
export function controlIdOf(error) {
  let name = String(error?.parameter ?? '');
  if (ERROR_TARGETS[name]) return ERROR_TARGETS[name];
  if (name.startsWith('dataset.params.')) {
    name = name.slice('dataset.params.'.length);
    if (name === 'random_state') return 'data_seed';
  }
  if (name === 'random_state' && error.request === 'data') return 'data_seed';
  if (name === 'precision') return 'precision';
  return PARAM_BY_ID[name] ? name : null;
}
