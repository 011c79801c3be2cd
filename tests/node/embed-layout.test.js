// What an embed shows (show= and lock= of its link), pure: the panels, buttons and controls;
// the panels a lesson step points to; the grid the panels share; the locked note; the embed
// dialog's show= list; a lesson step's links that stay embedded.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lockedNote, panelGrid } from '../../web/src/app/embed.js';
import { lessonCard, panelsMentioned, stepHref } from '../../web/src/app/lessons-panel.js';
import { embedShow } from '../../web/src/app/share.js';
import { EMBED_DEFAULT_SHOW, embedLayout } from '../../web/src/state/config.js';
import { lessonById, lessonConfig } from '../../web/src/state/lessons.js';
import { decode } from '../../web/src/state/url.js';

test('embedLayout: panels and buttons named in show= are the only ones; without any, the defaults', () => {
  assert.deepEqual(embedLayout([]), { controls: EMBED_DEFAULT_SHOW, panels: ['plane', 'lesson'], buttons: ['play', 'step', 'reset'] });
  assert.deepEqual(embedLayout(['alpha', 'loss', 'network', 'play']), { controls: ['alpha'], panels: ['loss', 'network'], buttons: ['play'] });
  // Only panels: no controls at all.
  assert.deepEqual(embedLayout(['loss']).controls, []);
  // A lesson step's panels join the defaults, in the page's order, unless the teacher chose.
  assert.deepEqual(embedLayout([], { mentioned: ['network', 'loss', 'gradients'] }).panels, ['plane', 'loss', 'network', 'lesson']);
  assert.deepEqual(embedLayout(['plane'], { mentioned: ['network'] }).panels, ['plane']);
});

test('show= and lock= links: panels are read in show, never in lock; unknown ids are reported', () => {
  const { config, ignored } = decode('?embed=1&show=plane,loss,alpha,wobble&lock=loss,alpha');
  assert.deepEqual(config.embed.show, ['plane', 'loss', 'alpha']);
  assert.deepEqual(config.embed.lock, ['alpha']);
  assert.equal(ignored.length, 2, ignored.join('\n'));
  assert.match(ignored[0], /Ignored unknown control or panel in show: wobble/);
  assert.match(ignored[1], /Ignored unknown control in lock: loss/);
});

test('panelGrid: the column count whose panels are largest', () => {
  assert.deepEqual(panelGrid(1, 400, 380), { cols: 1, cell: 380 });
  // Two panels in a wide, low area side by side; in a tall, narrow one stacked.
  assert.equal(panelGrid(2, 900, 400).cols, 2);
  assert.equal(panelGrid(2, 300, 800).cols, 1);
  // Three panels in 410 x 430: two columns of two rows (205 x 210 beats 130 x 430).
  const g = panelGrid(3, 410, 430);
  assert.equal(g.cols, 2);
  assert.equal(g.cell, 210);
});

test('lockedNote names the locked controls as the page does', () => {
  assert.equal(lockedNote([]), '');
  assert.equal(lockedNote(['activation', 'play', 'edit']), 'Locked by the page that embeds this playground: activation, Play, point editing.');
});

test('embedShow writes panels and buttons only when they differ from the defaults, and never an empty list', () => {
  const set = (...ids) => new Set(ids);
  const defaults = { show: set(...EMBED_DEFAULT_SHOW), panels: set('plane', 'lesson'), buttons: set('play', 'step', 'reset') };
  assert.deepEqual(embedShow(defaults), EMBED_DEFAULT_SHOW);
  assert.deepEqual(embedShow({ ...defaults, panels: set('network', 'plane'), buttons: set('play') }),
    [...EMBED_DEFAULT_SHOW, 'plane', 'network', 'play']);
  // No control: the panels say so (an empty show= would mean the default controls).
  assert.deepEqual(embedShow({ ...defaults, show: set() }), ['plane', 'lesson']);
  assert.deepEqual(embedLayout(embedShow({ ...defaults, show: set() })).controls, []);
});

test('a lesson step inside an embed links its neighbours embedded, with the same show, lock and autoplay', () => {
  const lesson = lessonById('hidden-layers');
  const embed = { enabled: true, show: ['alpha', 'loss'], lock: ['play'], autoplay: true };
  const card = lessonCard({ ...lessonConfig(lesson, 0), embed });
  const next = decode(card.next.slice(card.next.indexOf('?'))).config;
  assert.deepEqual(next.embed, embed);
  assert.deepEqual(next.lesson, { id: 'hidden-layers', step: 2 });
  // Outside an embed the links are not embedded.
  assert.equal(decode(stepHref(lesson, 1)).config.embed.enabled, false);
});

test('panelsMentioned: where a step sends the eye', () => {
  const ids = (step) => panelsMentioned(step).map((p) => p.id);
  assert.deepEqual(ids({ text: 'x', look: 'the boundary bending in the Output panel; point at a unit in the Network panel.' }), ['plane', 'network']);
  assert.deepEqual(ids({ text: 'x', look: 'the jumps in the loss chart.' }), ['loss']);
  assert.deepEqual(ids({ text: 'x', look: 'the "Gradients per layer" chart (log scale).' }), ['gradients']);
  assert.deepEqual(ids({ text: 'x', look: 'the accuracies in the bar.' }), []);
});
