// The first two principal components of a table's rows, as scikit-learn's PCA(n_components=2)
// finds them (explained_variance_ratio_ too), in one go or in steps for big tables, and the
// rows' coordinates on them. The test-set view draws the test rows in that plane; with most of
// the variance in it, the page draws the data and the decision boundary there too.
import { symmetricEigen } from './eigen.js';
import { ratio } from './metrics.js';

/**
 * The first two principal components of the rows of X (row-major nRows x nFeatures), from
 * the covariance matrix (divisor n - 1, as sklearn's PCA): { mean, components: [pc1, pc2],
 * explained: [ratio1, ratio2], project(rows, n) -> Float64Array(2n) of (x, y) pairs }.
 * Signs are fixed so that each component's entry of largest |value| is positive, so the
 * picture does not flip between runs. Degenerate data stays finite: constant columns get 0
 * weight, components beyond the number of varying columns are zero vectors (one feature: a
 * zero second component; constant data: both), zero variance explains 0. Values
 * that are not finite (missing CSV cells) count as the column mean.
 */
export function pca2(X, nRows, nFeatures) {
  const job = createPca2(X, nRows, nFeatures);
  while (job.advance(Infinity));
  return job.result;
}

/** Rows between two looks at the clock in createPca2's steps (a few hundred microseconds of work). */
const PCA_ROWS_PER_CHECK = 256;

/**
 * pca2's work in steps, for big tables (100,000 x 50 takes a few hundred milliseconds): advance(deadline)
 * works until now() passes deadline (performance.now() ms) and returns true while work remains;
 * then result holds what pca2 returns. The row passes (the mean, then the centred products)
 * stop between rows; the eigenproblem (features x features) is one step.
 */
export function createPca2(X, nRows, nFeatures, now = () => performance.now()) {
  const n = Math.max(0, nRows | 0);
  const p = Math.max(0, nFeatures | 0);
  const mean = new Float64Array(p);
  const seen = new Float64Array(p);
  const cov = new Float64Array(p * p);
  const row = new Float64Array(p);
  let pass = 0; // 0: the mean, 1: the centred products, 2: done
  let i = 0;
  let result = null;

  function meanRows(end) {
    for (; i < end; i += 1) {
      for (let j = 0; j < p; j += 1) {
        const x = X[i * p + j];
        if (Number.isFinite(x)) {
          mean[j] += x;
          seen[j] += 1;
        }
      }
    }
  }

  // Two passes (mean, then centred products): no cancellation for data far from the origin.
  function productRows(end) {
    for (; i < end; i += 1) {
      for (let j = 0; j < p; j += 1) {
        const x = X[i * p + j];
        row[j] = Number.isFinite(x) ? x - mean[j] : 0;
      }
      for (let a = 0; a < p; a += 1) {
        const ra = row[a];
        if (ra === 0) continue;
        for (let b = a; b < p; b += 1) cov[a * p + b] += ra * row[b];
      }
    }
  }

  function finish() {
    const divisor = Math.max(1, n - 1);
    let trace = 0;
    for (let a = 0; a < p; a += 1) {
      for (let b = a; b < p; b += 1) {
        cov[a * p + b] /= divisor;
        cov[b * p + a] = cov[a * p + b];
      }
      trace += cov[a * p + a];
    }
    // Constant columns (digits' blank border pixels) are left out of the eigenproblem: they
    // get exactly 0 weight, and the matrix to decompose shrinks.
    const varying = [];
    for (let j = 0; j < p; j += 1) if (cov[j * p + j] > 0) varying.push(j);
    const q = varying.length;
    const reduced = new Float64Array(q * q);
    for (let a = 0; a < q; a += 1) for (let b = 0; b < q; b += 1) reduced[a * q + b] = cov[varying[a] * p + varying[b]];
    const { values, vectors } = symmetricEigen(reduced, q, 2);
    const components = [];
    const explained = [];
    for (let c = 0; c < 2; c += 1) {
      const axis = new Float64Array(p);
      if (c < q) varying.forEach((j, a) => (axis[j] = vectors[c][a]));
      let peak = 0;
      for (let j = 1; j < p; j += 1) if (Math.abs(axis[j]) > Math.abs(axis[peak])) peak = j;
      if (axis[peak] < 0) for (let j = 0; j < p; j += 1) axis[j] = -axis[j] || 0; // no -0
      components.push(axis);
      explained.push(c < q ? Math.min(1, ratio(Math.max(0, values[c]), trace)) : 0);
    }
    result = pcaBasis(mean, components, explained, now);
  }

  return {
    advance(deadline) {
      while (pass < 2) {
        const end = Math.min(n, i + PCA_ROWS_PER_CHECK);
        if (pass === 0) meanRows(end);
        else productRows(end);
        if (i >= n) {
          if (pass === 0) for (let j = 0; j < p; j += 1) mean[j] = ratio(mean[j], seen[j]);
          pass += 1;
          i = 0;
        }
        // The eigenproblem gets a turn of its own: not after a turn's worth of rows.
        if (deadline !== Infinity && now() >= deadline) return true;
      }
      if (!result) finish();
      return false;
    },
    get result() {
      return result;
    },
  };
}

