// The CSV reader (web/src/data/csv.js): what it accepts, what it infers, and the
// exact message, line and column of every error it reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CSV_LIMITS, describeCsv, detectDelimiter, parseCsv } from '../../web/src/data/csv.js';

/** parseCsv that must succeed. */
function ok(text, options) {
  const r = parseCsv(text, options);
  assert.equal(r.error, null, r.error?.message);
  return r;
}

/** parseCsv that must fail with exactly this message, line and column. */
function bad(text, options, message, line, column) {
  const r = parseCsv(text, options);
  assert.ok(r.error, `expected an error for ${JSON.stringify(text)?.slice(0, 60)}`);
  assert.deepEqual(r.error, { message, line, column });
  return r;
}

const IRIS_HEAD = 'sepal_length,sepal_width,petal_length,petal_width,species\n'
  + '5.1,3.5,1.4,0.2,setosa\n'
  + '7.0,3.2,4.7,1.4,versicolor\n'
  + '6.3,3.3,6.0,2.5,virginica\n'
  + '4.9,3.0,1.4,0.2,setosa\n';

test('a header row and text labels give a classification with sorted class names', () => {
  const r = ok(IRIS_HEAD);
  assert.deepEqual(r.columns, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  assert.deepEqual(r.featureNames, r.columns.slice(0, 4));
  assert.equal(r.hasHeader, true);
  assert.equal(r.delimiter, ',');
  assert.equal(r.targetName, 'species');
  assert.equal(r.targetColumn, 4);
  assert.equal(r.nSamples, 4);
  assert.equal(r.nFeatures, 4);
  assert.ok(r.X instanceof Float64Array && r.y instanceof Float64Array);
  assert.deepEqual([...r.X], [5.1, 3.5, 1.4, 0.2, 7, 3.2, 4.7, 1.4, 6.3, 3.3, 6, 2.5, 4.9, 3, 1.4, 0.2]);
  assert.equal(r.task, 'classification');
  assert.equal(r.taskReason, 'text labels');
  assert.deepEqual(r.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual([...r.y], [0, 1, 2, 0]);
  assert.deepEqual(r.classCounts, [2, 1, 1]);
  assert.deepEqual(r.warnings, ['2 classes have a single row: "versicolor", "virginica".']);
});

test('without a header the columns are numbered and the first line is data', () => {
  const r = ok('1,2,0\n3,4,1\n5,6,0\n7,8,1\n');
  assert.equal(r.hasHeader, false);
  assert.deepEqual(r.columns, ['column 1', 'column 2', 'column 3']);
  assert.equal(r.nSamples, 4);
  assert.deepEqual([...r.X], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...r.y], [0, 1, 0, 1]);
  assert.deepEqual(r.classNames, ['0', '1']);
});

test('the header can be forced on or off', () => {
  assert.equal(ok('10,20,30\n1,2,0\n3,4,1\n', { header: true }).columns[2], '30');
  bad('a,b,c\n1,2,x\n3,4,y\n', { header: false }, 'Line 1, column 1: "a" is not a number.', 1, 1);
});

test('a first line of text over numbers is a header, even with text labels or a bad cell below', () => {
  assert.equal(ok('x,y,label\n1,2,a\n3,4,b\n').hasHeader, true);
  assert.equal(ok(',x,label\n0,2,a\n1,4,b\n').columns[0], 'column 1');
  // A first line of numbers and text labels is data.
  assert.equal(ok('1,2,a\n3,4,b\n5,6,a\n').hasHeader, false);
  // A bad cell under the header is reported on its own line, not taken for data.
  bad('x,y,t\n1,,0\n3,4,1\n', {}, 'Line 2, column "y" (2): the value is missing (empty cell).', 2, 2);
  bad('x,y,t\nq,2,0\n3,4,1\n', {}, 'Line 2, column "x" (1): "q" is not a number.', 2, 1);
});

test('a number on the first line makes it data, so a typo there is reported, not dropped', () => {
  bad('1,x4,0\n3,4,1\n5,6,0\n', {}, 'Line 1, column 2: "x4" is not a number.', 1, 2);
  // A header with a numeric name needs header: true.
  assert.equal(ok('x,1.5,label\n1,2,a\n3,4,b\n', { header: true }).columns[1], '1.5');
});

test('semicolon and tab delimiters are detected', () => {
  const semi = ok('a;b;t\n1;2;x\n3;4;y\n');
  assert.equal(semi.delimiter, ';');
  assert.deepEqual([...semi.X], [1, 2, 3, 4]);
  const tab = ok('a\tb\tt\n1\t2\tx\n3\t4\ty\n');
  assert.equal(tab.delimiter, '\t');
  assert.deepEqual([...tab.X], [1, 2, 3, 4]);
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
});

test('with a semicolon or tab delimiter, decimal commas are numbers', () => {
  const r = ok('x;y;t\n1,5;-2,25;a\n3;4,0e1;b\n');
  assert.equal(r.delimiter, ';');
  assert.deepEqual([...r.X], [1.5, -2.25, 3, 40]);
  assert.deepEqual([...ok('1,5\t2\t0,5\n3\t4\t1,5\n5\t6\t2,25\n').y], [0.5, 1.5, 2.25]);
});

test('a delimiter can be given, and only comma, semicolon and tab are accepted', () => {
  const r = ok('a;b,c\n1,x\n2,y\n', { delimiter: ',' });
  assert.deepEqual(r.columns, ['a;b', 'c']);
  bad('a|b\n1|2\n', { delimiter: '|' }, 'Unsupported delimiter "|": use a comma, semicolon or tab.', null, null);
});

test('quoted fields keep delimiters, doubled quotes and line breaks', () => {
  const text = 'x,"label, long"\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,"a, b"\n';
  const r = ok(text);
  assert.deepEqual(r.columns, ['x', 'label, long']);
  assert.deepEqual(r.classNames, ['a, b', 'say "hi"', 'two\nlines']);
  assert.deepEqual([...r.y], [0, 1, 2, 0]);
  // Line numbers count the break inside the quotes.
  bad('x,t\n1,"a\nb"\nz,c\n', {}, 'Line 4, column "x" (1): "z" is not a number.', 4, 1);
});

test('quoted numbers and spaces around fields are fine', () => {
  const r = ok('"a" , b ,t\n "1.5" , 2 ,x\n3,  "4" ,y\n');
  assert.deepEqual(r.columns, ['a', 'b', 't']);
  assert.deepEqual([...r.X], [1.5, 2, 3, 4]);
});

test('a BOM, CRLF line ends, blank lines and no final line break are fine', () => {
  const r = ok('\uFEFFa,b,t\r\n\r\n1,2,x\r\n   \r\n,,\r\n3,4,y');
  assert.deepEqual(r.columns, ['a', 'b', 't']);
  assert.deepEqual([...r.X], [1, 2, 3, 4]);
  assert.deepEqual(r.classNames, ['x', 'y']);
  assert.deepEqual(ok('a,b\r1,2\r3,4\r').columns, ['a', 'b']);
  // Line numbers still count the skipped lines and CRLF once.
  bad('a,b,t\r\n\r\n1,2,x\r\n3,q,y\r\n', {}, 'Line 4, column "b" (2): "q" is not a number.', 4, 2);
});

test('a last column left empty by trailing delimiters is dropped with a warning', () => {
  const r = ok('a,b,t,\n1,2,0,\n3,4,1,\n');
  assert.deepEqual(r.columns, ['a', 'b', 't']);
  assert.deepEqual([...r.y], [0, 1]);
  assert.equal(r.warnings[0], 'Ignored the empty last column (every line ends with a comma).');
});

test('the target column is chosen by name, by name ignoring case, and by index', () => {
  const text = 'species,a,b\ncat,1,2\ndog,3,4\ncat,5,6\n';
  for (const targetColumn of ['species', 'SPECIES', 0, -3]) {
    const r = ok(text, { targetColumn });
    assert.equal(r.targetColumn, 0);
    assert.deepEqual(r.featureNames, ['a', 'b']);
    assert.deepEqual([...r.X], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.classNames, ['cat', 'dog']);
    assert.deepEqual([...r.y], [0, 1, 0]);
  }
  const mid = ok('a,b,c\n1,10,2\n3,20,4\n5,30,6\n', { targetColumn: 1 });
  assert.deepEqual([...mid.X], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...mid.y], [10, 20, 30]);
  // A name finds the header even when auto-detection would not.
  assert.equal(ok('1,2,y\n3,4,a\n5,6,b\n').hasHeader, false);
  assert.equal(ok('1,2,y\n3,4,a\n5,6,b\n', { targetColumn: 'y' }).hasHeader, true);
});

