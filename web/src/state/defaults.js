// Paths into the config object and the page's default config (built from PARAMS).
import { PARAMS } from './params.js';

export function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** A copy of obj with path set to value (copies only the objects on the path). */
export function setPath(obj, path, value) {
  const [head, ...rest] = path.split('.');
  return { ...obj, [head]: rest.length ? setPath(obj[head] ?? {}, rest.join('.'), value) : value };
}

const clone = (v) => (typeof structuredClone === 'function' ? structuredClone(v) : JSON.parse(JSON.stringify(v)));

function buildDefaults() {
  let c = { data: { edits: { added: [], removed: [] }, csv: null }, model: {}, view: {}, pins: [], lesson: null, embed: { enabled: false, show: [], lock: [], autoplay: false } };
  for (const p of PARAMS) c = setPath(c, p.path, clone(p.default));
  c.view.trace = null; // "Follow one input": null | { point: [x, y], step } (state/trace-link.js)
  c.view.tune = null; // Tune's search: null | a spec (tune/spec.js, state/tune-link.js)
  return c;
}

/** The page's defaults (they differ from scikit-learn's where a playground needs it). */
export const DEFAULTS = Object.freeze(buildDefaults());

/** A fresh, mutable copy of the defaults. */
export const defaultConfig = () => clone(DEFAULTS);
export const cloneConfig = clone;
