// The page around the plot: the knobs people change most on the first screen, the plot the
// largest picture at every size, editing on a touch screen as an explicit mode with an undo
// for a run thrown away, touch targets of 32 px, a training bar that keeps the place of its
// message, and help tips inside the window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, pointCounts, settle, stepTo, testHooks, waitBar, waitReady } from './helpers.js';
import { openPage, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const SIZES = {
  desktop: { width: 1440, height: 900 },
  laptop: { width: 1280, height: 720 },
  wide: { width: 1920, height: 1080 },
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
};

/** The box of the first element matching `selector` that is shown, and the sticky bar's bottom. */
function boxes(page, selectors) {
  return page.evaluate((list) => {
    const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]');
    const out = {};
    for (const sel of list) {
      const el = [...document.querySelectorAll(sel)].find(shown);
      const r = el?.getBoundingClientRect();
      out[sel] = r ? { x: r.x, y: r.y, width: r.width, height: r.height, right: r.right, bottom: r.bottom } : null;
    }
    return out;
  }, selectors);
}

test('at 1280x720 the knobs people change most are on the first screen, below the sticky bar', async () => {
  const p = await openPage(env, '', SIZES.laptop);
  try {
    const { page } = p;
    await waitReady(page);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const ids = ['activation', 'learning_rate_init', 'alpha', 'solver', 'batch_size'];
    const found = await page.evaluate((list) => {
      const bar = document.querySelector('.training-bar').getBoundingClientRect();
      const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]');
      const inside = (r) => r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
      /** The control's own input is what is seen at its centre (nothing covers it). */
      const uncovered = (input) => {
        const r = input.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit === input || input.contains(hit);
      };
      const result = {};
      for (const id of list) {
        const el = [...document.querySelectorAll(`[data-control="${id}"]`)].find(shown);
        const input = el?.querySelector('select, input');
        const r = el?.getBoundingClientRect();
        result[id] = el ? { inside: inside(r), belowBar: r.top >= bar.bottom, uncovered: uncovered(input), top: Math.round(r.top) } : null;
      }
      // Hidden layers: the one layers editor, its +/- Layer buttons and the first layer's count.
      const layers = document.querySelector('.layers-editor');
      const parts = [...layers.querySelectorAll('.layers-toolbar button, .layer-units')].slice(0, 3);
      result.hidden_layer_sizes = { inside: parts.every((e) => inside(e.getBoundingClientRect())),
        belowBar: layers.getBoundingClientRect().top >= bar.bottom, uncovered: parts.every(uncovered) };
      // The speed, in the training bar.
      const speed = document.querySelector('.training-bar [data-control="speed"] select');
      result.speed = { inside: inside(speed.getBoundingClientRect()), belowBar: true, uncovered: uncovered(speed) };
      return result;
    }, ids);
    for (const [id, f] of Object.entries(found)) {
      assert.ok(f, `${id} is not on the page`);
      assert.ok(f.inside, `${id} is not inside the 1280x720 window (top ${f.top})`);
      assert.ok(f.belowBar, `${id} is under the sticky training bar`);
      assert.ok(f.uncovered, `${id} is covered by something`);
    }
    // One editor of hidden_layer_sizes on the page.
    assert.equal(await page.locator('[data-control="hidden_layer_sizes"]').count(), 1);
    assert.equal(await page.locator('.layers-editor').count(), 1);
    // The same knob in the top row and in the Hyperparameters panel: one value.
    await page.locator('.essentials [data-control="alpha"] input').fill('0.01');
    await page.locator('.essentials [data-control="alpha"] input').press('Enter');
    assert.equal(await page.locator('.hyper-panel [data-control="alpha"] input').inputValue(), '0.01');
    await page.locator('.hyper-panel [data-control="solver"] select').selectOption('sgd');
    assert.equal(await page.locator('.essentials [data-control="solver"] select').inputValue(), 'sgd');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the plot is the largest picture at every size, and on the first screen at desktop sizes', async () => {
  for (const [name, size] of Object.entries(SIZES)) {
    const p = await openPage(env, '', size);
    try {
      const { page } = p;
      await waitReady(page);
      const b = await boxes(page, ['.boundary-canvas', '.network-box', '.chart-box', '.grad-box']);
      const area = (r) => (r ? r.width * r.height : 0);
      const plot = area(b['.boundary-canvas']);
      console.log(`# ${name}: plot ${Math.round(b['.boundary-canvas'].width)}x${Math.round(b['.boundary-canvas'].height)}, ` +
        `network ${Math.round(b['.network-box'].width)}x${Math.round(b['.network-box'].height)}`);
      for (const other of ['.network-box', '.chart-box', '.grad-box']) {
        assert.ok(plot > area(b[other]), `${name}: the plot (${plot} px²) is not larger than ${other} (${area(b[other])} px²)`);
      }
      if (name !== 'phone') {
        const r = b['.boundary-canvas'];
        const visible = Math.min(r.bottom, size.height) - Math.max(r.y, 0);
        assert.ok(visible >= 0.95 * r.height, `${name}: only ${Math.round(visible)} of the plot's ${Math.round(r.height)} px are on the first screen`);
      }
      // The extra width of a wide screen goes to the plot.
      if (name === 'wide') assert.ok(b['.boundary-canvas'].width >= 700, `the plot is ${b['.boundary-canvas'].width} px wide at 1920x1080`);
      // No panel stretched past its content (the old blank under the network diagram).
      const blanks = await page.evaluate(() => [...document.querySelectorAll('.workspace .panel')].map((panel) => {
        const last = [...panel.children].filter((c) => c.getClientRects().length).at(-1);
        const gap = panel.getBoundingClientRect().bottom - (last?.getBoundingClientRect().bottom ?? 0);
        return { panel: panel.className, gap: Math.round(gap) };
      }).filter((x) => x.gap > 40));
      assert.deepEqual(blanks, [], `${name}: panels with blank space at their foot`);
      assertClean(p, name);
    } finally {
      await p.context.close();
    }
  }
});