test('numeric class labels are sorted numerically and read 1 and 1.0 as one class', () => {
  const r = ok('x,t\n1,10\n2,2\n3,1.0\n4,1\n5,2\n6,10\n');
  assert.equal(r.task, 'classification');
  assert.equal(r.taskReason, 'integer labels, 3 distinct');
  assert.deepEqual(r.classNames, ['1', '2', '10']);
  assert.deepEqual([...r.y], [2, 1, 0, 0, 1, 2]);
  assert.deepEqual(r.classCounts, [2, 2, 2]);
});

test('a continuous or many-valued target is a regression, and the task can be forced', () => {
  const cont = ok('x,price\n1,1.5\n2,2.25\n3,-0.5\n4,1e3\n');
  assert.equal(cont.task, 'regression');
  assert.equal(cont.taskReason, 'continuous values');
  assert.equal(cont.classNames, null);
  assert.deepEqual([...cont.y], [1.5, 2.25, -0.5, 1000]);
  // Integers, but more than half as many distinct values as rows.
  const ints = ok('x,t\n1,1\n2,2\n3,3\n4,4\n5,1\n');
  assert.equal(ints.task, 'regression');
  assert.equal(ints.taskReason, '4 distinct integer values');
  // 21 distinct integers over 100 rows: too many classes for the automatic rule.
  const rows = Array.from({ length: 100 }, (_, i) => `${i},${i % 21}`).join('\n');
  assert.equal(ok(`x,t\n${rows}`).task, 'regression');
  assert.equal(ok(`x,t\n${rows.replace(/,20$/gm, ',0')}`).task, 'classification');
  // Two integer values are always classes, even over two rows.
  assert.equal(ok('x,t\n1,0\n2,1\n').task, 'classification');
  assert.equal(ok('x,t\n1,1\n2,2\n3,3\n4,4\n', { task: 'classification' }).classNames.length, 4);
  assert.equal(ok('x,t\n1,0\n2,1\n3,0\n', { task: 'regression' }).taskReason, 'chosen');
});

