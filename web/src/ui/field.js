// One labelled control for a PARAMS entry: the input, a help tip, the note
// shown when the current solver ignores it, and an inline error message.
// It turns DOM events into commit(value) calls; it never touches the config.
import { formatValue, getPath, ignoredWhy, isHidden, noteWhy, parseValue } from '../state/config.js';
import { h, uniqueId } from './dom.js';

const resolve = (v, config) => (typeof v === 'function' ? v(config) : v);

/** The next value on the 1-3-10 ladder (for rates and tolerances that span decades). */
function ladder(v, up) {
  if (!(v > 0)) return up ? 1e-4 : 0;
  const steps = [];
  for (let e = -10; e <= 3; e += 1) steps.push(10 ** e, 3 * 10 ** e);
  const clean = steps.map((s) => Number(s.toPrecision(6)));
  return up ? clean.find((s) => s > v * (1 + 1e-9)) ?? v : [...clean].reverse().find((s) => s < v * (1 - 1e-9)) ?? 0;
}

const TIP_MARGIN = 8; // px kept between a tip and the window's edges

/**
 * Moves a help tip into the window: sideways (--tip-shift) when it would stick out at the left
 * or right, and below its button when above it would be cut off by the top of the window or
 * hidden under the sticky training bar. The tip is measured as it will show (it is display:
 * none until hovered or focused), so it never appears at the wrong place first.
 */
export function placeTip(tip) {
  if (!tip) return;
  const doc = tip.ownerDocument;
  tip.style.setProperty('--tip-shift', '0px');
  tip.classList.remove('below');
  const shown = tip.style.display;
  tip.style.display = 'block';
  const r = tip.getBoundingClientRect();
  const width = doc.documentElement.clientWidth;
  let shift = 0;
  if (r.right > width - TIP_MARGIN) shift = width - TIP_MARGIN - r.right;
  if (r.left + shift < TIP_MARGIN) shift = TIP_MARGIN - r.left;
  tip.style.setProperty('--tip-shift', `${Math.round(shift)}px`);
  const bar = doc.querySelector('.training-bar');
  const barBottom = bar && getComputedStyle(bar).position === 'sticky' && !bar.contains(tip) ? bar.getBoundingClientRect().bottom : 0;
  if (r.top < Math.max(0, barBottom) + TIP_MARGIN) tip.classList.add('below');
  tip.style.display = shown;
}

let tipsPlaced = false;
/** One pair of document listeners places every tip as it is about to show (hover, tap or focus). */
function placeTipsOnDemand(doc) {
  if (tipsPlaced) return;
  tipsPlaced = true;
  doc.addEventListener('pointerover', (e) => {
    const help = e.target instanceof Element ? e.target.closest('.help') : null;
    if (help && !help.contains(e.relatedTarget)) placeTip(help.querySelector('.help-text'));
  });
  doc.addEventListener('focusin', (e) => {
    if (!(e.target instanceof Element)) return;
    const field = e.target.closest('.field');
    placeTip(field?.querySelector(':scope > .field-head .help-text') ?? e.target.closest('.help')?.querySelector('.help-text'));
  });
}

/** The help "i" button with its tip (shown on hover and focus, read by screen readers via aria-describedby). */
export function helpTip(text, id) {
  if (typeof document !== 'undefined') placeTipsOnDemand(document);
  return h('span', { class: 'help' },
    h('button', { type: 'button', class: 'help-button', 'aria-label': 'Help', 'aria-describedby': id, tabindex: '-1' }, 'i'),
    h('span', { class: 'help-text', role: 'tooltip', id }, text));
}

/**
 * createField(param, { commit(value), slider }) -> { el, update(config), setError(message|null) }
 * slider: also show a range input (data controls).
 */