test('on a phone a tap on the plot edits only in an edit mode; a run thrown away comes back with Undo', async () => {
  const p = await openPage(env, '?v=2&sp=max', { ...SIZES.phone, init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await page.waitForFunction(() => /training and \d+ test points/.test(document.querySelector('.boundary-canvas').getAttribute('aria-label') ?? ''));
    const start = await pointCounts(page);
    await stepTo(page, 3);
    const canvas = page.locator('.boundary-canvas');
    /** A point of the plot in window coordinates, the plot brought into view first. */
    const at = async (fx, fy) => {
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      return { x: box.x + box.width * fx, y: box.y + box.height * fy };
    };

    // Edit points starts Off on a touch screen: a tap changes nothing, and says how to edit.
    assert.ok(await page.locator('[data-control="edit"] input[value="off"]').isChecked());
    let tap = await at(0.5, 0.3);
    await page.touchscreen.tap(tap.x, tap.y);
    const hint = page.locator('.toast:not([hidden])', { hasText: 'Taps on the plot do not edit it' });
    await hint.waitFor();
    await settle(page); // whatever the tap sent has been answered and drawn
    assert.deepEqual(await pointCounts(page), start);
    assert.equal((await barState(page)).epoch, 3, 'a tap outside edit mode threw the run away');

    // In Add mode a tap adds a point; the trained run starts again, and the toast can undo that.
    await page.locator('[data-control="edit"] label', { hasText: /^Add$/ }).tap();
    tap = await at(0.6, 0.35);
    await page.touchscreen.tap(tap.x, tap.y);
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 1);
    const toast = page.locator('.toast:not([hidden])', { hasText: 'Point added: the run trained to epoch 3 starts again' });
    await toast.waitFor();
    await waitBar(page, 's.epoch === 0');
    await toast.locator('button', { hasText: 'Undo' }).tap();
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train);
    const back = await waitBar(page, 's.state === "paused" && s.epoch === 3 && s.scoredEpoch === 3');
    assert.equal(back.epoch, 3);
    assert.equal(await page.locator('.edit-summary').textContent(), 'No edits');

    // Erase mode: a tap removes the nearest point (here, one added at that spot just before).
    await page.locator('[data-control="edit"] label', { hasText: /^Add$/ }).tap();
    tap = await at(0.3, 0.8);
    await page.touchscreen.tap(tap.x, tap.y);
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 1);
    await page.locator('[data-control="edit"] label', { hasText: /^Erase$/ }).tap();
    tap = await at(0.3, 0.8);
    await page.touchscreen.tap(tap.x, tap.y);
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train);
    assert.equal(await page.locator('.edit-summary').textContent(), 'No edits');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('with a mouse, a click adds a point as before, and Edit points Off stops that', async () => {
  const p = await openPage(env, '', SIZES.desktop);
  try {
    const { page } = p;
    await waitReady(page);
    await page.waitForFunction(() => /training and \d+ test points/.test(document.querySelector('.boundary-canvas').getAttribute('aria-label') ?? ''));
    const start = await pointCounts(page);
    assert.ok(await page.locator('[data-control="edit"] input[value="add"]').isChecked(), 'a mouse starts in Add mode');
    await page.locator('[data-control="edit"] label', { hasText: /^Off$/ }).click();
    const canvas = page.locator('.boundary-canvas');
    const box = await canvas.boundingBox();
    await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.3 } });
    await page.locator('.toast:not([hidden])', { hasText: 'Edit points is Off' }).waitFor();
    assert.deepEqual(await pointCounts(page), start);
    // The toast's action turns Add on.
    await page.locator('.toast:not([hidden]) button', { hasText: 'Add points' }).click();
    assert.ok(await page.locator('[data-control="edit"] input[value="add"]').isChecked());
    await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.3 } });
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 1);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a new dataset after training can be undone from the toast: the same run, at the same epoch', async () => {
  const p = await openPage(env, '?v=2&sp=max', SIZES.desktop);
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 4);
    const loss = await page.locator('.training-bar').getAttribute('data-loss');
    await page.locator('.data-panel label.tile', { hasText: 'Circles' }).click();
    const toast = page.locator('.toast:not([hidden])', { hasText: 'New dataset (Circles): the run trained to epoch 4 starts again' });
    await toast.waitFor();
    await waitBar(page, 's.epoch === 0');
    await toast.locator('button', { hasText: 'Undo' }).click();
    await waitBar(page, 's.state === "paused" && s.epoch === 4 && s.scoredEpoch === 4');
    assert.ok(await page.locator('.data-panel label.tile', { hasText: 'Moons' }).locator('input').isChecked());
    assert.equal(await page.locator('.training-bar').getAttribute('data-loss'), loss, 'not the same run');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('touch targets are at least 32 px a side on a phone', async () => {
  const p = await openPage(env, '', SIZES.phone);
  try {
    const { page } = p;
    await waitReady(page);
    // Open the collapsed cards so that their buttons count too.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const small = await page.evaluate(() => {
      const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const union = (els) => {
        const rs = els.filter(shown).map((e) => e.getBoundingClientRect());
        const x0 = Math.min(...rs.map((r) => r.left));
        const y0 = Math.min(...rs.map((r) => r.top));
        return { width: Math.max(...rs.map((r) => r.right)) - x0, height: Math.max(...rs.map((r) => r.bottom)) - y0 };
      };
      const out = [];
      const check = (el, size, what) => {
        if (size.width < 32 || size.height < 32) out.push(`${what}: ${Math.round(size.width)}x${Math.round(size.height)}`);
      };
      const name = (el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.textContent || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 24)}"`;
      for (const el of document.querySelectorAll('button, select, summary, a[href], input')) {
        if (!shown(el) && !(el.matches('input') && el.labels?.length)) continue;
        if (el.closest('.network-box, dialog, .menu, [hidden]')) continue;
        if (el.matches('input[type="checkbox"], input[type="radio"]')) {
          // A box with its labels: the label is part of the target.
          check(el, union([el, ...el.labels]), name(el.labels[0] ?? el));
        } else if (el.matches('input[type="file"]')) {
          check(el, union([...el.labels]), name(el.labels[0]));
        } else {
          check(el, el.getBoundingClientRect(), name(el));
        }
      }
      return { out, n: document.querySelectorAll('.help-button, input[type="checkbox"], .btn.small').length };
    });
    assert.ok(small.n >= 40, `only ${small.n} help buttons, check boxes and small buttons on the page`);
    assert.deepEqual(small.out, [], 'targets smaller than 32 px');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

