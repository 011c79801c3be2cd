// Every lesson step delivers what its text says: each step's config is trained through the
// WebAssembly engine exactly as the page trains it (keep_training, metrics every epoch, the
// page's config -> engine functions), and every check of the step (web/src/state/lessons.js,
// schema at its top) holds on that run, every number in the text is either a setting of the
// step, a number the run gives (rounded as written), a bound a check asserts, or one the step
// declares as given, and the lesson-level comparisons across steps hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { imagesOf } from '../../web/src/state/queries.js';
import {
  FINAL_METRICS,
  FIT_STOP_METRICS,
  GRID_METRICS,
  NORM_METRICS,
  RUN_METRICS,
  TRACE_METRICS,
  TUNE_METRICS,
  boundaryShape,
  epochOf,
  metricValue,
  numbersIn,
  rounded,
  runConfig,
} from './lesson-run.js';

const mlp = await loadMlpModule();

const rangeOf = (epoch) => (Array.isArray(epoch) ? epoch : [epoch, epoch]);
const numericEpochs = (epoch) => (epoch === undefined || epoch === 'fitStop' ? [] : rangeOf(epoch));

/** Every claim that reads the run of step k of a lesson: [{ check, epoch }]. */
function claimsOn(lesson, k) {
  const own = lesson.steps.flatMap((step, j) => (step.checks ?? [])
    .filter((c) => (c.step ?? j) === k));
  const across = (lesson.checks ?? []).filter((c) => c.across.includes(k));
  return [...own, ...across];
}

/** What the run of step k must record: how long to train, and where grids and weights are needed. */
function needsOf(lesson, k) {
  const config = lessonConfig(lesson, k);
  const claims = claimsOn(lesson, k);
  const epochs = Math.max(1, ...claims.flatMap((c) => numericEpochs(c.epoch)));
  const untilFitStop = config.train.stopAtFit ||
    claims.some((c) => c.epoch === 'fitStop' || FIT_STOP_METRICS.includes(c.metric));
  const at = (c) => (c.epoch === 'fitStop' ? ['fitStop'] : numericEpochs(c.epoch));
  const gridAt = claims.filter((c) => c.boundary || GRID_METRICS.includes(c.metric)).flatMap(at);
  const normsAt = [0, ...claims.filter((c) => NORM_METRICS.includes(c.metric)).flatMap(at)];
  const traceAt = config.view.trace ? claims.filter((c) => TRACE_METRICS.includes(c.metric)).flatMap(at) : [];
  const tune = claims.some((c) => TUNE_METRICS.includes(c.metric));
  return { config, epochs, untilFitStop, gridAt, normsAt, traceAt, tune };
}

const runs = new Map(); // lesson id -> runs of its steps
const sameRuns = new Map(); // a config and its needs (not the lesson's tag) -> its run: steps that train alike share one
function runsOf(lesson) {
  if (!runs.has(lesson.id)) {
    runs.set(lesson.id, lesson.steps.map((_, k) => {
      const { config, ...needs } = needsOf(lesson, k);
      const key = JSON.stringify([{ ...config, lesson: null }, needs]);
      if (!sameRuns.has(key)) sameRuns.set(key, runConfig(mlp, config, needs));
      return sameRuns.get(key);
    }));
  }
  return runs.get(lesson.id);
}

/** The value a check reads (every epoch of a range), with what it read in words. */
function valuesOf(run, check) {
  if (RUN_METRICS.includes(check.metric)) return [{ value: metricValue(run, check.metric), where: check.metric }];
  if (TUNE_METRICS.includes(check.metric)) return [{ value: metricValue(run, check.metric, undefined, check.of), where: `tune ${check.of}` }];
  if (FINAL_METRICS.includes(check.metric)) {
    return [{ value: metricValue(run, check.metric, undefined, check.of), where: `${check.metric}${check.of ? ` ${check.of}` : ''}` }];
  }
  const [a, b] = rangeOf(epochOf(run, check.epoch));
  return Array.from({ length: b - a + 1 }, (_, i) => ({
    value: metricValue(run, check.metric, a + i, check.of),
    where: `${check.metric}${check.of ? ` ${check.of}` : ''} after epoch ${a + i}`,
  }));
}

