// The headless Chromium that the Chromium tests, the browser benchmarks and the tools drive:
// Debian's (/usr/bin/chromium; CHROMIUM_PATH, or the benchmarks' CHROMIUM, names another),
// through playwright-core.
//   const { launchChromium } = require('./scripts/chromium.js');  const browser = await launchChromium();
'use strict';

const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 156 headless loads its address bar's popups (chrome://omnibox-popup.top-chrome/, a
  // WebUI page and its AI-mode twin) in a renderer of their own for each new window: 0.9-1.4 s of
  // CPU, right while the page under test opens, in every new context. Nothing a test looks at.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/** Launches headless Chromium with CHROMIUM_ARGS. */
function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { CHROMIUM_ARGS, launchChromium };
