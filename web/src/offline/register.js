// The page's side of offline use: registers the service worker (dist/sw.js, written
// by the build from service-worker.js) and offers the new version when a new build
// has been installed beside the running one.
//
// Updates: the browser looks for a new sw.js at every load of the page (past the HTTP
// cache: updateViaCache 'none'). A new build installs in the background; while this
// page runs on the old one, the new one waits, and the page says so with a button that
// reloads into it (the link keeps the settings). Once every tab of the page is closed,
// the next load gets the new version without asking.

/**
 * Whether a service worker may be registered here: the browser has them, the page is in a
 * secure context (https, or http on localhost / 127.0.0.1) and was loaded over http(s).
 */
export function offlineAllowed(win = globalThis) {
  const protocol = win.location?.protocol;
  return Boolean(win.navigator?.serviceWorker) && Boolean(win.isSecureContext) && (protocol === 'https:' || protocol === 'http:');
}

/**
 * Registers sw.js (beside the page, its folder as the scope: the page works in any
 * sub-path). onUpdate(apply) is called when a new version waits; apply() hands over to it
 * and reloads. Resolves to the registration, or null where service workers are not
 * allowed or registration failed (the page works as before, online only).
 * @param {{ baseUrl?: string, onUpdate?: (apply: () => void) => void }} [options]
 */
export async function registerOffline({ baseUrl = document.baseURI, onUpdate = () => {} } = {}) {
  if (!offlineAllowed()) return null;
  const sw = navigator.serviceWorker;
  let registration;
  try {
    registration = await sw.register(new URL('sw.js', baseUrl).href, { scope: new URL('./', baseUrl).href, updateViaCache: 'none' });
  } catch (e) {
    console.warn(`offline use is not available: ${e?.message ?? e}`);
    return null;
  }
  if (!registration) return null; // a browser that blocks service workers may answer nothing
  // Controlled by an older version when a new one waits: offer it (never on the first visit).
  const offer = (worker) => {
    if (!worker || !sw.controller) return;
    onUpdate(() => {
      sw.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      worker.postMessage({ type: 'skip-waiting' });
    });
  };
  offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker);
    });
  });
  return registration;
}
