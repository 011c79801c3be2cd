// The principal components (web/src/data/pca.js) and the symmetric eigen-solver behind them
// (web/src/data/eigen.js): known eigenpairs, planted planes, degenerate data, and the same
// answer in steps as in one go.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { symmetricEigen } from '../../web/src/data/eigen.js';
import { createPca2, pca2 } from '../../web/src/data/pca.js';

const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol;
const assertClose = (actual, expected, tol, what) => assert.ok(close(actual, expected, tol), `${what}: ${actual}, expected ${expected}`);
const assertVector = (actual, expected, tol, what) => expected.forEach((v, i) => assertClose(actual[i], v, tol, `${what}[${i}]`));


/** A small deterministic generator (an LCG), so the random matrices are the same every run. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('symmetricEigen finds known eigenpairs, largest first', () => {
  const a = new Float64Array([2, 1, 0, 1, 2, 0, 0, 0, 5]);
  const { values, vectors } = symmetricEigen(a, 3);
  assertVector(values, [5, 3, 1], 1e-12, 'values');
  const s = Math.SQRT1_2;
  const aligned = (v, e, what) => assertClose(Math.abs(v.reduce((sum, x, i) => sum + x * e[i], 0)), 1, 1e-12, what);
  aligned(vectors[0], [0, 0, 1], 'vector of 5');
  aligned(vectors[1], [s, s, 0], 'vector of 3');
  aligned(vectors[2], [s, -s, 0], 'vector of 1');
});

test('symmetricEigen on random symmetric matrices: A v = lambda v and orthonormal vectors', () => {
  const random = lcg(7);
  for (const p of [1, 2, 5, 17, 40]) {
    const a = new Float64Array(p * p);
    for (let i = 0; i < p; i += 1) for (let j = i; j < p; j += 1) a[i * p + j] = a[j * p + i] = random() * 2 - 1;
    const { values, vectors } = symmetricEigen(a.slice(), p);
    assert.equal(vectors.length, p);
    for (let k = 1; k < p; k += 1) assert.ok(values[k] <= values[k - 1], 'sorted largest first');
    vectors.forEach((v, k) => {
      for (let i = 0; i < p; i += 1) {
        let av = 0;
        for (let j = 0; j < p; j += 1) av += a[i * p + j] * v[j];
        assertClose(av, values[k] * v[i], 1e-11, `p=${p} (A v - lambda v)[${i}] of vector ${k}`);
      }
      vectors.forEach((w, l) => {
        const dot = v.reduce((sum, x, i) => sum + x * w[i], 0);
        assertClose(dot, k === l ? 1 : 0, 1e-11, `p=${p} v${k}.v${l}`);
      });
    });
  }
});

test('pca2 of points along y = 2x: the first component is (1, 2)/sqrt 5 and explains nearly everything', () => {
  // Points on the line, each nudged by a tiny step along the normal (-2, 1)/sqrt 5. The nudges
  // sum to 0 and are symmetric in t, so they are uncorrelated with t: the line stays exact.
  const nudge = [1e-3, -1e-3, 0, 0, 0, -1e-3, 1e-3];
  const X = new Float64Array(nudge.length * 2);
  nudge.forEach((eps, i) => {
    const t = i - 3;
    X[2 * i] = 10 + t - (2 * eps) / Math.sqrt(5);
    X[2 * i + 1] = -4 + 2 * t + eps / Math.sqrt(5);
  });
  const basis = pca2(X, nudge.length, 2);
  const r5 = Math.sqrt(5);
  assertVector(basis.components[0], [1 / r5, 2 / r5], 1e-12, 'pc1');
  // Sign rule: the entry of largest |value| is positive, so (2, -1), not (-2, 1).
  assertVector(basis.components[1], [2 / r5, -1 / r5], 1e-12, 'pc2');
  assert.ok(basis.explained[0] > 0.99999, `explained ${basis.explained[0]}`);
  assertClose(basis.explained[0] + basis.explained[1], 1, 1e-12, 'two features: the ratios add to 1');
  assertVector(basis.mean, [10, -4], 1e-12, 'mean');
  assert.deepEqual(Array.from(basis.project(basis.mean, 1)), [0, 0]);
  // A point one unit along the line from the mean lands at (1, 0).
  const along = basis.project(new Float64Array([10 + 1 / r5, -4 + 2 / r5]), 1);
  assertVector(along, [1, 0], 1e-12, 'projection');
});

test('pca2 of axis-aligned data: variances 6 and 2/3 explain 90 % and 10 %', () => {
  const X = new Float64Array([3, 0, -3, 0, 0, 1, 0, -1]);
  const basis = pca2(X, 4, 2);
  assertVector(basis.components[0], [1, 0], 1e-12, 'pc1');
  assertVector(basis.components[1], [0, 1], 1e-12, 'pc2');
  assertVector(basis.explained, [0.9, 0.1], 1e-12, 'explained');
  assertVector(basis.project(X, 4), [3, 0, -3, 0, 0, 1, 0, -1], 1e-12, 'projection');
  assertVector(basis.project(X), [3, 0, -3, 0, 0, 1, 0, -1], 1e-12, 'row count defaults to all rows');
});

test('pca2 gives a constant column no weight and the mean projects to the origin', () => {
  // Column 1 is always 7; columns 0 and 2 vary together.
  const rows = [[1, 7, 2], [2, 7, 4.1], [3, 7, 5.9], [4, 7, 8], [5, 7, 10.2]];
  const X = Float64Array.from(rows.flat());
  const basis = pca2(X, rows.length, 3);
  for (const c of basis.components) {
    assert.ok(c.every(Number.isFinite));
    assert.equal(c[1], 0, 'the constant column takes no part');
  }
  assertClose(basis.components[0].reduce((s, x) => s + x * x, 0), 1, 1e-12, 'unit length');
  assert.ok(basis.components[0][2] > basis.components[0][0] && basis.components[0][0] > 0, 'sign rule and direction');
  assert.equal(basis.mean[1], 7);
  assertVector(basis.project(basis.mean, 1), [0, 0], 1e-12, 'mean');
  assert.ok(basis.explained.every((r) => r >= 0 && r <= 1));
});

test('pca2 stays finite on degenerate data: all constant, one row, one feature, no rows, missing values', () => {
  const finite = (basis) => {
    assert.ok(basis.components.every((c) => c.every(Number.isFinite)));
    assert.ok(basis.explained.every(Number.isFinite));
    assert.ok(basis.mean.every(Number.isFinite));
  };
  const constant = pca2(new Float64Array([5, 1, 5, 1, 5, 1]), 3, 2);
  finite(constant);
  assert.deepEqual(constant.explained, [0, 0]);
  assert.deepEqual(Array.from(constant.project(new Float64Array([5, 1]), 1)), [0, 0]);

  const single = pca2(new Float64Array([1, 2, 3]), 1, 3);
  finite(single);
  assert.deepEqual(single.explained, [0, 0]);
  assert.deepEqual(Array.from(single.project(new Float64Array([1, 2, 3]), 1)), [0, 0]);

  const line = pca2(new Float64Array([1, 2, 3, 4]), 4, 1);
  finite(line);
  assert.deepEqual(Array.from(line.components[0]), [1]);
  assert.deepEqual(Array.from(line.components[1]), [0]);
  assert.deepEqual(line.explained, [1, 0]);
  assert.deepEqual(Array.from(line.project(new Float64Array([4]), 1)), [1.5, 0]);

  const none = pca2(new Float64Array(0), 0, 4);
  finite(none);
  assert.deepEqual(none.explained, [0, 0]);

  // One varying column among constant ones: it is the first component, the second is zero.
  const lone = pca2(new Float64Array([3, 1, 9, 3, 2, 9, 3, 4, 9]), 3, 3);
  finite(lone);
  assert.deepEqual(Array.from(lone.components[0]), [0, 1, 0]);
  assert.deepEqual(Array.from(lone.components[1]), [0, 0, 0]);
  assert.deepEqual(lone.explained, [1, 0]);

  // A missing value counts as its column's mean.
  const gaps = pca2(new Float64Array([0, 0, NaN, 1, 2, 2]), 3, 2);
  finite(gaps);
  assertVector(gaps.mean, [1, 1], 1e-12, 'mean over the values present');
  assert.ok(Array.from(gaps.project(new Float64Array([NaN, NaN]), 1)).every((v) => v === 0));
});

test('pca2 on 64 features finds the planted plane', () => {
  // Rows are a * u + b * w + noise with |a| >> |b| >> noise, u and w orthogonal unit vectors.
  const p = 64;
  const n = 200;
  const random = lcg(42);
  const u = new Float64Array(p).fill(1 / 8);
  const w = Float64Array.from({ length: p }, (_, j) => (j < 32 ? 1 : -1) / 8);
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i += 1) {
    const a = (random() - 0.5) * 20;
    const b = (random() - 0.5) * 4;
    for (let j = 0; j < p; j += 1) X[i * p + j] = a * u[j] + b * w[j] + (random() - 0.5) * 0.01;
  }
  const basis = pca2(X, n, p);
  const dot = (x, y) => x.reduce((s, v, j) => s + v * y[j], 0);
  assertClose(Math.abs(dot(basis.components[0], u)), 1, 1e-4, 'pc1 along u');
  assertClose(Math.abs(dot(basis.components[1], w)), 1, 1e-4, 'pc2 along w');
  assertClose(dot(basis.components[0], basis.components[1]), 0, 1e-10, 'orthogonal');
  assert.ok(basis.explained[0] > basis.explained[1] && basis.explained[0] + basis.explained[1] > 0.999);
});

test('createPca2 in steps (a step per look at a fake clock) gives what pca2 gives in one go, projection included', () => {
  const rand = lcg(7);
  const n = 2000;
  const p = 5;
  const X = Float64Array.from({ length: n * p }, (_, k) => (k % p === 1 ? 3 * rand() : rand()) + (k % p));
  const whole = pca2(X, n, p);
  let t = 0;
  const clock = () => (t += 1); // every look at the clock passes the deadline: one chunk of rows per step
  const job = createPca2(X, n, p, clock);
  let steps = 0;
  while (job.advance(t)) steps += 1;
  assert.ok(steps >= 10, `${steps} steps`); // 2 passes over 2,000 rows, 256 rows a step
  assert.deepEqual([...job.result.mean], [...whole.mean]);
  assert.deepEqual(job.result.components.map((c) => [...c]), whole.components.map((c) => [...c]));
  assert.deepEqual(job.result.explained, whole.explained);
  const projection = job.result.projectInSteps(X, n, clock);
  let more = 0;
  while (projection.advance(t)) more += 1;
  assert.ok(more >= 5, `${more} projection steps`);
  assert.deepEqual([...projection.result], [...whole.project(X, n)]);
});

test('pca2 of rows built on a rotated orthonormal frame: variances 3.6, 0.4 and 0.1, as PCA(n_components=2) finds them', () => {
  // Rows mean + 3 s u + t w + r z / 2 with u, w, z = (2, 3, 6)/7, (3, -6, 2)/7, (6, 2, -3)/7 and
  // uncorrelated s, t, r of zero mean: the covariance (divisor n - 1 = 5) is 3.6 uu' + 0.4 ww' +
  // 0.1 zz', so PCA finds u and w, explained_variance_ratio_ [3.6, 0.4] / 4.1, and the rows'
  // coordinates are (3 s, t). The sign rule (each component's largest entry positive) turns w
  // into -w, and so the second coordinate into -t.
  const u = [2 / 7, 3 / 7, 6 / 7];
  const w = [3 / 7, -6 / 7, 2 / 7];
  const z = [6 / 7, 2 / 7, -3 / 7];
  const mean = [5, -1, 2];
  const s = [1, -1, 0, 0, 0, 0];
  const t = [0, 0, 1, -1, 0, 0];
  const r = [0, 0, 0, 0, 1, -1];
  const X = Float64Array.from(s.flatMap((_, i) => mean.map((m, j) => m + 3 * s[i] * u[j] + t[i] * w[j] + (r[i] * z[j]) / 2)));
  const basis = pca2(X, s.length, 3);
  assertVector(basis.mean, mean, 1e-12, 'mean');
  assertVector(basis.components[0], u, 1e-12, 'pc1');
  assertVector(basis.components[1], w.map((v) => -v), 1e-12, 'pc2');
  assertVector(basis.explained, [3.6 / 4.1, 0.4 / 4.1], 1e-12, 'explained');
  assertVector(basis.project(X), s.flatMap((_, i) => [3 * s[i], -t[i]]), 1e-12, 'coordinates');
});