test('describeCsv sums up rows, features and classes, or the error', () => {
  assert.equal(describeCsv(ok(IRIS_HEAD)), '4 rows, 4 features; 3 classes in "species": setosa, versicolor, virginica');
  assert.equal(describeCsv(ok('x,y\n1,0.5\n2,1.5\n')), '2 rows, 1 feature; regression on "y"');
  assert.equal(describeCsv(parseCsv('a,b\n1,2\n')), 'Found 1 data row; at least 2 are needed.');
});

test('ragged rows name the line, the field count and the line that set it', () => {
  bad('a,b,c\n1,2,3\n4,5\n', {}, 'Line 3 has 2 fields, expected 3 as on line 1.', 3, 3);
  bad('a,b,c\n1,2,3\n4,5,6,7\n', {}, 'Line 3 has 4 fields, expected 3 as on line 1.', 3, 4);
  bad('\n\na;b\n1;2\n3\n', {}, 'Line 5 has 1 field, expected 2 as on line 3.', 5, 2);
});

test('a non-numeric feature names the line, the column and the value', () => {
  bad(IRIS_HEAD.replace('3.2', 'abc'), {}, 'Line 3, column "sepal_width" (2): "abc" is not a number.', 3, 2);
  bad('1,2,0\n3,x4,1\n', {}, 'Line 2, column 2: "x4" is not a number.', 2, 2);
  bad('a,b,t\n1,1e999,0\n2,3,1\n', {}, 'Line 2, column "b" (2): "1e999" is too large.', 2, 2);
  // Decimal commas are not numbers in a comma-separated file (the field count is off instead).
  bad('a,b\n1,5,2\n', {}, 'Line 2 has 3 fields, expected 2 as on line 1.', 2, 3);
});

