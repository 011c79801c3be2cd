// The training bar: Play/Pause, Step, Reset, Re-seed, and the numbers of the run.
import { MAX_SEED, estimatorOf } from '../state/config.js';
import { fmt, fmtInt, fmtRate, h } from '../ui/dom.js';

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
  const rate = stat('Samples/s', 'Training samples processed per second', 'rate');
  const trainLoss = stat('Train loss', 'Loss on the training data (without the L2 term)', 'train-loss');
  const testLoss = stat('Test loss', 'Loss on the test data', 'test-loss');
  const trainScore = stat('Train accuracy', 'score() on the training data', 'train-score');
  const testScore = stat('Test accuracy', 'score() on the test data', 'test-score');
  const estimator = h('span', { class: 'estimator', title: 'The scikit-learn estimator this dataset trains' });
  const reason = h('p', { class: 'stop-reason', role: 'status', 'aria-live': 'polite' });

  const el = h('section', { class: 'training-bar', 'aria-label': 'Training' },
    h('div', { class: 'train-buttons' }, play, step, reset, reseed),
    h('div', { class: 'stats' }, epoch.el, rate.el, trainLoss.el, testLoss.el, trainScore.el, testScore.el),
    h('div', { class: 'train-meta' }, estimator, reason));

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
    // For tests and tools: the epoch trained, the epoch whose scores are shown, the state.
    setData(el, 'epoch', String(status.epoch));
    setData(el, 'scoredEpoch', String(status.scoredEpoch ?? -1));
    setData(el, 'loss', String(status.loss)); // the last epoch's training loss (loss_curve_[-1])
    setData(el, 'state', !status.ready ? 'loading' : playing ? 'playing' : status.finished ? 'finished' : 'paused');
    setText(rate.value, fmtRate(status.rate));
    // Before the first epoch the engine's running loss is not defined yet.
    const loss = Number.isFinite(status.trainLoss) ? status.trainLoss : status.epoch > 0 ? status.loss : NaN;
    setText(trainLoss.value, fmt(loss));
    setText(testLoss.value, fmt(status.testLoss));
    const scoreName = status.task === 'regression' ? 'R²' : 'accuracy';
    setScoreLabel(trainScore, 'Train', scoreName);
    setScoreLabel(testScore, 'Test', scoreName);
    const asScore = (v) => (status.task === 'regression' ? fmt(v, 3) : Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');
    setText(trainScore.value, asScore(status.trainScore));
    setText(testScore.value, asScore(status.testScore));
    const config = store.get();
    setText(estimator, `${estimatorOf(config)} · ${config.model.solver} · ${config.precision}`);
    let text = '';
    if (!status.ready) text = status.stopReason || 'Loading the engine…';
    else if (status.stopReason) text = status.finished ? `Stopped: ${status.stopReason}` : status.stopReason;
    setText(reason, text);
    if (reason.classList.contains('finished') !== status.finished) reason.classList.toggle('finished', status.finished);
    if (status.finished && status.stopReason && status.stopReason !== lastReason) {
      announce?.(`Training stopped at epoch ${status.epoch}: ${status.stopReason}`);
    }
    if (lastPlaying !== null && lastPlaying !== playing && !status.finished) announce?.(playing ? 'Training' : `Paused at epoch ${status.epoch}`);
    lastPlaying = playing;
    lastReason = status.stopReason;
  }

  return { el, update };
}
