// The forward steps' contents: the input a(0), one layer's z = W a + b and a = sigma(z) with the
// chosen unit's sum (largest terms first) and its point on the activation, and the output (the
// logistic value against 0.5, the softmax's probabilities, or the regression value, with the
// predicted and the true answer). Every number shown is the trace's, except the terms w a,
// formed from its weights and activations to sort them.
//
// Each view takes the panel's context: { trace, step, name (notation.js unitNamer), names
// ({ featureNames, classNames }), unit (the chosen unit), pick(j), alpha } and returns nodes.

import { h } from '../../ui/dom.js';
import { formatValue } from '../canvas-util.js';
import { ACTIVATIONS, ACTIVATION_FORMULAS, drawActivation } from './activation-plot.js';
import { className, formula, formulaBox, inParens, mathNodes, num, shapes, wij } from './notation.js';
import { activationsOf, forwardTerms, layerWidths } from './terms.js';
import { termList, unitTable } from './widgets.js';

/** Inputs the words list in full ("The point (x, y, ...)"); a wider row is said by its count (its table lists it). */
const POINT_WORDS_MAX = 8;

/** The row drawn as its image (names.imageShape: [rows, cols], the 8x8 digits), white for its largest values as the page's other images, or null. */
function inputImage(values, shape) {
  if (!shape || shape[0] * shape[1] !== values.length) return null;
  const [rows, cols] = shape;
  const canvas = h('canvas', { class: 'trace-input-image', width: cols, height: rows, role: 'img',
    'aria-label': `The input as its ${rows} × ${cols} image` });
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values);
  const image = g.createImageData(cols, rows);
  values.forEach((v, k) => {
    const ink = Math.round((255 * (v - lo)) / (hi - lo || 1));
    image.data.set([ink, ink, ink, 255], 4 * k);
  });
  g.putImageData(image, 0, 0);
  return canvas;
}

/** a(0) = x: the point asked for and the network's inputs. */
export function inputView(ctx) {
  const { trace, name } = ctx;
  const n = trace.input.length;
  const point = trace.point.map((v, k) => [k ? ', ' : '', num(v)]);
  const wide = trace.point.length > POINT_WORDS_MAX;
  return [
    formulaBox(formula('a^(0) = x')),
    shapes([['a^(0)', n]]),
    inputImage(Array.from(trace.point), ctx.names?.imageShape),
    h('p', {}, ...(wide ? [`This sample's ${trace.point.length} values enter`] : ['The point (', point, ') enters']),
      ' the network as its ', String(n), ' input', n === 1 ? '' : 's',
      ' (after any derived features and standardization):'),
    unitTable({ caption: 'The inputs a(0)', names: (j) => name(0, j), columns: [{ head: 'a^(0)', values: trace.input }], selected: ctx.unit, onPick: ctx.pick }),
  ];
}

/** z(l) = W(l) a(l-1) + b(l), a(l) = sigma(z(l)) for layer l, with the chosen unit's sum. */
export function forwardView(ctx) {
  const { trace, step, name, unit } = ctx;
  const l = step.layer;
  const widths = layerWidths(trace);
  const layer = trace.layers[l - 1];
  const act = layer.activation;
  const out = [
    formulaBox(
      formula(`z^(${l}) = W^(${l}) a^(${l - 1}) + b^(${l})`),
      formula(`a^(${l}) = ${act === 'softmax' ? 'softmax' : act === 'logistic' ? 'g' : 'σ'}(z^(${l}))`),
      h('div', { class: 'trace-formula-note' }, `${act}: `, mathNodes(ACTIVATION_FORMULAS[act] ?? act)),
    ),
    shapes([[`W^(${l}) = coefs_[${l - 1}]^T`, widths[l], widths[l - 1]], [`a^(${l - 1})`, widths[l - 1]], [`b^(${l})`, widths[l]], [`z^(${l}), a^(${l})`, widths[l]]]),
    unitTable({
      caption: `${l === trace.layers.length ? 'The output layer' : `Hidden layer ${l}`}: each unit's z and a`,
      names: (j) => name(l, j),
      columns: [{ head: `z^(${l})`, values: layer.z }, { head: `a^(${l})`, values: layer.a }],
      selected: unit,
      onPick: ctx.pick,
    }),
  ];
  const { terms, bias, z } = forwardTerms(trace, l, unit);
  const a = activationsOf(trace, l - 1);
  out.push(
    h('h4', {}, `${name(l, unit)}: its sum, largest terms w·a first`),
    termList({
      terms,
      caption: `The terms of z for ${name(l, unit)}`,
      label: (t) => `${wij(unit + 1, t.index + 1, widths[l] > 9 || widths[l - 1] > 9)} a_${t.index + 1}`,
      factors: (t) => [num(t.w), ' × ', num(a[t.index]), h('span', { class: 'trace-term-of' }, inParens(name(l - 1, t.index)))],
    }),
    h('p', { class: 'trace-sum' }, mathNodes(`+ b_${unit + 1} = `), num(bias), mathNodes(`, so z_${unit + 1} = `), h('strong', {}, num(z))),
  );
  out.push(activationRow(act, z, layer.a[unit], `a_${unit + 1} = ${act === 'softmax' ? 'softmax(z)' : act === 'logistic' ? 'g' : 'σ'}${act === 'softmax' ? '' : `(z_${unit + 1})`} = `));
  return out;
}

