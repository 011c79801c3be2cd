// The training worker is supervised (web/src/engine/client.js, supervisor.js): each way of losing
// it (terminated, an exception inside it, the engine aborting, memory exhausted, stuck in a busy
// loop, the engine's files not arriving) ends with the page saying what happened and a working
// engine, without a reload: Step trains on from the restored run (the same epoch, and the loss
// an uninterrupted run has at the next epoch), and the curves already drawn are kept. A run too
// large for the engine's memory is refused before it is sent, with its sizes named.
// The page's test hooks: window.__mlpSupervision (set before the page loads: shorter timings,
// faults on demand) gives window.__mlpEngine, the engine client (its worker, fault(kind)).
// Screenshots: test-results/screenshots/supervise-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, stepTo, waitBar, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

const LINK = '?v=2&g=moons&sp=max';
const HOOKS = () => {
  window.__mlpSupervision = { stuckMs: 3000, pingMs: 250, backoffMs: [200, 400, 800] };
};

let env;
let reference; // the loss at epochs 5 and 6 of the run on LINK, never interrupted
before(async () => {
  env = await startBrowser();
  const p = await openPage(env, LINK);
  try {
    await waitReady(p.page);
    await stepTo(p.page, 5);
    const at5 = await barLoss(p.page);
    await stepTo(p.page, 6);
    reference = { at5, at6: await barLoss(p.page) };
  } finally {
    await p.context.close();
  }
});
after(async () => {
  await env?.close();
});

const barLoss = (page) => page.evaluate(() => Number(document.querySelector('.training-bar').dataset.loss));
const engineState = (page) => page.evaluate(() => document.querySelector('.training-bar').dataset.engine);
const message = (page) => page.locator('.training-bar .stop-reason').textContent();
const waitEngine = (page, state, timeout = 30_000) =>
  page.waitForFunction((s) => document.querySelector('.training-bar')?.dataset.engine === s, state, { timeout, polling: 50 });
/** The loss curve the chart holds (epochs 1..n). */
const curve = (page) => page.evaluate(() => window.__mlpSession?.history?.lossCurve ?? null);

/**
 * Trains to epoch 5, loses the worker with `lose(page)`, checks the words while it restarts,
 * then that the run is back at epoch 5 and that Step gives epoch 6 with the reference loss.
 */
async function loseAndRecover(name, lose, expectWords) {
  const p = await openPage(env, LINK, { init: HOOKS });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 5);
    assert.equal(await barLoss(page), reference.at5);
    const drawn = await curve(page);
    assert.equal(drawn.length, 5);
    await lose(page);
    await waitEngine(page, 'restarting');
    const said = await message(page);
    console.log(`# ${name}: ${said}`);
    assert.match(said, expectWords);
    assert.match(said, /Restarting it with your settings, data and run/);
    assert.match(await page.locator('.banner.error').first().textContent(), expectWords);
    await screenshot(page, `supervise-${name}-restarting`, { fullPage: false });
    await waitEngine(page, 'restored');
    assert.match(await message(page), /was restarted .*the run at epoch 5 are back: Play carries on/);
    assert.equal(await page.locator('.banner.error').count(), 0, 'the banner goes once the engine is back');
    const state = await barState(page);
    assert.deepEqual([state.state, state.epoch, state.scoredEpoch], ['paused', 5, 5]);
    assert.deepEqual(await curve(page), drawn, 'the loss curve already drawn is kept');
    await screenshot(page, `supervise-${name}-restored`, { fullPage: false });
    // The engine works: Step trains epoch 6 from the restored weights, exactly as an uninterrupted run.
    await page.locator('.training-bar button', { hasText: /^Step$/ }).click();
    await waitBar(page, 's.scoredEpoch === 6 && s.epoch === 6');
    assert.equal(await barLoss(page), reference.at6, 'the loss at epoch 6 is the uninterrupted run\'s');
    assert.equal(await engineState(page), '', 'the restart message goes with the next step');
    // Play trains on.
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.epoch >= 30');
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.state === "paused"');
    return p;
  } catch (e) {
    await screenshot(p.page, `supervise-${name}-failed`, { fullPage: false });
    throw e;
  } finally {
    await p.context.close();
  }
}

test('a terminated worker is noticed by its silence and replaced; the run goes on from epoch 5', async () => {
  await loseAndRecover('terminated', (page) => page.evaluate(() => window.__mlpEngine.worker.terminate()),
    /stopped answering.*no answer for 3 s/);
});

test('an exception thrown inside the worker: it is replaced; the run goes on from epoch 5', async () => {
  await loseAndRecover('exception', (page) => page.evaluate(() => window.__mlpEngine.fault('throw')),
    /crashed.*a test fault: an exception escaped the worker/);
});

test('the engine aborting (every later call throws): the next Step notices; the run goes on from epoch 5', async () => {
  await loseAndRecover('abort', async (page) => {
    await page.evaluate(() => window.__mlpEngine.fault('abort'));
    await page.locator('.training-bar button', { hasText: /^Step$/ }).click();
  }, /aborted.*Aborted\(a test fault\)/);
});

