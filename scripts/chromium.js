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
];

// Chromium 156 headless loads its address bar's popups (chrome://omnibox-popup.top-chrome/, a
// WebUI page and its AI-mode twin) in a renderer of their own for each new window: 0.9-1.4 s of
// CPU, right while the page under test opens, in every new context. Nothing a test looks at.
// Chromium keeps only the last --disable-features it is given (checked: with this flag before
// another one, the popups are back), so this one replaces playwright-core's own list.
// CHROMIUM_DEFAULT_FEATURES=1 leaves it out, to measure with playwright-core's flags.
const WITHOUT_POPUPS = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup';

/** Launches headless Chromium with CHROMIUM_ARGS (and WITHOUT_POPUPS, unless told not to). */
function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
  const args = process.env.CHROMIUM_DEFAULT_FEATURES === '1' ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, WITHOUT_POPUPS];
  return chromium.launch({ executablePath, headless: true, args });
}

module.exports = { launchChromium };
