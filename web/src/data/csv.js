// CSV upload, drag-and-drop and paste: text -> a dataset the engine can train on.
// Pure: no DOM, testable under node.
//
// parseCsv never throws on bad input: it returns { error: { message, line, column }, ... }
// where line is the 1-based line of the text (a BOM does not count; CRLF is one
// break) and column the 1-based column, either null when they do not apply. The
// message already names both, so the UI can show it as is and keep the text.
//
// The rules:
// - Delimiter: comma, semicolon or tab. Detected as the one that splits the first
//   20 records into the same number (>= 2) of fields, the most fields winning and
//   ties going to tab, then semicolon, then comma; but a file with a steady count of
//   semicolons (or tabs) per line is a semicolon (tab) file when it has decimal commas, even
//   where the commas split it into more fields. A delimiter under which a quote is left open
//   or followed by text in those records does not split them.
// - Fields: RFC 4180 quoting ("a, b", "say ""hi""", line breaks inside quotes);
//   spaces around a field, quoted or not, are dropped; LF, CRLF or CR line ends; a UTF-8 BOM and a
//   final line break are fine. Blank lines, and lines whose every field is empty,
//   are skipped. A last column that is empty on every line (each line ends with a
//   delimiter) is dropped, with a warning.
// - Numbers: JavaScript-style decimals with an optional exponent ("1", "-2.5",
//   ".5", "1e-3"). With a semicolon or tab delimiter a decimal comma ("2,5") is read
//   too. Empty cells and NA, N/A, NaN, null, none, ? are missing values: an error.
// - Header: the first line is a header when none of its cells is a number and one
//   of its text cells has a number under it in the next 10 lines (a lone line: when
//   it has text), or when the target is named and the first line holds that name.
//   options.header (true/false; anything else means detect) overrides.
//   Without a header the columns are named "column 1", "column 2", ...
// - Target: the last column unless options.targetColumn names it (a string, matched
//   exactly, then ignoring case) or gives its 0-based index (negative counts from
//   the end). Every other column is a feature and must be numeric.
// - Task (options.task overrides): classification when a target value is not a
//   number, or when the values are integers with at most 20 distinct values and
//   either at most 2 of them or at most half as many as rows (so each class has two
//   rows on average); regression otherwise. Classes are sorted like scikit-learn's
//   np.unique: numerically for numeric labels, by code unit for text labels.
// - Limits (CSV_LIMITS): 100,000 data rows, 1,000 columns, 5,000,000 values, 100
//   classes; at least 2 data rows, and at least 2 classes for classification. The page reads
//   files of at most CSV_MAX_BYTES (100 MB: 5,000,000 values of up to 20 characters), checked
//   before reading (fileTooLarge).
import { thousands } from '../state/thousands.js';

export const CSV_LIMITS = { maxRows: 100_000, maxColumns: 1_000, maxCells: 5_000_000, maxClasses: 100 };
export const CSV_MAX_BYTES = 100_000_000;
export const DELIMITERS = ['\t', ';', ','];
export const MAX_INTEGER_CLASSES = 20;

const DETECT_RECORDS = 20;
const PROGRESS_EVERY = 2048; // records between two onProgress calls
const SCAN_SHARE = 0.5;
const HEADER_LOOKAHEAD = 10;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(['na', 'n/a', 'nan', 'null', 'none', '?']);
const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Thrown inside parseCsv only, and turned into its { error } result. */
class CsvFailure extends Error {
  constructor(message, line = null, column = null) {
    super(message);
    this.line = line;
    this.column = column;
  }
}
const plural = (n, one, many = `${one}s`) => `${thousands(n)} ${n === 1 ? one : many}`;

