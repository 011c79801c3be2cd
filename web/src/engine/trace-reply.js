// The trace reply (protocol.js): the engine's trace of one input (Session.trace, then traceJson()
// with the small vectors and traceWeights() / traceGradients() with the packed parameters) in the
// shape the page reads. Copies everything out of the module's memory; no engine calls here.

/**
 * @typedef {{ data: number, penalty: number, total: number }} TraceLoss
 * @typedef {{ activation: string, z: Float64Array, a: Float64Array, delta: Float64Array }} TraceLayer
 * @typedef {{ coefs: Float64Array[], intercepts: Float64Array[] }} TraceParameters
 * @typedef {{ precision: string, point: number[], input: Float64Array, layers: TraceLayer[],
 *   output: { kind: string, values: Float64Array, predicted: number | number[], target: Float64Array },
 *   weights: TraceParameters, gradients: TraceParameters, loss: TraceLoss,
 *   step: { learningRate: number, loss: TraceLoss, values: Float64Array } }} TraceFields
 */

/** The core writes a non-finite number as the string 'NaN', 'Infinity' or '-Infinity': Number() reads both kinds. */
const floats = (/** @type {Array<number | string>} */ list) => Float64Array.from(list, Number);
const lossOf = (/** @type {Record<string, number | string>} */ l) => ({
  data: Number(l.data),
  penalty: Number(l.penalty),
  total: Number(l.total),
});

/**
 * Per-layer copies of packed parameters (every W_l row-major, then every b_l, as the session's
 * parameters()): coefs[l] holds units[l] x units[l + 1] values (i * n_out + j), intercepts[l]
 * units[l + 1]. Reading a view on the module's memory, it copies at once.
 * @param {Float64Array} packed
 * @param {number[]} units every layer's width, inputs first
 * @returns {TraceParameters}
 */
export function unpackParameters(packed, units) {
  const coefs = [];
  const intercepts = [];
  let offset = 0;
  for (let l = 0; l + 1 < units.length; l += 1) {
    const size = units[l] * units[l + 1];
    coefs.push(packed.slice(offset, offset + size));
    offset += size;
  }
  for (let l = 0; l + 1 < units.length; l += 1) {
    intercepts.push(packed.slice(offset, offset + units[l + 1]));
    offset += units[l + 1];
  }
  return { coefs, intercepts };
}

/**
 * The trace reply's fields from the core's trace (JSON.parse of traceJson()) and its weights and
 * gradients (the views traceWeights(), traceGradients(), copied here), with the buffers to
 * transfer. predicted is a number for a binary or multiclass classifier (the class code), an
 * array otherwise (multilabel: a 0/1 per output; regression: the values).
 * @param {any} core
 * @param {Float64Array} weightsView
 * @param {Float64Array} gradientsView
 * @returns {{ fields: TraceFields, transfer: ArrayBuffer[] }}
 */
export function traceReply(core, weightsView, gradientsView) {
  const weights = unpackParameters(weightsView, core.units);
  const gradients = unpackParameters(gradientsView, core.units);
  const layers = core.layers.map((/** @type {any} */ l) => ({
    activation: l.activation,
    z: floats(l.z),
    a: floats(l.a),
    delta: floats(l.delta),
  }));
  const predicted = floats(core.predicted);
  const single = core.kind === 'binary' || core.kind === 'multiclass';
  /** @type {TraceFields} */
  const fields = {
    precision: core.precision,
    point: Array.from(floats(core.point)),
    input: floats(core.input),
    layers,
    output: {
      kind: core.kind,
      values: floats(core.values),
      predicted: single ? predicted[0] : Array.from(predicted),
      target: floats(core.target),
    },
    weights,
    gradients,
    loss: lossOf(core.loss),
    step: { learningRate: Number(core.learning_rate), loss: lossOf(core.step_loss), values: floats(core.step_values) },
  };
  const arrays = [
    fields.input,
    ...layers.flatMap((l) => [l.z, l.a, l.delta]),
    fields.output.values,
    fields.output.target,
    ...weights.coefs,
    ...weights.intercepts,
    ...gradients.coefs,
    ...gradients.intercepts,
    fields.step.values,
  ];
  return { fields, transfer: arrays.map((a) => /** @type {ArrayBuffer} */ (a.buffer)) };
}
