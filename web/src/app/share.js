// The header's sharing and export actions: Copy link, Embed code, Export (model
// JSON, picture PNG, Python).
import { controlLabel } from './embed.js';
import { leftWords } from './link-keeper.js';
import { limitReason } from './link-note.js';
import { BUTTON_IDS, EMBED_DEFAULT_BUTTONS, EMBED_DEFAULT_PANELS, EMBED_DEFAULT_SHOW, PANEL_IDS, PARAM_BY_ID } from '../state/config.js';
import { toPython } from '../state/python.js';
import { encodeLink } from '../state/url.js';
import { copyText, download, h, uniqueId } from '../ui/dom.js';
import { createDialog, createMenu } from '../ui/widgets.js';

/**
 * The share link for a config (the page's own address with the config's query); epochs: the
 * run's (ep=). Returns { href, left, length }: left (url.js encodeLink) says what the link,
 * kept under 8 KB, leaves out, or is null.
 * @param {object} config
 * @param {{ embed?: object, epochs?: number }} [options]
 */
export function linkInfo(config, { embed, epochs = 0 } = {}) {
  const url = new URL(window.location.href);
  url.hash = '';
  url.search = '';
  const c = { ...config, embed: embed ?? { enabled: false, show: [], lock: [], autoplay: false } };
  const { query, left, length } = encodeLink(c, { epochs, prefix: url.href.length + 1 });
  url.search = `?${query}`;
  return { href: url.href, left, length };
}

/** The share link for a config (linkInfo's href). */
export const linkFor = (config, options) => linkInfo(config, options).href;

/** What a link leaves out, as the share dialogs say it: '' when it carries everything. */
const leftNote = ({ left, length }) => (left
  ? `This link carries ${leftWords(left)}. ${limitReason(length)} To share everything, download the data as CSV: "Your CSV" in the Data panel loads it back.`
  : '');

const EMBED_CHOICES = ['generator', 'noise', 'n_samples', 'hidden_layer_sizes', 'activation', 'solver', 'learning_rate_init',
  'alpha', 'batch_size', 'derived', 'standardize', 'showTest', 'discretize', 'edit'];

const PANEL_LABELS = { plane: 'Data plane', loss: 'Loss chart', network: 'Network', lesson: 'Lesson text (unfolded)' };

/** The show= list for the choices: the controls, and the panels and buttons when they are not the defaults. */
export function embedShow({ show, panels, buttons }) {
  const differs = (set, defaults) => set.size !== defaults.length || defaults.some((id) => !set.has(id));
  const chosen = (set, ids) => ids.filter((id) => set.has(id));
  const list = [...show,
    ...(differs(panels, EMBED_DEFAULT_PANELS) ? chosen(panels, PANEL_IDS) : []),
    ...(differs(buttons, EMBED_DEFAULT_BUTTONS) ? chosen(buttons, BUTTON_IDS) : [])];
  if (list.length) return list;
  // No control chosen: an empty show= would mean the default controls, so the panels say it.
  return panels.size ? chosen(panels, PANEL_IDS) : ['plane'];
}