test('a text column left as a feature gets a hint to make it the target', () => {
  bad('species,a,b\ncat,1,2\ndog,3,4\n', {},
    'Line 2, column "species" (1): "cat" is not a number. The column holds text; features must be numbers, '
      + 'so choose it as the target or remove it.', 2, 1);
});

test('missing values are errors naming the line and column, in reading order', () => {
  bad('a,b,t\n1,2,x\n3,,y\n', {}, 'Line 3, column "b" (2): the value is missing (empty cell).', 3, 2);
  bad('a,b,t\n1,2,\n3,,y\n', {}, 'Line 2, column "t" (3): the value is missing (empty cell).', 2, 3);
  bad('a,b,t\n1,NA,x\n3,4,y\n', {}, 'Line 2, column "b" (2): "NA" marks a missing value; every cell needs a value.', 2, 2);
  bad('a,b,t\n1,2,x\n3,4,?\n', {}, 'Line 3, column "t" (3): "?" marks a missing value; every cell needs a value.', 3, 3);
  bad('a,b,t\n1,2,x\n3,"",y\n', {}, 'Line 3, column "b" (2): the value is missing (empty cell).', 3, 2);
});

test('broken quotes name the line and column', () => {
  bad('a,b\n1,2\n3,"4\n5,6\n', {}, 'Line 3, column 2: the quote opened here is never closed.', 3, 2);
  bad('a,b\n1,"2"x\n3,4\n', {}, 'Line 2, column 2: unexpected text "x" after the closing quote.', 2, 2);
});

test('a regression target must be numeric', () => {
  bad('x,y\n1,2\n2,abc\n', { task: 'regression' },
    'Line 3, column "y" (2): "abc" is not a number; a regression target must be a number.', 3, 2);
});

test('a bad target choice fails and still returns the columns for the picker', () => {
  const r = bad('a,b,c\n1,2,3\n4,5,6\n', { targetColumn: 'd' }, 'No column is named "d". The columns are "a", "b", "c".', null, null);
  assert.deepEqual(r.columns, ['a', 'b', 'c']);
  assert.equal(r.hasHeader, true);
  assert.equal(r.delimiter, ',');
  bad('a,b,c\n1,2,3\n4,5,6\n', { targetColumn: 3 }, 'Target column index 3 is out of range: the data has 3 columns (0 to 2).', null, null);
  bad('1,2,3\n4,5,6\n', { targetColumn: 'c' },
    'There is no header row, so no column is named "c"; choose the target by number.', null, null);
  bad('a,b,a\n1,2,3\n4,5,6\n', { targetColumn: 'a' }, '2 columns are named "a" (1, 3); choose the target by number.', null, null);
  // A text column as a feature: the error comes with the columns, so the user can pick it as the target.
  const text = bad('species,a\ncat,1\ndog,2\n', {}, 'Line 2, column "species" (1): "cat" is not a number. The column holds text; '
    + 'features must be numbers, so choose it as the target or remove it.', 2, 1);
  assert.deepEqual(text.columns, ['species', 'a']);
  assert.equal(text.targetColumn, 1);
});

