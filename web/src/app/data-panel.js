// The Data panel: the dataset, its parameters, the features, and the point editor's tools.
import { DERIVED, DERIVED_LABELS, GENERATORS, PARAM_BY_ID, nClassesOf, nFeaturesOf, taskOf } from '../state/config.js';
import { classColor } from '../views/palette.js';
import { h, uniqueId } from '../ui/dom.js';
import { helpTip } from '../ui/field.js';
import { datasetIcon } from '../ui/icons.js';

/** The dataset picker: radio tiles with pictograms, grouped by task. */
function createDatasetPicker(store) {
  const name = uniqueId('dataset');
  const inputs = [];
  const group = (title, task) =>
    h('div', { class: 'tile-group' },
      h('span', { class: 'tile-group-title' }, title),
      h('div', { class: 'tiles' }, Object.entries(GENERATORS).filter(([, g]) => g.task === task).map(([key, g]) => {
        const input = h('input', { type: 'radio', name, value: key, class: 'visually-hidden', onchange: () => store.set('data.generator', key) });
        inputs.push(input);
        return h('label', { class: 'tile', title: g.sklearn ? `${g.label}: scikit-learn's ${g.core}` : `${g.label}: the playground's own set` },
          input, datasetIcon(key), h('span', {}, g.label));
      })));
  const el = h('fieldset', { class: 'dataset-picker', dataset: { control: 'generator' } },
    h('legend', {}, 'Dataset'),
    group('Classification', 'classification'),
    group('Regression', 'regression'));
  return {
    el,
    update(config) {
      for (const i of inputs) i.checked = i.value === config.data.generator;
    },
    setLocked(v) {
      for (const i of inputs) i.disabled = v;
      el.classList.toggle('locked', v);
    },
    setError() {},
  };
}

/** Derived-feature toggles (x², y², xy, sin x, sin y). */
function createFeatureToggles(store) {
  const param = PARAM_BY_ID.features;
  const helpId = uniqueId('features-help');
  const boxes = DERIVED.map((f) => {
    const input = h('input', {
      type: 'checkbox',
      value: f,
      'aria-describedby': helpId,
      onchange: () => {
        const current = store.get().data.derived;
        store.set('data.derived', DERIVED.filter((d) => (d === f ? input.checked : current.includes(d))));
      },
    });
    return { f, input, label: h('label', { class: 'chip' }, input, h('span', {}, DERIVED_LABELS[f])) };
  });
  const el = h('fieldset', { class: 'field features', dataset: { control: 'features' } },
    h('legend', { class: 'field-label' }, 'Derived features', helpTip(param.help, helpId)),
    h('div', { class: 'chips' }, boxes.map((b) => b.label)));
  return {
    el,
    update(config) {
      const oneD = nFeaturesOf(config) === 1;
      for (const b of boxes) {
        b.input.checked = config.data.derived.includes(b.f);
        const na = oneD && ['y2', 'xy', 'siny'].includes(b.f);
        b.input.disabled = na || el.classList.contains('locked');
        b.label.title = na ? 'Not available: this dataset has one input (x)' : '';
        b.label.classList.toggle('na', na);
      }
    },
    setLocked(v) {
      el.classList.toggle('locked', v);
      for (const b of boxes) b.input.disabled = v;
    },
  };
}

/**
 * The point editor's tools: mode (add/erase), the class of new points, the value of
 * new regression points; undo and clear. tool.get() -> { mode, cls, value }.
 */
