// The page's one source of truth for the config: set(path, value) makes a new
// config object and tells every subscriber (next, previous).
import { getPath, sameValue, setPath } from '../state/config.js';

/**
 * normalize(next, prev): a hook that may adjust a new config before anyone sees it.
 * @param {object} initial
 * @param {{ normalize?: (next: object, prev: object) => object }} [options]
 */
export function createStore(initial, { normalize = (next) => next } = {}) {
  let config = initial;
  const listeners = new Set();
  return {
    get: () => config,
    /**
     * Sets one value; does nothing if it is unchanged.
     * @param {string} path
     * @param {unknown} value
     */
    set(path, value) {
      if (sameValue(getPath(config, path), value)) return;
      this.replace(setPath(config, path, value));
    },
    /** Sets several values at once: update({ 'data.noise': 0.1, ... }). */
    update(changes) {
      let next = config;
      for (const [path, value] of Object.entries(changes)) next = setPath(next, path, value);
      if (!sameValue(next, config)) this.replace(next);
    },
    replace(next) {
      const prev = config;
      config = normalize(next, prev);
      for (const fn of listeners) fn(config, prev);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