export function createField(param, { commit, slider = false, compact = false }) {
  const id = uniqueId(param.id);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const noteId = `${id}-note`;
  let config = null;
  let shownError = null; // the page's own validation message
  let engineError = null;

  const error = h('p', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
  const note = h('span', { class: 'field-note', id: noteId, hidden: true });
  const described = `${helpId} ${noteId} ${errorId}`;
  let input;
  let range = null;

  const tryCommit = (text) => {
    const { value, error: message } = parseValue(param, text, config);
    shownError = message ?? null;
    engineError = null;
    render();
    if (!message) commit(value);
  };

  if (param.type === 'enum') {
    input = h('select', { id, 'aria-describedby': described, onchange: () => tryCommit(input.value) },
      param.options.map((o) => h('option', { value: String(o) }, param.optionLabels?.[o] ?? String(o))));
  } else if (param.type === 'bool') {
    input = h('input', { type: 'checkbox', id, 'aria-describedby': described, onchange: () => commit(input.checked) });
  } else {
    const numeric = ['int', 'real', 'seed'].includes(param.type);
    // Text inputs (not type=number): what the user typed stays visible and is quoted in the message.
    input = h('input', {
      id,
      type: 'text',
      inputmode: param.type === 'real' ? 'decimal' : numeric ? 'numeric' : 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': described,
      onchange: () => tryCommit(input.value),
      onkeydown: (e) => {
        if (e.key === 'Enter') tryCommit(input.value);
        if (e.key === 'Escape') {
          shownError = null;
          render();
        }
        if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && numeric) {
          const step = resolve(param.step, config) ?? 1;
          const current = Number(input.value);
          if (!Number.isFinite(current)) return;
          e.preventDefault();
          const up = e.key === 'ArrowUp';
          const next = param.log ? ladder(current, up) : Number((current + (up ? step : -step)).toPrecision(12));
          input.value = String(next);
          tryCommit(input.value);
        }
      },
      oninput: () => {
        // Say at once what is wrong; apply only on change (Enter or leaving the field).
        const { error: message } = parseValue(param, input.value, config);
        if (!message && shownError) {
          shownError = null;
          renderError();
        }
      },
    });
    if (param.type === 'batch') input.placeholder = 'auto';
    if (slider && numeric) {
      range = h('input', {
        type: 'range',
        class: 'field-range',
        'aria-label': `${param.label} slider`,
        'aria-describedby': described,
        oninput: () => {
          input.value = range.value;
        },
        onchange: () => tryCommit(range.value),
      });
    }
  }

  const label = h('label', { for: id, class: 'field-label' }, param.label);
  const el = h('div', { class: `field field-${param.type}${compact ? ' compact' : ''}`, dataset: { control: param.id } },
    h('div', { class: 'field-head' }, param.type === 'bool' ? [input, label] : label, helpTip(param.help, helpId),
      param.beyond ? h('span', { class: 'beyond-badge', title: 'Not a scikit-learn parameter: an extension of this engine' }, 'beyond sklearn') : null,
      note),
    param.type === 'bool' ? null : h('div', { class: 'field-input' }, range, input),
    param.teach ? h('p', { class: 'field-teach' }, param.teach) : null,
    error);

  function renderError() {
    const message = shownError ?? engineError;
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    el.classList.toggle('invalid', Boolean(message));
  }

  function render() {
    if (!config) return;
    const value = getPath(config, param.path);
    if (param.type === 'bool') input.checked = Boolean(value);
    else if (document.activeElement !== input || !shownError) {
      if (!shownError) input.value = value === undefined ? '' : param.type === 'layers' ? value.join(', ') : formatValue(param, value);
    }
    if (param.type === 'enum') input.value = String(value);
    if (range) {
      range.min = String(resolve(param.min, config) ?? 0);
      range.max = String(resolve(param.sliderMax, config) ?? resolve(param.max, config));
      range.step = String(resolve(param.step, config) ?? (param.type === 'real' ? 0.01 : 1));
      range.value = String(value);
    }
    const why = ignoredWhy(param, config);
    const remark = why ? null : noteWhy(param, config);
    note.hidden = !why && !remark;
    note.textContent = why || remark ? `(${why ?? remark})` : '';
    el.classList.toggle('ignored', Boolean(why));
    el.hidden = isHidden(param, config);
    renderError();
  }

  return {
    el,
    input,
    param,
    update(next) {
      config = next;
      render();
    },
    /** An error from the engine about this parameter (null clears it). */
    setError(message) {
      engineError = message;
      renderError();
    },
    setLocked(locked) {
      input.disabled = locked;
      if (range) range.disabled = locked;
      el.classList.toggle('locked', locked);
    },
  };
}
