// The gallery's pure parts: which test rows come first (the misclassified ones), the words of
// each tile, and the pages. No DOM.

/** True when k is a class index of K classes. */
const isClass = (k, K) => Number.isInteger(k) && k >= 0 && k < K;

/**
 * The test rows in the gallery's order: { order (Int32Array of row indices), wrong (how many
 * are misclassified) }. The misclassified rows (predicted class != true class) come first, then
 * the rest, each part in row order (stable). Before training (predicted null) every row, in
 * order, with wrong 0. A row whose true class is no class of K (a label the model never saw)
 * counts as not misclassified, as the confusion matrix leaves it out.
 * @param {ArrayLike<number>} yTest true class indices
 * @param {ArrayLike<number> | null} predicted predicted class indices, one per row, or null
 * @param {number} K the number of classes
 */
export function galleryOrder(yTest, predicted, K) {
  const n = yTest?.length ?? 0;
  const order = new Int32Array(n);
  if (!predicted || predicted.length < n) {
    for (let i = 0; i < n; i += 1) order[i] = i;
    return { order, wrong: 0 };
  }
  let wrong = 0;
  for (let i = 0; i < n; i += 1) if (isClass(yTest[i], K) && predicted[i] !== yTest[i]) wrong += 1;
  let w = 0;
  let r = wrong;
  for (let i = 0; i < n; i += 1) {
    if (isClass(yTest[i], K) && predicted[i] !== yTest[i]) order[w++] = i;
    else order[r++] = i;
  }
  return { order, wrong };
}

/** A class's name: its name in classNames, else its index as text. */
const nameOf = (k, classNames) => (classNames?.[k] !== undefined ? String(classNames[k]) : String(k));

/**
 * What a tile says about test row `row` (from 0): { predicted (the predicted class's name, or
 * null before training), truth (the true class's name), wrong, caption ("Shirt (true:
 * T-shirt/top)" when misclassified, "Sneaker" when right, "true: Sneaker" before training),
 * label (the tile's accessible name) }.
 */
export function tileWords(row, trueClass, predictedClass, classNames) {
  const truth = nameOf(trueClass, classNames);
  const number = `Test image ${row + 1}`;
  if (predictedClass === null || predictedClass === undefined) {
    return { predicted: null, truth, wrong: false, caption: `true: ${truth}`, label: `${number}: true class ${truth}, not predicted yet` };
  }
  const predicted = nameOf(predictedClass, classNames);
  const wrong = predictedClass !== trueClass;
  return {
    predicted,
    truth,
    wrong,
    caption: wrong ? `${predicted} (true: ${truth})` : predicted,
    label: wrong
      ? `${number}: predicted ${predicted}, true class ${truth} (misclassified)`
      : `${number}: predicted ${predicted}, correct`,
  };
}

/**
 * The page `page` (from 0, clamped) of `count` items, perPage a page: { page, pages, first, last
 * (one past the end) }. No items: one empty page.
 */
export function pageBounds(count, page, perPage) {
  const per = Math.max(1, Math.floor(perPage) || 1);
  const pages = Math.max(1, Math.ceil(count / per));
  const p = Math.min(pages - 1, Math.max(0, Math.floor(page) || 0));
  return { page: p, pages, first: p * per, last: Math.min(count, (p + 1) * per) };
}