/** The workspace's top and the training bar's height. */
const placeOf = (page) => page.evaluate(() => ({
  main: Math.round(document.querySelector('main').getBoundingClientRect().top + window.scrollY),
  bar: Math.round(document.querySelector('.training-bar').getBoundingClientRect().height),
}));

test("the run's message never moves the page: the bar keeps its place (fit()'s stop, a diverged run with fixes)", async () => {
  const cases = [
    ['desktop', '?v=2&sp=max&saf=1&tol=0.5&nic=2', 'Paused where fit() stops'],
    ['laptop', '?v=2&sp=max&saf=1&tol=0.5&nic=2', 'Paused where fit() stops'],
    ['laptop', '?v=1&g=regression&sol=sgd&lri=1&mo=0', 'Training diverged'],
    ['wide', '?v=1&g=regression&sol=sgd&lri=1&mo=0', 'Training diverged'],
    ['phone', '?v=2&sp=max&saf=1&tol=0.5&nic=2', 'Paused where fit() stops'],
    ['phone', '?v=1&g=regression&sol=sgd&lri=1&mo=0', 'Training diverged'],
  ];
  for (const [name, query, text] of cases) {
    const p = await openPage(env, query, SIZES[name]);
    try {
      const { page } = p;
      await waitReady(page);
      const before = await placeOf(page);
      assert.equal(await page.locator('.stop-reason').textContent(), '', `${name}: a message before training`);
      await page.locator('.btn.play').click();
      await page.locator('.stop-reason', { hasText: text }).waitFor({ timeout: 30_000 });
      await waitBar(page, 's.state !== "playing"');
      const afterStop = await placeOf(page);
      assert.deepEqual(afterStop, before, `${name} ${query}: the page moved when "${text}" appeared`);
      // The bar is opaque: nothing of the page shows through it.
      const bg = await page.locator('.training-bar').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.match(bg, /^rgb\(\d+, \d+, \d+\)$/, `the bar's background is ${bg}`);
      assertClean(p, `${name} ${query}`);
    } finally {
      await p.context.close();
    }
  }
});

