// The Data panel: the dataset, its parameters, the features, and the point editor's tools.
import {
  DERIVED,
  DERIVED_LABELS,
  GENERATORS,
  PARAM_BY_ID,
  classNamesOf,
  derivedLabel,
  isPlanar,
  nClassesOf,
  nFeaturesOf,
  taskOf,
} from '../state/config.js';
import { CSV_LIMITS, CSV_MAX_BYTES, describeCsv, fileTooLarge } from '../data/csv.js';
import { createCsvLoader } from '../data/csv-loader.js';
import { csvLoaded, setCsvTable } from '../data/tables.js';
import { classColor } from '../views/palette.js';
import { h, uniqueId } from '../ui/dom.js';
import { helpTip } from '../ui/field.js';
import { datasetIcon } from '../ui/icons.js';
import { nextTask, taskQueue } from '../ui/tasks.js';
import { thousands } from '../state/thousands.js';

/** The dataset picker: radio tiles with pictograms, grouped by task. */
function createDatasetPicker(store) {
  const name = uniqueId('dataset');
  const inputs = [];
  // The choice is made in a task of its own, after the click's: a new dataset changes much of the
  // page (its panels, its views, the course's settings for an image set), and done inside the
  // click that work and the layout it causes would be one long task with the click's own.
  const later = taskQueue();
  const choose = (key) => later(() => store.set('data.generator', key));
  const icons = []; // [key, the tile's name]: the icons go before the names (drawIcons)
  const group = (title, belongs) =>
    h('div', { class: 'tile-group' },
      h('span', { class: 'tile-group-title' }, title),
      h('div', { class: 'tiles' }, Object.entries(GENERATORS).filter(([, g]) => belongs(g)).map(([key, g]) => {
        const input = h('input', { type: 'radio', name, value: key, class: 'visually-hidden', onchange: () => choose(key) });
        inputs.push(input);
        const title = g.table === 'csv' ? 'Your own data: a CSV file (upload, drop or paste)'
          : g.images ? `${g.label}: Zalando Research's Fashion-MNIST (a drop-in replacement for MNIST), fetched when chosen`
          : g.sklearn ? `${g.label}: scikit-learn's ${g.core}` : `${g.label}: the playground's own set`;
        const label = h('span', {}, g.label);
        icons.push([key, label]);
        return h('label', { class: 'tile', title }, input, label);
      })));
  const el = h('fieldset', { class: 'dataset-picker', dataset: { control: 'generator' } },
    h('legend', {}, 'Dataset'),
    group('Classification', (g) => !g.table && !g.images && g.task === 'classification'),
    group('Regression', (g) => !g.table && !g.images && g.task === 'regression'),
    group('Real data', (g) => Boolean(g.table || g.images)));
  return {
    el,
    /** Draws the tiles' icons (SVG): the panel makes them in a task of their own. */
    drawIcons() {
      for (const [key, label] of icons.splice(0)) label.before(datasetIcon(key));
    },
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
  const param = PARAM_BY_ID.derived;
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
    const text = h('span', {}, DERIVED_LABELS[f]);
    return { f, input, text, label: h('label', { class: 'chip' }, input, text) };
  });
  const el = h('fieldset', { class: 'field features', dataset: { control: 'derived' } },
    h('legend', { class: 'field-label' }, 'Derived features', helpTip(param.help, helpId)),
    h('div', { class: 'chips' }, boxes.map((b) => b.label)));
  return {
    el,
    update(config) {
      const oneD = nFeaturesOf(config) === 1;
      const planar = isPlanar(config);
      el.hidden = !planar;
      for (const b of boxes) {
        b.input.checked = config.data.derived.includes(b.f);
        const text = planar ? derivedLabel(config, b.f) : DERIVED_LABELS[b.f]; // with a CSV file's column names
        if (b.text.textContent !== text) b.text.textContent = text;
        const na = !planar || (oneD && ['y2', 'xy', 'siny'].includes(b.f));
        b.input.disabled = na || el.classList.contains('locked');
        b.label.title = !planar ? 'Derived features are computed from x and y: this dataset has more inputs'
          : na ? 'Not available: this dataset has one input (x)' : '';
        b.label.classList.toggle('na', na);
      }
    },
    setLocked(v) {
      el.classList.toggle('locked', v);
      for (const b of boxes) b.input.disabled = v;
    },
  };
}

