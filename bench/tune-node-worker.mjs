// A node worker_threads stand-in for web/src/engine/tune-worker.js (the page's Tune worker): the
// same messages, the engine loaded by web/src/engine/load-node.js. bench/search-runner.mjs runs
// web/src/tune/pool.js on these, so node measures the page's own pool.
import { parentPort } from 'node:worker_threads';

import { loadMlpModule } from '../web/src/engine/load-node.js';

let engine = null;
let job = null;

parentPort.on('message', async (m) => {
  if (m.type === 'init') {
    engine = await loadMlpModule();
    parentPort.postMessage({ id: m.id, type: 'ready' });
  } else if (m.type === 'job') job = JSON.parse(m.text);
  else if (m.type === 'run') {
    const search = { ...job.search, ...(m.fitRange ? { fit_range: m.fitRange } : {}), ...(m.fitResults ? { fit_results: m.fitResults } : {}) };
    const r = engine.runJob(JSON.stringify({ ...job, search }));
    parentPort.postMessage({ id: m.id, type: 'done', status: r.status, output: r.output });
  }
});
