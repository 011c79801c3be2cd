// The training run's state machine (web/src/app/run-state.js): what the training bar shows after
// each reply and command, with a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createRunState } from '../../web/src/app/run-state.js';

function machine() {
  const clock = { ms: 1000 };
  const run = createRunState({ task: 'classification', solver: 'adam', now: () => clock.ms });
  return { run, s: run.status, clock };
}

const progress = (epoch, samples, extra = {}) => ({ epoch, samples, loss: 1 / (epoch + 1), validationScore: NaN, ...extra });

test('before any reply: not ready, epoch 0, no run', () => {
  const { run, s } = machine();
  assert.deepEqual([s.ready, s.playing, s.epoch, s.scoredEpoch, run.runId], [false, false, 0, -1, -1]);
  assert.ok(Number.isNaN(s.loss) && Number.isNaN(s.rate));
});

test('a new run forgets the old numbers but keeps playing, ready and the engine message', () => {
  const { run, s } = machine();
  run.ready();
  assert.equal(run.enter(3), true);
  run.startPlaying();
  run.progress(progress(7, 700, { fitStop: { epoch: 5, reason: 'tol' }, finished: true, stopReason: 'diverged' }));
  run.update({ epoch: 7, trainScore: 0.9, testScore: 0.8, trainLoss: 0.2, testLoss: 0.3, metricsEvery: 4 });
  assert.deepEqual([s.epoch, s.scoredEpoch, s.finished, s.stopReason, s.fitStop.epoch, s.metricsEvery], [7, 7, true, 'diverged', 5, 4]);
  assert.equal(run.enter(3), false, 'the same run');
  assert.equal(run.enter(4), true);
  assert.deepEqual([s.epoch, s.scoredEpoch, s.finished, s.stopReason, s.fitStop, s.problem], [0, -1, false, '', null, null]);
  assert.ok(Number.isNaN(s.trainScore) && Number.isNaN(s.loss));
  assert.deepEqual([s.ready, s.playing, s.metricsEvery], [true, true, 4]);
  assert.equal(run.lastProgress, null);
});

test('the rate counts samples from the moment Play is pressed, over a 1.5 s window, once it spans 250 ms', () => {
  const { run, s, clock } = machine();
  run.enter(1);
  run.startPlaying(0);
  clock.ms += 100;
  run.progress(progress(1, 1000));
  assert.ok(Number.isNaN(s.rate), 'under 250 ms: no rate yet');
  clock.ms += 200;
  run.progress(progress(3, 3000));
  assert.equal(s.rate, 10_000, '3000 samples in 300 ms');
  for (let k = 0; k < 20; k += 1) {
    clock.ms += 100;
    run.progress(progress(4 + k, 3000 + (k + 1) * 500));
  }
  assert.equal(s.rate, 5000, 'the window has moved on to the slower pace');
  run.stopPlaying();
  clock.ms += 100;
  run.progress(progress(30, 20_000));
  assert.equal(s.rate, 5000, 'paused: the last rate stays on show');
});

test('passing fit()\'s stop is reported once; a later epoch clears "stopped at"', () => {
  const { run, s } = machine();
  run.enter(1);
  assert.deepEqual(run.progress(progress(4, 40)), { passedFitStop: false });
  assert.deepEqual(run.progress(progress(5, 50, { fitStop: { epoch: 5, reason: 'tol' } })), { passedFitStop: true });
  assert.ok(run.stopped({ epoch: 5, reason: 'tol', finished: false, at: 'fit' }, 'play'));
  assert.equal(s.stoppedAt, 'fit');
  assert.deepEqual(run.progress(progress(6, 60, { fitStop: { epoch: 5, reason: 'tol' } })), { passedFitStop: false });
  assert.equal(s.stoppedAt, '');
});

test('stopped: a pause overtaken by a later play is ignored; until, finished and failures are told apart', () => {
  const { run, s } = machine();
  run.enter(1);
  run.startPlaying();
  assert.equal(run.stopped({ epoch: 3, reason: 'paused', finished: false }, 'play'), false);
  assert.equal(s.playing, true, 'the worker trains again');
  assert.equal(run.stopped({ epoch: 3, reason: 'paused', finished: false }, 'pause'), true);
  assert.deepEqual([s.playing, s.stopReason, s.stoppedAt], [false, '', '']);
  run.stopped({ epoch: 9, reason: 'until', finished: false }, 'play');
  assert.equal(s.stoppedAt, 'until');
  run.stopped({ epoch: 9, reason: 'alpha must be finite', finished: false }, 'play');
  assert.equal(s.stopReason, 'alpha must be finite');
  run.stopped({ epoch: 12, reason: 'lbfgs converged', finished: true }, 'play');
  assert.deepEqual([s.finished, s.stopReason], [true, 'lbfgs converged']);
  run.startPlaying();
  assert.deepEqual([s.playing, s.stopReason, s.stoppedAt], [true, '', '']);
});

test('lost, then restored at the epoch last drawn; the message goes with the next new run', () => {
  const { run, s } = machine();
  run.ready();
  run.enter(2);
  run.startPlaying();
  run.progress(progress(12, 1200));
  run.lost({ giveUp: false, cause: 'crash', title: 'The engine stopped', text: 'restarting', restoring: true });
  assert.deepEqual([s.ready, s.playing, s.engine.state, s.engine.epoch, s.engine.cause], [false, false, 'restarting', 12, 'crash']);
  run.restored({ fresh: false, runId: 5, epoch: 10 });
  assert.deepEqual([s.ready, s.epoch, run.runId, s.engine.state, s.engine.epoch], [true, 10, 5, 'restored', 10]);
  assert.equal(run.enter(5), false, 'the restored run is the current one');
  run.enter(6);
  assert.equal(s.engine, null, 'a new run: the restore message is out of date');
});

test('an engine that cannot load says so; after giving up and a retry the first ready restores it', () => {
  const { run, s } = machine();
  run.failedToLoad('HTTP 404');
  assert.deepEqual([s.ready, s.stopReason], [false, 'The training engine could not load: HTTP 404']);
  run.lost({ giveUp: true, cause: 'load', title: 'The engine could not load', text: '', restoring: false });
  assert.equal(s.engine.state, 'failed');
  run.retrying();
  assert.equal(s.stopReason, '');
  run.ready();
  assert.deepEqual([s.ready, s.engine.state, s.engine.epoch], [true, 'restored', 0]);
  run.dismissEngine();
  assert.equal(s.engine, null);
});

test('a new run asked for waits for Play; the config names the task and solver', () => {
  const { run, s } = machine();
  run.enter(1);
  run.startPlaying();
  run.stopped({ epoch: 4, reason: 'diverged', finished: true }, 'play');
  run.newRunAsked();
  assert.deepEqual([s.playing, s.finished, s.stopReason], [false, false, '']);
  run.configChanged('regression', 'lbfgs');
  assert.deepEqual([s.task, s.solver], ['regression', 'lbfgs']);
  run.setProblem({ kind: 'diverged', pauses: true });
  assert.equal(s.problem.kind, 'diverged');
});
