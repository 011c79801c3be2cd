// The "Follow one input" panel (views/trace/panel.js) in Chromium, before the page wires it in:
// a small demo page (served here, not part of web/) loads the panel's modules from web/src and
// shows the hand-made traces of tests/node/trace-fixture.js. Next walks every step, the keys and
// the autoplay move it, wide sums fold and unfold, numbers are the trace's, and at phone width
// nothing scrolls sideways but a formula box or a table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';


import { ROOT, launchChromium, screenshot, watchPage } from './support.js';

const require = createRequire(import.meta.url);
const { startServer } = require('../../scripts/serve.js');

const DEMO = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Trace panel demo</title><link rel="stylesheet" href="/src/styles/main.css" />
<style>main { max-width: 520px; margin: 16px auto; padding: 0 8px; } #net { height: 300px; margin-bottom: 8px; }</style></head>
<body><main id="host"><div id="net" hidden></div></main>
<script type="module">
import { createTracePanel } from '/src/views/trace/panel.js';
import { createNetworkView } from '/src/views/network.js';
import * as fixtures from '/trace-fixture.js';
const params = new URLSearchParams(location.search);
window.events = [];
window.fixtures = fixtures;
window.trace = fixtures[params.get('trace') ?? 'binaryTrace']();
const t = window.trace;
let net = null;
if (params.has('net')) {
  // The diagram beside the panel, as the page will wire it: the trace's weights, its overlay per step.
  const box = document.getElementById('net');
  box.hidden = false;
  net = createNetworkView(box);
  const weights = Float64Array.from([...t.weights.coefs.flatMap((w) => Array.from(w)), ...t.weights.intercepts.flatMap((b) => Array.from(b))]);
  net.update({ layerUnits: [t.input.length, ...t.layers.map((l) => l.a.length)], weights, inputLabels: ['x', 'y'], task: t.output.kind === 'regression' ? 'regression' : 'classification' });
  window.net = net;
}
window.panel = createTracePanel(document.getElementById('host'), {
  interval: Number(params.get('interval') ?? 1200),
  onStep: (e) => {
    window.events.push({ index: e.index, kind: e.step.kind, layer: e.step.layer, overlay: e.overlay.kind, unit: e.unit });
    net?.setTrace(e.overlay);
    net?.render();
  },
});
window.panel.show(window.trace, { featureNames: ['x', 'y'], classNames: ['blue', 'orange', 'green'], alpha: fixtures.FIXTURE_ALPHA[params.get('trace') ?? 'binaryTrace'] });
document.body.dataset.ready = '1';
</script></body></html>`;

let server;
let url;
let browser;
before(async () => {
  ({ server, url } = await startServer({ root: path.join(ROOT, 'web'), port: 0 }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

async function openDemo(query = '', { width = 1280, height = 900, isMobile = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, isMobile, hasTouch: isMobile });
  const page = await context.newPage();
  const { errors } = watchPage(page);
  await page.route(`${url}trace-demo.html*`, (route) => route.fulfill({ contentType: 'text/html', body: DEMO }));
  await page.route(`${url}trace-fixture.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(ROOT, 'tests/node/trace-fixture.js'), 'utf8') }));
  await page.goto(`${url}trace-demo.html${query}`);
  await page.waitForSelector('body[data-ready="1"]');
  return { page, context, errors };
}

const stepOf = (page) => page.evaluate(() => Number(document.querySelector('.trace-panel').dataset.step));

