// The service worker: keeps the page, its assets, the engine and the bundled data in
// Cache Storage, so that after one visit the page loads and works with no network.
// A classic script (not a module: module service workers are not in every browser)
// that Vite does not bundle: the build (offlinePlugin in web/vite.config.js) writes
// it to dist/sw.js with PRECACHE filled in: { version, files }, the files relative to
// this script (so the folder may be copied to any sub-path) and version a hash of
// their names and contents. A new build is a new sw.js: the browser installs it
// beside the old one, and the page offers to reload into it (offline/register.js).
//
// Requests: a navigation to the page's folder (or its index.html), with any query or
// hash (share, embed and lesson links), gets the cached page; a precached file is
// served from the cache (the network if the cache lost it); Fashion-MNIST's files
// (data/fashion-mnist/, 64 MB: never precached) are cached when first fetched, in a data
// cache of their own that survives new versions of the page (see fashionData below);
// anything else goes to the network untouched.
'use strict';

/** This file's global scope: a service worker's. */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const PRECACHE = /* PRECACHE */ { version: 'dev', files: [] };

// The scope is part of the cache's name: two copies of the page in two folders of one
// site keep their own caches, and each deletes only its own old ones.
const SCOPE = sw.registration.scope;
const PREFIX = `mlp-playground ${SCOPE} `;
const CACHE = PREFIX + PRECACHE.version;
const PAGE = new URL('./', SCOPE).href;
const INDEX = new URL('index.html', SCOPE).href;
const PRECACHED = new Set(PRECACHE.files.map((f) => new URL(f, SCOPE).href));
/** Fashion-MNIST's folder, and the cache that keeps what was fetched of it (not named by version). */
const FASHION = new URL('data/fashion-mnist/', SCOPE).href;
const DATA_CACHE = `mlp-playground-data ${SCOPE}`;

/**
 * Fetches one file past the HTTP cache and stores it. A host that redirected (index.html to
 * its folder) gives a response that may not answer a navigation: stored as a plain copy.
 */
async function store(cache, url) {
  const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const clean = response.redirected
    ? new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers })
    : response;
  await cache.put(url, clean);
}

sw.addEventListener('install', (event) => {
  // Every file or none: a failed download fails the install, and the old version stays.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all([PAGE, ...PRECACHED].map((url) => store(cache, url)))));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    // The first visit's page is taken over at once, so that what it fetches later (a
    // bundled dataset) is cached too. An update only activates when the page asks.
    await sw.clients.claim();
  })());
});

// The page's "Reload to update" button: the waiting version takes over.
sw.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') sw.skipWaiting();
});

/** The cached response for a URL, else the network's. */
async function cachedOrNetwork(request, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit ?? fetch(request);
}

/**
 * Fashion-MNIST's files. The manifest: the network first (it names the data's version, as the
 * query ?v= of the data files' URLs), the cache when offline. A data file: the cache first
 * (its URL carries the version), else the network's answer, stored, and older versions of
 * the same file deleted. Caching a stream does not slow the page's reading of it: the
 * response is teed, one branch to the page, one to the cache.
 */
async function fashionData(request, url) {
  const cache = await caches.open(DATA_CACHE);
  const bare = url.origin + url.pathname;
  if (url.pathname.endsWith('/manifest.json')) {
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(bare, response.clone());
      return response;
    } catch (e) {
      const hit = await cache.match(bare);
      if (hit) return hit;
      throw e;
    }
  }
  const hit = await cache.match(request.url);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.status === 200) {
    const old = await cache.keys();
    await Promise.all(old.filter((r) => r.url !== request.url && r.url.split('?')[0] === bare).map((r) => cache.delete(r)));
    cache.put(request.url, response.clone()).catch(() => {}); // a full disk: the page still gets its data
  }
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname; // without the query and the hash
  if (request.mode === 'navigate' && (bare === PAGE || bare === INDEX)) {
    event.respondWith(cachedOrNetwork(request, PAGE));
  } else if (PRECACHED.has(bare) && !url.search) {
    event.respondWith(cachedOrNetwork(request, bare));
  } else if (bare.startsWith(FASHION)) {
    event.respondWith(fashionData(request, url));
  }
});