function embedDialog({ store, toast }) {
  const dialog = createDialog('Embed this playground', { className: 'embed-dialog' });
  const state = { show: new Set(EMBED_DEFAULT_SHOW), panels: new Set(EMBED_DEFAULT_PANELS), buttons: new Set(EMBED_DEFAULT_BUTTONS),
    lock: new Set(), autoplay: false, width: 720, height: 560 };
  const code = h('textarea', { class: 'code-box', rows: 4, readonly: true, spellcheck: 'false', 'aria-label': 'Embed code' });
  const preview = h('a', { target: '_blank', rel: 'noopener', class: 'link' }, 'Open the embedded view in a new tab');
  const note = h('p', { class: 'link-note', role: 'status', hidden: true });
  const refresh = () => {
    const info = linkInfo(store.get(), { embed: { enabled: true, show: embedShow(state), lock: [...state.lock], autoplay: state.autoplay } });
    const link = info.href;
    note.textContent = leftNote(info);
    note.hidden = !info.left;
    const title = 'MLP Playground: a neural network (scikit-learn MLP) training in the browser';
    code.value = `<iframe src="${link.replace(/&/g, '&amp;')}" width="${state.width}" height="${state.height}" title="${title}" style="border: 1px solid #ccd; border-radius: 8px" loading="lazy"></iframe>`;
    preview.href = link;
  };
  const toggle = (set, id, on) => {
    if (on) set.add(id);
    else set.delete(id);
    refresh();
  };
  const rows = [...EMBED_CHOICES, ...BUTTON_IDS].map((id) => {
    const label = PARAM_BY_ID[id]?.label ?? (id === 'edit' ? 'point editor' : controlLabel(id));
    const set = BUTTON_IDS.includes(id) ? state.buttons : state.show;
    const show = h('input', { type: 'checkbox', checked: set.has(id), 'aria-label': `Show ${label}`,
      onchange: () => toggle(set, id, show.checked) });
    const lock = h('input', { type: 'checkbox', 'aria-label': `Lock ${label}`,
      onchange: () => { if (lock.checked) state.lock.add(id); else state.lock.delete(id); refresh(); } });
    return h('tr', {}, h('th', { scope: 'row' }, h('code', {}, label)), h('td', {}, show), h('td', {}, lock));
  });
  const num = (key, text) => {
    const id = uniqueId(key);
    const input = h('input', { id, type: 'number', min: 240, max: 2000, step: 10, value: state[key],
      onchange: () => { const v = Number(input.value); if (v >= 240 && v <= 2000) state[key] = Math.round(v); refresh(); } });
    return h('div', { class: 'inline-field' }, h('label', { for: id }, text), input);
  };
  const autoplayId = uniqueId('autoplay');
  dialog.body.append(
    h('p', {}, 'A compact view for a course page or a slide: the training bar, the panels and controls you choose, fitted to the frame. ' +
      'It opens with this configuration; a lesson\'s Previous and Next stay embedded with the same choices. Locked controls say so.'),
    h('div', { class: 'embed-options' },
      h('table', { class: 'embed-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Control'), h('th', { scope: 'col' }, 'Show'), h('th', { scope: 'col' }, 'Lock'))),
        h('tbody', {}, rows)),
      h('div', { class: 'embed-side' },
        h('fieldset', { class: 'embed-panels-choice' },
          h('legend', {}, 'Panels'),
          ...PANEL_IDS.map((id) => {
            const box = h('input', { type: 'checkbox', checked: state.panels.has(id), 'data-panel': id,
              onchange: () => toggle(state.panels, id, box.checked) });
            return h('label', { class: 'inline-field' }, box, PANEL_LABELS[id]);
          })),
        num('width', 'Width (px)'),
        num('height', 'Height (px)'),
        h('div', { class: 'inline-field' },
          h('input', { id: autoplayId, type: 'checkbox', onchange: (e) => { state.autoplay = e.target.checked; refresh(); } }),
          h('label', { for: autoplayId }, 'Start training on load (autoplay)')),
        preview)),
    note,
    code,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn primary', onclick: async () => {
        const ok = await copyText(code.value);
        toast.show(ok ? 'Embed code copied' : 'Could not copy: select the code and copy it by hand', { error: !ok });
        if (!ok) code.select();
      } }, 'Copy embed code')));
  return { open() { refresh(); dialog.open(); } };
}

/** The run's facts from getRun (see toPython), or undefined when there is none or it fails. */
function currentRun(getRun) {
  try {
    return getRun?.() ?? undefined;
  } catch {
    return undefined;
  }
}

function pythonDialog({ store, toast, getRun }) {
  const dialog = createDialog('Export to Python', { className: 'python-dialog' });
  const code = h('code', { class: 'language-python' });
  const pre = h('pre', { class: 'code-block', tabindex: '0', 'aria-label': 'Python code' }, code);
  let text = '';
  dialog.body.append(
    h('p', {}, 'scikit-learn code that sets up this configuration: the data, the split, the preprocessing and the estimator with every parameter that differs from scikit-learn\'s defaults.'),
    pre,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => download(new Blob([text], { type: 'text/x-python' }), 'mlp_playground.py') }, 'Download .py'),
      h('button', { type: 'button', class: 'btn primary', onclick: async () => {
        const ok = await copyText(text);
        toast.show(ok ? 'Python code copied' : 'Could not copy: select the code and copy it by hand', { error: !ok });
      } }, 'Copy code')));
  return {
    open() {
      const run = currentRun(getRun);
      text = toPython(store.get(), { link: linkFor(store.get(), { epochs: run?.epochs ?? 0 }), run });
      code.textContent = text;
      dialog.open();
    },
  };
}

