// The training worker (a classic worker: the Emscripten factory is loaded with
// importScripts). The page sends { type: 'init', runId, moduleUrl? } first;
// moduleUrl defaults to mlp.js next to this script, and mlp.wasm is looked up
// beside mlp.js.
import { createWorkerHost } from './worker-host.js';

const host = createWorkerHost({
  createModule({ moduleUrl = 'mlp.js' }) {
    const url = new URL(moduleUrl, self.location.href).href;
    self.importScripts(url);
    return self.createMlpModule({ locateFile: (file) => new URL(file, url).href });
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
