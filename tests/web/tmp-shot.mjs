import { openPage, screenshot, startBrowser } from './support.js';
import { stepTo, waitReady } from './helpers.js';
const env = await startBrowser();
try {
  for (const [name, q, steps] of [['digits', '?v=1&g=digits&h=50&sol=sgd&lri=0.1&tf=0.3&rs=1&mi=10', 10]]) {
    const p = await openPage(env, q);
    const { page } = p;
    await waitReady(page);
    await stepTo(page, steps);
    await page.waitForTimeout(1500);
    console.log(name, await page.evaluate(() => ({
      heading: document.querySelector('.testset-view')?.textContent.slice(0, 120),
      total: document.querySelector('[data-testid=confusion]')?.dataset.total,
      tiles: document.querySelector('.weights-canvas')?.dataset.tiles,
      bar: document.querySelector('.training-bar')?.textContent.slice(0, 200),
      url: location.search,
    })));
    console.log(p.errors);
    await screenshot(page, `tmp-${name}`);
    await p.context.close();
  }
} finally { await env.close(); }
