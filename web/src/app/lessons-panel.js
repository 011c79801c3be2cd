// The lessons on the page: a "Lessons" menu that opens a lesson's first step, and the card of
// the lesson in the link (lesson=ID&step=K): its text, what to look at, the step, Previous/Next
// and Close. Each step is its own link, so moving between steps loads that link (the same data,
// weights and run as anyone else who opens it); Previous and Next carry the pinned runs along.
// A step's numbers hold on its own settings: when the page's differ (a knob changed, points
// edited, an older link), the card says which, with a link back to the step's settings.
import { PARAMS, getPath, sameValue } from '../state/config.js';
import { lessonById, lessonConfig, LESSONS } from '../state/lessons.js';
import { encode } from '../state/url.js';
import { h, uniqueId } from '../ui/dom.js';
import { createMenu } from '../ui/widgets.js';

/**
 * The link of a lesson's step (0-based), relative to the page, with the pinned runs `pins`
 * (config.pins); inside an embed, `embed` (config.embed) keeps the link embedded with the same
 * panels, controls, locks and autoplay. A step with `epochs` trains to that epoch (ep=).
 */
export const stepHref = (lesson, step, pins = [], embed = null) =>
  `?${encode({ ...lessonConfig(lesson, step), pins, ...(embed?.enabled ? { embed } : {}) }, { epochs: lesson.steps[step].epochs ?? 0 })}`;

/**
 * Where a step's text sends the eye, and the panel of the embed that shows it ('gradients': no embed panel).
 * @type {Array<[RegExp, string, string]>}
 */
const PLACES = [
  [/\bOutput panel\b|\bboundary\b|\bconfusion matrix\b|\bFirst-layer weights\b|\bpoint at the plot\b/i, 'plane', 'the data plane'],
  [/\bloss (chart|curves?)\b/i, 'loss', 'the loss chart'],
  [/\bNetwork panel\b|\boutput units?\b/i, 'network', 'the Network panel'],
  [/\bGradients per layer\b|\bCompare both\b/i, 'gradients', 'the "Gradients per layer" chart'],
];

/** The panels a step's text and look line point to: [{ id, name }] (ids of PANEL_IDS, or 'gradients'). */
export function panelsMentioned(step) {
  const text = `${step?.text ?? ''} ${step?.look ?? ''}`;
  return PLACES.filter(([re]) => re.test(text)).map(([, id, name]) => ({ id, name }));
}

// A student's fold or unfold holds for the next steps (in this tab; storage may be refused in a frame).
const FOLD_KEY = 'mlp-playground.lesson-folded';
function rememberedFold() {
  try {
    const v = globalThis.sessionStorage?.getItem(FOLD_KEY);
    return v === '1' ? true : v === '0' ? false : null;
  } catch {
    return null;
  }
}
function rememberFold(folded) {
  try {
    globalThis.sessionStorage?.setItem(FOLD_KEY, folded ? '1' : '0');
  } catch {
    // not kept: the next step starts as the teacher chose
  }
}

/** The settings that make a run (not the view, not how fast the page trains). */
const RUN_PARAMS = PARAMS.filter((p) => p.group !== 'view' && p.group !== 'training');

/** The labels of the settings where config differs from the step's own ('points' for point edits). */
export function changedSettings(config, lesson, step) {
  const own = lessonConfig(lesson, step);
  const changed = RUN_PARAMS.filter((p) => !sameValue(getPath(config, p.path), getPath(own, p.path))).map((p) => p.label);
  if (!sameValue(config.data.edits, own.data.edits)) changed.push('points');
  return changed;
}

/**
 * What the lesson card shows for config: null when the config names no lesson, else
 * { title, step, text, look, prev, next, changed, restore, mentioned }: prev and next the links of the
 * neighbouring steps (null at the ends), carrying config's pinned runs; changed the settings
 * that differ from the step's own (changedSettings), and restore the step's own link (with the
 * pins) when there are any, else null; mentioned the panels its text points to (panelsMentioned).
 */
export function lessonCard(config) {
  const lesson = config.lesson && lessonById(config.lesson.id);
  if (!lesson) return null;
  const k = Math.min(lesson.steps.length, Math.max(1, config.lesson.step)) - 1;
  const href = (j) => (j >= 0 && j < lesson.steps.length ? stepHref(lesson, j, config.pins ?? [], config.embed) : null);
  const card = {
    title: `Lesson ${LESSONS.indexOf(lesson) + 1}: ${lesson.title}`,
    step: `step ${k + 1} of ${lesson.steps.length}`,
    text: lesson.steps[k].text,
    look: lesson.steps[k].look ? `Look at: ${lesson.steps[k].look}` : '',
    prev: href(k - 1),
    next: href(k + 1),
    changed: changedSettings(config, lesson, k),
    restore: null,
    mentioned: panelsMentioned(lesson.steps[k]),
  };
  if (card.changed.length) card.restore = href(k);
  return card;
}