/** Line breaks in s, counting CRLF once. */
function countBreaks(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** True for the characters String.prototype.trim removes (white space and line terminators). */
function isTrimmed(c) {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True when text[start, end) is empty once trimmed. */
function isBlank(text, start, end) {
  for (let i = start; i < end; i++) if (!isTrimmed(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Splits text into records, calling visit(fields, line, end, spans) for each record that is not
 * blank (line: where it starts, 1-based; end: the index in text after it; spans: where each field
 * is in text, before trimming, as start and end pairs, or -1 and -1 for a quoted field); visit
 * returns true to stop. fields are the fields' trimmed values; withText(k) false leaves the
 * unquoted ones of the k-th record visited (from 0) null, for a caller that keeps only spans.
 * Throws a CsvFailure for a quote that is never closed or text after a closing quote.
 */
function scanRecords(text, delimiter, visit, withText = (/** @type {number} */ _k) => true) {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  let visited = 0;
  while (i < n) {
    const start = line;
    const keepText = withText(visited);
    const fields = [];
    const spans = [];
    let blank = true;
    let more = true;
    while (more) {
      let j = i;
      while (j < n && text.charCodeAt(j) === 32) j++;
      if (j < n && text.charCodeAt(j) === 34) {
        const openLine = line;
        let value = '';
        let k = j + 1;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) {
            throw new CsvFailure(`Line ${openLine}, column ${fields.length + 1}: the quote opened here is never closed.`,
              openLine, fields.length + 1);
          }
          value += text.slice(k, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            k = q + 2;
          } else {
            k = q + 1;
            break;
          }
        }
        line += countBreaks(value);
        const trimmed = value.trim();
        fields.push(trimmed);
        spans.push(-1, -1);
        if (trimmed !== '') blank = false; // "" is an empty field too: a line of them is blank
        while (k < n && text.charCodeAt(k) === 32) k++;
        i = k;
        const c = text.charCodeAt(i);
        if (i < n && c !== d && c !== 10 && c !== 13) {
          const after = text.slice(i, i + 10).split(/[\r\n]/)[0];
          throw new CsvFailure(`Line ${line}, column ${fields.length}: unexpected text ${JSON.stringify(after)} after the closing quote.`,
            line, fields.length);
        }
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === d || c === 10 || c === 13) break;
          k++;
        }
        if (keepText) {
          const value = text.slice(i, k).trim();
          if (value !== '') blank = false;
          fields.push(value);
        } else {
          if (blank && !isBlank(text, i, k)) blank = false;
          fields.push(null);
        }
        spans.push(i, k);
        i = k;
      }
      if (i < n && text.charCodeAt(i) === d) {
        i++;
      } else {
        more = false;
        if (i < n) {
          i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
          line++;
        }
      }
    }
    if (!blank) {
      if (visit(fields, start, i, spans)) return;
      visited++;
    }
  }
}

/** The delimiter that splits the first records most consistently (see the rules above). */
export function detectDelimiter(text) {
  let best = null;
  let widest = null;
  let decimal = null; // the widest steady semicolon or tab split with decimal commas in its fields
  for (const d of DELIMITERS) {
    const counts = [];
    let broken = false;
    let commas = false;
    try {
      scanRecords(text, d, (fields) => {
        if (d !== ',' && !commas) commas = fields.some((s) => DECIMAL_COMMA.test(s));
        return counts.push(fields.length) >= DETECT_RECORDS;
      });
    } catch {
      // A quote error with this delimiter: it does not split the records (it may still be the
      // widest, so that the error names the right counts).
      broken = true;
    }
    if (!counts.length) continue;
    const k = counts[0];
    const steady = !broken && k >= 2 && counts.every((c) => c === k);
    if (steady && (!best || k > best.k)) best = { d, k };
    if (steady && commas && (!decimal || k > decimal.k)) decimal = { d, k };
    if (!widest || k > widest.k) widest = { d, k };
  }
  // Decimal commas split a line into more comma fields than it has: they do not make it a comma file.
  if (best?.d === ',' && decimal) return decimal.d;
  // Ragged: the delimiter that splits the first line most, so the error names the right counts.
  return (best ?? widest ?? { d: ',' }).d;
}

/** A cell's number, or NaN when it is not written as one (Infinity when it overflows). */
function toNumber(s, decimalComma) {
  if (NUMBER.test(s)) return Number(s);
  if (decimalComma && DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return NaN;
}

const isMissing = (s) => s === '' || MISSING.has(s.toLowerCase());

/**
 * Parses CSV text into a dataset. options: { targetColumn?: string | number, delimiter?: ',' | ';' | '\t',
 * header?: boolean, task?: 'classification' | 'regression', limits?: partial CSV_LIMITS,
 * onProgress?(fraction) (called now and then with the share of the work done, 0..1) }.
 * Returns { error: null, columns, featureNames, targetName, targetColumn (0-based), hasHeader,
 * delimiter, nSamples, nFeatures, X: Float64Array (nSamples x nFeatures, row-major), y: Float64Array
 * (class index or target value), task, taskReason, classNames (null for regression: the labels as text),
 * classLabels (the labels as the file has them: numbers for numeric labels, else strings), classCounts,
 * warnings: [string] }, or { error: { message, line, column }, ...whatever was known: delimiter,
 * columns, hasHeader, targetColumn } so the UI can still offer the column picker.
 */
export function parseCsv(text, options = {}) {
  const known = {};
  try {
    return parse(text, options, known);
  } catch (err) {
    if (!(err instanceof CsvFailure)) throw err;
    return { error: { message: err.message, line: err.line, column: err.column }, ...known };
  }
}

function parse(text, options, known) {
  if (typeof text !== 'string') throw new CsvFailure('The CSV input is not text.');
  const limits = { ...CSV_LIMITS, ...options.limits };
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const warnings = [];

  const delimiter = options.delimiter ?? detectDelimiter(src);
  if (!DELIMITERS.includes(delimiter)) {
    throw new CsvFailure(`Unsupported delimiter ${JSON.stringify(delimiter)}: use a comma, semicolon or tab.`);
  }
  known.delimiter = delimiter;
  const decimalComma = delimiter !== ',';

  // Records, stopping one past a limit so a huge paste fails fast. They are kept as where their
  // fields are in the text (a table of spans), not as a string per cell: a big file's millions of
  // strings would all live until the end, and the garbage collector would copy them again and again.
  const records = createRecordTable(src);
  const lines = [];
  let width = 0;
  const onProgress = typeof options.onProgress === 'function' ? options.onProgress : null;
  scanRecords(src, delimiter, (fields, line, end, spans) => {
    // Reading the records is about half the work, converting the cells the other half.
    if (onProgress && records.length % PROGRESS_EVERY === 0) onProgress(SCAN_SHARE * (end / src.length));
    if (!records.length) {
      width = fields.length;
      if (width > limits.maxColumns) {
        throw new CsvFailure(`Line ${line} has ${thousands(width)} columns; at most ${thousands(limits.maxColumns)} are supported.`, line);
      }
    } else if (fields.length !== width) {
      throw new CsvFailure(
        `Line ${line} has ${plural(fields.length, 'field')}, expected ${thousands(width)} as on line ${lines[0]}.`,
        line, Math.min(fields.length, width) + 1);
    }
    records.push(fields, spans);
    lines.push(line);
    return records.length > limits.maxRows + 1 || (records.length - 1) * width > limits.maxCells;
  }, (k) => k < HEAD_RECORDS);
  if (!records.length) throw new CsvFailure('The CSV is empty.');
  if (width < 2) {
    throw new CsvFailure(`Line ${lines[0]} has only one column. Separate the values with commas, semicolons or tabs: `
      + 'the data needs at least one feature column and a target column.', lines[0]);
  }
  if (records.lastAllEmpty) {
    records.dropLast();
    width--;
    warnings.push(`Ignored the empty last column (every line ends with a ${DELIMITER_NAMES[delimiter]}).`);
    if (width < 2) throw new CsvFailure(`Line ${lines[0]} has only one column with values.`, lines[0]);
  }

  const target = options.targetColumn;
  const hasHeader = typeof options.header === 'boolean' ? options.header : detectHeader(records.head, decimalComma, target);
  known.hasHeader = hasHeader;
  const columns = records.head[0].map((s, c) => (hasHeader && s !== '' ? s : `column ${c + 1}`));
  known.columns = columns;
  const label = (c) => (hasHeader ? `column ${JSON.stringify(columns[c])} (${c + 1})` : `column ${c + 1}`);
  const t = resolveTarget(target, columns, hasHeader);
  known.targetColumn = t;

  const first = hasHeader ? 1 : 0;
  const n = records.length - first;
  if (n > limits.maxRows) {
    throw new CsvFailure(`Line ${lines[first + limits.maxRows]}: more than ${thousands(limits.maxRows)} data rows; `
      + `at most ${thousands(limits.maxRows)} are supported.`, lines[first + limits.maxRows]);
  }
  if (n * width > limits.maxCells) {
    throw new CsvFailure(`The data has more than ${thousands(limits.maxCells)} values (rows x columns); `
      + `at most ${thousands(limits.maxCells)} are supported.`);
  }
  if (n < 2) throw new CsvFailure(`Found ${plural(n, 'data row')}; at least 2 are needed.`, null);

  // Features: every column but the target, all numbers; no cell may be missing (reported in reading order).
  const p = width - 1;
  const X = new Float64Array(n * p);
  const cellError = (r, c, what) => new CsvFailure(`Line ${lines[r]}, ${label(c)}: ${what}`, lines[r], c + 1);
  for (let i = 0; i < n; i++) {
    if (onProgress && i % PROGRESS_EVERY === 0) onProgress(SCAN_SHARE + (1 - SCAN_SHARE) * (i / n));
    for (let c = 0, j = 0; c < width; c++) {
      const s = records.cell(first + i, c);
      if (c === t) {
        if (isMissing(s)) throw cellError(first + i, c, missingWhat(s));
        continue;
      }
      const v = toNumber(s, decimalComma);
      if (!Number.isFinite(v)) {
        if (isMissing(s)) throw cellError(first + i, c, missingWhat(s));
        if (!Number.isNaN(v)) throw cellError(first + i, c, `${JSON.stringify(s)} is too large.`);
        const hint = records.someCell(first, c, (cell) => Number.isFinite(toNumber(cell, decimalComma)))
          ? ''
          : ` The column holds text; features must be numbers, so choose it as the target or remove it.`;
        throw cellError(first + i, c, `${JSON.stringify(s)} is not a number.${hint}`);
      }
      X[i * p + j++] = v;
    }
  }

  // Target.
  const raw = Array.from({ length: n }, (_, i) => records.cell(first + i, t));
  const values = raw.map((s) => toNumber(s, decimalComma));
  const numeric = values.every((v) => !Number.isNaN(v));
  let task = options.task;
  let taskReason = 'chosen';
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new CsvFailure(`Unknown task ${JSON.stringify(task)}: use "classification" or "regression".`);
  }
  if (!task) {
    const distinct = numeric ? new Set(values).size : 0;
    if (!numeric) {
      task = 'classification';
      taskReason = 'text labels';
    } else if (values.every(Number.isInteger) && distinct <= MAX_INTEGER_CLASSES && (distinct <= 2 || 2 * distinct <= n)) {
      task = 'classification';
      taskReason = `integer labels, ${thousands(distinct)} distinct`;
    } else {
      task = 'regression';
      taskReason = values.every(Number.isInteger) ? `${thousands(distinct)} distinct integer values` : 'continuous values';
    }
  }
  const base = { error: null, columns, featureNames: columns.filter((_, c) => c !== t), targetName: columns[t],
    targetColumn: t, hasHeader, delimiter, nSamples: n, nFeatures: p, X, task, taskReason };

  if (task === 'regression') {
    const i = values.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      const what = Number.isNaN(values[i]) ? 'is not a number' : 'is too large';
      throw cellError(first + i, t, `${JSON.stringify(raw[i])} ${what}; a regression target must be a number.`);
    }
    return { ...base, y: Float64Array.from(values), classNames: null, classLabels: null, classCounts: null, warnings };
  }

  // Classes: numeric labels keep their numeric order and read "1" and "1.0" as one class.
  const keys = numeric ? values : raw;
  const classes = [...new Set(keys)].sort(numeric ? (a, b) => a - b : undefined);
  if (classes.length < 2) {
    throw new CsvFailure(`The target ${label(t)} has only one value, ${JSON.stringify(raw[0])}: `
      + 'a classifier needs at least 2 classes.', null, t + 1);
  }
  if (classes.length > limits.maxClasses) {
    throw new CsvFailure(`The target ${label(t)} has ${thousands(classes.length)} different values; a classifier takes at most `
      + `${thousands(limits.maxClasses)} classes. Is it the right target column?`, null, t + 1);
  }
  const index = new Map(classes.map((k, i) => [k, i]));
  const y = Float64Array.from(keys, (k) => index.get(k));
  const classCounts = new Array(classes.length).fill(0);
  for (const v of y) classCounts[v]++;
  const classNames = classes.map(String);
  const single = classNames.filter((_, i) => classCounts[i] === 1);
  if (single.length) {
    const some = single.slice(0, 5).map((s) => JSON.stringify(s)).join(', ') + (single.length > 5 ? ', ...' : '');
    warnings.push(`${plural(single.length, 'class has', 'classes have')} a single row: ${some}.`);
  }
  return { ...base, y, classNames, classLabels: classes, classCounts, warnings };
}