test('too little data: empty input, one column, fewer than 2 rows, a single class', () => {
  bad('', {}, 'The CSV is empty.', null, null);
  bad('\uFEFF\n\n  \n', {}, 'The CSV is empty.', null, null);
  bad('x\n1\n2\n', {}, 'Line 1 has only one column. Separate the values with commas, semicolons or tabs: '
    + 'the data needs at least one feature column and a target column.', 1, null);
  bad('a,b,t\n1,2,x\n', {}, 'Found 1 data row; at least 2 are needed.', null, null);
  bad('a,b,t\n', {}, 'Found 0 data rows; at least 2 are needed.', null, null);
  bad('a,t\n1,x\n2,x\n3,x\n', {}, 'The target column "t" (2) has only one value, "x": a classifier needs at least 2 classes.', null, 2);
  bad(null, {}, 'The CSV input is not text.', null, null);
});

test('the limits: rows, columns, values and classes', () => {
  assert.deepEqual(CSV_LIMITS, { maxRows: 100_000, maxColumns: 1_000, maxCells: 5_000_000, maxClasses: 100 });
  const rows = (n) => Array.from({ length: n }, (_, i) => `${i},${i % 2}`).join('\n');
  assert.equal(ok(`x,t\n${rows(100_000)}`).nSamples, 100_000);
  bad(`x,t\n${rows(100_001)}`, {}, 'Line 100002: more than 100,000 data rows; at most 100,000 are supported.', 100_002, null);
  const wide = (n) => Array.from({ length: n }, (_, i) => i).join(',');
  assert.equal(ok(`${wide(1000)}\n${wide(1000)}\n`, { task: 'regression' }).nFeatures, 999);
  bad(`${wide(1001)}\n${wide(1001)}\n`, {}, 'Line 1 has 1,001 columns; at most 1,000 are supported.', 1, null);
  bad(`x,y,z,t\n${rows(10).replace(/\n/g, ',1,2\n')},1,2`, { limits: { maxCells: 30 } },
    'The data has more than 30 values (rows x columns); at most 30 are supported.', null, null);
  const labels = Array.from({ length: 101 }, (_, i) => `${i},c${i}`).join('\n');
  bad(`x,t\n${labels}`, {}, 'The target column "t" (2) has 101 different values; a classifier takes at most 100 classes. '
    + 'Is it the right target column?', null, 2);
});

// Faults found by the generator of valid files (csv-gen.js, fuzz-csv.test.js); each failed on the old parser.

test('a line of quoted empty fields ("","","") is blank and skipped, like ,, (it was rejected as a missing value)', () => {
  const r = ok('a,b,t\n"","",""\n1,2,x\n""  ,  "" ,""\n3,4,y\n');
  assert.deepEqual([...r.X], [1, 2, 3, 4]);
  assert.deepEqual(r.classNames, ['x', 'y']);
  assert.equal(ok('"";"";""\nk;l;t\n1;2;x\n3;4;y\n').hasHeader, true);
});

test('decimal commas that outnumber the semicolons or tabs do not make a comma file', () => {
  // Two decimal commas per line, one semicolon: the commas split each line into 3 steady fields.
  const semi = ok('1,5;2,5\n3,5;4,5\n');
  assert.equal(semi.delimiter, ';');
  assert.deepEqual([...semi.X], [1.5, 3.5]);
  assert.deepEqual([...semi.y], [2.5, 4.5]);
  const tab = ok('0\t"+2,"\t.7193\r\n3\t",7"\t",59965e4"\r\n', { targetColumn: -3 });
  assert.equal(tab.delimiter, '\t');
  assert.deepEqual([...tab.X], [2, 0.7193, 0.7, 5996.5]);
  assert.deepEqual(tab.classLabels, [0, 3]);
});

test('a delimiter under which a quote breaks within the first records is not the file\'s delimiter', () => {
  // Under commas the second line's quote is followed by text: the semicolon splits every line steadily.
  const r = ok('-9;"68,"\r\n",881";34.e+1\r', { task: 'regression', header: false });
  assert.equal(r.delimiter, ';');
  assert.deepEqual([...r.X], [-9, 0.881]);
  assert.deepEqual([...r.y], [68, 340]);
  const quoted = ok('"-,5";1\n",465";"-,758958E+4"\n"+,274422";.5187\n');
  assert.deepEqual([...quoted.X], [-0.5, 0.465, 0.274422]);
});
