// The course picture's fixture (tests/fixtures/matplotlib_course_gray.json, written by
// tools/make_course_gray_fixture.py with matplotlib 3.6): its weights, computed here from the
// formula it states, and the gray bytes matplotlib drew for each unit.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'matplotlib_course_gray.json'), 'utf8'));

/** The fixture's weights: exact fractions, the same doubles as numpy's (see its generator). */
export function fixtureWeights(nUnits = FIXTURE.shape[1]) {
  const [nInputs] = FIXTURE.shape;
  const w = new Float64Array(nInputs * nUnits);
  for (let i = 0; i < nInputs; i += 1) {
    for (let u = 0; u < nUnits; u += 1) w[i * nUnits + u] = (((i * 37 + u * 101 + 13 * Math.floor(i / 28)) % 1009) - 504) / 5040;
  }
  return w;
}

/** The gray bytes matplotlib drew for unit u (28 x 28, row-major). */
export const fixturePixels = (u) => Uint8Array.from(Buffer.from(FIXTURE.pixels_base64[u], 'base64'));
