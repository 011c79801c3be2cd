// Offline use: the service worker (built pages only; the dev server has no sw.js) is registered
// once the engine has loaded (or failed to), so that its downloads do not slow the first visit's;
// a new version of the page is offered in a banner with Reload.
import { registerOffline } from '../offline/register.js';

/** registerOfflineWhenReady({ client, banner, enabled, register }): enabled is false in the dev server. */
export function registerOfflineWhenReady({ client, banner, enabled, register = registerOffline }) {
  let asked = !enabled;
  const once = () => {
    if (asked) return;
    asked = true;
    register({
      onUpdate: (apply) => banner.show('A new version of the playground is ready.',
        ['Reload to use it: the settings are in the link and come back (a CSV file must be loaded again).'],
        { kind: 'info', id: 'update', action: { label: 'Reload', onClick: apply } }),
    });
  };
  client.on('ready', once);
  client.on('error', (e) => (e.request === 'init' || e.request === 'worker') && once());
}
