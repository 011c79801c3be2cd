// The training bar: Play/Pause, Step, Reset, Re-seed, and the numbers of the run.
import { MAX_SEED, estimatorOf } from '../state/config.js';
import { DRAW_EVERY_EPOCH_UP_TO } from './pacer.js';
import { fmt, fmtAccuracy, fmtInt, fmtRate, fmtScore, h } from '../ui/dom.js';

const PLAY_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5v14l11-7z" fill="currentColor"/></svg>';
const PAUSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 5h4v14H6zM14 5h4v14h-4z" fill="currentColor"/></svg>';
const REPLAY_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z" fill="currentColor"/></svg>';

/**
 * Writes only what changed: the bar updates with every progress reply (dozens a second), and
 * setting the same text or attribute again still costs a style, layout and paint pass.
 */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setData(el, key, value) {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

function setDisabled(el, value) {
  if (el.disabled !== value) el.disabled = value;
}

/**
 * A number with its label. The label has a long and a short form ("Test accuracy",
 * "Test acc."); the CSS shows the short one where the bar is cramped (the embed), and screen
 * readers always read the long one.
 */
function stat(label, title, name) {
  const value = h('span', { class: 'stat-value' }, '–');
  const long = h('span', { class: 'label-long' }, label);
  const short = h('span', { class: 'label-short', 'aria-hidden': 'true' }, label);
  const labelEl = h('span', { class: 'stat-label' }, long, short);
  const el = h('div', { class: `stat stat-${name}`, title }, labelEl, value);
  return { el, value, labelEl, long, short };
}

function setScoreLabel(s, which, scoreName) {
  setText(s.long, `${which} ${scoreName}`);
  setText(s.short, scoreName === 'accuracy' ? `${which} acc.` : `${which} ${scoreName}`);
}

/**
 * The bar's message about the run, and its kind: 'error' (diverged, collapsed, stalled: red,
 * with a fix), 'warning' (fit() ends without converging: max_iter), 'info' (fit()'s stop, passed or
 * paused at; lbfgs converged), or '' (nothing to say). Exported for tests.
 */
export function runMessage(status) {
  const engine = engineMessage(status.engine);
  if (engine) return engine;
  if (!status.ready) return { text: status.stopReason || 'Loading the engine…', kind: status.stopReason ? 'error' : '' };
  if (status.problem) return { text: `${status.problem.title}. ${status.problem.text}`, kind: 'error' };
  if (status.finished && status.stopReason) {
    const converged = /^lbfgs: CONVERGENCE/.test(status.stopReason) ? ' Training further would not change the weights; Reset starts again.' : '';
    return { text: `Training has ended: ${status.stopReason}.${converged}`.replace(/\.\./g, '.'),
      kind: /diverged|error|ABNORMAL|FAILED/i.test(status.stopReason) ? 'error' : 'info' };
  }
  const stop = status.fitStop;
  if (stop) {
    const warning = /Maximum iterations|ITERATIONS REACHED/.test(stop.reason);
    const score = (v) => (status.task === 'regression' ? `R² ${fmtScore(v, 'regression')}` : `accuracy ${fmtAccuracy(v)}`);
    const best = stop.best ? ` fit() returns the weights of epoch ${stop.best.epoch}, its best validation score` +
      (Number.isFinite(stop.best.test) ? ` (test ${score(stop.best.test)}).` : '.') : '';
    const lead = status.stoppedAt === 'fit' ? `Paused where fit() stops, at epoch ${stop.epoch}` : `fit() stops at epoch ${stop.epoch}`;
    const after = status.stoppedAt === 'fit' ? ' Play or Step trains on from here.' : status.playing ? ' Training goes on past it.' : '';
    // Where the stopping rule shapes the run, or the run is not scikit-learn's own, say so.
    const adaptive = /Learning rate too small/.test(stop.reason)
      ? " learning_rate='adaptive' divided the rate by 5 each time the loss stalled; now at 1e-6 or less, more epochs barely move the weights."
      : '';
    const lbfgs = status.solver === 'lbfgs' ? " (The engine's own L-BFGS: scikit-learn's lbfgs stops at another n_iter_ and loss_.)" : '';
    return { text: `${lead}: ${stop.reason}${best}${adaptive}${after}${lbfgs}`, kind: warning ? 'warning' : 'info' };
  }
  if (status.stopReason) return { text: status.stopReason, kind: 'error' };
  return { text: '', kind: '' };
}

/**
 * The training worker's loss and restart, in words (engine: session status.engine), or null.
 * Exported for tests.
 */
export function engineMessage(engine) {
  if (!engine) return null;
  const what = `${engine.title}. ${engine.text}`;
  if (engine.state === 'restarting') {
    return { text: `${what} ${engine.restoring ? 'Restarting it with your settings, data and run…' : 'Trying again…'}`, kind: 'error' };
  }
  if (engine.state === 'failed') {
    return { text: `${what} It failed again after restarting, so the page has stopped trying: press Try again (or change a setting).`,
      kind: 'error' };
  }
  if (!engine.restoring) return { text: `The training engine has loaded, after a failed attempt (${engine.title}).`, kind: 'warning' };
  const at = engine.epoch > 0 ? ` and the run at epoch ${fmtInt(engine.epoch)}` : '';
  return { text: `The training engine was restarted (${engine.title.replace(/^The training engine /, '')}). ` +
    `Your settings, data${at} are back: Play carries on.`, kind: 'warning' };
}

/**
 * What the bar says when the run has no message: what Play, Step and Reset will do from here.
 * Not a live region (the pauses are announced already). Exported for tests.
 */
export function idleHint(status, speed) {
  if (!status.ready) return '';
  if (status.playing) {
    if (speed === 'max') return 'Training as fast as it can; the views are drawn about ten times a second.';
    return Number(speed) <= DRAW_EVERY_EPOCH_UP_TO ? 'Training; every epoch is drawn (the plot, the curves, the network).'
      : 'Training; the views are drawn as often as they can keep up.';
  }
  if (status.epoch === 0) return 'Play (or Space) trains; Step trains one epoch. The boundary, the curves and the network follow.';
  return `Paused at epoch ${fmtInt(status.epoch)}: Play or Step carries on from these weights; Reset goes back to the same initial weights.`;
}

/**
 * createTrainingBar({ session, store, controls, announce(text) }) -> { el, update(status) }
 */
export function createTrainingBar({ session, store, controls, announce }) {
  const play = h('button', { type: 'button', class: 'btn play', 'aria-label': 'Play', title: 'Play / pause (Space)', onclick: () => session.toggle() });
  play.innerHTML = PLAY_ICON;
  const step = h('button', { type: 'button', class: 'btn', title: 'Train one epoch (one iteration for lbfgs)', onclick: () => session.step() }, 'Step');
  const reset = h('button', { type: 'button', class: 'btn', title: 'Start again from the same initial weights', onclick: () => session.reset() }, 'Reset');
  const reseed = h('button', {
    type: 'button',
    class: 'btn',
    title: 'New random_state: new initial weights',
    onclick: () => store.set('model.random_state', Math.floor(Math.random() * (MAX_SEED + 1))),
  }, 'Re-seed');
  controls.add('play', { el: play, setLocked: (v) => { play.disabled = v; } });
  controls.add('step', { el: step, setLocked: (v) => { step.disabled = v; } });
  controls.add('reset', { el: reset, setLocked: (v) => { reset.disabled = v; } });
  controls.add('reseed', { el: reseed, setLocked: (v) => { reseed.disabled = v; } });

  const epoch = stat('Epoch', 'n_iter_: epochs trained (iterations for lbfgs)', 'epoch');
  const batchText = h('div', { class: 'stat-batch', 'aria-live': 'off', hidden: true });
  const rate = stat('Samples/s', 'Training samples processed per second', 'rate');
  const trainLoss = stat('loss_', "scikit-learn's loss_: the mean of the last epoch's batch losses, each taken before " +
    'its update, with the L2 term (lbfgs: the objective at the current weights)', 'train-loss');
  const testLoss = stat('Test loss', 'Loss on the test data at the current weights (without the L2 term)', 'test-loss');
  const trainScore = stat('Train accuracy', 'score() on the training data', 'train-score');
  const testScore = stat('Test accuracy', 'score() on the test data', 'test-score');
  const estimator = h('span', { class: 'estimator', title: 'The scikit-learn estimator this dataset trains' });
  const reasonText = h('span', { class: 'stop-text' });
  const hint = h('p', { class: 'bar-hint' });
  // A problem's one-click fixes (at most two): each applies its config changes, a new run.
  const fixes = [0, 1].map((k) => h('button', { type: 'button', class: 'btn small fix', 'data-action': `fix-${k}`, hidden: true,
    onclick: () => {
      const changes = session.status.problem?.fixes?.[k]?.changes;
      if (changes) store.update(changes);
    } }));
  // The run's message has its own space in the bar, reserved whether or not there is one:
  // a message that comes or goes never moves the page under the bar.
  const reason = h('p', { class: 'stop-reason', role: 'status', 'aria-live': 'polite' }, reasonText);
  const speed = controls.field('speed', { compact: true });
  const stopAtFit = controls.field('stopAtFit', { compact: true });

  const el = h('section', { class: 'training-bar', 'aria-label': 'Training' },
    h('div', { class: 'train-buttons' }, play, step, reset, reseed),
    h('div', { class: 'train-settings' }, speed.el, stopAtFit.el),
    h('div', { class: 'stats' }, epoch.el, rate.el, trainLoss.el, testLoss.el, trainScore.el, testScore.el),
    batchText,
    h('div', { class: 'train-meta' }, estimator,
      h('div', { class: 'train-message' }, reason, hint, h('div', { class: 'train-fixes' }, ...fixes))));

  let lastReason = '';
  let lastPlaying = null;

  function update(status) {
    const playing = status.playing;
    const icon = playing ? PAUSE_ICON : status.finished ? REPLAY_ICON : PLAY_ICON;
    if (play.dataset.icon !== icon) {
      play.innerHTML = icon;
      play.dataset.icon = icon;
    }
    setAttr(play, 'aria-label', playing ? 'Pause' : status.finished ? 'Train again from the start' : 'Play');
    if (play.classList.contains('playing') !== playing) play.classList.toggle('playing', playing);
    setDisabled(play, !status.ready || controls.isLocked('play'));
    setDisabled(step, !status.ready || controls.isLocked('step'));
    setDisabled(reset, !status.ready || controls.isLocked('reset'));
    setText(epoch.value, fmtInt(status.epoch));
    // Within an epoch of many minibatches (an image set): "epoch 3 of 10, batch 120/300".
    const within = status.batch > 0 && status.batches > 1;
    batchText.hidden = !within;
    if (within) {
      const maxIter = store.get().model.max_iter;
      const of = status.epoch < maxIter ? ` of ${fmtInt(maxIter)}` : ''; // past fit()'s max_iter: no "of"
      setText(batchText, `epoch ${fmtInt(status.epoch + 1)}${of}, batch ${status.batch}/${status.batches}`);
    }
    setData(el, 'batch', String(status.batch ?? 0));
    setData(el, 'batches', String(status.batches ?? 0));
    // For tests and tools: the epoch trained, the epoch whose scores are shown, the state.
    setData(el, 'epoch', String(status.epoch));
    setData(el, 'scoredEpoch', String(status.scoredEpoch ?? -1));
    setData(el, 'loss', String(status.loss)); // the last epoch's training loss (loss_curve_[-1])
    setData(el, 'state', !status.ready ? 'loading' : playing ? 'playing' : status.finished ? 'finished' : 'paused');
    setData(el, 'fitStop', String(status.fitStop?.epoch ?? 0)); // where fit() stops (0: not passed yet)
    setData(el, 'stoppedAt', status.stoppedAt ?? '');
    setData(el, 'problem', status.problem?.kind ?? '');
    setData(el, 'engine', status.engine?.state ?? ''); // the worker restarting, failed or restored
    setText(rate.value, fmtRate(status.rate));
    // Before the first epoch loss_ is not defined yet.
    setText(trainLoss.value, status.epoch > 0 ? fmt(status.loss) : '–');
    setText(testLoss.value, fmt(status.testLoss));
    const scoreName = status.task === 'regression' ? 'R²' : 'accuracy';
    setScoreLabel(trainScore, 'Train', scoreName);
    setScoreLabel(testScore, 'Test', scoreName);
    setText(trainScore.value, fmtScore(status.trainScore, status.task));
    setText(testScore.value, fmtScore(status.testScore, status.task));
    const config = store.get();
    const own = config.model.solver === 'lbfgs' && config.precision === 'float64' ? ' (own L-BFGS path)' : '';
    setText(estimator, `${estimatorOf(config)} · ${config.model.solver} · ${config.precision}${own}`);
    const message = runMessage(status);
    setText(reasonText, message.text);
    setAttr(reason, 'title', message.text); // the whole text, where the reserved lines cut it
    setData(reason, 'kind', message.kind);
    setText(hint, message.text ? '' : idleHint(status, config.train?.speed));
    fixes.forEach((button, k) => {
      const label = status.problem?.fixes?.[k]?.label ?? '';
      if (button.hidden !== !label) button.hidden = !label;
      setText(button, label);
    });
    if ((message.kind === 'error' || status.stoppedAt === 'fit') && message.text && message.text !== lastReason) {
      announce?.(message.text);
    }
    if (lastPlaying !== null && lastPlaying !== playing && !status.finished) announce?.(playing ? 'Training' : `Paused at epoch ${status.epoch}`);
    lastPlaying = playing;
    lastReason = message.text;
  }

  return { el, update };
}
