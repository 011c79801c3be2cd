// The largest eigenpairs of a symmetric matrix (the covariance matrix of PCA, pca.js).

/**
 * The `count` largest eigenpairs of the symmetric p x p matrix `a` (row-major; overwritten):
 * { values: Float64Array(p) all eigenvalues, largest first, vectors: [Float64Array(p) x count]
 * unit eigenvectors of the first `count` values }. Householder reflections bring `a` to
 * tridiagonal form T = Q^T a Q (about 4p^3/3 flops), implicit QR steps with Wilkinson's shift
 * diagonalise T (their rotations kept), the wanted eigenvectors of T are made from the rotations,
 * and Q maps them back. Cyclic Jacobi is simpler but took 2 s for p = 300; this takes a fraction of that.
 */
export function symmetricEigen(a, p, count = p) {
  // 1. Tridiagonalise: reflection k maps a[k+1.., k] onto its first coordinate.
  const reflectors = [];
  for (let k = 0; k + 2 < p; k += 1) {
    const m = p - k - 1;
    const v = new Float64Array(m);
    let norm = 0;
    for (let i = 0; i < m; i += 1) {
      v[i] = a[(k + 1 + i) * p + k];
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) {
      reflectors.push(null);
      continue;
    }
    // alpha takes the sign opposite to v[0], so v[0] - alpha does not cancel.
    const alpha = v[0] >= 0 ? -norm : norm;
    v[0] -= alpha;
    let vv = 0;
    for (let i = 0; i < m; i += 1) vv += v[i] * v[i];
    const beta = 2 / vv;
    // H A H = A - v q^T - q v^T on the trailing block, w = beta A v, q = w - (beta v.w / 2) v.
    const w = new Float64Array(m);
    let vw = 0;
    for (let i = 0; i < m; i += 1) {
      const row = (k + 1 + i) * p + k + 1;
      let sum = 0;
      for (let j = 0; j < m; j += 1) sum += a[row + j] * v[j];
      w[i] = beta * sum;
      vw += v[i] * w[i];
    }
    const half = (beta * vw) / 2;
    for (let i = 0; i < m; i += 1) w[i] -= half * v[i];
    for (let i = 0; i < m; i += 1) {
      const row = (k + 1 + i) * p + k + 1;
      for (let j = 0; j < m; j += 1) a[row + j] -= v[i] * w[j] + w[i] * v[j];
    }
    for (let i = 1; i < m; i += 1) {
      a[(k + 1 + i) * p + k] = 0;
      a[k * p + k + 1 + i] = 0;
    }
    a[(k + 1) * p + k] = alpha;
    a[k * p + k + 1] = alpha;
    reflectors.push({ v, beta });
  }
  const d = new Float64Array(p);
  const e = new Float64Array(Math.max(0, p - 1)); // e[i] couples i and i + 1
  for (let i = 0; i < p; i += 1) d[i] = a[i * p + i];
  for (let i = 0; i + 1 < p; i += 1) e[i] = a[i * p + i + 1];

  // 2. Diagonalise T. The rotations are kept (k, c, s): T's eigenvector i is row i of their
  // product, made at the end for the wanted i only (gathering all p vectors as the rotations
  // come took most of the time: 25 ms of the page's thread for p = 49).
  const rotations = [];
  const negligible = (i) => Math.abs(e[i]) <= 2.3e-16 * (Math.abs(d[i]) + Math.abs(d[i + 1])) || Math.abs(e[i]) < 1e-300;
  let hi = p - 1;
  for (let steps = 0; hi > 0 && steps < 40 * p; ) {
    if (negligible(hi - 1)) {
      e[hi - 1] = 0;
      hi -= 1;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(lo - 1)) lo -= 1;
    steps += 1;
    // Wilkinson's shift: the eigenvalue of the trailing 2 x 2 nearer its last diagonal entry.
    const delta = (d[hi - 1] - d[hi]) / 2;
    const f2 = e[hi - 1] * e[hi - 1];
    const mu = d[hi] - f2 / (delta + (delta < 0 ? -1 : 1) * Math.hypot(delta, e[hi - 1]));
    // The first rotation (on k, k + 1 = lo, lo + 1) follows the shifted first column; each
    // next one zeroes the bulge its predecessor left at (k + 1, k - 1).
    let x = d[lo] - mu;
    let y = e[lo];
    for (let k = lo; k < hi; k += 1) {
      const r = Math.hypot(x, y);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : -y / r;
      if (k > lo) e[k - 1] = r;
      const dk = d[k];
      const dn = d[k + 1];
      const f = e[k];
      d[k] = dk * c * c - 2 * f * c * s + dn * s * s;
      d[k + 1] = dk * s * s + 2 * f * c * s + dn * c * c;
      e[k] = (dk - dn) * c * s + f * (c * c - s * s);
      if (k + 1 < hi) {
        x = e[k];
        y = -e[k + 1] * s; // the bulge at (k + 2, k)
        e[k + 1] *= c;
      }
      rotations.push(k, c, s);
    }
  }
  /** Row i of G_R ... G_1 (G rotating rows k, k + 1 by [c -s; s c]): e_i times the rotations, last first. */
  const eigenvectorOfT = (i) => {
    const x = new Float64Array(p);
    x[i] = 1;
    for (let r = rotations.length - 3; r >= 0; r -= 3) {
      const k = rotations[r];
      const c = rotations[r + 1];
      const s = rotations[r + 2];
      const xk = x[k];
      const xn = x[k + 1];
      x[k] = c * xk + s * xn;
      x[k + 1] = c * xn - s * xk;
    }
    return x;
  };

  // 3. Sort, and map the wanted eigenvectors of T back through the reflections.
  const order = Array.from({ length: p }, (_, i) => i).sort((i, j) => d[j] - d[i] || i - j);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = [];
  for (let n = 0; n < Math.min(count, p); n += 1) {
    const x = eigenvectorOfT(order[n]);
    for (let k = reflectors.length - 1; k >= 0; k -= 1) {
      const h = reflectors[k];
      if (!h) continue;
      let dot = 0;
      for (let i = 0; i < h.v.length; i += 1) dot += h.v[i] * x[k + 1 + i];
      dot *= h.beta;
      for (let i = 0; i < h.v.length; i += 1) x[k + 1 + i] -= dot * h.v[i];
    }
    vectors.push(x);
  }
  return { values, vectors };
}