function createEditTools({ store, undo, clearEdits }) {
  const state = { mode: 'add', cls: 0, value: 0 };
  const name = uniqueId('edit-mode');
  const classesName = uniqueId('edit-class');
  const modeAdd = h('input', { type: 'radio', name, value: 'add', checked: true, class: 'visually-hidden', onchange: () => { state.mode = 'add'; } });
  const modeErase = h('input', { type: 'radio', name, value: 'erase', class: 'visually-hidden', onchange: () => { state.mode = 'erase'; } });
  const classes = h('div', { class: 'class-picker', role: 'radiogroup', 'aria-label': 'Class of new points' });
  const valueId = uniqueId('edit-value');
  const valueOut = h('output', { for: valueId, class: 'value-out' }, '0');
  const value = h('input', { type: 'range', id: valueId, min: '-1', max: '1', step: 'any', value: '0',
    oninput: () => { state.value = Number(value.value); valueOut.textContent = String(Number(state.value.toPrecision(3))); } });
  const valueRow = h('div', { class: 'value-row' }, h('label', { for: valueId }, 'Value of new points'), value, valueOut);
  const undoButton = h('button', { type: 'button', class: 'btn small', onclick: undo, title: 'Undo the last point edit (Ctrl+Z)' }, 'Undo');
  const clearButton = h('button', { type: 'button', class: 'btn small', onclick: clearEdits }, 'Restore data');
  const summary = h('span', { class: 'edit-summary', 'aria-live': 'polite' });
  const hint = h('p', { class: 'hint' });
  let nClasses = 0;
  let task = '';

  const el = h('fieldset', { class: 'edit-tools', dataset: { control: 'edit' } },
    h('legend', {}, 'Edit points'),
    h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Click mode' },
      h('label', {}, modeAdd, h('span', {}, 'Add')),
      h('label', {}, modeErase, h('span', {}, 'Erase'))),
    classes,
    valueRow,
    hint,
    h('div', { class: 'edit-actions' }, undoButton, clearButton, summary));

  function renderClasses(config) {
    const k = nClassesOf(config);
    const t = taskOf(config);
    if (k === nClasses && t === task) return;
    nClasses = k ?? 0;
    task = t;
    if (state.cls >= nClasses) state.cls = 0;
    classes.replaceChildren(...Array.from({ length: nClasses }, (_, c) => {
      const input = h('input', { type: 'radio', name: classesName, value: String(c), class: 'visually-hidden', checked: c === state.cls,
        onchange: () => { state.cls = c; } });
      return h('label', { class: 'class-swatch', title: `Class ${c}` }, input,
        h('span', { class: 'swatch', style: { background: classColor(c) }, 'aria-hidden': 'true' }), h('span', {}, `Class ${c}`));
    }));
    classes.hidden = t !== 'classification';
    valueRow.hidden = t !== 'regression' || nFeaturesOf(config) === 1;
    hint.textContent = t === 'classification'
      ? 'Click the plot to add a point (Shift-click: the other class). Right-, Ctrl- or Alt-click removes the nearest point; on a touch screen, choose Erase.'
      : nFeaturesOf(config) === 1
        ? 'Click the plot to add a point (x, value). Right-, Ctrl- or Alt-click removes the nearest point.'
        : 'Click the plot to add a point with the value above. Right-, Ctrl- or Alt-click removes the nearest point.';
  }

  return {
    el,
    get: () => ({ ...state }),
    update(config) {
      renderClasses(config);
      const { added, removed } = config.data.edits;
      summary.textContent = added.length || removed.length ? `${added.length} added · ${removed.length} removed` : 'No edits';
      clearButton.disabled = !(added.length || removed.length) || el.classList.contains('locked');
    },
    setUndoAvailable(v) {
      undoButton.disabled = !v || el.classList.contains('locked');
    },
    /** The range of the regression value slider (the targets' range). */
    setValueRange(lo, hi) {
      if (!(hi > lo)) return;
      value.min = String(lo);
      value.max = String(hi);
      if (!(state.value >= lo && state.value <= hi)) {
        state.value = Number(((lo + hi) / 2).toPrecision(3));
        value.value = String(state.value);
        valueOut.textContent = String(state.value);
      }
    },
    setLocked(v) {
      el.classList.toggle('locked', v);
      for (const i of el.querySelectorAll('input, button')) i.disabled = v;
    },
  };
}

/**
 * createDataPanel({ store, controls, undo, clearEdits }) -> { el, tools }
 */
export function createDataPanel({ store, controls, undo, clearEdits }) {
  const picker = controls.add('generator', createDatasetPicker(store));
  const features = controls.add('features', createFeatureToggles(store));
  const tools = createEditTools({ store, undo, clearEdits });
  controls.add('edit', tools);
  const newSeed = h('button', {
    type: 'button',
    class: 'btn small',
    title: 'New data: a new random_state for the generator and the split',
    onclick: () => store.set('data.seed', Math.floor(Math.random() * 1e6)),
  }, 'New data');
  controls.add('data_seed', { el: newSeed, setLocked: (v) => { newSeed.disabled = v; } });
  const seedField = controls.field('data_seed');
  seedField.el.querySelector('.field-input')?.append(newSeed);

  const el = h('section', { class: 'panel data-panel', 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title', class: 'panel-title' }, 'Data'),
    picker.el,
    h('div', { class: 'fields' },
      controls.field('n_samples', { slider: true }).el,
      controls.field('noise', { slider: true }).el,
      controls.field('factor', { slider: true }).el,
      controls.field('centers', { slider: true }).el,
      controls.field('cluster_std', { slider: true }).el,
      controls.field('n_features').el,
      controls.field('test_fraction', { slider: true }).el,
      seedField.el,
      controls.field('standardize').el),
    features.el,
    tools.el);
  return { el, tools };
}