test('help tips stay inside the window, at the edges and under the sticky bar', async () => {
  for (const name of ['desktop', 'phone']) {
    const p = await openPage(env, '', SIZES[name]);
    try {
      const { page } = p;
      await waitReady(page);
      const width = SIZES[name].width;
      const height = SIZES[name].height;
      // Every help button of the page, each brought into view, then pointed at.
      const count = await page.locator('.help-button').count();
      assert.ok(count >= 30, `only ${count} help buttons`);
      const outside = [];
      let checked = 0;
      for (let k = 0; k < count; k += 1) {
        const button = page.locator('.help-button').nth(k);
        if (!(await button.isVisible())) continue;
        await button.scrollIntoViewIfNeeded();
        await button.hover();
        const r = await button.evaluate((el) => {
          const tip = el.parentElement.querySelector('.help-text');
          const b = tip.getBoundingClientRect();
          const bar = document.querySelector('.training-bar');
          const sticky = getComputedStyle(bar).position === 'sticky' && !bar.contains(tip);
          return { left: b.left, right: b.right, top: b.top, bottom: b.bottom, shown: getComputedStyle(tip).display !== 'none',
            barBottom: sticky ? bar.getBoundingClientRect().bottom : 0, text: tip.textContent.slice(0, 30) };
        });
        checked += 1;
        if (!r.shown) outside.push(`${r.text}: not shown on hover`);
        else if (r.left < 0 || r.right > width || r.top < r.barBottom || r.bottom > height) {
          outside.push(`${r.text}: ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)}`);
        }
      }
      assert.deepEqual(outside, [], `${name}: help tips outside the window`);
      assert.ok(checked >= 30, `${name}: only ${checked} tips checked`);
      assertClean(p, name);
    } finally {
      await p.context.close();
    }
  }
});
