// What the browser tests do to the page: wait for the engine, step, type into a
// field, read the numbers, the controls and the plot's pixels. Every wait is on
// something the page shows (the training bar's data-* attributes, text, pixels),
// with generous timeouts: the machine may be busy.
import assert from 'node:assert/strict';

export const TIMEOUT = 30_000;
const BAR = '.training-bar';

/** The training bar's state: { state, epoch, scoredEpoch } (data-* attributes set by the page). */
export function barState(page) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? { state: el.dataset.state, epoch: Number(el.dataset.epoch), scoredEpoch: Number(el.dataset.scoredEpoch) } : null;
  }, BAR);
}

/**
 * Waits for the engine to load and show a model on the data (scores of epoch `epoch` or later).
 * Fails at once, with the page's message, when the engine cannot load (a broken or half-copied build).
 */
export async function waitReady(page, { epoch = 0, timeout = TIMEOUT } = {}) {
  const handle = await page.waitForFunction(
    ({ sel, epoch: e }) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const reason = el.querySelector('.stop-reason')?.textContent ?? '';
      if (el.dataset.state === 'loading' && reason.startsWith('The training engine could not load')) return reason;
      return el.dataset.state && el.dataset.state !== 'loading' && Number(el.dataset.scoredEpoch) >= e ? 'ready' : false;
    },
    { sel: BAR, epoch },
    { timeout, polling: 50 },
  );
  const result = await handle.jsonValue();
  if (result !== 'ready') throw new Error(result);
}

/** Waits until the training bar satisfies a predicate of { state, epoch, scoredEpoch }, given as source text. */
export async function waitBar(page, predicateSource, { timeout = TIMEOUT } = {}) {
  try {
    await page.waitForFunction(
      ({ sel, src }) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const s = { state: el.dataset.state, epoch: Number(el.dataset.epoch), scoredEpoch: Number(el.dataset.scoredEpoch) };
        return new Function('s', `return (${src});`)(s);
      },
      { sel: BAR, src: predicateSource },
      { timeout, polling: 50 },
    );
  } catch (e) {
    // Say what the bar showed instead (a timeout alone does not tell a stuck page from a wrong wait).
    const seen = await page.evaluate((sel) => ({ ...document.querySelector(sel)?.dataset }), BAR).catch(() => null);
    e.message += `\nwaiting for (${predicateSource}); the bar shows ${JSON.stringify(seen)}`;
    throw e;
  }
  return barState(page);
}

/** Clicks Step until the model has trained `epochs` epochs, waiting for the scores of each one. */
export async function stepTo(page, epochs) {
  const step = page.locator(`${BAR} button`, { hasText: /^Step$/ });
  // From a settled bar: just after new data it reads epoch 0 with scoredEpoch -1 (not scored yet)
  // for a moment, and counting from there waited for an epoch 0 that had already passed.
  let { scoredEpoch } = await waitBar(page, 's.scoredEpoch === s.epoch');
  while (scoredEpoch < epochs) {
    const next = scoredEpoch + 1;
    await step.click();
    ({ scoredEpoch } = await waitBar(page, `s.scoredEpoch === ${next} && s.epoch === ${next}`));
  }
}

/** The text of one of the training bar's numbers: epoch, rate, train-loss, test-loss, train-score, test-score. */
export const stat = (page, name) => page.locator(`.stat-${name} .stat-value`).textContent();

/** The text input of a control (the first one shown), e.g. field(page, 'alpha'). */
export const field = (page, id) => page.locator(`.field[data-control="${id}"] input[type="text"]`).first();
export const select = (page, id) => page.locator(`.field[data-control="${id}"] select`).first();
export const checkbox = (page, id) => page.locator(`.field[data-control="${id}"] input[type="checkbox"]`).first();
export const fieldError = (page, id) => page.locator(`.field[data-control="${id}"] .field-error`).first();

/** Types a value into a control's text field and presses Enter (as a user would). */
export async function typeInto(page, id, text) {
  const input = field(page, id);
  await input.fill(String(text));
  await input.press('Enter');
}

