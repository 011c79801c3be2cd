// The training worker (a classic worker: the Emscripten factory is loaded with
// importScripts). The page sends { type: 'init', runId, moduleUrl? } first;
// moduleUrl defaults to mlp.js next to this script, and mlp.wasm is looked up
// beside mlp.js.
import { networkError } from '../data/network.js';
import { createWorkerHost } from './worker-host.js';

/**
 * Why an engine file did not load, found by asking for it again: no answer is a network
 * problem (networkError), an answer that is not ok names its HTTP status; else the original error.
 */
async function explainLoadFailure(url, error) {
  const file = new URL(url).pathname.split('/').slice(-2).join('/'); // engine/mlp.js
  let response;
  try {
    response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
  } catch {
    return networkError(`the engine (${file})`, url, error);
  }
  return response.ok ? error : new Error(`could not load the engine (${file}) from ${url}: HTTP ${response.status}`);
}

const host = createWorkerHost({
  async createModule({ moduleUrl = 'mlp.js' }) {
    const url = new URL(moduleUrl, self.location.href).href;
    let wasmUrl = url.replace(/\.js$/, '.wasm');
    try {
      self.importScripts(url);
      return await self.createMlpModule({
        locateFile: (file) => {
          wasmUrl = new URL(file, url).href;
          return wasmUrl;
        },
      });
    } catch (e) {
      throw await explainLoadFailure(self.createMlpModule ? wasmUrl : url, e);
    }
  },
  post: (message, transfer) => self.postMessage(message, transfer),
  // A MessageChannel yields to pending messages without setTimeout's clamping to 4 ms.
  defer: (() => {
    const channel = new MessageChannel();
    const queue = [];
    channel.port1.onmessage = () => queue.shift()();
    return (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    };
  })(),
});

self.onmessage = (event) => host.handle(event.data);
