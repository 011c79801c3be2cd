// The WebAssembly build against the native runner build/native/mlp-run on
// scikit-learn fixture jobs and on bad input: the same exit status and the same
// output byte for byte, errors and results alike, float64 and float32 (the native
// runner trains on the portable arithmetic WebAssembly uses). The jobs run in this
// process through runJob, which is what `npm run -s mlp` prints; the command itself
// is checked on a few of them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { firstDifference, nativeRunner, root, run } from './support.js';

const mlp = await loadMlpModule();

const fixtures = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/sklearn_jobs.json'), 'utf8')).cases;
const fixture = (id) => fixtures.find((c) => c.id === id).job;

/** What `npm run -s mlp -- -` prints for `input`, and its exit status. */
function runWasm(input) {
  const { status, output } = mlp.runJob(typeof input === 'string' ? input : new Uint8Array(input));
  return { status, stdout: `${output}\n` };
}
const runNative = (input) => run(nativeRunner, ['-'], input);
const runNpm = (args, input, cwd = root) => run('npm', ['run', '-s', 'mlp', '--', ...args], input, { cwd });


const jobs = {
  multiclass: fixture('mc3_relu_sgd_mom0_auto_shuffle'),
  regression: fixture('reg2_relu_adam_b7_shuffle'),
  earlyStopping: fixture('es_mc3_adam'),
  partialFit: fixture('pf_mc3_str_adam'),
  lbfgs: fixture('lbfgs_mc3_relu_preset'),
  randomInit: fixture('rnd_bin_relu_adam_rs3'),
  float32Multiclass: { ...fixture('mc4_int_tanh_adam_b1_shuffle'), precision: 'float32' },
  float32Regression: { ...fixture('reg1_tanh_adam_b5_shuffle'), precision: 'float32' },
  generatedMoons: {
    estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [8], solver: 'adam', max_iter: 50, random_state: 0 },
    dataset: { generator: 'make_moons', params: { n_samples: 200, noise: 0.2, random_state: 0 } },
    calls: [{ method: 'fit' }],
    output: ['X', 'y'],
  },
};

const badJobs = {
  negativeAlpha: '{"estimator": "MLPClassifier", "params": {"alpha": -1}, "X": [[0], [1]], "y": [0, 1]}',
  unknownEstimator: '{"estimator": "MLPBanana", "X": [[0], [1]], "y": [0, 1]}',
  raggedX: '{"estimator": "MLPRegressor", "X": [[0, 1], [1]], "y": [0, 1]}',
  partialFitWithoutClasses:
    '{"estimator": "MLPClassifier", "X": [[0], [1]], "y": [0, 1], "calls": [{"method": "partial_fit"}]}',
  unknownGenerator: '{"estimator": "MLPClassifier", "dataset": {"generator": "make_bananas"}}',
  malformedJson: '{"estimator": "MLPClassifier", "X": [[0], [1]',
  invalidUtf8: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
  empty: '',
};

for (const [name, job] of Object.entries(jobs)) {
  test(`${name}: the WebAssembly runner gives the native results`, async () => {
    const input = JSON.stringify(job);
    const [wasm, native] = [runWasm(input), await runNative(input)];
    assert.equal(native.status, 0, native.stdout);
    assert.equal(wasm.status, 0);
    assert.equal(wasm.stdout.split('\n').length, 2, 'one JSON line');
    const [a, b] = [JSON.parse(wasm.stdout), JSON.parse(native.stdout)];
    assert.equal(a.precision, job.precision ?? 'float64');
    assert.equal(firstDifference(a, b, () => false), null);
    assert.equal(wasm.stdout, native.stdout, 'the same bytes');
  });
}

test('bad jobs give the same error JSON and exit status', async () => {
  for (const [name, input] of Object.entries(badJobs)) {
    const [wasm, native] = [runWasm(input), await runNative(input)];
    assert.equal(native.status, 2, name);
    assert.deepEqual([wasm.status, wasm.stdout], [native.status, native.stdout], name);
    assert.ok(JSON.parse(wasm.stdout).error.message, name);
  }
});

test('npm run -s mlp prints one JSON line and exits as mlp-run does', async () => {
  const cwd = path.join(root, 'tests/fixtures');
  const moons = JSON.stringify(jobs.generatedMoons);
  const cases = [
    [['-'], moons],
    [['-'], badJobs.negativeAlpha],
    [['data/moons.json'], ''], // relative to the calling directory; not a job: an error
    [['no-such-job.json'], ''],
  ];
  const results = await Promise.all(
    cases.map(([args, input]) => Promise.all([runNpm(args, input, cwd), run(nativeRunner, args, input, { cwd })])),
  );
  for (const [i, [wasm, native]] of results.entries()) {
    assert.equal(wasm.status, native.status, cases[i][0][0]);
    assert.equal(wasm.stderr, '');
    assert.equal(wasm.stdout, native.stdout, cases[i][0][0]);
  }
  const usage = await run('npm', ['run', '-s', 'mlp'], '');
  assert.deepEqual([usage.status, usage.stdout], [2, '']);
});
