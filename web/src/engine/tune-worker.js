// A worker of the Tune pool (tune-pool.js): loads the engine (a classic worker, as worker.js)
// and runs search jobs through its JSON runner, one request at a time:
//   { id, type: 'init', moduleUrl? }        -> { id, type: 'ready' } | { id, type: 'failed', message }
//   { id, type: 'job', text }               keeps a search job (JSON text); no reply
//   { id, type: 'run', fitRange | fitResults } -> { id, type: 'done', status, output }
// A run takes the kept job with search.fit_range = fitRange (some of its fits, not aggregated) or
// search.fit_results = fitResults (no fit: the aggregate of fits run before). The job is parsed
// once, when kept: a run only changes its search field.

/** The worker's global scope, with what the engine's script (createMlpModule) adds. */
const scope = /** @type {any} */ (self);

let engine = null;
let job = null;

async function init(id, moduleUrl = 'mlp.js') {
  const url = new URL(moduleUrl, self.location.href).href;
  try {
    scope.importScripts(url);
    engine = await scope.createMlpModule({ locateFile: (file) => new URL(file, url).href });
    self.postMessage({ id, type: 'ready' });
  } catch (e) {
    self.postMessage({ id, type: 'failed', message: `the engine could not load in a Tune worker: ${e?.message ?? e}` });
  }
}

function run(id, { fitRange, fitResults }) {
  if (!engine || !job) {
    self.postMessage({ id, type: 'failed', message: 'the Tune worker has no engine or no job' });
    return;
  }
  const search = { ...job.search };
  if (fitRange) search.fit_range = fitRange;
  if (fitResults) search.fit_results = fitResults;
  const r = engine.runJob(JSON.stringify({ ...job, search }));
  self.postMessage({ id, type: 'done', status: r.status, output: r.output });
}

self.onmessage = (event) => {
  const m = event.data ?? {};
  if (m.type === 'init') init(m.id, m.moduleUrl);
  else if (m.type === 'job') job = JSON.parse(m.text);
  else if (m.type === 'run') run(m.id, m);
};
