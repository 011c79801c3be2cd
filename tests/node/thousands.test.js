// thousands(n): the page's integers with commas, written as toLocaleString('en-US') writes them
// (the page no longer calls it: its first call loads the browser's locale data).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { thousands } from '../../web/src/state/thousands.js';

test('thousands writes integers as toLocaleString("en-US") does, rounding others', () => {
  const cases = [0, 7, 999, 1000, 60000, 100000, 1234567, 5000000, 100000000, 2 ** 40, -1, -1500, -1234567];
  for (const n of cases) assert.equal(thousands(n), n.toLocaleString('en-US'), String(n));
  assert.equal(thousands(12.4), '12');
  assert.equal(thousands(1999.6), '2,000');
  // A seeded sweep of magnitudes.
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 2000; i += 1) {
    const n = Math.floor(next() * 10 ** Math.floor(next() * 13)) * (next() < 0.3 ? -1 : 1) || 0; // no -0: thousands writes it "0"
    assert.equal(thousands(n), n.toLocaleString('en-US'), String(n));
  }
  assert.equal(thousands(NaN), 'NaN');
});