test('Next walks every step of a 2-3-2-1 net, forward then back, and each step states the trace\'s numbers', async () => {
  const { page, context, errors } = await openDemo('?trace=binaryTrace');
  try {
    const titles = [await page.textContent('.trace-title')];
    assert.equal(await page.textContent('.trace-counter'), 'Step 1 of 13');
    assert.equal(await page.isDisabled('.trace-prev'), true);
    while (!(await page.isDisabled('.trace-next'))) {
      await page.click('.trace-next');
      titles.push(await page.textContent('.trace-title'));
    }
    assert.deepEqual(titles, [
      'The input a(0)',
      'Forward: hidden layer 1',
      'Forward: hidden layer 2',
      'Forward: the output layer',
      'The output',
      'The loss for this input',
      'Backward: the output error',
      'Backward: delta of hidden layer 2',
      'Backward: delta of hidden layer 1',
      'Gradients of the output layer',
      'Gradients of hidden layer 2',
      'Gradients of hidden layer 1',
      'One sgd step',
    ], 'input, 3 layers, output, loss, error, 2 deltas, 3 gradients, sgd');
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events.map((e) => e.index), Array.from({ length: 13 }, (_, k) => k), 'onStep once per step');
    assert.deepEqual([...new Set(events.map((e) => e.overlay))], ['contribution', 'gradient']);
    // The output step: P(orange) is the trace's a(L), 4 significant digits, the exact value in the title.
    await page.click('.trace-progress li:nth-child(5) button');
    const shown = await page.evaluate(() => {
      const num = document.querySelector('.trace-prob .trace-num');
      return { text: num.textContent, title: num.title, p: window.trace.output.values[0], verdict: document.querySelector('.trace-verdict').textContent };
    });
    assert.equal(shown.title, String(shown.p));
    assert.equal(shown.text, String(Number(shown.p.toPrecision(4))));
    assert.match(shown.verdict, /^Predicted (orange|blue), true class orange: (right|wrong)\.$/);
    // The sgd step: the loss before and after are the trace's.
    await page.click('.trace-progress li:last-child button');
    const losses = await page.$$eval('.trace-before-after tbody tr:first-child .trace-num', (els) => els.map((e) => Number(e.title)));
    const want = await page.evaluate(() => [window.trace.loss.total, window.trace.step.loss.total]);
    assert.deepEqual(losses, want);
    await screenshot(page, 'trace-panel-sgd', { fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the arrow keys, Home and End move the step when the panel has focus; a unit row picks the unit detailed', async () => {
  const { page, context, errors } = await openDemo('?trace=multiclassTrace');
  try {
    await page.focus('.trace-panel');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await stepOf(page), 2);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await stepOf(page), 1);
    // Step 1 is hidden layer 1 (4 tanh units): the detailed unit opens on the largest |a|.
    const a = await page.evaluate(() => Array.from(window.trace.layers[0].a));
    const largest = a.reduce((best, v, k) => (Math.abs(v) > Math.abs(a[best]) ? k : best), 0);
    assert.equal(await page.getAttribute('.trace-unit[aria-pressed="true"]', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('.trace-unit[aria-pressed="true"]'), `unit ${largest + 1}`);
    const other = (largest + 1) % 4;
    await page.click(`.trace-table tbody tr:nth-child(${other + 1}) .trace-unit`);
    assert.equal(await page.textContent('.trace-unit[aria-pressed="true"]'), `unit ${other + 1}`);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), `unit ${other + 1}`, 'focus stays on the picked row');
    // Its sum: the two terms w a and the bias, and z is the trace's.
    const z = await page.$eval('.trace-sum strong .trace-num', (e) => Number(e.title));
    assert.equal(z, await page.evaluate((j) => window.trace.layers[0].z[j], other));
    assert.equal(await page.$$eval('.trace-terms li', (els) => els.length), 2);
    await page.focus('.trace-panel');
    await page.keyboard.press('End');
    assert.equal(await stepOf(page), 9, '2 layers: 3 * 2 + 4 = 10 steps');
    await page.keyboard.press('Home');
    assert.equal(await stepOf(page), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the autoplay steps to the end by itself and stops there; Play on the last step starts over', async () => {
  const { page, context, errors } = await openDemo('?trace=multiclassTrace&interval=60');
  try {
    await page.click('.trace-play');
    await page.waitForFunction(() => document.querySelector('.trace-play').textContent === 'Play');
    assert.equal(await stepOf(page), 9, 'stopped on the last of 10 steps');
    const visited = await page.evaluate(() => window.events.map((e) => e.index));
    assert.deepEqual(visited, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  // With a step a minute (no tick comes during the test): Play on the last step starts over, a
  // step by hand pauses it.
  const slow = await openDemo('?trace=multiclassTrace&interval=60000');
  try {
    const { page } = slow;
    await page.focus('.trace-panel');
    await page.keyboard.press('End');
    assert.equal(await stepOf(page), 9);
    await page.click('.trace-play');
    assert.equal(await stepOf(page), 0, 'from the end, Play starts over');
    assert.equal(await page.textContent('.trace-play'), 'Pause');
    await page.click('.trace-next');
    assert.equal(await page.textContent('.trace-play'), 'Play');
    assert.equal(await stepOf(page), 1);
    assert.deepEqual(slow.errors, []);
  } finally {
    await slow.context.close();
  }
});

test('a wide layer folds its sum after the 5 largest terms and its table after 12 units; both unfold', async () => {
  const { page, context, errors } = await openDemo('?trace=wideRegressionTrace');
  try {
    await page.click('.trace-progress li:nth-child(3) button'); // the output layer: 20 terms w a
    assert.equal(await page.$$eval('.trace-terms li', (els) => els.length), 6, '5 terms and the fold');
    assert.match(await page.textContent('.trace-terms .trace-more'), /^\+ 15 more \(together −?[\d.]+\)$/);
    const values = await page.$$eval('.trace-terms li .trace-term-value .trace-num', (els) => els.map((e) => Math.abs(Number(e.title))));
    assert.deepEqual(values, [...values].sort((x, y) => y - x), 'largest first');
    // Two-digit indices stay whole in the subscripts: w_{1,13} a_13 (to unit 1 from unit 13).
    const subs = await page.$$eval('.trace-terms li .trace-term-name sub', (els) => els.map((e) => e.textContent));
    assert.ok(subs.every((x) => /^(\d+|\d+,\d+)$/.test(x)), String(subs));
    assert.ok(subs.some((x) => /^1,1\d$/.test(x)), `a weight from a unit past 9 (${subs})`);
    await page.click('.trace-terms .trace-more');
    assert.equal(await page.$$eval('.trace-terms li', (els) => els.length), 20);
    // The loss in the course's notation: J = J_data + J_penalty.
    await page.click('.trace-progress li:nth-child(5) button');
    assert.deepEqual(await page.$$eval('.trace-formula-line:first-child sub', (els) => els.map((e) => e.textContent)), ['data', 'penalty']);
    await page.click('.trace-progress li:nth-child(2) button'); // hidden layer 1: 20 units
    const rows = await page.$$eval('.trace-table tbody tr', (els) => els.length);
    assert.ok(rows === 13 || rows > 13, `12 units and the fold, or up to the picked unit (${rows})`);
    await page.click('.trace-table .trace-more');
    assert.equal(await page.$$eval('.trace-table tbody tr', (els) => els.length), 20);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('every step of every kind of output renders from its trace: binary, multiclass, multilabel, one and two targets', async () => {
  for (const name of ['binaryTrace', 'multiclassTrace', 'multilabelTrace', 'wideRegressionTrace', 'twoTargetTrace']) {
    const { page, context, errors } = await openDemo(`?trace=${name}&net=1`);
    try {
      const { count, layers } = await page.evaluate(() => ({ count: window.panel.count, layers: window.trace.layers.length }));
      assert.equal(count, 3 * layers + 4);
      for (let i = 0; i < count; i += 1) {
        await page.evaluate((k) => window.panel.step(k), i);
        const body = await page.$eval('.trace-body', (e) => ({ text: e.textContent, nums: e.querySelectorAll('.trace-num').length }));
        assert.ok(body.nums > 0, `${name} step ${i} shows numbers`);
        assert.doesNotMatch(body.text, /NaN|undefined|\[object/, `${name} step ${i}`);
      }
      // The output step states each output's value as the trace has it.
      await page.evaluate(() => window.panel.step(window.trace.layers.length + 1));
      const shown = await page.$$eval('.trace-body .trace-prob > .trace-num, .trace-body .trace-regression strong .trace-num', (els) => els.map((e) => Number(e.title)));
      assert.deepEqual(shown, await page.evaluate(() => Array.from(window.trace.output.values)));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('at phone width every step fits: only a formula box or a table scrolls sideways', async () => {
  for (const name of ['binaryTrace', 'wideRegressionTrace']) {
    const { page, context, errors } = await openDemo(`?trace=${name}`, { width: 360, height: 740, isMobile: true });
    try {
      const count = await page.evaluate(() => window.panel.count);
      for (let i = 0; i < count; i += 1) {
        await page.evaluate((k) => window.panel.step(k), i);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(wide, 0, `${name} step ${i} scrolls the page sideways by ${wide} px`);
      }
      await page.evaluate(() => window.panel.step(2));
      await screenshot(page, `trace-panel-phone-${name}`, { fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
