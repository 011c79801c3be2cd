// The lessons: the Lessons menu opens a lesson, and every lesson is followed as a student would,
// step by step with Next: each step's link loads with its card and text, and trains (screenshot
// in test-results/screenshots/lesson.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, waitBar, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';
import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { encode } from '../../web/src/state/url.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const card = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('.lesson-card');
    return el.hidden ? null : { title: el.querySelector('.lesson-title').textContent, step: el.querySelector('.lesson-step').textContent };
  });

test('the Lessons menu opens the first step of a lesson', async () => {
  const p = await openPage(env, '?v=1');
  try {
    const { page } = p;
    await waitReady(page);
    assert.equal(await card(page), null);
    await page.locator('.lessons-menu').click();
    await page.locator('.menu-item', { hasText: LESSONS[0].title }).click();
    await page.waitForURL(/lesson=hidden-layers&step=1/);
    await waitReady(page);
    assert.deepEqual(await card(page), { title: `Lesson 1: ${LESSONS[0].title}`, step: `step 1 of ${LESSONS[0].steps.length}` });
    // Next is the link of step 2; Close hides the card and takes the lesson out of the link.
    await page.locator('[data-action="lesson-next"]').click();
    await page.waitForURL(/step=2/);
    await waitReady(page);
    assert.equal((await card(page)).step, `step 2 of ${LESSONS[0].steps.length}`);
    assert.equal(await page.locator('[data-action="lesson-next"]').isHidden(), true, 'no step after the last');
    await page.locator('[data-action="lesson-close"]').click();
    assert.equal(await card(page), null);
    await page.waitForURL((url) => !url.search.includes('lesson='));
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

for (const [k, lesson] of LESSONS.entries()) {
  // Lesson 12 trains the full Fashion-MNIST set: mnist-lesson.test.js follows it, with its numbers.
  if (lesson.id === 'mnist-full') continue;
  test(`lesson ${k + 1} (${lesson.title}): a student follows every step, each with its text, and trains it`, async () => {
    const p = await openPage(env, `?${encode(lessonConfig(lesson, 0))}`);
    try {
      const { page } = p;
      for (const [n, step] of lesson.steps.entries()) {
        await page.waitForURL(new RegExp(`lesson=${lesson.id}&step=${n + 1}`));
        await waitReady(page);
        assert.deepEqual(await card(page), { title: `Lesson ${k + 1}: ${lesson.title}`, step: `step ${n + 1} of ${lesson.steps.length}` });
        assert.equal(await page.locator('.lesson-text').textContent(), step.text);
        await page.locator('.btn.play').click();
        await waitBar(page, 's.scoredEpoch >= 3 || s.state === "finished"', { timeout: 60_000 });
        const { epoch } = await barState(page);
        assert.ok(epoch >= 1, `lesson ${lesson.id} step ${n + 1} did not train`);
        if (k === 0 && n === 0) await screenshot(page, 'lesson', { fullPage: false });
        if (n + 1 < lesson.steps.length) await page.locator('[data-action="lesson-next"]').click();
      }
      assertClean(p);
    } finally {
      await p.context.close();
    }
  });
}
