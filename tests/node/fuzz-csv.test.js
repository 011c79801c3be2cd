// Fuzzing the CSV parser (web/src/data/csv.js), seeded and bounded in time:
// - round trip: a valid file written from a known table (csv-gen.js: every delimiter, quoting,
//   spaces, header or not, decimal commas, exponents, line ends, BOM, blank lines, trailing
//   delimiters, ...) reads back as that table;
// - random and mutated text, with random options: parseCsv never throws and returns either a
//   well-formed table or { error } whose line and column are null or in range (a hang shows as
//   the test's timeout; the seed replays it).
// MLP_FUZZ_SEED=n replays a run; MLP_FUZZ_SECONDS=s sets its length (default 10: its share of
// npm test). It stops early after MAX_ITERATIONS inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCsv } from '../../web/src/data/csv.js';
import { compareTable, createRandom, generateCsv } from './csv-gen.js';

const SECONDS = Number(process.env.MLP_FUZZ_SECONDS ?? 10);
const SEED = Number(process.env.MLP_FUZZ_SEED ?? 20261204);
const MAX_ITERATIONS = 2_000_000;

/** Characters that mean something to the parser, and a few that do not. */
const ALPHABET = ['"', '""', ',', ';', '\t', '\r', '\n', '\r\n', ' ', '0', '1', '7', '.', ',5', 'e', 'E', '-', '+', 'x', 'NA',
  'nan', '?', '\uFEFF', 'é', '1e999', 'Infinity', '\u0000'];

/** Text a user might paste by mistake: fragments of CSV in random order. */
function randomText(rnd) {
  const n = rnd.int(0, rnd.pick([10, 200, 2000]));
  let s = '';
  for (let i = 0; i < n; i += 1) s += rnd.pick(ALPHABET);
  return s;
}

/** A valid file with a few random edits: characters inserted, deleted, lines doubled or cut. */
function mutate(rnd, text) {
  let s = text;
  for (let k = rnd.int(1, 4); k > 0; k -= 1) {
    const at = rnd.int(0, s.length);
    const op = rnd.int(0, 4);
    if (op === 0) s = s.slice(0, at) + rnd.pick(ALPHABET) + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + rnd.int(1, 8));
    else if (op === 2) s = s.slice(0, at);
    else if (op === 3) {
      const lines = s.split('\n');
      const i = rnd.int(0, lines.length - 1);
      lines.splice(i, 0, lines[i]);
      s = lines.join('\n');
    } else s = s.slice(at) + s.slice(0, at);
  }
  return s;
}

/** Options a caller could pass, including wrong ones. */
function randomOptions(rnd) {
  const options = {};
  if (rnd.chance(0.3)) options.targetColumn = rnd.pick([0, 1, -1, -2, 7, -9, 1.5, 'x', 'X', '', ' t ', null, NaN]);
  if (rnd.chance(0.2)) options.header = rnd.pick([true, false, 'yes', undefined]);
  if (rnd.chance(0.2)) options.task = rnd.pick(['classification', 'regression', 'cluster', undefined]);
  if (rnd.chance(0.1)) options.delimiter = rnd.pick([',', ';', '\t', '|', '']);
  if (rnd.chance(0.1)) options.limits = { maxRows: rnd.int(1, 20), maxCells: rnd.int(1, 100), maxClasses: rnd.int(1, 5) };
  return options;
}

/** The problem with a result of parseCsv, in words, or null: a well-formed table or error. */
function checkResult(r, text) {
  if (r.error) {
    const { message, line, column } = r.error;
    if (typeof message !== 'string' || !message) return 'an error without a message';
    const lines = text.split(/\r\n|\r|\n/).length;
    if (line !== null && !(Number.isInteger(line) && line >= 1 && line <= lines)) return `error line ${line} of ${lines}`;
    if (line !== null && !message.includes(`Line ${line}`) && !message.includes(`line ${line}`)) return `the message does not name line ${line}`;
    if (column !== null && !(Number.isInteger(column) && column >= 1)) return `error column ${column}`;
    return null;
  }
  const { nSamples: n, nFeatures: p, X, y } = r;
  if (!(X instanceof Float64Array) || X.length !== n * p) return `X holds ${X?.length} values for ${n} x ${p}`;
  if (!(y instanceof Float64Array) || y.length !== n) return `y holds ${y?.length} values for ${n} rows`;
  if (n < 2 || p < 1 || r.columns.length !== p + 1) return `a table of ${n} x ${p} with ${r.columns.length} columns`;
  if (!X.every(Number.isFinite) || !y.every(Number.isFinite)) return 'a value that is not finite';
  if (r.task === 'classification') {
    const k = r.classLabels.length;
    if (k < 2 || !y.every((v) => Number.isInteger(v) && v >= 0 && v < k)) return 'a class code out of range';
    if (r.classCounts.reduce((a, b) => a + b, 0) !== n) return 'class counts that do not add up';
  } else if (r.task !== 'regression') return `task ${r.task}`;
  return null;
}

const show = (text) => JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}...` : text);

test(`parseCsv reads generated files back and never fails on random text (seed ${SEED}, ${SECONDS} s)`, { timeout: SECONDS * 1000 + 120_000 }, () => {
  console.log(`# MLP_FUZZ_SEED=${SEED} MLP_FUZZ_SECONDS=${SECONDS}`);
  const rnd = createRandom(SEED);
  const end = Date.now() + SECONDS * 1000;
  const counts = { roundTrip: 0, mutated: 0, random: 0, tables: 0 };
  for (let i = 0; i < MAX_ITERATIONS && (i % 64 !== 0 || Date.now() < end); i += 1) {
    const kind = rnd.pick(['roundTrip', 'roundTrip', 'mutated', 'random']);
    counts[kind] += 1;
    const where = `(MLP_FUZZ_SEED=${SEED}, input ${i})`;
    if (kind === 'roundTrip') {
      const { text, options, expected } = generateCsv(rnd);
      const difference = compareTable(parseCsv(text, options), expected);
      assert.equal(difference, null, `a valid file read wrong ${where}: ${difference}\ntext: ${show(text)}\noptions: ${JSON.stringify(options)}`);
      continue;
    }
    const text = kind === 'mutated' ? mutate(rnd, generateCsv(rnd).text) : randomText(rnd);
    const options = rnd.chance(0.5) ? randomOptions(rnd) : {};
    let r;
    try {
      r = parseCsv(text, options);
    } catch (e) {
      assert.fail(`parseCsv threw ${e?.stack ?? e} ${where}\ntext: ${show(text)}\noptions: ${JSON.stringify(options)}`);
    }
    const problem = checkResult(r, text);
    assert.equal(problem, null, `${problem} ${where}\ntext: ${show(text)}\noptions: ${JSON.stringify(options)}`);
    if (!r.error) counts.tables += 1;
  }
  console.log(`# ${counts.roundTrip} round trips, ${counts.mutated} mutated and ${counts.random} random texts (${counts.tables} read as tables)`);
  assert.ok(counts.roundTrip > 0 && counts.mutated + counts.random > 0);
});
