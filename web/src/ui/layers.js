// The hidden_layer_sizes editor: add/remove layers, +/- and typed neuron counts.
import { MAX_LAYERS, MAX_UNITS, PARAM_BY_ID } from '../state/config.js';
import { h, uniqueId } from './dom.js';
import { helpTip } from './field.js';

const PARAM = PARAM_BY_ID.hidden_layer_sizes;

/** createLayersEditor({ commit(sizes) }) -> { el, update(config), setError(message), setLocked(bool) } */
export function createLayersEditor({ commit }) {
  const id = uniqueId('layers');
  let sizes = [];
  let locked = false;
  let typedError = null;
  let engineError = null;

  const summary = h('code', { class: 'layers-summary', id: `${id}-summary` });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true, id: `${id}-error` });
  const list = h('ol', { class: 'layers-list', 'aria-label': 'Hidden layers' });
  const addLayer = h('button', { type: 'button', class: 'btn small', onclick: () => change([...sizes, sizes.at(-1) ?? 4]) }, '+ Layer');
  const removeLayer = h('button', { type: 'button', class: 'btn small', onclick: () => change(sizes.slice(0, -1)) }, '− Layer');
  const count = h('span', { class: 'layers-count', 'aria-live': 'polite' });
  const el = h('div', { class: 'field layers-editor', dataset: { control: 'hidden_layer_sizes' }, role: 'group', 'aria-labelledby': `${id}-label` },
    h('div', { class: 'field-head' },
      h('span', { class: 'field-label', id: `${id}-label` }, 'hidden_layer_sizes'),
      helpTip(PARAM.help, `${id}-help`),
      summary),
    h('div', { class: 'layers-toolbar' }, removeLayer, count, addLayer),
    list,
    error);

  function change(next) {
    typedError = null;
    sizes = next;
    render();
    commit(next);
  }

  function renderError() {
    const message = typedError ?? engineError;
    error.hidden = !message;
    error.textContent = message ?? '';
    el.classList.toggle('invalid', Boolean(message));
  }

  function layerItem(units, i) {
    const inputId = `${id}-${i}`;
    const input = h('input', {
      id: inputId,
      type: 'text',
      inputmode: 'numeric',
      class: 'layer-units',
      value: String(units),
      autocomplete: 'off',
      'aria-describedby': `${id}-error`,
      onchange: () => {
        const v = Number(input.value.trim());
        if (!(Number.isInteger(v) && v >= 1 && v <= MAX_UNITS)) {
          typedError = `hidden_layer_sizes[${i}] (layer ${i + 1}) must be an integer from 1 to ${MAX_UNITS}; got '${input.value.trim()}'`;
          input.setAttribute('aria-invalid', 'true');
          renderError();
          return;
        }
        change(sizes.map((u, k) => (k === i ? v : u)));
      },
      onkeydown: (e) => {
        if (e.key === 'Enter') input.dispatchEvent(new Event('change'));
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          const next = Math.min(MAX_UNITS, Math.max(1, units + (e.key === 'ArrowUp' ? 1 : -1)));
          if (next !== units) change(sizes.map((u, k) => (k === i ? next : u)));
        }
      },
    });
    const minus = h('button', { type: 'button', class: 'btn icon', 'aria-label': `Fewer neurons in layer ${i + 1}`, disabled: locked || units <= 1,
      onclick: () => change(sizes.map((u, k) => (k === i ? u - 1 : u))) }, '−');
    const plus = h('button', { type: 'button', class: 'btn icon', 'aria-label': `More neurons in layer ${i + 1}`, disabled: locked || units >= MAX_UNITS,
      onclick: () => change(sizes.map((u, k) => (k === i ? u + 1 : u))) }, '+');
    input.disabled = locked;
    return h('li', { class: 'layer' },
      h('label', { for: inputId, class: 'layer-label' }, `Layer ${i + 1}`),
      h('div', { class: 'layer-controls' }, minus, input, plus));
  }

  function render() {
    const active = document.activeElement;
    const focusIndex = [...list.querySelectorAll('button, input')].indexOf(active);
    list.replaceChildren(...sizes.map(layerItem));
    if (!sizes.length) list.append(h('li', { class: 'layer empty' }, 'No hidden layer: a linear model (logistic or linear regression).'));
    if (focusIndex >= 0) list.querySelectorAll('button, input')[focusIndex]?.focus();
    summary.textContent = sizes.length === 1 ? `(${sizes[0]},)` : `(${sizes.join(', ')})`;
    count.textContent = `${sizes.length} hidden layer${sizes.length === 1 ? '' : 's'}`;
    addLayer.disabled = locked || sizes.length >= MAX_LAYERS;
    removeLayer.disabled = locked || sizes.length === 0;
    renderError();
  }

  return {
    el,
    update(config) {
      const next = config.model.hidden_layer_sizes;
      if (JSON.stringify(next) === JSON.stringify(sizes) && list.childElementCount) return;
      sizes = [...next];
      render();
    },
    setError(message) {
      engineError = message;
      renderError();
    },
    setLocked(value) {
      locked = value;
      render();
    },
  };
}
