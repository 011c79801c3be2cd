// The lessons on the page: a "Lessons" menu that opens a lesson's first step, and the card of
// the lesson in the link (lesson=ID&step=K): its text, what to look at, the step, Previous/Next
// and Close. Each step is its own link, so moving between steps loads that link (the same data,
// weights and run as anyone else who opens it); Previous and Next carry the pinned runs along.
// A step's numbers hold on its own settings: when the page's differ (a knob changed, points
// edited, an older link), the card says which, with a link back to the step's settings.
import { PARAMS, getPath, sameValue } from '../state/config.js';
import { lessonById, lessonConfig, LESSONS } from '../state/lessons.js';
import { encode } from '../state/url.js';
import { h } from '../ui/dom.js';
import { createMenu } from '../ui/widgets.js';

/** The link of a lesson's step (0-based), relative to the page, with the pinned runs `pins` (config.pins). */
export const stepHref = (lesson, step, pins = []) => `?${encode({ ...lessonConfig(lesson, step), pins })}`;

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
 * { title, step, text, look, prev, next, changed, restore }: prev and next the links of the
 * neighbouring steps (null at the ends), carrying config's pinned runs; changed the settings
 * that differ from the step's own (changedSettings), and restore the step's own link (with the
 * pins) when there are any, else null.
 */
export function lessonCard(config) {
  const lesson = config.lesson && lessonById(config.lesson.id);
  if (!lesson) return null;
  const k = Math.min(lesson.steps.length, Math.max(1, config.lesson.step)) - 1;
  const href = (j) => (j >= 0 && j < lesson.steps.length ? stepHref(lesson, j, config.pins ?? []) : null);
  const card = {
    title: `Lesson ${LESSONS.indexOf(lesson) + 1}: ${lesson.title}`,
    step: `step ${k + 1} of ${lesson.steps.length}`,
    text: lesson.steps[k].text,
    look: lesson.steps[k].look ? `Look at: ${lesson.steps[k].look}` : '',
    prev: href(k - 1),
    next: href(k + 1),
    changed: changedSettings(config, lesson, k),
    restore: null,
  };
  if (card.changed.length) card.restore = href(k);
  return card;
}

/** createLessons({ store, navigate(href) }) -> { menu: { el }, card: HTMLElement } */
export function createLessons({ store, navigate = (href) => window.location.assign(href) }) {
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
  const card = h('section', { class: 'panel lesson-card', 'aria-label': 'Lesson', hidden: true },
    h('div', { class: 'panel-head' }, title, stepLabel),
    text,
    look,
    changed,
    h('div', { class: 'lesson-nav' }, prev, next, close));

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
