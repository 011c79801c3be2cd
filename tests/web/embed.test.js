// Embeds that hold: the page in a cross-origin iframe of 700x500 on a course page (served from
// another port, so another origin). A lesson's Previous and Next stay embedded with the same
// choices; the frame never scrolls, the training bar stays on top and the lesson card folds; the
// teacher's panels and buttons are the ones shown; locked controls say so; digits autoplay and
// their confusion matrix fits the frame.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { stepHref } from '../../web/src/app/lessons-panel.js';
import { lessonById } from '../../web/src/state/lessons.js';
import { assertClean, waitBar, waitReady } from './helpers.js';
import { screenshot, startBrowser, watchPage } from './support.js';

const FRAME = { width: 700, height: 500 };

let env;
let course;
let courseBase;
before(async () => {
  env = await startBrowser();
  // The course page: its own server, so the iframe's page is cross-origin to it.
  course = http.createServer((req, res) => {
    const src = new URL(req.url, 'http://course').searchParams.get('src') ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><title>A course page</title></head>
<body style="margin: 16px; font-family: serif"><h1>Week 3: neural networks</h1><p>Train the network below.</p>
<iframe src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="${FRAME.width}" height="${FRAME.height}" title="MLP Playground"
style="border: 1px solid #999"></iframe></body></html>`);
  });
  await new Promise((resolve) => course.listen(0, '127.0.0.1', resolve));
  courseBase = `http://127.0.0.1:${course.address().port}/`;
});
after(async () => {
  await env?.close();
  course?.closeAllConnections();
  await new Promise((resolve) => (course ? course.close(resolve) : resolve()));
});

/** Opens the course page with the playground at `query` in its iframe; returns { page, frame, errors }. */
async function openCourse(query) {
  const context = await env.browser.newContext({ viewport: { width: FRAME.width + 60, height: FRAME.height + 160 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const { errors, requests } = watchPage(page);
  const src = env.base + query;
  assert.notEqual(new URL(src).origin, new URL(courseBase).origin, 'the iframe must be cross-origin');
  await page.goto(`${courseBase}?src=${encodeURIComponent(src)}`, { waitUntil: 'load' });
  const frame = () => page.frames().find((f) => f !== page.mainFrame());
  await waitReady(frame());
  return { page, frame, context, errors, requests };
}

/** Boxes (relative to the frame's viewport) of the selectors, and the document's scroll size. */
function layout(frame, selectors) {
  return frame.evaluate((sels) => {
    const box = (s) => {
      const el = document.querySelector(s);
      if (!el || el.hidden || !el.getClientRects().length) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    return {
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      boxes: Object.fromEntries(sels.map((s) => [s, box(s)])),
    };
  }, selectors);
}

const LESSON_EMBED = { enabled: true, show: ['activation', 'learning_rate_init'], lock: ['hidden_layer_sizes', 'step'], autoplay: false };

test('a lesson in a 700x500 cross-origin iframe: one screen, Next stays embedded with its choices, the card folds', async () => {
  const lesson = lessonById('hidden-layers');
  const c = await openCourse(stepHref(lesson, 0, [], LESSON_EMBED));
  try {
    let frame = c.frame();
    const sels = ['.training-bar', '.lesson-card', '.boundary-box', '.embed-controls', '[data-action="lesson-next"]'];
    let l = await layout(frame, sels);
    assert.equal(l.innerWidth, FRAME.width);
    // Nothing scrolls the frame: the bar is on top, the card, the plane and the controls are inside it.
    assert.ok(l.scrollHeight <= l.innerHeight + 1, `the frame scrolls: ${l.scrollHeight} > ${l.innerHeight}`);
    assert.ok(l.scrollWidth <= l.innerWidth + 1, `the frame scrolls sideways: ${l.scrollWidth}`);
    assert.ok(l.boxes['.training-bar'].top >= 0 && l.boxes['.training-bar'].top < 2, 'the bar is not at the top');
    for (const s of sels) {
      const b = l.boxes[s];
      assert.ok(b, `${s} is not shown`);
      assert.ok(b.top >= 0 && b.bottom <= FRAME.height + 1 && b.right <= FRAME.width + 1, `${s} is outside the frame: ${JSON.stringify(b)}`);
    }
    assert.ok(l.boxes['.lesson-card'].height <= 0.4 * FRAME.height, `the card takes ${l.boxes['.lesson-card'].height} px`);
    assert.ok(l.boxes['.boundary-box'].width >= 180, `the plane is ${l.boxes['.boundary-box'].width} px`);
    assert.match(await frame.locator('.lesson-text').textContent(), /\S/);

    // Locked controls say so: the layers editor and Step.
    assert.ok(await frame.locator('.training-bar button', { hasText: /^Step$/ }).isDisabled());
    assert.equal(await frame.locator('.training-bar button', { hasText: /^Step$/ }).getAttribute('title'), 'Locked by the page that embeds this playground');
    assert.match(await frame.locator('.embed-locked').textContent(), /Locked by the page that embeds this playground: hidden_layer_sizes, Step\./);

    // Folding the card gives its room to the plane; Show the text brings the text back.
    const planeBefore = l.boxes['.boundary-box'].width;
    await frame.locator('[data-action="lesson-fold"]').click();
    await frame.waitForFunction(() => document.querySelector('.lesson-card').classList.contains('folded'));
    await frame.waitForFunction((w) => document.querySelector('.boundary-box').getBoundingClientRect().width > w, planeBefore);
    l = await layout(frame, ['.lesson-card', '.boundary-box', '[data-action="lesson-next"]']);
    assert.ok(l.boxes['.lesson-card'].height <= 64, `the folded card is ${l.boxes['.lesson-card'].height} px high`);
    assert.ok(l.boxes['[data-action="lesson-next"]'], 'Next is hidden in the folded card');
    assert.equal(await frame.locator('.lesson-text').isVisible(), false);
    await screenshot(c.page, 'embed-700x500-lesson-folded', { fullPage: false });

    // Next: the iframe loads step 2, still embedded, with the same controls, locks and panels.
    await frame.locator('[data-action="lesson-next"]').click();
    await waitFor(() => c.frame().url().includes('step=2'));
    frame = c.frame();
    await waitReady(frame);
    const url = new URL(frame.url());
    assert.equal(url.searchParams.get('embed'), '1');
    assert.equal(url.searchParams.get('show'), 'activation,learning_rate_init');
    assert.equal(url.searchParams.get('lock'), 'hidden_layer_sizes,step');
    assert.equal(url.searchParams.get('lesson'), 'hidden-layers');
    assert.ok(await frame.evaluate(() => document.documentElement.classList.contains('embed')));
    assert.equal(await frame.locator('.site-header').count(), 0, 'the full page appeared in the iframe');
    assert.ok(await frame.locator('.training-bar button', { hasText: /^Step$/ }).isDisabled(), 'Step is no longer locked');
    for (const id of ['activation', 'learning_rate_init']) assert.ok(await frame.locator(`.embed-controls [data-control="${id}"]`).isVisible());
    assert.match(await frame.locator('.lesson-step').textContent(), /step 2 of 2/);
    // The fold holds for the next step; the step points to the Network panel, which is shown.
    assert.ok(await frame.locator('.lesson-card.folded').isVisible(), 'the card unfolded again');
    assert.ok(await frame.locator('.embed-network .network-box').isVisible(), 'the Network panel the step names is not shown');
    assert.ok(await frame.locator('.embed-plane .boundary-box').isVisible());
    // Previous goes back, embedded too.
    const prev = new URL(await frame.locator('[data-action="lesson-prev"]').getAttribute('href'), frame.url());
    assert.deepEqual(['embed', 'show', 'lock', 'step'].map((k) => prev.searchParams.get(k)),
      ['1', 'activation,learning_rate_init', 'hidden_layer_sizes,step', '1']);
    await frame.locator('.btn.play').click();
    await waitBar(frame, 's.scoredEpoch >= 5');
    l = await layout(frame, ['.training-bar']);
    assert.ok(l.scrollHeight <= l.innerHeight + 1, 'the frame scrolls while training');
    await screenshot(c.page, 'embed-700x500', { fullPage: false });
    assertClean(c, 'the course page with the embed');
  } finally {
    await c.context.close();
  }
});

async function waitFor(predicate, timeout = 30_000) {
  const t0 = Date.now();
  while (!predicate()) {
    if (Date.now() - t0 > timeout) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the teacher chooses the panels and the buttons: the loss chart and the network, Play and Reset, alpha locked; the lesson says what is left out', async () => {
  const c = await openCourse('?v=2&embed=1&show=loss,network,alpha,play,reset&lock=alpha&lesson=hidden-layers&step=1');
  try {
    const frame = c.frame();
    assert.equal(await frame.locator('.embed-panel').count(), 2);
    assert.ok(await frame.locator('.embed-loss .chart-canvas').isVisible());
    assert.ok(await frame.locator('.embed-network .network-box').isVisible());
    assert.equal(await frame.locator('.embed-plane').count(), 0, 'the plane is shown');
    assert.ok(await frame.locator('.btn.play').isVisible());
    assert.ok(await frame.locator('.training-bar button', { hasText: /^Reset$/ }).isVisible());
    assert.equal(await frame.locator('.training-bar button', { hasText: /^Step$/ }).isVisible(), false, 'Step is shown');
    // The lesson step looks at the boundary, which the teacher left out: the card says so.
    await frame.locator('[data-action="lesson-fold"][aria-expanded="false"]').click();
    assert.match(await frame.locator('.lesson-elsewhere').textContent(), /^Not in this view: the data plane\. Open in MLP Playground/);
    const alpha = frame.locator('.embed-controls .field[data-control="alpha"]');
    assert.ok(await alpha.locator('input[type="text"]').isDisabled());
    assert.equal(await alpha.getAttribute('title'), 'Locked by the page that embeds this playground');
    assert.match(await alpha.locator('.field-label').evaluate((el) => getComputedStyle(el, '::after').content), /locked/);
    const l = await layout(frame, ['.embed-loss', '.embed-network']);
    for (const s of ['.embed-loss', '.embed-network']) {
      const b = l.boxes[s];
      assert.ok(b.bottom <= FRAME.height + 1 && b.height >= 150, `${s}: ${JSON.stringify(b)}`);
    }
    assert.ok(l.scrollHeight <= l.innerHeight + 1);
    await frame.locator('.btn.play').click();
    await waitBar(frame, 's.scoredEpoch >= 3');
    await screenshot(c.page, 'embed-700x500-panels', { fullPage: false });
    assertClean(c, 'the course page with the embed');
  } finally {
    await c.context.close();
  }
});

test('digits with autoplay=1 start training in the iframe, and the confusion matrix fits the frame', async () => {
  const c = await openCourse('?v=2&g=digits&embed=1&autoplay=1');
  try {
    const frame = c.frame();
    await waitBar(frame, 's.scoredEpoch >= 3');
    const cells = frame.locator('.confusion-table thead th');
    assert.equal(await cells.count(), 11);
    // Measured in one go: the table is rebuilt as the run goes on.
    const edges = await frame.evaluate(() => {
      const ths = document.querySelectorAll('.confusion-table thead th');
      const panel = document.querySelector('.embed-plane').getBoundingClientRect();
      return { last: ths[ths.length - 1].getBoundingClientRect().right, panel: panel.right, frame: window.innerWidth };
    });
    assert.ok(edges.last <= edges.panel + 1 && edges.panel <= edges.frame, `column 9 ends at ${edges.last}, its panel at ${edges.panel}`);
    await screenshot(c.page, 'embed-700x500-digits', { fullPage: false });
    assertClean(c, 'the course page with the embed');
  } finally {
    await c.context.close();
  }
});