function assertCheck(runsOfLesson, k, check, text) {
  const run = runsOfLesson[check.step ?? k];
  if (check.boundary) {
    const e = epochOf(run, check.epoch);
    const grid = run.grids.get(check.epoch) ?? run.grids.get(e);
    const { shape, deviation } = boundaryShape(grid);
    assert.equal(shape, check.boundary, `the boundary after epoch ${e} is ${shape} (${(deviation * 100).toFixed(2)}% of the plot's width off a line)`);
    return;
  }
  for (const { value, where } of valuesOf(run, check)) {
    assert.ok(Number.isFinite(value), `${where} is ${value}`);
    if (check.min !== undefined) assert.ok(value >= check.min, `${where} = ${value} < ${check.min}`);
    if (check.max !== undefined) assert.ok(value <= check.max, `${where} = ${value} > ${check.max}`);
    if (check.equals !== undefined) assert.equal(value, check.equals, where);
    if (check.says !== undefined) {
      // A negative value: its number, with the minus sign before it.
      const unsigned = check.says.replace(/^-/, '');
      assert.ok(numbersIn(text).includes(unsigned) && text.includes(check.says), `the text does not say ${check.says}`);
      assert.equal(rounded(value, check.says), check.says, `${where} = ${value}: the text says ${check.says}`);
    }
  }
}

/** The numbers a step's text may use without measuring them: its settings (the changes), as written. */
function settingsOf(step) {
  const out = [];
  for (const value of Object.values(step.changes)) {
    for (const v of [value].flat()) if (typeof v === 'number') out.push(v);
  }
  return out;
}

function assertTextNumbers(lesson, k) {
  const step = lesson.steps[k];
  const words = `${step.text} ${step.look}`;
  const says = new Set((step.checks ?? []).filter((c) => c.says !== undefined).map((c) => c.says.replace(/^-/, '')));
  const epochs = new Set((step.checks ?? []).flatMap((c) => numericEpochs(c.epoch)));
  const bounds = (step.checks ?? []).flatMap((c) => [c.min, c.max].filter((v) => v !== undefined));
  const settings = settingsOf(step);
  const given = new Set(step.given ?? []);
  for (const token of numbersIn(words)) {
    if (says.has(token) || given.has(token)) continue;
    const n = Number(token.replace(/[%,]/g, ''));
    const asSetting = token.endsWith('%') ? settings.some((v) => Math.abs(v * 100 - n) < 1e-9) : settings.includes(n);
    const asBound = bounds.some((v) => Math.abs((token.endsWith('%') ? v * 100 : v) - n) < 1e-9);
    assert.ok(asSetting || asBound || (!token.endsWith('%') && epochs.has(n)),
      `"${token}" in the text of ${lesson.id} step ${k + 1} is neither a setting, nor a check's epoch, bound or value, nor given`);
  }
  for (const token of given) assert.ok(numbersIn(words).includes(token), `given "${token}" is not in the text`);
}

