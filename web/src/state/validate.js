// A whole config checked against the parameter table.
import { getPath } from './defaults.js';
import { PARAMS } from './params.js';
import { checkValue } from './values.js';

/** Every problem of a config: [{ id, message }] (empty when all is well). */
export function validateConfig(config) {
  const problems = [];
  for (const p of PARAMS) {
    const message = checkValue(p, getPath(config, p.path), config);
    if (message) problems.push({ id: p.id, message });
  }
  return problems;
}