/** The first records, kept whole (the header is decided on them). */
const HEAD_RECORDS = 1 + HEADER_LOOKAHEAD;

/**
 * The records of a text, as scanRecords finds them: push(fields, spans) adds one (its fields,
 * text for the first HEAD_RECORDS and null for the other records' unquoted fields, whose spans
 * are kept; a quoted field's value is kept aside, quotes are rare); cell(r, c) is field c of
 * record r, trimmed as scanRecords trims; head: the first records' fields; lastAllEmpty: no
 * record has a value in its last field; dropLast() takes that field out of head (cell() is not
 * asked for it after). Every record has the first one's width.
 */
function createRecordTable(text) {
  let spans = new Int32Array(1 << 12);
  const quoted = new Map(); // cell index -> value
  const head = [];
  let stride = 0; // the fields of a record
  let length = 0;
  let lastAllEmpty = true;
  return {
    head,
    get length() {
      return length;
    },
    get lastAllEmpty() {
      return lastAllEmpty;
    },
    push(fields, fieldSpans) {
      if (!length) stride = fields.length;
      if (length < HEAD_RECORDS) head.push(fields);
      const last = fields[stride - 1];
      if (last === null ? !isBlank(text, fieldSpans[2 * stride - 2], fieldSpans[2 * stride - 1]) : last !== '') lastAllEmpty = false;
      const at = length * stride;
      if (2 * (at + stride) > spans.length) {
        const grown = new Int32Array(Math.max(2 * spans.length, 2 * (at + stride)));
        grown.set(spans);
        spans = grown;
      }
      for (let c = 0, o = 2 * at; c < stride; c++, o += 2) {
        const start = fieldSpans[2 * c];
        spans[o] = start;
        spans[o + 1] = fieldSpans[2 * c + 1];
        if (start < 0) quoted.set(at + c, fields[c]);
      }
      length++;
    },
    cell(r, c) {
      const k = r * stride + c;
      const start = spans[2 * k];
      return start < 0 ? quoted.get(k) : text.slice(start, spans[2 * k + 1]).trim();
    },
    /** True when test(cell(r, c)) holds for a record r from `from` on. */
    someCell(from, c, test) {
      for (let r = from; r < length; r++) if (test(this.cell(r, c))) return true;
      return false;
    },
    dropLast() {
      for (const fields of head) fields.pop();
    },
  };
}