test('the lessons are well formed: ids, texts, looks, checks and the configs they run', () => {
  assert.equal(new Set(LESSONS.map((l) => l.id)).size, LESSONS.length);
  for (const lesson of LESSONS) {
    for (const [k, step] of lesson.steps.entries()) {
      const what = `${lesson.id} step ${k + 1}`;
      assert.ok(step.text.length > 40 && step.look.length > 10, what);
      assert.ok(step.checks?.length, `${what} has no checks`);
      for (const c of step.checks) {
        assert.ok(c.boundary || c.metric, `${what}: a check needs a metric or a boundary`);
        assert.ok(c.step === undefined || (c.step >= 0 && c.step < lesson.steps.length && c.step !== k), what);
        assert.ok(c.boundary || RUN_METRICS.includes(c.metric) || TUNE_METRICS.includes(c.metric) || FINAL_METRICS.includes(c.metric) || c.epoch !== undefined, `${what}: ${c.metric} needs an epoch`);
      }
      // Each step sets the data it depends on (a set with its own split, Fashion-MNIST, has no random_state), and where Play pauses.
      const fixedSplit = imagesOf(lessonConfig(lesson, k)) !== null;
      assert.ok('data.generator' in step.changes && ('data.random_state' in step.changes || fixedSplit), `${what}: its data are explicit`);
      assert.equal(lessonConfig(lesson, k).train.stopAtFit, true, `${what}: Play pauses where the text's numbers are`);
    }
    for (const c of lesson.checks ?? []) {
      assert.ok(c.across.every((j) => j >= 0 && j < lesson.steps.length), lesson.id);
      assert.ok(['increasing', 'decreasing'].includes(c.order), lesson.id);
    }
  }
});

for (const lesson of LESSONS) {
  for (const [k, step] of lesson.steps.entries()) {
    test(`${lesson.id} step ${k + 1}: its claims hold on its own settings`, () => {
      const all = runsOf(lesson);
      const run = all[k];
      // Play pauses where fit() stops (stopAtFit), or earlier where the page finds the run collapsed to
      // one class (state/health.js): a step whose run collapses says so, and every claim of the step is
      // on screen by the pause. A run that stalls (its first layers' gradients vanish) is named in red
      // but not paused: a step whose run stalls by the pause says so too.
      assert.ok(run.fitStop?.epoch > 0, 'fit() stops in the run');
      const collapsed = metricValue(run, 'collapsedAt');
      const says = (metric) => step.checks.some((c) => c.metric === metric && c.step === undefined);
      assert.ok(!collapsed || says('collapsedAt'), `the page finds the run collapsed at epoch ${collapsed}, and the step does not say so`);
      const pause = Math.min(run.fitStop.epoch, collapsed || Infinity);
      const stalled = metricValue(run, 'stalledAt');
      assert.ok(!stalled || stalled > pause || says('stalledAt'), `the page finds the run stalled at epoch ${stalled}, and the step does not say so`);
      for (const c of step.checks.filter((x) => x.step === undefined)) {
        for (const e of numericEpochs(c.epoch)) assert.ok(e <= pause, `a claim after epoch ${e}, but Play pauses at ${pause}`);
      }
      assert.equal(run.progress.some((p) => p.diverged), false, 'the run does not diverge');
      const words = `${step.text} ${step.look}`;
      for (const check of step.checks) {
        try {
          assertCheck(all, k, check, words);
        } catch (e) {
          e.message = `${JSON.stringify(check)}: ${e.message}`;
          throw e;
        }
      }
      assertTextNumbers(lesson, k);
    });
  }
  if (lesson.checks?.length) {
    test(`${lesson.id}: the comparisons across its steps hold`, () => {
      const all = runsOf(lesson);
      for (const c of lesson.checks) {
        const values = c.across.map((j) => {
          const run = all[j];
          return metricValue(run, c.metric, RUN_METRICS.includes(c.metric) ? undefined : epochOf(run, c.epoch));
        });
        const by = c.by ?? 0;
        for (let i = 1; i < values.length; i += 1) {
          const step = c.order === 'increasing' ? values[i] - values[i - 1] : values[i - 1] - values[i];
          assert.ok(step > 0 && step >= by,
            `${c.metric} over steps ${c.across.map((j) => j + 1).join(', ')}: ${values.map((v) => +v.toFixed(4)).join(', ')} ` +
            `is not ${c.order}${by ? ` by ${by} or more` : ''}`);
        }
      }
    });
  }
}