test('memory exhausted inside the engine: the message names the run\'s size; the run goes on from epoch 5', async () => {
  await loseAndRecover('memory', async (page) => {
    await page.evaluate(() => window.__mlpEngine.fault('oom'));
    await page.locator('.training-bar button', { hasText: /^Step$/ }).click();
  }, /ran out of memory.*300 rows x 2 inputs with layers \(2, 8, 8, 1\) in float64 need about [\d.]+ MB/);
});

test('a worker stuck in a busy loop is noticed by its silence and replaced; the run goes on from epoch 5', async () => {
  await loseAndRecover('stuck', (page) => page.evaluate(() => window.__mlpEngine.fault('hang')), /stopped answering/);
});

test('a worker lost while playing: training stops, and Play carries on after the restart', async () => {
  const p = await openPage(env, LINK, { init: HOOKS });
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.scoredEpoch >= 20');
    await page.evaluate(() => window.__mlpEngine.fault('abort'));
    await waitEngine(page, 'restored');
    const { state, epoch, scoredEpoch } = await barState(page);
    assert.equal(state, 'paused');
    assert.equal(epoch, scoredEpoch, 'back at the epoch last drawn');
    assert.ok(epoch >= 20, String(epoch));
    await page.locator('.training-bar button.play').click();
    await waitBar(page, `s.epoch >= ${epoch + 50}`);
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.state === "paused"');
  } finally {
    await p.context.close();
  }
});

test('engine files that do not arrive: named a network problem, retried, then Try again; the engine loads once they come', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await context.addInitScript(HOOKS);
  let blocked = true;
  let refused = 0;
  await context.route('**/engine/mlp.wasm', (route) => {
    if (!blocked) return route.continue();
    refused += 1;
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${env.base}${LINK}`, { waitUntil: 'load' });
    await waitEngine(page, 'restarting');
    const first = await message(page);
    console.log(`# first failure: ${first}`);
    assert.match(first, /could not load: a network problem\. The engine's files \(mlp\.js, mlp\.wasm\) did not arrive .*Trying again…/);
    assert.doesNotMatch(first, /Loading the engine/);
    // Three restarts (0.2, 0.4, 0.8 s apart), then the page stops and offers Try again.
    await waitEngine(page, 'failed');
    const last = await message(page);
    console.log(`# after ${refused} refused fetches: ${last}`);
    assert.match(last, /stopped trying: press Try again/);
    assert.ok(refused >= 4, `${refused} refused: the first load and three restarts`);
    const again = page.locator('.banner .banner-action', { hasText: 'Try again' });
    await again.waitFor();
    await screenshot(page, 'supervise-load-failed', { fullPage: false });
    blocked = false; // the network is back
    await again.click();
    await waitEngine(page, 'restored');
    await waitReady(page);
    assert.match(await message(page), /has loaded, after a failed attempt \(The training engine could not load: a network problem\)/);
    await stepTo(page, 5);
    assert.equal(await barLoss(page), reference.at5, 'the same run as if it had loaded at once');
    await screenshot(page, 'supervise-load-recovered', { fullPage: false });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a run too large for the engine\'s memory is refused before it is sent, with its sizes; a smaller one trains', async () => {
  const p = await openPage(env, '?v=2&g=csv&sol=lbfgs&h=512,512,512', { init: HOOKS });
  try {
    const { page } = p;
    await page.locator('.csv-import input[type="file"]').waitFor({ state: 'attached' });
    // 100,000 rows (5 MB): lbfgs holds every training row's activations through every layer.
    const rows = ['a,b,c,d,e,f,g,h,i,j,label', ...Array.from({ length: 100_000 }, (_, r) =>
      [...Array.from({ length: 10 }, (_, c) => ((r * 7 + c * 13) % 97) / 10), r % 2].join(','))];
    await page.locator('.csv-import input[type="file"]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n')) });
    const banner = page.locator('.banner.error', { hasText: "Too large for the training engine's memory" });
    await banner.waitFor({ timeout: 30_000 });
    const text = await banner.textContent();
    console.log(`# ${text}`);
    assert.match(text, /100,000 rows x 10 inputs with layers \(10, 512, 512, 512, 1\) in float64 need about [\d.]+ GB/);
    assert.match(text, /more than the 1\.5 GB it can use \(WebAssembly's heap is limited to 2\.0 GB\)/);
    await screenshot(page, 'supervise-memory-refused', { fullPage: false });
    // Play is refused with the same words: nothing was sent, the worker is fine.
    await page.locator('.training-bar button.play').click();
    assert.equal(await engineState(page), '', 'no worker was lost');
    assert.equal((await barState(page)).state, 'paused');
    // One layer less: still too large, and said so with the new sizes.
    const fewer = page.locator('button', { hasText: '− Layer' }).first();
    await fewer.click();
    await page.locator('.banner.error', { hasText: 'layers (10, 512, 512, 1)' }).waitFor();
    // One more: (512) fits, and trains (100,000 rows: the first model and its scores take a while on a busy machine).
    await fewer.click();
    await waitBar(page, 's.scoredEpoch === 0 && s.state === "paused"', { timeout: 120_000 });
    assert.equal(await page.locator('.banner.error', { hasText: 'memory' }).count(), 0, 'the refusal goes once the run fits');
    await page.locator('.training-bar button', { hasText: /^Step$/ }).click();
    await waitBar(page, 's.scoredEpoch === 1', { timeout: 120_000 });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
