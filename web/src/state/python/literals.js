// Python literals for the export: a JS value as Python writes it.

/** A JS value as a Python literal. */
export function pyValue(v) {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (v === 'inf' || v === Infinity) return 'np.inf';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
  return String(v);
}

export const float = (v) => (Number.isInteger(v) ? `${v}.0` : String(v));