function missingWhat(s) {
  return s === '' ? 'the value is missing (empty cell).' : `${JSON.stringify(s)} marks a missing value; every cell needs a value.`;
}

/** True when the first record reads as a header (see the rules at the top). */
function detectHeader(records, decimalComma, target) {
  const head = records[0];
  if (typeof target === 'string' && head.includes(target.trim())) return true;
  const isText = (s) => !isMissing(s) && Number.isNaN(toNumber(s, decimalComma));
  // A number on the first line makes it data: a typo there must not turn a row into a silent header.
  if (!head.every((s) => isMissing(s) || isText(s))) return false;
  const next = records.slice(1, 1 + HEADER_LOOKAHEAD);
  if (!next.length) return head.some(isText);
  // Text over numbers; a bad cell further down does not hide the header (it is reported on its own line).
  return head.some((s, c) => isText(s) && next.some((r) => !Number.isNaN(toNumber(r[c], decimalComma))));
}

/** options.targetColumn -> a 0-based column index. */
function resolveTarget(target, columns, hasHeader) {
  const m = columns.length;
  if (target === undefined || target === null || target === '') return m - 1;
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || target >= m || target < -m) {
      throw new CsvFailure(`Target column index ${target} is out of range: the data has ${m} columns (0 to ${m - 1}).`);
    }
    return target < 0 ? m + target : target;
  }
  const name = String(target).trim();
  if (!hasHeader) {
    throw new CsvFailure(`There is no header row, so no column is named ${JSON.stringify(name)}; choose the target by number.`);
  }
  let hits = columns.flatMap((c, i) => (c === name ? [i] : []));
  if (!hits.length) hits = columns.flatMap((c, i) => (c.toLowerCase() === name.toLowerCase() ? [i] : []));
  if (hits.length > 1) {
    throw new CsvFailure(`${hits.length} columns are named ${JSON.stringify(name)} (${hits.map((i) => i + 1).join(', ')}); `
      + 'choose the target by number.');
  }
  if (!hits.length) {
    const list = columns.slice(0, 20).map((c) => JSON.stringify(c)).join(', ') + (m > 20 ? ', ...' : '');
    throw new CsvFailure(`No column is named ${JSON.stringify(name)}. The columns are ${list}.`);
  }
  return hits[0];
}

/** A one-line summary of a parseCsv result for the UI: the error message, or rows, features and classes. */
export function describeCsv(result) {
  if (result.error) return result.error.message;
  const head = `${plural(result.nSamples, 'row')}, ${plural(result.nFeatures, 'feature')}`;
  if (result.task === 'regression') return `${head}; regression on ${JSON.stringify(result.targetName)}`;
  const names = result.classNames;
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ', ...' : '');
  return `${head}; ${plural(names.length, 'class', 'classes')} in ${JSON.stringify(result.targetName)}: ${shown}`;
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The message for a file over CSV_MAX_BYTES (checked before reading it), or null when its size
 * is fine: it names the file, its size and the limit.
 */
export function fileTooLarge(name, bytes, maxBytes = CSV_MAX_BYTES) {
  if (!(bytes > maxBytes)) return null;
  return `${name} is ${thousands(bytes)} bytes (${megabytes(bytes)}); the largest file the page reads is ${thousands(maxBytes / 1e6)} MB `
    + `(${thousands(maxBytes)} bytes), with at most ${thousands(CSV_LIMITS.maxRows)} rows, ${thousands(CSV_LIMITS.maxColumns)} columns and `
    + `${thousands(CSV_LIMITS.maxCells)} values.`;
}