/**
 * Every control's value, keyed by its data-control id: text inputs and selects by value,
 * checkboxes and radios by checked, the layers editor by its neuron counts.
 */
export function controlValues(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-control]')) {
      const id = el.dataset.control;
      const values = [];
      for (const input of el.querySelectorAll('input, select')) {
        if (input.type === 'checkbox' || input.type === 'radio') values.push(`${input.value}:${input.checked}`);
        else values.push(input.value);
      }
      const key = out[id] ? `${id}#${Object.keys(out).filter((k) => k.split('#')[0] === id).length}` : id;
      out[key] = values;
    }
    return out;
  });
}

/**
 * The boundary canvas' pixels: { width, height, colours (distinct RGBA values), hash (FNV-1a) },
 * over the whole canvas, or the inner half of it (inner: true) where the heatmap is.
 */
export function canvasPixels(page, { inner = false } = {}) {
  return page.evaluate((innerOnly) => {
    const canvas = document.querySelector('.boundary-canvas');
    const { width, height } = canvas;
    const [x0, y0, w, h] = innerOnly ? [width / 4, height / 4, width / 2, height / 2].map(Math.round) : [0, 0, width, height];
    const data = canvas.getContext('2d').getImageData(x0, y0, w, h).data;
    const words = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    const colours = new Set(words).size;
    let hash = 0x811c9dc5;
    for (let i = 0; i < words.length; i += 1) {
      hash ^= words[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return { width, height, colours, hash: hash.toString(16) };
  }, inner);
}

/** Waits until the plot shows at least `min` distinct colours (the heatmap is painted). */
export async function waitPainted(page, min = 200, { timeout = TIMEOUT } = {}) {
  await page.waitForFunction(
    (n) => {
      const canvas = document.querySelector('.boundary-canvas');
      if (!canvas || !canvas.width) return false;
      const { width, height } = canvas;
      const data = canvas.getContext('2d').getImageData(width / 4, height / 4, width / 2, height / 2).data;
      return new Set(new Uint32Array(data.buffer)).size >= n;
    },
    min,
    { timeout, polling: 100 },
  );
}

/** Asserts that a page logged no error and asked for nothing outside the test server (127.0.0.1). */
export function assertClean({ errors, requests }, what = 'the page') {
  assert.deepEqual(errors, [], `${what} logged errors`);
  const outside = requests.filter((u) => {
    if (/^(data|blob):/.test(u)) return false;
    return new URL(u).hostname !== '127.0.0.1';
  });
  assert.deepEqual(outside, [], `${what} requested something outside 127.0.0.1`);
}

/** The canvas' aria-label counts: { train, test } ("… 225 training and 75 test points"). */
export async function pointCounts(page) {
  const label = (await page.locator('.boundary-canvas').getAttribute('aria-label')) ?? '';
  const m = /(\d+) training and (\d+) test points/.exec(label);
  return m ? { train: Number(m[1]), test: Number(m[2]) } : null;
}

/** Opens a header menu (Share, Export) and picks an item by its label. */
export async function menuItem(page, menu, item) {
  await page.locator('.header-actions button[aria-haspopup="menu"]', { hasText: menu }).click();
  await page.locator('.menu:not([hidden]) [role="menuitem"]', { hasText: item }).click();
}

/** Installed before the page's own scripts: every long task, from the start. */
export function recordLongTasks() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    window.__longTasksObserved = true;
  } catch {
    window.__longTasksObserved = false;
  }
}

/**
 * An init script for openPage: the page's test hooks (window.__mlpSession, window.__mlpEngine)
 * with the engine's usual timings.
 */
export function testHooks() {
  window.__mlpSupervision = {};
}

/**
 * Waits until the worker has answered every request the page sent before (all its replies have
 * come in) and the page has drawn them: the state to wait for where a test checks that nothing
 * more happens. The page must be opened with testHooks.
 */
export async function settle(page, { timeout = TIMEOUT } = {}) {
  await page.evaluate((ms) => Promise.race([
    window.__mlpSession.settled(),
    new Promise((resolve, reject) => setTimeout(() => reject(new Error(`not settled in ${ms} ms`)), ms)),
  ]), timeout);
}
