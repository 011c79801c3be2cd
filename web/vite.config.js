// Vite builds the page into web/dist: a self-contained folder for any static
// host, in any sub-path (base './'), that works offline. The engine
// (build/wasm/mlp.js + mlp.wasm, built by npm run build:wasm) is copied to
// dist/engine/; the page hands the worker its absolute URL. Then offlinePlugin
// writes dist/sw.js, the service worker that caches all of it (src/offline/).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, transformWithEsbuild } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(here, '..', 'build', 'wasm');
const ENGINE_FILES = ['mlp.js', 'mlp.wasm'];
/** Fashion-MNIST's assets (scripts/fashion-mnist-assets.js writes them; not in git) and their folder in dist. */
const FASHION_SRC = path.resolve(here, '..', 'build', 'fashion-mnist');
export const FASHION_DIR = 'data/fashion-mnist';

/** Copies the engine into dist/engine (build) and serves it at /engine/ (dev server). */
function engineFiles() {
  let outDir = path.resolve(here, 'dist');
  return {
    name: 'mlp-engine-files',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      const missing = ENGINE_FILES.filter((f) => !fs.existsSync(path.join(wasmDir, f)));
      if (missing.length) {
        this.warn(`build/wasm/${missing.join(', ')} missing: run npm run build:wasm (the page will not train without it)`);
      }
    },
    async closeBundle() {
      const dest = path.join(outDir, 'engine');
      fs.mkdirSync(dest, { recursive: true });
      for (const f of ENGINE_FILES) {
        const src = path.join(wasmDir, f);
        if (!fs.existsSync(src)) continue;
        if (f.endsWith('.js')) {
          // Emscripten's glue, minified (esbuild comes with Vite; top-level names such as
          // createMlpModule are kept): 17.7 KB gzipped becomes 13.5 KB.
          const { code } = await transformWithEsbuild(fs.readFileSync(src, 'utf8'), f, { minify: true, target: 'es2020', format: undefined });
          fs.writeFileSync(path.join(dest, f), code);
        } else {
          fs.copyFileSync(src, path.join(dest, f));
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/engine\/(mlp\.(?:js|wasm))(?:\?.*)?$/.exec(req.url ?? '');
        const file = m && path.join(wasmDir, m[1]);
        if (!file || !fs.existsSync(file)) return next();
        res.setHeader('Content-Type', m[1].endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        fs.createReadStream(file).pipe(res);
        return undefined;
      });
    },
  };
}

/**
 * Links (or copies) build/fashion-mnist/* into dist/data/fashion-mnist/ (build) and serves them
 * there (dev server). 64 MB: fetched only when chosen, never precached (see offlinePlugin).
 */
function fashionFiles() {
  let outDir = path.resolve(here, 'dist');
  return {
    name: 'mlp-fashion-mnist-files',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      if (!fs.existsSync(path.join(FASHION_SRC, 'manifest.json'))) {
        this.warn('build/fashion-mnist/ missing: run node scripts/fashion-mnist-assets.js (npm run build:web does)');
      }
    },
    closeBundle() {
      if (!fs.existsSync(FASHION_SRC)) return;
      const dest = path.join(outDir, FASHION_DIR);
      fs.mkdirSync(dest, { recursive: true });
      for (const f of fs.readdirSync(FASHION_SRC)) {
        const to = path.join(dest, f);
        fs.rmSync(to, { force: true });
        try {
          fs.linkSync(path.join(FASHION_SRC, f), to); // a hard link: no 64 MB copy on every build
        } catch {
          fs.copyFileSync(path.join(FASHION_SRC, f), to);
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/data\/fashion-mnist\/([\w.-]+)(?:\?.*)?$/.exec(req.url ?? '');
        const file = m && path.join(FASHION_SRC, m[1]);
        if (!file || !fs.existsSync(file)) return next();
        res.setHeader('Content-Type', m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.setHeader('Content-Length', String(fs.statSync(file).size));
        fs.createReadStream(file).pipe(res);
        return undefined;
      });
    },
  };
}

/** Every file under dir, as paths relative to it with '/' separators, sorted. */
function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

/**
 * Writes dist/sw.js: src/offline/service-worker.js with its PRECACHE list filled in, every
 * file of dist but the page itself (cached under its folder's URL) and sw.js, and as the
 * cache's version the first 16 hex digits of a SHA-256 of their names and contents, so
 * that any change to the build is a new version and an unchanged build is the same one.
 * Runs after the other plugins' closeBundle (the engine files are copied there). Fashion-MNIST's
 * files (FASHION_DIR) are neither precached nor hashed: the service worker caches them when
 * first fetched, in a data cache of its own (src/offline/service-worker.js).
 */
export function offlinePlugin() {
  let outDir = path.resolve(here, 'dist');
  const source = path.join(here, 'src', 'offline', 'service-worker.js');
  const MARK = "/* PRECACHE */ { version: 'dev', files: [] }";
  return {
    name: 'mlp-offline-precache',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const files = listFiles(outDir).filter((f) => f !== 'sw.js' && f !== 'index.html' && !f.startsWith(`${FASHION_DIR}/`));
        const hash = crypto.createHash('sha256');
        for (const f of ['index.html', ...files]) hash.update(`${f}\0`).update(fs.readFileSync(path.join(outDir, f)));
        const text = fs.readFileSync(source, 'utf8');
        if (!text.includes(MARK)) throw new Error(`${source} has lost its PRECACHE mark: ${MARK}`);
        const manifest = { version: hash.digest('hex').slice(0, 16), files };
        fs.writeFileSync(path.join(outDir, 'sw.js'), text.replace(MARK, JSON.stringify(manifest)));
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: 'public',
  plugins: [engineFiles(), fashionFiles(), offlinePlugin()],
  worker: { format: 'iife' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 8080 },
});
