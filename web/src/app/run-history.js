// The curves of one run, by epoch: grown by each update reply (which carries only the epochs
// the page has not had yet), kept in typed arrays that double their capacity, and read as
// views (value of epoch e at index e - 1; NaN where an epoch was not measured). A long run
// (a million epochs) costs no copy per update: the chart reads the views as they are.

/** The per-epoch series, in the order of an update reply's metrics after lossCurve and validationScores. */
export const SERIES_KEYS = ['lossCurve', 'validationScores', 'trainScores', 'testScores', 'trainLosses', 'testLosses', 'topShares'];
/** An update reply's metrics per epoch: train score, test score, train loss, test loss, top class share. */
const METRIC_KEYS = ['trainScores', 'testScores', 'trainLosses', 'testLosses', 'topShares'];

function column() {
  let data = new Float64Array(64);
  let length = 0;
  return {
    push(v) {
      if (length === data.length) {
        const grown = new Float64Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data[length] = v;
      length += 1;
    },
    truncate(n) {
      length = Math.max(0, Math.min(length, n));
    },
    /** A view of the values (valid until the next push). */
    view: () => data.subarray(0, length),
    get length() {
      return length;
    },
  };
}

/** createRunHistory() -> { append(update reply), series(key), gradientNorms(), nLayers, epochs } */
export function createRunHistory() {
  const columns = Object.fromEntries(SERIES_KEYS.map((k) => [k, column()]));
  const norms = column();
  let nLayers = 0;
  let epochs = 0;

  return {
    /**
     * Appends an update reply's epochs historyFrom + 1 .. epoch: lossCurve, validationScores,
     * gradientNorms (nLayers per epoch) and metrics (METRIC_KEYS per epoch). A reply from an
     * earlier point (historyFrom below what is held) replaces what came after that point.
     */
    append(m) {
      const from = m.historyFrom ?? 0;
      const layers = Math.max(0, (m.layerUnits?.length ?? 1) - 1);
      if (from < epochs || layers !== nLayers) {
        for (const c of Object.values(columns)) c.truncate(from);
        norms.truncate(layers === nLayers ? from * layers : 0);
        nLayers = layers;
      }
      for (const v of m.lossCurve ?? []) columns.lossCurve.push(v);
      for (const v of m.validationScores ?? []) columns.validationScores.push(v);
      for (const v of m.gradientNorms ?? []) norms.push(v);
      const metrics = m.metrics ?? [];
      const width = METRIC_KEYS.length;
      for (let i = 0; i + width <= metrics.length; i += width) {
        METRIC_KEYS.forEach((k, c) => columns[k].push(metrics[i + c]));
      }
      epochs = Math.max(from + Math.floor(metrics.length / width), columns.lossCurve.length);
    },
    /** The series `key` (one of SERIES_KEYS) as a Float64Array view. */
    series: (key) => columns[key].view(),
    /** The gradient norms, epochs x nLayers row-major, as a view. */
    gradientNorms: () => norms.view(),
    get nLayers() {
      return nLayers;
    },
    /** Epochs held. */
    get epochs() {
      return epochs;
    },
  };
}
