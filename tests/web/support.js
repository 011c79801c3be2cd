// Shared set-up of the browser tests: the built page (web/dist) served on
// 127.0.0.1, Debian's Chromium driven by playwright-core, and a page that
// records console errors and uncaught exceptions.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { startServer } = require('../../scripts/serve.js');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'web', 'dist');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Debian's Chromium, headless (CHROMIUM_PATH names another): scripts/chromium.js. */
export const { launchChromium } = require('../../scripts/chromium.js');

/** Serves web/dist (in a sub-path, as a static host might) and launches Chromium. */
export async function startBrowser() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('web/dist is not built: run npm run build:web');
  // The page must work from a sub-path: serve the repository's web/ so that the site is at /dist/.
  const { server, url } = await startServer({ root: path.join(ROOT, 'web'), port: 0 });
  const browser = await launchChromium();
  return {
    browser,
    base: `${url}dist/`,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A new page (own context: own clipboard permission) that records console errors and page errors.
 * init: a script (function or source) run in the page before its own scripts (context.addInitScript).
 */
export async function openPage(env, query = '', { width = 1440, height = 900, isMobile = false, hasTouch = false, init } = {}) {
  const context = await env.browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile,
    hasTouch,
  });
  for (const script of [init ?? []].flat()) await context.addInitScript(script); // one function or several
  const page = await context.newPage();
  const { errors, requests } = watchPage(page);
  await page.goto(env.base + query, { waitUntil: 'load' });
  return { page, context, errors, requests };
}

/** Records a page's console errors and uncaught exceptions (its frames' too) and the URLs it requests. */
export function watchPage(page) {
  const errors = [];
  const requests = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  return { errors, requests };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
