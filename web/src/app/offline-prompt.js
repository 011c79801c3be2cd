// Offline use: the service worker (built pages only; the dev server has no sw.js) is registered
// once the page has opened: the engine has loaded (or failed to) and the first model is shown
// (or the page gave up waiting for it), and then in an idle moment. Its install downloads and
// stores the page, the engine and the bundled data (1.5 MB) on threads of its own; begun while
// the page was still being built, that competed for the cores with it and doubled the length of
// the page's tasks on a 2-core machine. A new version of the page is offered in a banner with Reload.
import { registerOffline } from '../offline/register.js';

/** How long after the engine is ready registration waits for the first model at most (ms). */
export const SHOWN_WAIT_MS = 30_000;

/** Calls fn when the page is idle (at most timeout ms later): requestIdleCallback where there is one. */
export function whenIdle(fn, timeout = 2000) {
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(() => fn(), { timeout });
  else setTimeout(fn, 200);
}

/**
 * registerOfflineWhenReady({ client, banner, enabled, register, idle, wait }): enabled is false in
 * the dev server. Returns { shown() }: main.js calls it when a model is shown.
 */
export function registerOfflineWhenReady({ client, banner, enabled, register = registerOffline, idle = whenIdle, wait = setTimeout }) {
  let asked = !enabled;
  let engineDone = false;
  let shown = false;
  const now = () => {
    if (asked) return;
    asked = true;
    idle(() => register({
      onUpdate: (apply) => banner.show('A new version of the playground is ready.',
        ['Reload to use it: the settings are in the link and come back (a CSV file must be loaded again).'],
        { kind: 'info', id: 'update', action: { label: 'Reload', onClick: apply } }),
    }));
  };
  const maybe = () => engineDone && shown && now();
  client.on('ready', () => {
    engineDone = true;
    maybe();
    wait(now, SHOWN_WAIT_MS); // data that takes long to load, or settings that give no model: not forever
  });
  // An engine that cannot load shows no model: the page is still worth keeping for offline use.
  client.on('error', (e) => (e.request === 'init' || e.request === 'worker') && now());
  return {
    shown() {
      shown = true;
      maybe();
    },
  };
}
