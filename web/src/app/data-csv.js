// The data the model trains and is tested on, as a CSV file the page reads back ("Your CSV":
// the target is the last column): what carries point edits that do not fit in a link. Pure.

/**
 * CSV text of arrays (a data.arrays body: nFeatures, xTrain, yTrain, xTest, yTest): a header of
 * `names` (the inputs, then the target), then the training rows, then the test rows. Values
 * are written in full (shortest round-trip form), so the file gives back the same numbers.
 */
export function dataCsv(arrays, names) {
  const nf = arrays.nFeatures;
  const quote = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [names.map((n) => quote(String(n))).join(',')];
  const rows = (xs, ys) => {
    for (let i = 0; i < ys.length; i += 1) {
      const row = [];
      for (let j = 0; j < nf; j += 1) row.push(String(xs[i * nf + j]));
      row.push(String(ys[i]));
      lines.push(row.join(','));
    }
  };
  rows(arrays.xTrain, arrays.yTrain);
  rows(arrays.xTest, arrays.yTest);
  return `${lines.join('\n')}\n`;
}
