// A whole config checked against the parameter table.
import { getPath } from './defaults.js';
import { PARAMS } from './params.js';
import { traceProblem } from './trace-link.js';
import { tuneProblem } from './tune-link.js';
import { checkValue } from './values.js';

/** Every problem of a config: [{ id, message }] (empty when all is well). */
export function validateConfig(config) {
  const problems = [];
  for (const p of PARAMS) {
    const message = checkValue(p, getPath(config, p.path), config);
    if (message) problems.push({ id: p.id, message });
  }
  const trace = traceProblem(config.view?.trace);
  if (trace) problems.push({ id: 'trace', message: trace });
  const tune = tuneProblem(config.view?.tune);
  if (tune) problems.push({ id: 'tune', message: tune });
  return problems;
}