/**
 * The share dialog of a link that cannot carry everything: what it leaves out, the sizes, and
 * the choice of copying it anyway or downloading the data.
 */
function tooLongDialog({ toast, downloadData }) {
  const dialog = createDialog('This link cannot carry everything', { className: 'link-dialog' });
  const text = h('p', { class: 'link-note-text' });
  const box = h('textarea', { class: 'code-box', rows: 3, readonly: true, spellcheck: 'false', 'aria-label': 'The shorter link' });
  dialog.body.append(text, box, h('div', { class: 'dialog-actions' },
    h('button', { type: 'button', class: 'btn', 'data-action': 'download-data', onclick: () => downloadData?.() }, 'Download data (CSV)'),
    h('button', { type: 'button', class: 'btn primary', 'data-action': 'copy-short-link', onclick: async () => {
      const ok = await copyText(box.value);
      toast.show(ok ? 'Link copied: it opens what it carries, and says what it left out' : 'Could not copy: select the link and copy it by hand', { error: !ok });
      if (!ok) box.select();
    } }, 'Copy this link anyway')));
  return {
    open(info) {
      text.textContent = leftNote(info);
      box.value = info.href;
      dialog.open();
    },
  };
}

/**
 * createHeaderActions({ store, session, boundary, toast, getRun, downloadData }) -> { el, copyLink() }
 *
 * downloadData: () => saves the data as CSV (offered when a link cannot carry the point edits).
 * getRun (optional): () => the facts of the run the page shows, asked each time the
 * Export to Python dialog opens and passed to toPython as options.run (its fields are
 * documented there: epochs, fitStop, patienceEpoch, bestEpoch, loss, trainScore,
 * testScore). Without it, or when it returns nothing or throws, the export is the
 * configuration as scikit-learn's fit() trains it.
 */
export function createHeaderActions({ store, session, boundary, toast, getRun, downloadData }) {
  const embed = embedDialog({ store, toast });
  const python = pythonDialog({ store, toast, getRun });
  const tooLong = tooLongDialog({ toast, downloadData });

  async function copyLink() {
    const epochs = currentRun(getRun)?.epochs ?? 0;
    const info = linkInfo(store.get(), { epochs });
    if (info.left) {
      tooLong.open(info);
      return;
    }
    const link = info.href;
    const ok = await copyText(link);
    const what = epochs > 0 ? `this configuration, trained to epoch ${epochs}` : 'this exact configuration';
    toast.show(ok ? `Link copied: it opens ${what}` : `Could not copy automatically. The link: ${link}`, { error: !ok, ms: ok ? 2600 : 9000 });
  }

  const shareMenu = createMenu('Share', [
    { label: 'Copy link', hint: 'this exact configuration', onSelect: copyLink },
    { label: 'Copy embed code…', hint: 'an iframe for a course page', onSelect: () => embed.open() },
  ]);

  const exportMenu = createMenu('Export', [
    { label: 'Model (JSON)', hint: 'weights and parameters', onSelect: async () => {
      try {
        const json = await session.exportModel();
        download(new Blob([json], { type: 'application/json' }), 'mlp_model.json');
        toast.show('Model saved as mlp_model.json');
      } catch (e) {
        toast.show(`The model could not be exported: ${e.message}`, { error: true, ms: 6000 });
      }
    } },
    { label: 'Picture (PNG)', hint: 'the output plot', onSelect: async () => {
      try {
        const blob = await boundary.toBlob();
        download(blob, 'mlp_playground.png');
        toast.show('Picture saved as mlp_playground.png');
      } catch (e) {
        toast.show(`The picture could not be made: ${e.message}`, { error: true });
      }
    } },
    { label: 'Python code…', hint: 'scikit-learn', onSelect: () => python.open() },
  ]);

  const el = h('div', { class: 'header-actions' },
    h('button', { type: 'button', class: 'btn primary', onclick: copyLink, title: 'Copy a link to this exact configuration' }, 'Copy link'),
    shareMenu.el,
    exportMenu.el);
  return { el, copyLink };
}