/**
 * createLessons({ store, navigate(href), foldable, folded, panels, openHref }) -> { menu: { el }, card: HTMLElement }
 * foldable (an embed): the card gets a button that folds its text away, leaving its title, step
 * and Previous/Next on one line; folded: it starts so. panels (an embed): the panels shown, and
 * openHref the full page: a step that points to a panel not shown says so, with the link.
 */
export function createLessons({ store, navigate = (href) => window.location.assign(href), foldable = false, folded = false,
  panels = null, openHref = '' }) {
  const menu = createMenu('Lessons', LESSONS.map((lesson, k) => ({
    label: `${k + 1}. ${lesson.title}`,
    hint: `${lesson.steps.length} steps`,
    onSelect: () => navigate(stepHref(lesson, 0)),
  })), { className: 'lessons-menu' });

  const title = h('h2', { class: 'panel-title lesson-title' });
  const stepLabel = h('span', { class: 'lesson-step' });
  const text = h('p', { class: 'lesson-text' });
  const look = h('p', { class: 'lesson-look' });
  const changedText = h('span');
  const restore = h('a', { class: 'btn small', 'data-action': 'lesson-restore' }, "Back to the step's settings");
  const changed = h('p', { class: 'lesson-changed', role: 'status', hidden: true }, changedText, ' ', restore);
  const prev = h('a', { class: 'btn small', 'data-action': 'lesson-prev' }, '← Previous');
  const next = h('a', { class: 'btn small', 'data-action': 'lesson-next' }, 'Next →');
  const close = h('button', { type: 'button', class: 'btn small', 'data-action': 'lesson-close', onclick: () => store.set('lesson', null) }, 'Close');
  const textId = uniqueId('lesson-text');
  const elsewhereText = h('span');
  const elsewhere = h('p', { class: 'lesson-elsewhere', hidden: true }, elsewhereText, ' ',
    h('a', { href: openHref, target: '_blank', rel: 'noopener' }, 'Open in MLP Playground ↗'));
  const body = h('div', { class: 'lesson-body', id: textId }, text, look, elsewhere, changed);
  const fold = h('button', { type: 'button', class: 'btn small lesson-fold', 'data-action': 'lesson-fold', 'aria-controls': textId,
    hidden: !foldable, onclick: () => {
      setFolded(!folded);
      rememberFold(folded);
    } });
  // Foldable (an embed): Previous and Next sit on the title's line, so that they stay in reach.
  const nav = h('div', { class: 'lesson-nav' }, prev, next, close);
  const card = h('section', { class: 'panel lesson-card', 'aria-label': 'Lesson', hidden: true },
    h('div', { class: 'panel-head' }, title, stepLabel, ...(foldable ? [nav, fold] : [])),
    body,
    ...(foldable ? [] : [nav]));

  function setFolded(value) {
    folded = foldable && value;
    card.classList.toggle('folded', folded);
    body.hidden = folded;
    fold.textContent = folded ? 'Show the text' : 'Fold';
    fold.setAttribute('aria-expanded', String(!folded));
  }
  setFolded(foldable ? (rememberedFold() ?? folded) : false);

  const link = (a, href) => {
    a.toggleAttribute('hidden', !href);
    if (href) a.setAttribute('href', href);
    else a.removeAttribute('href');
  };

  // Called on every change of the config: the links follow the pinned runs.
  function show(config) {
    const shown = lessonCard(config);
    card.hidden = !shown;
    if (!shown) return;
    title.textContent = shown.title;
    stepLabel.textContent = shown.step;
    text.textContent = shown.text;
    look.textContent = shown.look;
    look.hidden = !shown.look;
    const missing = panels ? shown.mentioned.filter((p) => !panels.includes(p.id)) : [];
    elsewhere.hidden = !missing.length;
    elsewhereText.textContent = missing.length ? `Not in this view: ${missing.map((p) => p.name).join(', ')}.` : '';
    link(prev, shown.prev);
    link(next, shown.next);
    changed.hidden = !shown.changed.length;
    changedText.textContent = shown.changed.length
      ? `Your settings differ from this step's (${shown.changed.join(', ')}): its numbers are for its own settings.`
      : '';
    link(restore, shown.restore);
  }
  store.subscribe((config) => show(config));
  show(store.get());
  return { menu, card };
}
