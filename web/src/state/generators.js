// The datasets the page offers: the generators and the bundled tables, with the facts the
// rest of the page reads from them (task, input count, parameters). Pure data.

/**
 * The datasets. core: the engine's generator name (for a table: scikit-learn's loader);
 * params: the data fields it uses; nFeatures: raw input columns; sklearn: scikit-learn
 * has the same generator. table: rows loaded whole and split by the engine (the bundled
 * iris and digits, the user's CSV file: data/tables.js), not generated.
 */
export const GENERATORS = {
  moons: { label: 'Moons', core: 'make_moons', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'noise'] },
  circles: { label: 'Circles', core: 'make_circles', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'noise', 'factor'] },
  blobs: { label: 'Blobs', core: 'make_blobs', task: 'classification', nFeatures: 2, sklearn: true,
    params: ['n_samples', 'centers', 'cluster_std'] },
  xor: { label: 'XOR', core: 'xor', task: 'classification', nFeatures: 2, params: ['n_samples', 'noise'] },
  spirals: { label: 'Spirals', core: 'spirals', task: 'classification', nFeatures: 2, params: ['n_samples', 'noise'] },
  gaussian: { label: 'Gaussian', core: 'gaussian', task: 'classification', nFeatures: 2,
    params: ['n_samples', 'noise'] },
  regression: { label: 'Regression', core: 'make_regression', task: 'regression', nFeatures: null, sklearn: true,
    params: ['n_samples', 'n_features', 'noise'] },
  plane: { label: 'Plane', core: 'plane', task: 'regression', nFeatures: 2, params: ['n_samples', 'noise'] },
  sine: { label: 'Sine (1-D)', core: 'sine', task: 'regression', nFeatures: 1, params: ['n_samples', 'noise'] },
  iris: { label: 'Iris', core: 'load_iris', task: 'classification', nFeatures: 4, nClasses: 3, nSamples: 150, sklearn: true, table: 'iris',
    params: [], inputs: ['sepal length', 'sepal width', 'petal length', 'petal width'] },
  digits: { label: 'Digits 8x8', core: 'load_digits', task: 'classification', nFeatures: 64, nClasses: 10, nSamples: 1797, sklearn: true,
    table: 'digits', params: [], imageShape: [8, 8] },
  csv: { label: 'Your CSV', core: 'read_csv', task: null, nFeatures: null, table: 'csv', params: [] },
};
