#!/usr/bin/env node
// A tiny dependency-free static file server for the playground page.
//
//   node scripts/serve.js [DIR]      serves DIR (default: web/dist, the built page) on http://127.0.0.1:8080
//   PORT=0 node scripts/serve.js     any free port (the URL printed says which)
//
// Also usable from tests: const { startServer } = require('./scripts/serve.js');
//   const { server, url } = await startServer({ root, port: 0 });  ...  server.close();
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

const HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The largest request head accepted (the page's own links carry point edits in the query). */
const MAX_HEADER_BYTES = 256 * 1024;

function createServer(root) {
  const base = path.resolve(root);
  return http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed\n');
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'Bad Request\n');
    }
    let file = path.join(base, rel);
    if (rel.includes('\0') || (file !== base && !file.startsWith(base + path.sep))) return send(403, 'Forbidden\n');
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!rel.endsWith('/')) {
          // A relative redirect to the folder's own name ("./dist/?query"): it cannot leave the
          // site, whatever the path holds (a decoded "//host/..." would, as an absolute Location).
          const { search } = new URL(req.url, 'http://x');
          res.writeHead(301, { Location: `./${encodeURIComponent(path.basename(file))}/${search}` });
          return res.end();
        }
        file = path.join(file, 'index.html');
        try {
          st = fs.statSync(file);
        } catch (e) {
          err = e;
        }
      }
      if (err || !st.isFile()) return send(404, 'Not Found\n');
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
}

function startServer({ root, port = DEFAULT_PORT, host = HOST } = {}) {
  return new Promise((resolve, reject) => {
    const server = createServer(root);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ server, url: `http://${host}:${server.address().port}/` });
    });
  });
}

module.exports = { createServer, startServer };

if (require.main === module) {
  const root = path.resolve(__dirname, '..', process.argv[2] || 'web/dist');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    console.log(`The playground page is not built yet (${path.relative(process.cwd(), root) || root}/ does not exist).`);
    console.log('Build it with `npm run build:web` (or `npm start`, which builds and serves it).');
    process.exit(0);
  }
  const port = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
  startServer({ root, port }).then(
    ({ server, url }) => {
      console.log(`Serving ${path.relative(process.cwd(), root) || '.'}/ at ${url}  (Ctrl+C to stop)`);
      const stop = () => {
        server.closeAllConnections();
        server.close(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      const hint = err.code === 'EADDRINUSE' ? ` (port ${port} is in use; try PORT=8081 npm start)` : '';
      console.error(`serve: cannot listen on ${HOST}:${port}: ${err.message}${hint}`);
      process.exit(1);
    },
  );
}