/** True when the main pointer is a finger (a phone, a tablet): then nothing edits the plot until asked to. */
export const touchFirst = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

/**
 * The point editor's tools: what a click or tap on the plot does (off, add, erase, or follow: pick
 * the input "Follow one input" traces), the class of new points, the value of new regression
 * points; undo and clear. tool.get() -> { mode, cls,
 * value, chosen }. The mode starts at 'add' where the main pointer is a mouse (a click adds, as
 * it always has) and at 'off' on touch screens, where a tap on the plot is too easily made by
 * accident; chosen: the user picked the mode (a tap edits only then).
 */
function createEditTools({ store, undo, clearEdits }) {
  const state = { mode: touchFirst() ? 'off' : 'add', cls: 0, value: 0, chosen: false };
  const name = uniqueId('edit-mode');
  const classesName = uniqueId('edit-class');
  const modeInput = (mode) => h('input', { type: 'radio', name, value: mode, checked: state.mode === mode, class: 'visually-hidden',
    onchange: () => {
      state.mode = mode;
      state.chosen = true;
      renderMode();
    },
    // A click on the mode already shown (Add, on a touch laptop) chooses it too.
    onclick: () => {
      state.chosen = true;
    } });
  const modes = { off: modeInput('off'), add: modeInput('add'), erase: modeInput('erase'), follow: modeInput('follow') };
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
  let names = '';
  let oneD = false;

  const el = h('fieldset', { class: 'edit-tools', dataset: { control: 'edit', mode: state.mode } },
    h('legend', {}, 'Edit points'),
    h('div', { class: 'edit-row' },
      h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'What a click or tap on the plot does' },
        h('label', { title: 'Clicks and taps on the plot change nothing' }, modes.off, h('span', {}, 'Off')),
        h('label', { title: 'A click or tap adds a point' }, modes.add, h('span', {}, 'Add')),
        h('label', { title: 'A click or tap removes the nearest point' }, modes.erase, h('span', {}, 'Erase')),
        h('label', { title: 'A click or tap follows that input through the network' }, modes.follow, h('span', {}, 'Follow'))),
      classes,
      valueRow),
    hint,
    h('div', { class: 'edit-actions' }, undoButton, clearButton, summary));

  /** The hint says what a click or a tap does now. */
  function renderMode() {
    el.dataset.mode = state.mode;
    const touch = touchFirst();
    const press = touch ? 'Tap' : 'Click';
    if (state.mode === 'off') {
      hint.textContent = touch
        ? 'Taps on the plot change nothing. Choose Add or Erase to edit points with a tap.'
        : 'Clicks on the plot change nothing. Choose Add or Erase to edit points.';
    } else if (state.mode === 'follow') {
      hint.textContent = `${press} a point of the plot to follow it through the network, step by step (a data point: with its label).`;
    } else if (state.mode === 'erase') {
      hint.textContent = `${press} the plot to remove the nearest point.`;
    } else if (task === 'classification') {
      hint.textContent = touch
        ? 'Tap the plot to add a point of the chosen class. Erase removes points.'
        : 'Click the plot to add a point (Shift-click: the other class). Right-, Ctrl- or Alt-click removes the nearest point.';
    } else {
      hint.textContent = `${press} the plot to add a point${oneD ? ' (x, value)' : ' with the value above'}.` +
        (touch ? '' : ' Right-, Ctrl- or Alt-click removes the nearest point.');
    }
  }

  function renderClasses(config) {
    const k = nClassesOf(config);
    const t = taskOf(config);
    const classNames = classNamesOf(config);
    if (k === nClasses && t === task && String(classNames) === names && oneD === (nFeaturesOf(config) === 1)) return;
    nClasses = k ?? 0;
    task = t;
    names = String(classNames);
    const nameOf = (c) => classNames?.[c] ?? `Class ${c}`;
    if (state.cls >= nClasses) state.cls = 0;
    classes.replaceChildren(...Array.from({ length: nClasses }, (_, c) => {
      const input = h('input', { type: 'radio', name: classesName, value: String(c), class: 'visually-hidden', checked: c === state.cls,
        onchange: () => { state.cls = c; } });
      return h('label', { class: 'class-swatch', title: nameOf(c) }, input,
        h('span', { class: 'swatch', style: { background: classColor(c) }, 'aria-hidden': 'true' }), h('span', {}, nameOf(c)));
    }));
    classes.hidden = t !== 'classification';
    oneD = nFeaturesOf(config) === 1;
    valueRow.hidden = t !== 'regression' || oneD;
    renderMode();
  }

  return {
    el,
    get: () => ({ ...state }),
    /** Chooses what a click or tap does ('off', 'add', 'erase', 'follow'), as if picked in the tools. */
    setMode(mode) {
      if (!modes[mode] || modes[mode].disabled) return;
      modes[mode].checked = true;
      state.mode = mode;
      state.chosen = true;
      renderMode();
    },
    update(config) {
      el.hidden = !isPlanar(config);
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

/** What "Your CSV" asks for until a file is loaded (the Data panel and the plot area say it). */
export const CSV_PROMPT = 'Choose, drop or paste a CSV file';

/** Files up to this size also fill the paste box (so their text can be edited and used again). */
const PASTE_SHOWN = 200_000;

/**
 * Your own data: a CSV file chosen, dropped on the Data panel, or pasted. The file is read and
 * parsed in a worker (data/csv-loader.js), with a progress bar and Cancel, so a big file never
 * freezes the page; a file over CSV_MAX_BYTES is refused before it is read. A good file becomes
 * the "csv" dataset; a bad one gets its message (with line and column) and changes nothing: the
 * text stays in the box and the data in use stay, as they do when a load is cancelled.
 */
function createCsvImport(store, loader = createCsvLoader()) {
  // source: { file } or { text } of the last file read (the target and task pickers read it again).
  const state = { source: null, name: '', targetColumn: null, task: 'auto', inUse: '', loading: '' };
  const fileId = uniqueId('csv-file');
  const targetId = uniqueId('csv-target');
  const taskId = uniqueId('csv-task');
  const statusEl = h('p', { class: 'csv-status', role: 'status', 'aria-live': 'polite' });
  const file = h('input', { type: 'file', id: fileId, accept: '.csv,.tsv,.txt,text/csv,text/plain', class: 'visually-hidden',
    onchange: () => {
      const f = file.files?.[0];
      file.value = ''; // the same file chosen again is read again
      if (f) readFile(f);
    } });
  const paste = h('textarea', { rows: '5', spellcheck: 'false', 'aria-label': 'CSV text', placeholder: 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n...' });
  const usePaste = h('button', { type: 'button', class: 'btn small', 'data-action': 'csv-paste',
    onclick: () => load({ text: paste.value }, 'pasted data', { targetColumn: null }) }, 'Use this text');
  const target = h('select', { id: targetId, disabled: true, onchange: () => load(state.source, state.name, { targetColumn: Number(target.value) }) });
  const task = h('select', { id: taskId, onchange: () => {
    state.task = task.value;
    if (state.source) load(state.source, state.name, {});
  } },
  h('option', { value: 'auto' }, 'detect'), h('option', { value: 'classification' }, 'classification'), h('option', { value: 'regression' }, 'regression'));
  const bar = h('progress', { max: '1', value: '0' });
  const barText = h('span', { class: 'csv-progress-text' });
  const cancel = h('button', { type: 'button', class: 'btn small', 'data-action': 'csv-cancel', onclick: () => cancelLoad() }, 'Cancel');
  const progressEl = h('div', { class: 'csv-progress', hidden: true, role: 'group', 'aria-label': 'Reading the CSV file' },
    barText, bar, cancel);

  function showStatus(text, kind) {
    statusEl.textContent = text;
    statusEl.classList.toggle('error', kind === 'error');
    statusEl.classList.toggle('prompt', kind === 'prompt');
  }

  function showProgress(name, fraction) {
    progressEl.hidden = false;
    bar.value = fraction;
    const text = `Reading ${name}… ${Math.floor(fraction * 100)}%`;
    if (barText.textContent !== text) barText.textContent = text;
  }

  /** A chosen or dropped file: refused at once when too large, else read and parsed in the worker. */
  function readFile(f) {
    const tooLarge = fileTooLarge(f.name, f.size);
    if (tooLarge) {
      showStatus(tooLarge, 'error');
      return Promise.resolve(false);
    }
    const loaded = load({ file: f }, f.name, { targetColumn: null });
    paste.value = '';
    if (f.size <= PASTE_SHOWN) {
      f.text().then((text) => {
        if (state.source?.file === f || state.loading === f.name) paste.value = text;
      }, () => {});
    }
    return loaded;
  }

  /** Stops the load in progress: the data in use stay, and the status says so. */
  function cancelLoad() {
    if (!state.loading) return;
    const name = state.loading;
    state.loading = '';
    loader.cancel();
    progressEl.hidden = true;
    showStatus(`${name}: loading cancelled.${state.inUse ? ` Still in use: ${state.inUse}` : ''}`, state.inUse ? 'ok' : 'prompt');
  }

  /**
   * Parses a source ({ file } or { text }) in the worker; a good table becomes the dataset, a bad
   * one only gets its message. Resolves to true, false, or null when cancelled or superseded.
   */
  async function load(source, name, { targetColumn = state.targetColumn }) {
    if (!source) return false;
    const options = {};
    if (targetColumn != null) options.targetColumn = targetColumn;
    if (state.task !== 'auto') options.task = state.task;
    state.loading = name;
    el.hidden = false; // a file dropped while another dataset is chosen shows its progress too
    showProgress(name, 0);
    const parsed = await loader.load({ ...source, name, options, onProgress: (f) => showProgress(name, f) });
    if (parsed === null) return null; // cancelled, or a newer load took over
    state.loading = '';
    progressEl.hidden = true;
    el.hidden = store.get().data.generator !== 'csv' && !parsed.error;
    state.source = source;
    state.name = name;
    state.targetColumn = targetColumn;
    if (parsed.columns?.length) {
      target.replaceChildren(...parsed.columns.map((c, k) => h('option', { value: String(k) }, `${k + 1}: ${c}`)));
      target.disabled = el.classList.contains('locked');
      if (parsed.targetColumn != null) target.value = String(parsed.targetColumn);
    }
    if (parsed.error) {
      showStatus(`${name}: ${parsed.error.message}`, 'error');
      return false;
    }
    // The table goes to the page's views and the engine in a task of its own: with a big file's
    // reply in the same task, the page's thread would be held for tens of milliseconds.
    await nextTask();
    if (state.loading) return null; // a newer load started meanwhile: it takes over
    const warnings = parsed.warnings?.length ? ` ${parsed.warnings.join(' ')}` : '';
    state.inUse = `${name}: ${describeCsv(parsed)}.${warnings}`;
    showStatus(state.inUse, 'ok');
    const meta = setCsvTable(parsed, name);
    store.update({ 'data.generator': 'csv', 'data.csv': meta, 'data.edits': { added: [], removed: [] } });
    return true;
  }

  const mb = thousands(CSV_MAX_BYTES / 1e6);
  const el = h('fieldset', { class: 'csv-import', dataset: { control: 'csv' } },
    h('legend', {}, 'Your CSV file'),
    h('p', { class: 'hint' }, 'Numeric feature columns and one target column: class labels (text or integers) or a number ' +
      'for regression. A header row is optional. Choose a file, drop one on this panel, or paste the text. ' +
      `Files of at most ${mb} MB, ${thousands(CSV_LIMITS.maxRows)} rows, ` +
      `${thousands(CSV_LIMITS.maxColumns)} columns and ${thousands(CSV_LIMITS.maxCells)} values.`),
    h('div', { class: 'csv-actions' },
      h('label', { for: fileId, class: 'btn small', tabindex: '0', role: 'button',
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } } }, 'Choose file…'),
      file),
    progressEl,
    h('details', { class: 'csv-paste' }, h('summary', {}, 'Paste CSV text'), paste, usePaste),
    h('div', { class: 'csv-options' },
      h('label', { for: targetId }, 'Target column'), target,
      h('label', { for: taskId }, 'Task'), task),
    statusEl);

  return {
    el,
    readFile,
    load,
    cancel: cancelLoad,
    update(config) {
      el.hidden = config.data.generator !== 'csv' && !state.loading;
      // Chosen before any file (or opened from a link, which cannot carry one): a prompt, not an error.
      if (config.data.generator === 'csv' && !csvLoaded() && !statusEl.textContent) {
        showStatus(`No file loaded yet. ${CSV_PROMPT}.`, 'prompt');
      }
    },
    setLocked(v) {
      el.classList.toggle('locked', v);
      for (const i of el.querySelectorAll('input, button, select, textarea')) i.disabled = v;
      if (!v && !target.options.length) target.disabled = true;
    },
  };
}

/** A line on the table in use: its size, its scaling, and where it comes from. */
function createTableInfo() {
  const el = h('div', { class: 'table-info', hidden: true });
  return {
    el,
    show(table) {
      el.hidden = !table;
      if (!table) return;
      const classes = table.classNames ? `, ${table.classNames.length} classes` : ', a numeric target';
      el.replaceChildren(
        h('p', {}, h('strong', {}, table.title), ` · ${table.nSamples} samples, ${table.nFeatures} features${classes}`,
          table.note ? ` · ${table.note}` : ''),
        ...(table.description ? [h('p', { class: 'hint' }, table.description)] : []),
        ...(table.attribution ? [h('p', { class: 'hint attribution' }, table.attribution)] : []));
    },
  };
}

/**
 * createDataPanel({ store, controls, undo, clearEdits, between? }) -> promise of { el, tools, csv, tableInfo }
 * The point tools (tools.el) are placed by the page: beside the plot they act on. The panel is
 * made in four parts with `await between()` after the first three (the page passes nextTask:
 * made at once, the panel was one of the longest tasks of the page's opening).
 */
export async function createDataPanel({ store, controls, undo, clearEdits, between = async () => {} }) {
  const picker = controls.add('generator', createDatasetPicker(store));
  await between();
  picker.drawIcons();
  await between();
  const features = controls.add('derived', createFeatureToggles(store));
  const tools = createEditTools({ store, undo, clearEdits });
  controls.add('edit', tools);
  const csv = controls.add('csv', createCsvImport(store));
  const tableInfo = createTableInfo();
  const newSeed = h('button', {
    type: 'button',
    class: 'btn small',
    title: 'New data: a new random_state for the generator and the split',
    onclick: () => store.set('data.random_state', Math.floor(Math.random() * 1e6)),
  }, 'New data');
  controls.add('data_random_state', { el: newSeed, setLocked: (v) => { newSeed.disabled = v; } });
  const seedField = controls.field('data_random_state');
  seedField.el.querySelector('.field-input')?.append(newSeed);
  await between();

  const el = h('section', { class: 'panel data-panel', 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title', class: 'panel-title' }, 'Data'),
    picker.el,
    csv.el,
    tableInfo.el,
    h('div', { class: 'fields' },
      controls.field('n_samples', { slider: true }).el,
      controls.field('noise', { slider: true }).el,
      controls.field('factor', { slider: true }).el,
      controls.field('centers', { slider: true }).el,
      controls.field('cluster_std', { slider: true }).el,
      controls.field('n_features').el,
      controls.field('test_size', { slider: true }).el,
      seedField.el,
      controls.field('standardize').el),
    features.el);
  // A CSV file dropped anywhere on the panel.
  el.addEventListener('dragover', (e) => {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    el.classList.add('drop-target');
  });
  el.addEventListener('dragleave', (e) => {
    if (!el.contains(e.relatedTarget)) el.classList.remove('drop-target');
  });
  el.addEventListener('drop', (e) => {
    const f = e.dataTransfer?.files?.[0];
    el.classList.remove('drop-target');
    if (!f) return;
    e.preventDefault();
    if (!controls.isLocked?.('csv')) csv.readFile(f);
  });
  return { el, tools, csv, tableInfo };
}
