// The lessons on the page: a "Lessons" menu that opens a lesson's first step, and the card of
// the lesson in the link (lesson=ID&step=K): its text, the step, Previous/Next and Close. Each
// step is its own link, so moving between steps loads that link (the same data, weights and
// run as anyone else who opens it).
import { lessonById, lessonConfig, LESSONS } from '../state/lessons.js';
import { encode } from '../state/url.js';
import { h } from '../ui/dom.js';
import { createMenu } from '../ui/widgets.js';

/** The link of a lesson's step (0-based), relative to the page. */
export const stepHref = (lesson, step) => `?${encode(lessonConfig(lesson, step))}`;

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
  const prev = h('a', { class: 'btn small', 'data-action': 'lesson-prev' }, '← Previous');
  const next = h('a', { class: 'btn small', 'data-action': 'lesson-next' }, 'Next →');
  const close = h('button', { type: 'button', class: 'btn small', 'data-action': 'lesson-close', onclick: () => store.set('lesson', null) }, 'Close');
  const card = h('section', { class: 'panel lesson-card', 'aria-label': 'Lesson', hidden: true },
    h('div', { class: 'panel-head' }, title, stepLabel),
    text,
    h('div', { class: 'lesson-nav' }, prev, next, close));

  const link = (a, lesson, step) => {
    const ok = step >= 0 && step < lesson.steps.length;
    a.toggleAttribute('hidden', !ok);
    if (ok) a.setAttribute('href', stepHref(lesson, step));
  };

  function show(config) {
    const lesson = config.lesson && lessonById(config.lesson.id);
    card.hidden = !lesson;
    if (!lesson) return;
    const k = Math.min(lesson.steps.length, Math.max(1, config.lesson.step)) - 1;
    title.textContent = `Lesson ${LESSONS.indexOf(lesson) + 1}: ${lesson.title}`;
    stepLabel.textContent = `step ${k + 1} of ${lesson.steps.length}`;
    text.textContent = lesson.steps[k].text;
    link(prev, lesson, k - 1);
    link(next, lesson, k + 1);
  }
  store.subscribe((config) => show(config));
  show(store.get());
  return { menu, card };
}