/**
 * The result of pca2 from its parts: { mean, components, explained, project(rows, count?) ->
 * Float64Array(2 count) of (x, y) pairs, projectInSteps(rows, count?, clock?) }; the columns of a
 * row that are not finite count as the mean. Also rebuilds a basis that crossed from a worker.
 */
export function pcaBasis(mean, components, explained, now = () => performance.now()) {
  const p = mean.length;
  const [u, w] = components;
  /** Coordinates of rows first..end - 1 (row-major, nFeatures columns) on the two components, into out. */
  const projectRows = (rows, out, first, end) => {
    for (let r = first; r < end; r += 1) {
      let x = 0;
      let y = 0;
      for (let j = 0; j < p; j += 1) {
        const v = rows[r * p + j];
        if (!Number.isFinite(v)) continue;
        const d = v - mean[j];
        x += d * u[j];
        y += d * w[j];
      }
      out[2 * r] = x;
      out[2 * r + 1] = y;
    }
  };
  const countOf = (rows) => Math.floor(rows.length / Math.max(1, p));
  return {
    mean,
    components,
    explained,
    /** Coordinates of rows (row-major, nFeatures columns) on the two components. */
    project(rows, count = countOf(rows)) {
      const out = new Float64Array(2 * count);
      projectRows(rows, out, 0, count);
      return out;
    },
    /** project() in steps: { advance(deadline) -> true while rows remain, result (the coordinates) }. */
    projectInSteps(rows, count = countOf(rows), clock = now) {
      const out = new Float64Array(2 * count);
      let at = 0;
      return {
        advance(deadline) {
          while (at < count) {
            const end = Math.min(count, at + PCA_ROWS_PER_CHECK);
            projectRows(rows, out, at, end);
            at = end;
            if (at < count && clock() >= deadline) return true;
          }
          return false;
        },
        result: out,
      };
    },
  };
}

/**
 * The plane a table's data are drawn in, as the training worker sends it with the data (the
 * data reply's pca, protocol.js): pca2 of the nTrain training rows, { mean, components: [pc1,
 * pc2], explained: [ratio1, ratio2], trainXY, testXY } with the rows of both parts projected
 * ((x, y) pairs). Its typed arrays can be transferred; pcaBasis(mean, components, explained)
 * rebuilds pca2's result on the other side.
 */
export function principalPlane(xTrain, nTrain, xTest, nFeatures) {
  const basis = pca2(xTrain, nTrain, nFeatures);
  return {
    mean: basis.mean,
    components: basis.components,
    explained: basis.explained,
    trainXY: basis.project(xTrain),
    testXY: basis.project(xTest),
  };
}
