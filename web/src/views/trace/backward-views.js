// The backward steps' contents: the loss for this input, the output error a(L) - y, each hidden
// layer's delta (the terms delta(l+1)_k w_jk largest first, times the activation's derivative),
// each layer's gradients (a(l-1)_i delta_j + alpha w_ij), and one sgd step (the loss before and
// after). Every number stated is the trace's; the terms are products of its own numbers, formed
// to sort them. Each view takes the panel's context (forward-views.js) and returns nodes.

import { h } from '../../ui/dom.js';
import { DERIVATIVE_FORMULAS, derivativeFromOutput } from './activation-plot.js';
import { activationRow } from './forward-views.js';
import { formula, formulaBox, mathNodes, num, shapes, wij } from './notation.js';
import { activationsOf, backwardTerms, gradientTerms, layerWidths } from './terms.js';
import { termList, unitTable } from './widgets.js';

const DATA_LOSS = {
  binary: 'J_{data} = −(y log a + (1 − y) log(1 − a))',
  multiclass: 'J_{data} = −Σ_k y_k log a_k',
  multilabel: 'J_{data} = −Σ_k (y_k log a_k + (1 − y_k) log(1 − a_k))',
  regression: 'J_{data} = ½ (y − ŷ)²',
};

/** The cost of this input: the data term, the penalty and their sum. */
export function lossView(ctx) {
  const { trace, alpha } = ctx;
  const { kind } = trace.output;
  const many = kind === 'regression' && trace.output.values.length > 1;
  return [
    formulaBox(
      formula('J = J_{data} + J_{penalty}'),
      formula(many ? 'J_{data} = (1 / 2m) Σ_k (y_k − ŷ_k)², m outputs' : DATA_LOSS[kind]),
      formula('J_{penalty} = (α / 2) Σ_l ‖W^(l)‖²'),
    ),
    h('dl', { class: 'trace-values' },
      h('dt', {}, 'data term'), h('dd', {}, num(trace.loss.data)),
      h('dt', {}, 'penalty (α = ', alpha === undefined ? '?' : num(alpha), ')'), h('dd', {}, num(trace.loss.penalty)),
      h('dt', {}, 'loss J'), h('dd', {}, h('strong', {}, num(trace.loss.total)))),
    h('p', { class: 'trace-note' }, 'scikit-learn divides both terms by the batch size; for one input it is 1.'),
  ];
}

/** delta(L) = a(L) - y: one row per output. */
export function errorView(ctx) {
  const { trace, name } = ctx;
  const L = trace.layers.length;
  const out = trace.layers[L - 1];
  return [
    formulaBox(formula(`δ^(${L}) = a^(${L}) - y`), h('div', { class: 'trace-formula-note' }, 'the same for each output and its loss: logistic with log-loss, softmax with cross-entropy, identity with squared error')),
    shapes([[`δ^(${L}), a^(${L}), y`, out.a.length]]),
    unitTable({
      caption: 'The output error',
      names: (j) => name(L, j),
      columns: [{ head: `a^(${L})`, values: out.a }, { head: 'y', values: trace.output.target }, { head: `δ^(${L})`, values: out.delta }],
      selected: ctx.unit,
      onPick: ctx.pick,
    }),
  ];
}

/** delta(l) = (W(l+1)^T delta(l+1)) * sigma'(z(l)) for hidden layer l, with the chosen unit's sum. */
export function deltaView(ctx) {
  const { trace, step, name, unit } = ctx;
  const l = step.layer;
  const widths = layerWidths(trace);
  const layer = trace.layers[l - 1];
  const act = layer.activation;
  const slope = Float64Array.from(layer.a, (a) => derivativeFromOutput(act, a));
  const { terms, delta } = backwardTerms(trace, l, unit);
  const next = trace.layers[l].delta;
  return [
    formulaBox(
      formula(`δ^(${l}) = (W^(${l + 1})^T δ^(${l + 1})) ⊙ σ'(z^(${l}))`),
      h('div', { class: 'trace-formula-note' }, `${act}: `, mathNodes(DERIVATIVE_FORMULAS[act] ?? act)),
    ),
    shapes([[`W^(${l + 1})^T`, widths[l], widths[l + 1]], [`δ^(${l + 1})`, widths[l + 1]], [`δ^(${l})`, widths[l]]]),
    unitTable({
      caption: `Hidden layer ${l}: each unit's derivative and delta`,
      names: (j) => name(l, j),
      columns: [{ head: `z^(${l})`, values: layer.z }, { head: "σ'(z)", values: slope }, { head: `δ^(${l})`, values: layer.delta }],
      selected: unit,
      onPick: ctx.pick,
    }),
    h('h4', {}, `${name(l, unit)}: the error coming back, largest terms first`),
    termList({
      terms,
      caption: `The terms of the error reaching ${name(l, unit)}`,
      label: (t) => `${wij(t.index + 1, unit + 1, layerWidths(trace)[l + 1] > 9 || layerWidths(trace)[l] > 9)} δ_${t.index + 1}^(${l + 1})`,
      factors: (t) => [num(t.w), ' × ', num(next[t.index]), h('span', { class: 'trace-term-of' }, ` (from ${name(l + 1, t.index)})`)],
    }),
    h('p', { class: 'trace-sum' }, 'times ', mathNodes(`σ'(z_${unit + 1}) = `), num(slope[unit]), mathNodes(`, so δ_${unit + 1}^(${l}) = `), h('strong', {}, num(delta))),
    activationRow(act, layer.z[unit], slope[unit], `σ'(z_${unit + 1}) = `, true),
  ];
}

