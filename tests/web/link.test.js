// Links and exports: a copied link reproduces every control and the run; a
// damaged link is reported and the page still trains; embed mode shows and
// locks what it is told; the Python export says what the page does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  assertClean,
  barState,
  checkbox,
  controlValues,
  field,
  menuItem,
  pointCounts,
  select,
  stat,
  stepTo,
  typeInto,
  waitBar,
  waitReady,
} from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

const EPOCHS = 8;

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The numbers of the training bar, as shown. */
async function shownNumbers(page) {
  const out = {};
  for (const name of ['epoch', 'train-loss', 'test-loss', 'train-score', 'test-score']) out[name] = await stat(page, name);
  return out;
}

test('a copied link restores every control and reproduces the run (same loss after N epochs)', async () => {
  const a = await openPage(env);
  let b = null;
  try {
    const { page } = a;
    const origin = new URL(env.base).origin;
    await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await waitReady(page);

    // Data: n_samples, noise, the data seed, StandardScaler, a derived feature, the test points shown.
    await typeInto(page, 'n_samples', '240');
    await typeInto(page, 'noise', '0.3');
    await typeInto(page, 'data_random_state', '7');
    await checkbox(page, 'standardize').check();
    await page.locator('[data-control="derived"] input[value="x2"]').check();
    await checkbox(page, 'showTest').check();
    // Architecture: one more layer, 12 neurons in the first; tanh.
    await page.locator('.layers-editor button', { hasText: '+ Layer' }).click();
    const firstLayer = page.locator('.layers-editor .layer-units').first();
    await firstLayer.fill('12');
    await firstLayer.press('Enter');
    await select(page, 'activation').selectOption('tanh');
    // Solver knobs: sgd with an adaptive rate, momentum without Nesterov, a batch size; alpha; the weights' seed.
    await select(page, 'solver').selectOption('sgd');
    await select(page, 'learning_rate').selectOption('adaptive');
    await typeInto(page, 'learning_rate_init', '0.05');
    await typeInto(page, 'momentum', '0.8');
    await checkbox(page, 'nesterovs_momentum').uncheck();
    await typeInto(page, 'batch_size', '32');
    await typeInto(page, 'alpha', '0.003');
    await typeInto(page, 'random_state', '42');
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 0, 'a control shows an error');
    assert.equal(await page.locator('.layers-editor .layers-summary').textContent(), '(12, 8, 8)');

    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await page.locator('.toast:not([hidden])', { hasText: 'Link copied' }).waitFor({ timeout: 10_000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(link);
    assert.equal(`${url.origin}${url.pathname}`, env.base, 'the link points somewhere else');
    const expected = {
      v: '2', n: '240', nz: '0.3', ds: '7', sc: '1', fx: 'x2', h: '12_8_8', act: 'tanh', sol: 'sgd', bs: '32',
      lr: 'adaptive', lri: '0.05', mo: '0.8', nm: '0', a: '0.003', rs: '42', st: '1',
    };
    assert.deepEqual(Object.fromEntries(url.searchParams), expected);

    b = await openPage(env, url.search);
    await waitReady(b.page);
    assert.equal(b.page.url(), link, 'the new page rewrote the link');
    const valuesA = await controlValues(page);
    const valuesB = await controlValues(b.page);
    assert.ok(Object.keys(valuesA).length >= 35, `only ${Object.keys(valuesA).length} controls found`);
    assert.deepEqual(valuesB, valuesA);
    assert.equal(await b.page.locator('.banner').count(), 0);

    // The same run: step both pages EPOCHS epochs and compare what they show.
    await stepTo(page, EPOCHS);
    await stepTo(b.page, EPOCHS);
    const numbersA = await shownNumbers(page);
    const numbersB = await shownNumbers(b.page);
    assert.equal(numbersA.epoch, String(EPOCHS));
    assert.match(numbersA['train-loss'], /^\d/, `train loss reads ${numbersA['train-loss']}`);
    assert.deepEqual(numbersB, numbersA);
    console.log(`# after ${EPOCHS} epochs both pages show train loss ${numbersA['train-loss']}, test loss ${numbersA['test-loss']}`);
    assertClean(a, 'the first page');
    assertClean(b, 'the page opened from the link');
  } finally {
    await a.context.close();
    await b?.context.close();
  }
});

test('a damaged link shows what it ignored, loads the rest and still trains', async () => {
  const p = await openPage(env, '?v=1&h=abc&act=banana&zz=1&nz=0.35&n=250');
  try {
    const { page } = p;
    const banner = page.locator('.banner.warning');
    await banner.waitFor();
    assert.match(await banner.locator('strong').textContent(), /Parts of this link could not be used/);
    const items = await banner.locator('li').allTextContents();
    assert.equal(items.length, 3, items.join(' | '));
    assert.match(items.find((t) => t.includes('h=abc')) ?? '', /hidden_layer_sizes must be/);
    assert.match(items.find((t) => t.includes('act=banana')) ?? '', /activation must be one of/);
    assert.match(items.find((t) => t.includes('zz=1')) ?? '', /unknown parameter/);
    // The readable parts are loaded, the damaged ones keep their defaults.
    assert.equal(await field(page, 'noise').inputValue(), '0.35');
    assert.equal(await field(page, 'n_samples').inputValue(), '250');
    assert.equal(await select(page, 'activation').inputValue(), 'relu');
    assert.equal(await page.locator('.layers-editor .layers-summary').textContent(), '(8, 8)');
    // The address shows the link as the page reads it: the current format, the damaged parts gone.
    await page.waitForFunction(() => window.location.search === '?v=2&n=250&nz=0.35');

    await waitReady(page);
    await page.locator('.btn.play').click();
    const { epoch } = await waitBar(page, 's.scoredEpoch >= 10 || s.state === "finished"');
    assert.ok(epoch >= 10, `trained only ${epoch} epochs`);
    assert.match(await stat(page, 'test-score'), /%$/);
    // The message can be dismissed.
    await banner.locator('button[aria-label="Dismiss this message"]').click();
    assert.equal(await page.locator('.banner').count(), 0);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the embed code is an iframe whose src reproduces the configuration', async () => {
  const p = await openPage(env, '?v=1&act=tanh&nz=0.25&h=6');
  let e = null;
  try {
    const { page } = p;
    await waitReady(page);
    await menuItem(page, 'Share', 'Copy embed code');
    const dialog = page.locator('dialog.embed-dialog[open]');
    await dialog.waitFor();
    await dialog.locator('input[aria-label="Lock noise"]').check();
    const code = await dialog.locator('textarea.code-box').inputValue();
    const m = /^<iframe src="([^"]+)" width="\d+" height="\d+" title="[^"]+"[^>]*><\/iframe>$/.exec(code);
    assert.ok(m, `not an iframe: ${code}`);
    const src = new URL(m[1].replace(/&amp;/g, '&'));
    assert.equal(`${src.origin}${src.pathname}`, env.base);
    assert.deepEqual(Object.fromEntries(src.searchParams), {
      v: '2', nz: '0.25', h: '6', act: 'tanh', embed: '1',
      show: 'generator,noise,hidden_layer_sizes,activation,learning_rate_init', lock: 'noise',
    });

    // The iframe's page: the plot, the training bar and the chosen controls, noise locked.
    e = await openPage(env, src.search, { width: 720, height: 560 });
    const ep = e.page;
    await waitReady(ep);
    assert.ok(await ep.evaluate(() => document.documentElement.classList.contains('embed')));
    for (const gone of ['.site-header', '.hyper-panel', '.data-panel', '.network-panel', '.site-footer']) {
      assert.equal(await ep.locator(gone).count(), 0, `${gone} is shown in embed mode`);
    }
    for (const id of ['generator', 'noise', 'hidden_layer_sizes', 'activation', 'learning_rate_init']) {
      assert.ok(await ep.locator(`.embed-controls [data-control="${id}"]`).isVisible(), `${id} is not shown`);
    }
    for (const id of ['alpha', 'solver', 'n_samples', 'edit']) {
      assert.equal(await ep.locator(`[data-control="${id}"]`).count(), 0, `${id} is shown`);
    }
    assert.equal(await select(ep, 'activation').inputValue(), 'tanh');
    assert.equal(await field(ep, 'noise').inputValue(), '0.25');
    assert.equal(await ep.locator('.layers-editor .layer-units').first().inputValue(), '6');
    assert.ok(await field(ep, 'noise').isDisabled(), 'noise is not locked');
    assert.ok(await select(ep, 'activation').isEnabled());
    const open = new URL(await ep.locator('a.embed-open').getAttribute('href'));
    assert.equal(open.search, '?v=2&nz=0.25&h=6&act=tanh', 'the "Open in MLP Playground" link');
    await ep.locator('.btn.play').click();
    await waitBar(ep, 's.scoredEpoch >= 5 || s.state === "finished"');
    await screenshot(ep, 'embed');
    assertClean(p);
    assertClean(e, 'the embedded page');
  } finally {
    await p.context.close();
    await e?.context.close();
  }
});

test('embed mode hides and locks what the link says (play, edits and a control locked)', async () => {
  const p = await openPage(env, '?v=1&embed=1&show=activation,alpha,edit&lock=activation,play,step,edit', { width: 720, height: 560 });
  try {
    const { page } = p;
    await waitReady(page);
    for (const id of ['activation', 'alpha', 'edit']) assert.ok(await page.locator(`[data-control="${id}"]`).isVisible(), `${id} hidden`);
    for (const id of ['generator', 'noise', 'hidden_layer_sizes', 'learning_rate_init']) {
      assert.equal(await page.locator(`[data-control="${id}"]`).count(), 0, `${id} is shown`);
    }
    assert.ok(await page.locator('.btn.play').isDisabled(), 'play is not locked');
    assert.ok(await page.locator('.training-bar button', { hasText: /^Step$/ }).isDisabled(), 'step is not locked');
    assert.ok(await page.locator('.training-bar button', { hasText: /^Reset$/ }).isEnabled());
    assert.ok(await select(page, 'activation').isDisabled(), 'activation is not locked');
    assert.ok(await field(page, 'alpha').isEnabled());
    const editInputs = page.locator('[data-control="edit"] input, [data-control="edit"] button');
    assert.ok((await editInputs.count()) >= 4);
    for (const input of await editInputs.all()) assert.ok(await input.isDisabled(), 'a point-edit control is not locked');

    // Neither the Space shortcut nor a click on the plot does anything.
    const before = await pointCounts(page);
    await page.keyboard.press('Space');
    const box = await page.locator('.boundary-canvas').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // An unlocked control still works: alpha is applied (the link follows it).
    await typeInto(page, 'alpha', '0.5');
    await page.waitForFunction(() => window.location.search.includes('a=0.5'));
    assert.equal((await barState(page)).state, 'paused');
    assert.equal((await barState(page)).epoch, 0);
    assert.deepEqual(await pointCounts(page), before);
    assert.ok(!page.url().includes('pa='), 'a point was added');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the Python export matches the configuration', async () => {
  const p = await openPage(env, '?v=1&n=400&nz=0.3&ds=11&h=16_8&act=tanh&sol=sgd&mo=0.8&lr=adaptive&rs=5');
  try {
    const { page } = p;
    await waitReady(page);
    await typeInto(page, 'alpha', '0.02'); // one change made on the page, after the link
    await menuItem(page, 'Export', 'Python code');
    const dialog = page.locator('dialog.python-dialog[open]');
    await dialog.waitFor();
    const text = await dialog.locator('pre code').textContent();
    const lines = text.split('\n');
    assert.ok(lines.includes('from sklearn.datasets import make_moons'), text);
    assert.ok(lines.includes('from sklearn.neural_network import MLPClassifier'), text);
    assert.ok(lines.includes('X, y = make_moons(n_samples=400, noise=0.3, random_state=11)'), text);
    assert.ok(lines.includes('X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=11)'), text);
    // The estimator: exactly the parameters that differ from scikit-learn's defaults.
    const m = /^model = MLPClassifier\(\n([\s\S]*?)\n\)$/m.exec(text);
    assert.ok(m, `no estimator in:\n${text}`);
    const args = Object.fromEntries(m[1].split('\n').map((l) => {
      const a = /^ {4}(\w+)=(.*?),(\s+#.*)?$/.exec(l);
      assert.ok(a, `cannot read the argument line "${l}"`);
      return [a[1], a[2]];
    }));
    assert.deepEqual(args, {
      hidden_layer_sizes: '(16, 8)',
      activation: "'tanh'",
      solver: "'sgd'",
      alpha: '0.02',
      learning_rate: "'adaptive'",
      learning_rate_init: '0.01',
      max_iter: '1000',
      random_state: '5',
      momentum: '0.8',
    });
    assert.ok(lines.includes('model.fit(X_train, y_train)'), text);
    assert.ok(lines.includes('print("train accuracy:", model.score(X_train, y_train))'), text);
    assert.ok(lines.includes('print("test accuracy:", model.score(X_test, y_test))'), text);
    // The link quoted at the top is this configuration's link.
    const link = new URL(lines[1].replace(/^# /, ''));
    assert.equal(link.searchParams.get('a'), '0.02');
    assert.equal(link.searchParams.get('h'), '16_8');
    await screenshot(page, 'python-export', { fullPage: false }); // a modal: the window as seen
    await dialog.locator('button[aria-label="Close"]').click();
    await page.locator('dialog.python-dialog[open]').waitFor({ state: 'detached' });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
