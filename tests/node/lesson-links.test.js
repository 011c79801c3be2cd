// The lesson card's links: each step is its own share link, and Previous/Next carry the
// pinned runs of the page they are on (config.pins, the link's pin=), so that a run pinned in
// one step can be compared with the next. Pure: lessonCard and stepHref, no DOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lessonCard, stepHref } from '../../web/src/app/lessons-panel.js';
import { LESSONS, lessonById, lessonConfig } from '../../web/src/state/lessons.js';
import { decode } from '../../web/src/state/url.js';

/** Two pinned runs as the page keeps them (values a link carries exactly: 3 significant digits, 2 decimals). */
const PINS = [
  { label: 'alpha=0.0001', loss: { epochs: [1, 2, 500], values: [0.699, 0.512, 0.0269] }, ghost: [[-1.5, 0.25, 0.5, 1.75]] },
  { label: 'batch=1', loss: { epochs: [1, 30], values: [0.505, 0.122] }, ghost: [] },
];

const search = (href) => {
  assert.ok(href.startsWith('?'), href);
  return href.slice(1);
};

test('stepHref is the step\'s own link, with the pinned runs it is given', () => {
  const lesson = lessonById('regularisation');
  const bare = decode(search(stepHref(lesson, 1)));
  assert.deepEqual(bare.ignored, []);
  assert.deepEqual(bare.config.pins, []);
  assert.doesNotMatch(stepHref(lesson, 1), /pin=/);
  assert.deepEqual({ ...bare.config, pins: undefined }, { ...lessonConfig(lesson, 1), pins: undefined });

  const pinned = decode(search(stepHref(lesson, 1, PINS)));
  assert.deepEqual(pinned.ignored, []);
  assert.deepEqual(pinned.config.pins, PINS);
  assert.deepEqual(pinned.config.lesson, { id: 'regularisation', step: 2 });
  assert.deepEqual({ ...pinned.config, pins: [] }, { ...bare.config, pins: [] }, 'the same step, only the pins added');
});

test('Previous and Next carry the current pins, and follow them when they change', () => {
  const lesson = lessonById('batch-size');
  const here = { ...lessonConfig(lesson, 1), pins: PINS.slice(0, 1) };
  const card = lessonCard(here);
  assert.equal(card.title, `Lesson ${LESSONS.indexOf(lesson) + 1}: Batch size`);
  assert.equal(card.step, `step 2 of ${lesson.steps.length}`);
  assert.equal(card.text, lesson.steps[1].text);
  assert.equal(card.look, `Look at: ${lesson.steps[1].look}`);
  for (const [href, step] of [[card.prev, 1], [card.next, 3]]) {
    const { config, ignored } = decode(search(href));
    assert.deepEqual(ignored, []);
    assert.deepEqual(config.lesson, { id: 'batch-size', step });
    assert.deepEqual(config.pins, PINS.slice(0, 1));
    assert.equal(config.model.batch_size, lesson.steps[step - 1].changes['model.batch_size']);
  }
  // A second pin: the card's links now carry both.
  const later = lessonCard({ ...here, pins: PINS });
  assert.notEqual(later.next, card.next);
  assert.deepEqual(decode(search(later.next)).config.pins, PINS);
  assert.deepEqual(decode(search(later.prev)).config.pins, PINS);
  // Unpinned: no pin= at all.
  assert.doesNotMatch(lessonCard({ ...here, pins: [] }).next, /pin=/);
});

test('the first step has no Previous, the last no Next, and a config without a lesson no card', () => {
  for (const lesson of LESSONS) {
    const first = lessonCard(lessonConfig(lesson, 0));
    const last = lessonCard(lessonConfig(lesson, lesson.steps.length - 1));
    assert.equal(first.prev, null);
    assert.equal(last.next, null);
    if (lesson.steps.length > 1) {
      assert.equal(first.next, stepHref(lesson, 1));
      assert.equal(last.prev, stepHref(lesson, lesson.steps.length - 2));
    }
    lesson.steps.forEach((step, k) => assert.match(lessonCard(lessonConfig(lesson, k)).look, /^Look at: \S/));
  }
  assert.equal(lessonCard({ ...lessonConfig(LESSONS[0], 0), lesson: null }), null);
  assert.equal(lessonCard({ ...lessonConfig(LESSONS[0], 0), lesson: { id: 'nope', step: 1 } }), null);
  // A step number out of range (a hand-edited config) shows the nearest step.
  const late = lessonCard({ ...lessonConfig(LESSONS[0], 0), lesson: { id: LESSONS[0].id, step: 99 } });
  assert.equal(late.step, `step ${LESSONS[0].steps.length} of ${LESSONS[0].steps.length}`);
});

test('the card says when the settings differ from the step\'s own, with a link back to them', () => {
  for (const lesson of LESSONS) {
    lesson.steps.forEach((_, k) => {
      const card = lessonCard(decode(search(stepHref(lesson, k, PINS))).config);
      assert.deepEqual(card.changed, [], `${lesson.id} step ${k + 1}: its own link`);
      assert.equal(card.restore, null);
    });
  }
  const lesson = lessonById('regularisation');
  const own = { ...lessonConfig(lesson, 1), pins: PINS };
  // The view and the training speed do not change the numbers; a knob or an edited point does.
  const viewed = { ...own, view: { ...own.view, discretize: true }, train: { ...own.train, speed: 1 } };
  assert.deepEqual(lessonCard(viewed).changed, []);
  const tuned = { ...own, model: { ...own.model, alpha: 0.3, max_iter: 800 } };
  const card = lessonCard(tuned);
  assert.deepEqual(card.changed, ['alpha', 'max_iter']);
  const back = decode(search(card.restore)).config;
  assert.equal(back.model.alpha, 1);
  assert.deepEqual(back.pins, PINS, 'going back keeps the pins');
  assert.deepEqual({ ...back, pins: [] }, { ...lessonConfig(lesson, 1), pins: [] });
  const edited = { ...own, data: { ...own.data, edits: { added: [[0.5, 0.5, 1]], removed: [] } } };
  assert.deepEqual(lessonCard(edited).changed, ['points']);
  // A link written before the lessons changed keeps its old settings: the card says so.
  const old = decode('v=1&h=1&act=logistic&lesson=hidden-layers&step=1').config;
  assert.deepEqual(lessonCard(old).changed, ['learning_rate_init', 'max_iter', 'n_iter_no_change']);
});

test('a step that reads a trained model trains to its epoch: lesson 10\'s links after the first carry ep=30', () => {
  const lesson = lessonById('one-input');
  assert.equal(decode(search(stepHref(lesson, 0))).epochs, 0, 'the first step asks for Play');
  for (let k = 1; k < lesson.steps.length; k += 1) {
    const link = decode(search(stepHref(lesson, k)));
    assert.equal(link.epochs, 30, `step ${k + 1}`);
    assert.deepEqual(link.ignored, []);
    assert.deepEqual(link.config.view.trace, lessonConfig(lesson, k).view.trace);
  }
  // Lessons whose steps ask for Play carry no epoch.
  assert.equal(decode(search(stepHref(LESSONS[0], 1))).epochs, 0);
});