/** dJ/dW(l) = delta(l) a(l-1)^T + alpha W(l), dJ/db(l) = delta(l): the chosen unit's weights. */
export function gradientView(ctx) {
  const { trace, step, name, unit, alpha } = ctx;
  const l = step.layer;
  const widths = layerWidths(trace);
  const layer = trace.layers[l - 1];
  const { terms, biasGradient, delta } = gradientTerms(trace, l, unit);
  const a = activationsOf(trace, l - 1);
  return [
    formulaBox(formula(`∂J/∂W^(${l}) = δ^(${l}) a^(${l - 1})^T + α W^(${l})`), formula(`∂J/∂b^(${l}) = δ^(${l})`)),
    shapes([[`δ^(${l})`, widths[l]], [`a^(${l - 1})^T`, 1, widths[l - 1]], [`∂J/∂W^(${l})`, widths[l], widths[l - 1]], [`∂J/∂b^(${l})`, widths[l]]]),
    unitTable({
      caption: `${l === trace.layers.length ? 'The output layer' : `Hidden layer ${l}`}: each unit's delta and its bias's gradient`,
      names: (j) => name(l, j),
      columns: [{ head: `δ^(${l})`, values: layer.delta }, { head: `∂J/∂b^(${l})`, values: trace.gradients.intercepts[l - 1] }],
      selected: unit,
      onPick: ctx.pick,
    }),
    h('h4', {}, `${name(l, unit)}: the gradients of its weights in, largest first`),
    termList({
      terms,
      caption: `The gradients of the weights into ${name(l, unit)}`,
      label: (t) => `∂J/∂${wij(unit + 1, t.index + 1, widths[l] > 9 || widths[l - 1] > 9)}`,
      factors: (t) => [num(delta), ' × ', num(a[t.index]), ' + ', alpha === undefined ? 'α' : num(alpha), ' × ', num(t.w), h('span', { class: 'trace-term-of' }, ` (from ${name(l - 1, t.index)})`)],
    }),
    h('p', { class: 'trace-sum' }, mathNodes(`∂J/∂b_${unit + 1} = δ_${unit + 1} = `), h('strong', {}, num(biasGradient))),
  ];
}

/** One sgd step with the learning rate: the loss and the output before and after. */
export function sgdView(ctx) {
  const { trace, name } = ctx;
  const L = trace.layers.length;
  const { learningRate, loss, values } = trace.step;
  const change = loss.total - trace.loss.total;
  return [
    formulaBox(formula('W^(l) ← W^(l) - η ∂J/∂W^(l)'), formula('b^(l) ← b^(l) - η ∂J/∂b^(l)')),
    h('p', {}, mathNodes('With the learning rate η = '), num(learningRate), ', for this input alone:'),
    h('table', { class: 'trace-table trace-before-after' },
      h('thead', {}, h('tr', {}, h('th', {}), h('th', { scope: 'col' }, 'before'), h('th', { scope: 'col' }, 'after'))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, 'loss J'), h('td', {}, num(trace.loss.total)), h('td', {}, num(loss.total))),
        h('tr', {}, h('th', { scope: 'row' }, 'data term'), h('td', {}, num(trace.loss.data)), h('td', {}, num(loss.data))),
        Array.from(values, (v, k) => h('tr', {}, h('th', { scope: 'row' }, name(L, k)), h('td', {}, num(trace.output.values[k])), h('td', {}, num(v)))))),
    h('p', { class: `trace-verdict ${change < 0 ? 'right' : 'wrong'}` },
      change < 0 ? 'The step lowers this input\'s loss by ' : 'The step does not lower this input\'s loss: it rises by ', h('strong', {}, num(Math.abs(change))), '.'),
  ];
}
