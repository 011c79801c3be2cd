// Valid CSV files written from a known table, in every way the parser's rules allow (the
// comment at the top of web/src/data/csv.js): comma, semicolon or tab; quoted or bare fields,
// doubled quotes and line breaks inside quotes; spaces around fields; a header or none (given
// or left to detection); decimal commas with ; and tab; signs, exponents, ".5" and "5.";
// LF, CRLF, CR (mixed); a BOM; blank lines and lines of empty fields; a trailing delimiter on
// every line; no final line break; the target chosen by index or by name. parseCsv must give
// the table back. Used by fuzz-csv.test.js and csv.test.js.

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // lo..hi inclusive
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

const MISSING = ['na', 'n/a', 'nan', 'null', 'none', '?'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_éß€';

/** A number written as a CSV cell could write it, and the value the rules read from it. */
function numberCell(rnd, { decimalComma, integer = false }) {
  const sign = rnd.pick(['', '', '-', '+']);
  const whole = String(rnd.int(0, rnd.pick([9, 99, 99999])));
  let text;
  if (integer) text = whole;
  else {
    const digits = Array.from({ length: rnd.int(0, 6) }, () => rnd.int(0, 9)).join('');
    const form = rnd.int(0, 3);
    text = form === 0 ? whole : form === 1 ? `${whole}.${digits}` : form === 2 ? `.${digits || '5'}` : `${whole}.`;
    if (rnd.chance(0.2)) text += `${rnd.pick(['e', 'E'])}${rnd.pick(['', '+', '-'])}${rnd.int(0, 12)}`;
  }
  const value = Number(sign + text);
  const written = decimalComma && text.includes('.') && rnd.chance(0.7) ? text.replace('.', ',') : text;
  return { text: sign + written, value };
}

/** A text cell that is not a number, not a missing-value marker, with no space at either end. */
function textCell(rnd, { quoted, delimiter }) {
  const n = rnd.int(1, 6);
  let s = Array.from({ length: n }, () => rnd.pick(LETTERS)).join('');
  if (quoted && rnd.chance(0.5)) {
    // Inside quotes: the delimiter, a doubled quote, a line break, inner spaces.
    const extra = rnd.pick([delimiter, '"', '\n', '\r\n', ' ', ', ', ';', '\t']);
    s = `${s}${extra}${rnd.pick(LETTERS)}`;
  }
  return s;
}

const quote = (s) => `"${s.replace(/"/g, '""')}"`;

/**
 * One valid file: { text, options, expected: { delimiter, hasHeader, columns (null without a header),
 * targetColumn, X (rows of numbers), y (numbers, or label strings), task, classes (sorted labels) } }.
 */
export function generateCsv(rnd) {
  const delimiter = rnd.pick([',', ';', '\t']);
  const decimalComma = delimiter !== ',' && rnd.chance(0.6);
  const width = rnd.int(2, 7);
  const nRows = rnd.chance(0.3) ? rnd.int(2, 4) : rnd.int(2, 25);
  const targetColumn = rnd.int(0, width - 1);
  const kind = rnd.pick(['text', 'integer', 'regression']);
  const hasHeader = rnd.chance(0.6);
  const quoteRate = rnd.pick([0, 0.2, 1]);
  const spaceRate = rnd.pick([0, 0.3]);

  // The target values: text labels, small integers (classes), or continuous values.
  const nClasses = rnd.int(2, Math.min(5, nRows));
  let labels;
  if (kind === 'text') {
    const texts = Array.from({ length: nClasses * 3 }, () => textCell(rnd, { quoted: quoteRate > 0, delimiter }));
    labels = [...new Set(texts.filter((s) => !MISSING.includes(s.toLowerCase())))].slice(0, nClasses);
    if (labels.length < 2) labels = ['yes', 'no'];
  } else {
    labels = [rnd.int(-2, 1)];
    while (labels.length < nClasses) labels.push(labels.at(-1) + rnd.int(1, 3));
  }
  const rows = [];
  for (let r = 0; r < nRows; r += 1) {
    const row = [];
    for (let c = 0; c < width; c += 1) {
      if (c !== targetColumn) row.push(numberCell(rnd, { decimalComma }));
      else if (kind === 'regression') row.push(numberCell(rnd, { decimalComma }));
      else {
        const label = labels[r < labels.length ? r : rnd.int(0, labels.length - 1)];
        row.push(kind === 'text' ? { text: label, value: label } : { text: String(label), value: label });
      }
    }
    rows.push(row);
  }
  // The task is stated unless detection is sure to find it.
  const ys = rows.map((row) => row[targetColumn].value);
  const distinct = new Set(ys).size;
  const options = {};
  const task = kind === 'regression' ? 'regression' : 'classification';
  if (kind === 'regression' && ys.every(Number.isInteger)) options.task = 'regression';
  if (kind === 'integer' && !(distinct <= 2 || 2 * distinct <= nRows)) options.task = 'classification';

  // Column names: distinct even ignoring case, never numbers; sometimes one left empty.
  const names = Array.from({ length: width }, (_, c) => `${rnd.pick(LETTERS)}${c}${rnd.chance(0.3) ? ' x' : ''}`);
  // One header cell may be empty (that column is named "column <n>"), but not the target's.
  const unnamed = hasHeader && rnd.chance(0.15) ? rnd.int(0, width - 1) : -1;
  if (unnamed >= 0 && unnamed !== targetColumn) names[unnamed] = '';
  // Detection needs a named feature column over numbers (or a numeric target).
  if (unnamed >= 0 && width === 2 && kind === 'text') options.header = true;
  const columns = names.map((s, c) => s || `column ${c + 1}`);

  // Target choice: the last column by default, else by index (maybe negative) or by name.
  if (targetColumn !== width - 1 || rnd.chance(0.2)) {
    const how = hasHeader ? rnd.int(0, 3) : rnd.int(0, 1);
    const name = names[targetColumn];
    // Another case (not where changing case changes the letters: "ß" is "SS" in capitals).
    const upper = name.toUpperCase().toLowerCase() === name.toLowerCase() ? name.toUpperCase() : name;
    options.targetColumn = [targetColumn, targetColumn - width, name, upper][how];
  }
  if (rnd.chance(0.2)) options.header = hasHeader;

  // Writing: cells (quoted or not, spaces around), lines, blank lines, line ends.
  const trailing = rnd.chance(0.15);
  const breaks = rnd.pick([['\n'], ['\r\n'], ['\r'], ['\n', '\r\n', '\r']]);
  const cell = (s, forceQuote) => {
    const needs = forceQuote || /[\r\n"]/.test(s) || s.includes(delimiter) || s !== s.trim() || s === '';
    let out = needs || rnd.chance(quoteRate) ? quote(s) : s;
    if (rnd.chance(spaceRate)) out = ' '.repeat(rnd.int(1, 2)) + out;
    if (rnd.chance(spaceRate)) out += ' '.repeat(rnd.int(1, 2));
    return out;
  };
  // A bare text cell may not hold another delimiter's character (it could split steadily there).
  const bareSafe = (s) => !/[,;\t]/.test(s);
  const line = (cells) => cells.map((s) => cell(s, !bareSafe(s))).join(delimiter) + (trailing ? delimiter : '');
  const lines = [];
  if (hasHeader) lines.push(names.map((s) => (s === '' ? (rnd.chance(0.5) ? '' : '""') : cell(s, !bareSafe(s)))).join(delimiter)
    + (trailing ? delimiter : ''));
  for (const row of rows) lines.push(line(row.map((x) => x.text)));
  let text = rnd.chance(0.2) ? '\uFEFF' : '';
  const blank = () => rnd.pick(['', '   ', delimiter.repeat(width - 1), `""${delimiter}`.repeat(width - 1) + '""']);
  lines.forEach((l, i) => {
    while (rnd.chance(0.08)) text += blank() + rnd.pick(breaks);
    text += l;
    if (i < lines.length - 1 || rnd.chance(0.7)) text += rnd.pick(breaks);
  });

  // What the parser must give back.
  const X = rows.map((row) => row.filter((_, c) => c !== targetColumn).map((x) => x.value));
  const numericLabels = kind !== 'text';
  const classes = task === 'classification'
    ? [...new Set(ys)].sort(numericLabels ? (a, b) => a - b : undefined)
    : null;
  return {
    text,
    options,
    expected: { delimiter, hasHeader, columns: hasHeader ? columns : null, targetColumn, X, y: ys, task, classes, trailing },
  };
}

/**
 * Compares parseCsv's result with the expected table; returns null or the first difference in
 * words. Values are compared exactly (the parser reads each cell with Number()).
 */
export function compareTable(result, expected) {
  if (result.error) return `rejected: ${result.error.message}`;
  const { delimiter, hasHeader, columns, targetColumn, X, y, task, classes } = expected;
  if (result.delimiter !== delimiter) return `delimiter ${JSON.stringify(result.delimiter)}, expected ${JSON.stringify(delimiter)}`;
  if (result.hasHeader !== hasHeader) return `hasHeader ${result.hasHeader}, expected ${hasHeader}`;
  if (columns && JSON.stringify(result.columns) !== JSON.stringify(columns)) {
    return `columns ${JSON.stringify(result.columns)}, expected ${JSON.stringify(columns)}`;
  }
  if (result.targetColumn !== targetColumn) return `targetColumn ${result.targetColumn}, expected ${targetColumn}`;
  if (result.nSamples !== X.length) return `${result.nSamples} rows, expected ${X.length}`;
  const p = X[0].length;
  if (result.nFeatures !== p) return `${result.nFeatures} features, expected ${p}`;
  for (let i = 0; i < X.length; i += 1) {
    for (let j = 0; j < p; j += 1) {
      if (!Object.is(result.X[i * p + j], X[i][j]) && !(result.X[i * p + j] === 0 && X[i][j] === 0)) {
        return `X[${i}][${j}] = ${result.X[i * p + j]}, expected ${X[i][j]}`;
      }
    }
  }
  if (result.task !== task) return `task ${result.task}, expected ${task}`;
  if (task === 'regression') {
    for (let i = 0; i < y.length; i += 1) if (result.y[i] !== y[i]) return `y[${i}] = ${result.y[i]}, expected ${y[i]}`;
    return null;
  }
  if (JSON.stringify(result.classLabels) !== JSON.stringify(classes)) {
    return `classes ${JSON.stringify(result.classLabels)}, expected ${JSON.stringify(classes)}`;
  }
  for (let i = 0; i < y.length; i += 1) {
    if (result.classLabels[result.y[i]] !== y[i]) return `row ${i}: class ${JSON.stringify(result.classLabels[result.y[i]])}, expected ${JSON.stringify(y[i])}`;
  }
  return null;
}
