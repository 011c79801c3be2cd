// The page itself: it loads cleanly, trains moons well, paints and updates the
// heatmap, plays and pauses from the keyboard, and looks right at desktop and
// phone sizes (screenshots in test-results/screenshots/: the whole page and its
// first screen at 1440x900, 1280x720, 1920x1080 and 390x844).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { barState, assertClean, canvasPixels, settle, stat, testHooks, waitBar, waitPainted, waitReady, TIMEOUT } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

// Training that never stops on its own (no early stop on a plateau), for the tests that need it running.
const ENDLESS = '?v=1&mi=1000000&nic=inf';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

test('the page loads with no console error and no request outside 127.0.0.1', async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await waitReady(page);
    await waitPainted(page);
    assert.equal(await page.locator('h1').textContent(), 'MLP Playground');
    assert.match(await page.locator('.estimator').textContent(), /MLPClassifier · adam · float64/);
    assert.equal(await stat(page, 'epoch'), '0');
    // The engine is served from the sub-path, as the page and its assets are.
    const paths = p.requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/dist/engine/mlp.wasm'), `the engine was not loaded: ${paths.join(', ')}`);
    assert.ok(paths.every((u) => u.startsWith('/dist/')), `a request outside /dist/: ${paths.join(', ')}`);
    assert.equal(await page.locator('.banner').count(), 0, 'a message banner is shown on a clean load');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('training moons reaches a test accuracy of at least 0.9 within 10 s', async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await waitReady(page);
    assert.match(await page.locator('.stat-test-score .stat-label').textContent(), /Test accuracy/);
    const started = Date.now();
    await page.locator('.btn.play').click();
    // Waits for a displayed accuracy of 90% or more, or for training to stop.
    await page.waitForFunction(() => {
      const bar = document.querySelector('.training-bar');
      const text = document.querySelector('.stat-test-score .stat-value').textContent;
      return parseFloat(text) >= 90 || bar.dataset.state === 'finished';
    }, null, { timeout: 10_000, polling: 50 });
    const seconds = (Date.now() - started) / 1000;
    const shown = await stat(page, 'test-score');
    const { epoch, state } = await barState(page);
    assert.match(shown, /^\d+(\.\d)?%$/, `the test accuracy reads ${shown}`);
    assert.ok(parseFloat(shown) >= 90, `test accuracy ${shown} at epoch ${epoch} (${state}) after ${seconds.toFixed(1)} s`);
    assert.ok(seconds <= 10, `took ${seconds.toFixed(1)} s`);
    console.log(`# moons: test accuracy ${shown} at epoch ${epoch} after ${seconds.toFixed(2)} s`);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the heatmap is not blank and changes as training proceeds', async () => {
  const p = await openPage(env, ENDLESS, { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await waitPainted(page);
    const before = await canvasPixels(page, { inner: true });
    assert.ok(before.width > 200 && before.height > 200, `canvas ${before.width}x${before.height}`);
    assert.ok(before.colours >= 200, `only ${before.colours} distinct colours in the plot before training`);
    const whole = await canvasPixels(page);
    assert.ok(whole.colours >= 500, `only ${whole.colours} distinct colours in the whole canvas`);

    await page.locator('.btn.play').click();
    await waitBar(page, 's.state === "playing" && s.scoredEpoch >= 20');
    const first = await canvasPixels(page, { inner: true });
    // The next repaint after more epochs shows a different picture.
    const epochAtFirst = (await barState(page)).scoredEpoch;
    await page.waitForFunction(
      ({ hash, epoch }) => {
        const bar = document.querySelector('.training-bar');
        if (Number(bar.dataset.scoredEpoch) <= epoch) return false;
        const canvas = document.querySelector('.boundary-canvas');
        const { width, height } = canvas;
        const data = canvas.getContext('2d').getImageData(Math.round(width / 4), Math.round(height / 4), Math.round(width / 2), Math.round(height / 2)).data;
        const words = new Uint32Array(data.buffer);
        let h = 0x811c9dc5;
        for (let i = 0; i < words.length; i += 1) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
        return h.toString(16) !== hash;
      },
      { hash: first.hash, epoch: epochAtFirst },
      { timeout: TIMEOUT, polling: 100 },
    );
    const second = await canvasPixels(page, { inner: true });
    assert.notEqual(second.hash, first.hash);
    assert.notEqual(second.hash, before.hash);
    assert.ok(second.colours >= 200, `only ${second.colours} distinct colours while training`);
    await page.locator('.btn.play').click();
    await waitBar(page, 's.state === "paused"');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

/**
 * Checks that the epoch stays put once paused: once the worker has answered the pause (the
 * replies already on their way have landed), another round trip through it brings no epoch more.
 * The page must be opened with testHooks.
 */
async function assertStaysPaused(page) {
  await waitBar(page, 's.state === "paused"');
  await settle(page);
  const settled = (await barState(page)).epoch;
  await settle(page);
  const later = await barState(page);
  assert.equal(later.state, 'paused');
  assert.equal(later.epoch, settled, 'the epoch advanced while paused');
  return settled;
}

test('keyboard only: Tab to Play, Enter plays, Space pauses; the Space shortcut toggles too', async () => {
  const p = await openPage(env, ENDLESS, { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    // Tab from the top of the page to the play button.
    let onPlay = false;
    for (let i = 0; i < 20 && !onPlay; i += 1) {
      await page.keyboard.press('Tab');
      onPlay = await page.evaluate(() => document.activeElement?.classList.contains('play'));
    }
    assert.ok(onPlay, 'Tab never reached the play button');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Play');

    await page.keyboard.press('Enter');
    const playing = await waitBar(page, 's.state === "playing" && s.epoch >= 5');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Pause');
    await waitBar(page, `s.epoch >= ${playing.epoch + 5}`); // it keeps advancing
    await page.keyboard.press('Space'); // on the focused button: a click
    const paused = await assertStaysPaused(page);
    assert.ok(paused >= playing.epoch + 5);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Play');

    // The page-wide shortcut: Space with the focus outside any control.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('Space');
    await waitBar(page, `s.state === "playing" && s.epoch >= ${paused + 5}`);
    await page.keyboard.press('Space');
    await assertStaysPaused(page);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('pause then play in quick succession: the page keeps saying what the worker does', async () => {
  // The worker answers the pause after the page has sent the next play: that late answer must
  // not show "paused" while training goes on.
  const p = await openPage(env, ENDLESS, { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await page.evaluate(() => document.activeElement?.blur());
    for (let round = 0; round < 3; round += 1) {
      await page.keyboard.press('Space');
      const playing = await waitBar(page, 's.state === "playing"');
      await waitBar(page, `s.epoch >= ${playing.epoch + 3}`);
      await page.keyboard.press('Space'); // pause ...
      await page.keyboard.press('Space'); // ... and play again at once
      const again = await barState(page);
      await settle(page); // the late answer to the pause has come in
      const later = await waitBar(page, `s.epoch > ${again.epoch}`);
      assert.equal(later.state, 'playing', `round ${round}: the bar says ${later.state} while the worker trains`);
      await settle(page);
      assert.equal((await barState(page)).state, 'playing', `round ${round}: the bar says paused while the worker trains`);
      await page.keyboard.press('Space');
      await assertStaysPaused(page);
    }
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('screenshots at desktop (1440x900, 1280x720, 1920x1080) and phone (390x844) sizes', async () => {
  const sizes = [
    ['desktop', { width: 1440, height: 900 }],
    ['laptop-1280x720', { width: 1280, height: 720 }],
    ['wide-1920x1080', { width: 1920, height: 1080 }],
    ['phone', { width: 390, height: 844, isMobile: true, hasTouch: true }],
  ];
  for (const [name, size] of sizes) {
    const p = await openPage(env, '', size);
    try {
      const { page } = p;
      await waitReady(page);
      await page.locator('.btn.play').click();
      await waitBar(page, 's.state !== "playing" || s.scoredEpoch >= 60');
      if ((await barState(page)).state === 'playing') await page.locator('.btn.play').click();
      await waitBar(page, 's.state !== "playing"');
      await waitPainted(page);
      // Nothing sticks out sideways (a phone would scroll horizontally).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
      const file = await screenshot(page, name);
      // And the first screen, as it is seen on opening the page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `${name}-first-screen`, { fullPage: false });
      console.log(`# screenshot: ${file}`);
      assertClean(p, name);
    } finally {
      await p.context.close();
    }
  }
});

/** Every visible text's contrast against its background (WCAG 2 formula); disabled controls are exempt. */
async function lowContrastTexts(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const v = c.match(/rgba?\(([^)]+)\)/)?.[1].split(',').map(Number);
      return v && { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
    };
    const channel = (x) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
    const luminance = ({ r, g, b }) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const opacity = (el) => {
      let o = 1;
      for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const low = [];
    for (const el of document.querySelectorAll('body *')) {
      const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join('');
      const style = getComputedStyle(el);
      if (!text || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      if (el.closest(':disabled, [aria-disabled="true"]')) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const a = fg.a * opacity(el);
      const seen = { r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a) };
      const [hi, lo] = [luminance(seen), luminance(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) low.push(`${ratio.toFixed(2)}: "${text.slice(0, 40)}" (${el.tagName.toLowerCase()})`);
    }
    return low;
  });
}

test('text is readable: WCAG AA contrast everywhere, on the page, on a phone and in embed mode', async () => {
  const phone = { width: 390, height: 844, isMobile: true, hasTouch: true };
  for (const [query, size] of [['', undefined], ['', phone], ['?v=1&embed=1', undefined]]) {
    const p = await openPage(env, query, size);
    try {
      await waitReady(p.page);
      assert.deepEqual(await lowContrastTexts(p.page), [], `low contrast with "${query}"${size ? ' on a phone' : ''}`);
    } finally {
      await p.context.close();
    }
  }
});
