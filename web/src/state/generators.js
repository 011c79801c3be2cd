// The datasets the page offers: the generators and the bundled tables, with the facts the
// rest of the page reads from them (task, input count, parameters). Pure data.

/**
 * The datasets. core: the engine's generator name (for a table: scikit-learn's loader);
 * params: the data fields it uses; nFeatures: raw input columns; sklearn: scikit-learn
 * has the same generator. table: rows loaded whole and split by the engine (the bundled
 * iris and digits, the user's CSV file: data/tables.js), not generated. images: an image set
 * the engine's worker fetches itself ('quick' or 'full' of Fashion-MNIST: engine/image-load.js),
 * with its own fixed train/test split (nTrain, nTest: test_size does not apply) and pixels / 255.
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
  fashion: { label: 'Fashion-MNIST 28x28 (quick: 10,000 + 2,000)', core: 'fashion_mnist', task: 'classification', nFeatures: 784,
    nClasses: 10, nSamples: 12000, nTrain: 10000, nTest: 2000, images: 'quick', imageShape: [28, 28], params: [] },
  'fashion-full': { label: 'Fashion-MNIST 28x28 (full: 60,000 + 10,000)', core: 'fashion_mnist', task: 'classification', nFeatures: 784,
    nClasses: 10, nSamples: 70000, nTrain: 60000, nTest: 10000, images: 'full', imageShape: [28, 28], params: [] },
  csv: { label: 'Your CSV', core: 'read_csv', task: null, nFeatures: null, table: 'csv', params: [] },
};

/** Fashion-MNIST's class names, in label order (the assets' manifest holds the same). */
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Why the page offers Fashion-MNIST, and whose it is: said wherever it is chosen. */
export const FASHION_NOTE =
  'Fashion-MNIST, a drop-in replacement for MNIST: the same 28x28 grey images, 10 classes and 60,000/10,000 ' +
  'split, of clothes instead of digits. The page uses it because Debian does not package MNIST itself ' +
  '(dataset-fashion-mnist). Its train/test split is the fixed one of the files: test_size does not apply.';
export const FASHION_CREDIT =
  'Fashion-MNIST by Zalando Research (Han Xiao, Kashif Rasul, Roland Vollgraf, 2017, arXiv:1708.07747), MIT licence.';
