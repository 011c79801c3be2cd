// The big CSV file of big-csv.test.js and tools/profile-big-csv.mjs: rows x columns, written in
// megabyte chunks.
import fs from 'node:fs';

/**
 * Writes rows x columns: columns - 1 features with two decimals in [0, 10) ("3.14"), then an
 * integer class 0..2 that follows the first two features (so training learns something). A
 * 100,000 x 50 file is about 25 MB; the same arguments always write the same bytes.
 */
export function writeBigCsv(file, rows, columns) {
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const fd = fs.openSync(file, 'w');
  const header = [...Array.from({ length: columns - 1 }, (_, c) => `f${c + 1}`), 'label'].join(',');
  let chunk = `${header}\n`;
  for (let r = 0; r < rows; r += 1) {
    const cells = Array.from({ length: columns - 1 }, () => (rand() * 10).toFixed(2));
    const label = Number(cells[0]) + Number(cells[1]) < 7 ? 0 : Number(cells[0]) < 5 ? 1 : 2;
    chunk += `${cells.join(',')},${label}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}