/** The unit's activation drawn small with its point, beside "a_j = sigma(z_j) = value". */
function activationRow(activation, z, value, text, derivative = false) {
  const canvas = h('canvas', { class: 'trace-plot', role: 'img' });
  const drawn = ACTIVATIONS[activation] ? drawActivation(canvas, { activation, z, value, derivative }) : false;
  canvas.setAttribute('aria-label', `${derivative ? 'The derivative' : 'The activation'} ${activation}, marked at z = ${formatValue(z)}: ${formatValue(value)}`);
  return h('div', { class: 'trace-activation' },
    drawn ? canvas : null,
    h('p', {}, mathNodes(text), h('strong', {}, num(value))));
}

export { activationRow };

/** The output: what the network answers for this input, and the true answer. */
export function outputView(ctx) {
  const { trace, names } = ctx;
  const L = trace.layers.length;
  const { kind, values, predicted, target } = trace.output;
  if (kind === 'binary') {
    const p = values[0];
    return [
      formulaBox(formula(`P(y = 1 | x) = a^(${L}) = g(z^(${L})) = 1 / (1 + e^{-z})`), formula(`predict 1 when a^(${L}) > 0.5`)),
      probabilityBar(`P(${className(names, 1)})`, p, true),
      h('p', {}, num(p), p > 0.5 ? ' > 0.5: ' : ' ≤ 0.5: ', 'predicted ', h('strong', {}, className(names, Number(predicted))), '.'),
      verdict(className(names, Number(predicted)), className(names, target[0] > 0.5 ? 1 : 0)),
    ];
  }
  if (kind === 'multiclass') {
    const truth = target.indexOf(Math.max(...target));
    return [
      formulaBox(formula(`a_k^(${L}) = exp(z_k^(${L})) / Σ_j exp(z_j^(${L}))`), formula('predict the class k with the largest a_k')),
      h('ul', { class: 'trace-probs' }, Array.from(values, (p, k) =>
        h('li', { class: k === predicted ? 'predicted' : null }, probabilityBar(`P(${className(names, k)})`, p, false, k === truth ? 'true class' : '')))),
      verdict(className(names, Number(predicted)), className(names, truth)),
    ];
  }
  if (kind === 'multilabel') {
    const p = Array.isArray(predicted) ? predicted : [];
    return [
      formulaBox(formula(`P(y_k = 1 | x) = a_k^(${L}) = g(z_k^(${L}))`), formula('each label is on when its a_k > 0.5')),
      h('ul', { class: 'trace-probs' }, Array.from(values, (v, k) =>
        h('li', {}, probabilityBar(`P(${className(names, k)})`, v, true, `predicted ${p[k] ?? '?'}, true ${formatValue(target[k])}`)))),
    ];
  }
  return [
    formulaBox(formula(`ŷ = a^(${L}) = z^(${L})`), formula('the identity output: the prediction is the sum itself')),
    h('ul', { class: 'trace-regression' }, Array.from(values, (v, k) =>
      h('li', {}, `${ctx.name(L, k)} = `, h('strong', {}, num(v)), ', true value ', num(target[k])))),
  ];
}

/** A probability as a bar (a tick at 0.5 where it decides), its value and a note. */
function probabilityBar(label, p, threshold, note = '') {
  const bar = h('span', { class: 'trace-bar' }, h('span', { class: 'trace-bar-fill', style: { width: `${Math.max(0, Math.min(1, p)) * 100}%` } }));
  if (threshold) bar.append(h('span', { class: 'trace-bar-threshold', title: 'threshold 0.5' }));
  return h('div', { class: 'trace-prob' }, h('span', { class: 'trace-prob-label' }, label), bar, num(p), note ? h('span', { class: 'trace-prob-note' }, ` ${note}`) : null);
}

function verdict(predicted, truth) {
  const right = predicted === truth;
  return h('p', { class: `trace-verdict ${right ? 'right' : 'wrong'}` },
    'Predicted ', h('strong', {}, predicted), ', true class ', h('strong', {}, truth), right ? ': right.' : ': wrong.');
}
