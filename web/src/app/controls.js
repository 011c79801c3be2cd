// The page's controls by id: every panel registers what it builds, so that the
// config, engine errors and embed locks reach each control wherever it is.
import { PARAM_BY_ID } from '../state/config.js';
import { createField } from '../ui/field.js';

/** What a locked control says when pointed at. */
export const LOCKED_TITLE = 'Locked by the page that embeds this playground';

export function createControls(store) {
  const byId = new Map();
  const errors = new Map(); // id -> the message shown, for the controls made after it came
  let locked = new Set();

  /** Locks (or unlocks) one control: disabled, marked data-locked, and saying why when pointed at. */
  const setLock = (control, on) => {
    control.setLocked?.(on);
    const { el } = control;
    if (!el) return;
    el.toggleAttribute('data-locked', on);
    if (on) {
      el.dataset.unlockedTitle = el.title ?? '';
      el.title = LOCKED_TITLE;
    } else if ('unlockedTitle' in el.dataset) {
      el.title = el.dataset.unlockedTitle;
      delete el.dataset.unlockedTitle;
    }
  };

  // A control made later (a panel filled a few frames after the page opened) gets the current
  // config, the lock and the error its id already has.
  const add = (id, control) => {
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(control);
    control.update?.(store.get());
    if (locked.has(id)) setLock(control, true);
    if (errors.has(id)) control.setError?.(errors.get(id));
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
      errors.set(id, error.message);
      for (const c of list) c.setError?.(error.message);
      return list.some((c) => c.el?.isConnected && !c.el.closest('[hidden]'));
    },
    clearErrors() {
      errors.clear();
      for (const list of byId.values()) for (const c of list) c.setError?.(null);
    },
    /** Locks these controls (an embed's lock=): disabled, marked data-locked, and saying why when pointed at. */
    lock(ids) {
      locked = new Set(ids);
      for (const [id, list] of byId) for (const c of list) setLock(c, locked.has(id));
    },
    isLocked: (id) => locked.has(id),
  };
}

/**
 * The control an engine error is about: the one whose id is the error's parameter (the protocol names
 * a setting as the page's control for it, engine/protocol.js), or null when no control is.
 */
export function controlIdOf(error) {
  const name = String(error?.parameter ?? '');
  return Object.hasOwn(PARAM_BY_ID, name) ? name : null;
}
