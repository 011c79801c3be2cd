// The training worker (a classic worker: the Emscripten factory is loaded with
// importScripts). The page sends { type: 'init', runId, moduleUrl? } first;
// moduleUrl defaults to mlp.js next to this script, and mlp.wasm is looked up
// beside mlp.js.
//
// Tests of the page's supervision (client.js) need a worker that fails on demand: when init
// carries faults: true (the page sets it only for tests, see main.js), a message
// { type: 'fault', kind } makes it fail in one of these ways:
//   throw   an exception escapes the worker (an error event on the page)
//   abort   the engine aborts: as after an Emscripten abort, every later call into it throws
//   oom     the same, with the message of a heap that cannot grow (memory exhausted)
//   hang    a busy loop: the worker never answers again
//   exit    the worker closes itself, silently (as if the browser had ended it)
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

/** The worker's global scope, with what the engine's script (createMlpModule) and the test faults add. */
const scope = /** @type {any} */ (self);

let faults = false;
let module = null;

const host = createWorkerHost({
  async createModule({ moduleUrl = 'mlp.js' }) {
    const url = new URL(moduleUrl, self.location.href).href;
    let wasmUrl = url.replace(/\.js$/, '.wasm');
    try {
      self.importScripts(url);
      module = scope.createMlpModule({
        locateFile: (file) => {
          wasmUrl = new URL(file, url).href;
          return wasmUrl;
        },
      });
      return await module;
    } catch (e) {
      throw await explainLoadFailure(scope.createMlpModule ? wasmUrl : url, e);
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

/** Every later call into the engine throws, as after an Emscripten abort. */
async function breakEngine(message) {
  const engine = await module;
  const proto = engine?.Session?.prototype;
  if (!proto) return;
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor' || typeof Object.getOwnPropertyDescriptor(proto, name).value !== 'function') continue;
    proto[name] = () => {
      throw new WebAssembly.RuntimeError(message);
    };
  }
}

function fault(kind) {
  if (kind === 'throw') setTimeout(() => {
    throw new Error('a test fault: an exception escaped the worker');
  }, 0);
  else if (kind === 'abort') breakEngine('Aborted(a test fault). Build with -s ASSERTIONS=1 for more info.');
  else if (kind === 'oom') breakEngine('Aborted(Cannot enlarge memory arrays to size 2147483648 bytes (OOM))');
  else if (kind === 'hang') {
    // A loop with an effect: the bundler drops loops that have none.
    scope.stuckSpins = 0;
    for (;;) scope.stuckSpins += 1;
  }
  else if (kind === 'exit') self.close();
}

self.onmessage = (event) => {
  const m = event.data;
  if (m?.type === 'fault') {
    if (faults) fault(m.kind);
    return;
  }
  if (m?.type === 'init' && m.faults === true) faults = true;
  host.handle(m);
};
