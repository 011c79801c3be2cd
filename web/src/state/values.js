// A parameter's values: parsed from a field or a link, checked against its row of PARAMS, and
// formatted back as link and input text.
import { DEFAULTS } from './defaults.js';
import { DERIVED, MAX_LAYERS, MAX_SEED, MAX_UNITS } from './params.js';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const resolve = (v, config) => (typeof v === 'function' ? v(config) : v);

/** Short readable text of a number ("0.0001", "1e-8"). */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  return String(v);
}

function parseNumber(text) {
  const t = String(text).trim().replace(/ /g, '+');
  return NUMBER.test(t) ? Number(t) : NaN;
}

/** What a parameter allows, in words ("a number in [0, 1)"). */
export function allowedText(param, config = DEFAULTS) {
  const min = resolve(param.min, config);
  const max = resolve(param.max, config);
  const range = () =>
    `${param.minOpen ? '(' : '['}${formatNumber(min)}, ${formatNumber(max)}${param.maxOpen ? ')' : ']'}`;
  switch (param.type) {
    case 'enum':
      return `one of ${param.options.map((o) => (typeof o === 'string' ? `'${o}'` : o)).join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'int':
      return `an integer from ${formatNumber(min)} to ${formatNumber(max)}`;
    case 'real':
      return `a number in ${range()}`;
    case 'seed':
      return `an integer from 0 to ${MAX_SEED}`;
    case 'batch':
      return `'auto' or an integer from ${min} to ${max}`;
    case 'patience':
      return `an integer from ${min} to ${max}, or 'inf'`;
    case 'layers':
      return `0 to ${MAX_LAYERS} layer sizes, each an integer from 1 to ${MAX_UNITS}`;
    case 'features':
      return `a list of ${DERIVED.join(', ')}`;
    default:
      return 'a valid value';
  }
}

function inRange(param, v, config) {
  const min = resolve(param.min, config);
  const max = resolve(param.max, config);
  if (min !== undefined && (param.minOpen ? !(v > min) : !(v >= min))) return false;
  if (max !== undefined && (param.maxOpen ? !(v < max) : !(v <= max))) return false;
  return true;
}

/** null if value is valid for param (under config), else a message naming the parameter and the value. */
export function checkValue(param, value, config = DEFAULTS) {
  const ok = (() => {
    switch (param.type) {
      case 'enum':
        return param.options.includes(value);
      case 'bool':
        return typeof value === 'boolean';
      case 'int':
        return Number.isSafeInteger(value) && inRange(param, value, config);
      case 'real':
        return typeof value === 'number' && Number.isFinite(value) && inRange(param, value, config);
      case 'seed':
        return Number.isSafeInteger(value) && value >= 0 && value <= MAX_SEED;
      case 'batch':
        return value === 'auto' || (Number.isSafeInteger(value) && inRange(param, value, config));
      case 'patience':
        return value === 'inf' || value === Infinity || (Number.isSafeInteger(value) && inRange(param, value, config));
      case 'layers':
        return Array.isArray(value) && value.length <= MAX_LAYERS &&
          value.every((u) => Number.isSafeInteger(u) && u >= 1 && u <= MAX_UNITS);
      case 'features':
        return Array.isArray(value) && value.every((f) => DERIVED.includes(f)) && new Set(value).size === value.length;
      default:
        return false;
    }
  })();
  return ok ? null : `${param.label} must be ${allowedText(param, config)}; got ${describeValue(value)}`;
}

function describeValue(v) {
  if (typeof v === 'string') return v === '' ? 'nothing' : `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/**
 * Reads a value typed by a user or found in a link: { value } or { error }.
 * Accepts a little more than the link writes (true/false, 'inf', lists separated by , _ . space).
 */
export function parseValue(param, text, config = DEFAULTS) {
  const t = String(text ?? '').trim();
  let value;
  switch (param.type) {
    case 'enum': {
      const match = param.options.find((o) => String(o).toLowerCase() === t.toLowerCase());
      value = match === undefined ? t : match;
      break;
    }
    case 'bool':
      value = { 1: true, true: true, yes: true, on: true, 0: false, false: false, no: false, off: false }[t.toLowerCase()];
      if (value === undefined) value = t;
      break;
    case 'int':
    case 'seed':
    case 'real':
      value = t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'batch':
      value = t.toLowerCase() === 'auto' ? 'auto' : t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'patience':
      value = ['inf', 'infinity', 'np.inf'].includes(t.toLowerCase()) ? 'inf' : t === '' ? t : parseNumber(t);
      if (Number.isNaN(value)) value = t;
      break;
    case 'layers': {
      const parts = t.replace(/^[([]|[)\]]$/g, '').split(/[\s,_.;x-]+/).filter(Boolean);
      const nums = parts.map(parseNumber);
      value = t === '' || t === '0' || t.toLowerCase() === 'none' ? [] : nums.some(Number.isNaN) ? t : nums;
      break;
    }
    case 'features':
      value = t === '' || t.toLowerCase() === 'none' ? [] : t.split(/[\s,_.;]+/).filter(Boolean).map((f) => f.toLowerCase());
      break;
    default:
      value = t;
  }
  const error = checkValue(param, value, config);
  return error ? { error } : { value };
}

/** The value as link/input text. */
export function formatValue(param, value) {
  switch (param.type) {
    case 'bool':
      return value ? '1' : '0';
    case 'layers':
      return value.length ? value.join('_') : '0';
    case 'features':
      return value.join('_');
    case 'patience':
      return value === Infinity || value === 'inf' ? 'inf' : formatNumber(value);
    case 'int':
    case 'real':
    case 'seed':
      return formatNumber(value);
    default:
      return String(value);
  }
}

export function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
