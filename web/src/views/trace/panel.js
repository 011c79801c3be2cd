// "Follow one input" (issue 14): the panel that walks one input forward through the network and
// back, a step at a time, with each step's formula in the course's notation, the matrix shapes
// and the trace's numbers. Its parts: the steps (state/trace-steps.js), the forward and backward
// steps' contents (forward-views.js, backward-views.js), the notation (notation.js), the unit
// tables and folded sums (widgets.js, terms.js), the activation drawn small (activation-plot.js),
// the autoplay (autoplay.js) and the network diagram's overlay (overlay.js).
//
// How it is meant to be wired (by app/, not here):
//   const panel = createTracePanel(host, {
//     onStep: ({ index, step, overlay }) => {
//       networkView.setTrace(overlay);          // links: w·a forward, the gradients backward
//       address.setTraceStep(stepToLink(index)); // the step in the share link (state/trace-steps.js)
//     },
//   });
//   // A point picked on the plane (or read from a link): ask the worker, then show the reply.
//   const trace = await client.trace(point, target);
//   panel.show(trace, { featureNames, classNames, alpha: config.model.alpha, step: stepFromLink(text, ...) });
//   // New weights, data or architecture: ask again and show() again (it keeps the step); no point: panel.clear(),
//   // and networkView.setTrace(null).
// Everything it shows comes from the trace object; nothing is recomputed but the presentation
// (the terms w·a sorted largest first).

import { h } from '../../ui/dom.js';
import { createStepCursor, traceSteps } from '../../state/trace-steps.js';
import { createAutoplay } from './autoplay.js';
import { deltaView, errorView, gradientView, lossView, sgdView } from './backward-views.js';
import { forwardView, inputView, outputView } from './forward-views.js';
import { unitNamer } from './notation.js';
import { traceOverlay } from './overlay.js';
import { largestAt } from './terms.js';

const VIEWS = { input: inputView, forward: forwardView, output: outputView, loss: lossView, error: errorView, delta: deltaView, gradient: gradientView, sgd: sgdView };

/** The column a step's unit table lists, and the values its first unit is picked by (the largest). */
function unitColumn(trace, step) {
  if (step.kind === 'input') return trace.input;
  if (step.kind === 'forward') return trace.layers[step.layer - 1].a;
  if (step.kind === 'error' || step.kind === 'delta' || step.kind === 'gradient') return trace.layers[step.layer - 1].delta;
  return null;
}

/**
 * createTracePanel(host, { onStep, interval, setTimer, clearTimer }) -> { el, show, step, next,
 * previous, play, pause, clear, destroy, index, playing }.
 * show(trace, { featureNames, classNames, targetNames, imageShape, alpha, step }): shows a trace (the engine's
 * `trace` reply) from step `step` (default: the step shown before, else 0).
 * onStep({ index, step, overlay, unit }) after every change of step or unit (show included):
 * overlay is overlay.js traceOverlay for the network diagram.
 * The panel is a focusable region: the arrow keys move a step, Home and End to the ends.
 * @param {HTMLElement} host
 * @param {{ onStep?: (e: { index: number, step: import('../../state/trace-steps.js').TraceStep, overlay: import('./overlay.js').TraceOverlay, unit: number }) => void,
 *   interval?: number, setTimer?: (fn: () => void, ms: number) => unknown, clearTimer?: (id: unknown) => void }} [options]
 */
export function createTracePanel(host, { onStep = () => {}, interval = 1200, setTimer, clearTimer } = {}) {
  let trace = null;
  let names = {};
  let steps = [];
  let cursor = createStepCursor(1);
  const picked = new Map(); // column l -> the unit the user picked there

  const counter = h('span', { class: 'trace-counter' });
  const precision = h('span', { class: 'trace-precision', title: 'The precision the engine computed this trace in' });
  const title = h('h3', { class: 'trace-title' });
  const phase = h('span', { class: 'trace-phase' });
  const progress = h('ol', { class: 'trace-progress', 'aria-label': 'Steps' });
  const body = h('div', { class: 'trace-body' });
  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
  const prevButton = h('button', { type: 'button', class: 'btn trace-prev', onclick: () => manual(() => cursor.previous()) }, '← Previous');
  const playButton = h('button', { type: 'button', class: 'btn primary trace-play', 'aria-pressed': 'false', onclick: () => autoplay.toggle() }, 'Play');
  const nextButton = h('button', { type: 'button', class: 'btn trace-next', onclick: () => manual(() => cursor.next()) }, 'Next →');
  const empty = h('p', { class: 'trace-empty' }, 'Pick a point on the plane (or a sample of the data) to follow it through the network.');
  const content = h('div', { class: 'trace-content', hidden: true },
    h('div', { class: 'trace-head' }, phase, precision, counter),
    title,
    progress,
    body,
    h('div', { class: 'trace-controls' }, prevButton, playButton, nextButton));
  const el = h('section', { class: 'trace-panel', tabindex: '0', 'aria-label': 'Follow one input through the network', 'aria-roledescription': 'step-by-step trace' },
    h('h2', { class: 'trace-heading' }, 'Follow one input'),
    empty,
    content,
    live);
  host.append(el);

  const autoplay = createAutoplay({
    advance: () => cursor.next(),
    atEnd: () => cursor.atEnd,
    restart: () => cursor.go(0),
    interval,
    ...(setTimer ? { setTimer } : {}),
    ...(clearTimer ? { clearTimer } : {}),
    onChange: (playing) => {
      playButton.textContent = playing ? 'Pause' : 'Play';
      playButton.setAttribute('aria-pressed', String(playing));
    },
  });

  /** A move by the user: it stops the autoplay. */
  function manual(move) {
    autoplay.pause();
    move();
  }

  function onKey(e) {
    if (!trace || e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = { ArrowRight: () => cursor.next(), ArrowDown: () => cursor.next(), ArrowLeft: () => cursor.previous(), ArrowUp: () => cursor.previous(), Home: () => cursor.go(0), End: () => cursor.go(steps.length - 1) };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    manual(move);
  }
  el.addEventListener('keydown', onKey);

  function unitFor(step) {
    const column = unitColumn(trace, step);
    if (!column) return 0;
    const u = picked.get(step.layer);
    return u !== undefined && u < column.length ? u : largestAt(column);
  }

  function render(focusUnit = false) {
    const i = cursor.index;
    const step = steps[i];
    const unit = unitFor(step);
    counter.textContent = `Step ${i + 1} of ${steps.length}`;
    precision.textContent = trace.precision === 'float32' ? 'float32' : 'float64';
    phase.textContent = step.phase === 'forward' ? 'Forward pass' : 'Backpropagation';
    phase.dataset.phase = step.phase;
    title.textContent = step.title;
    for (const [k, dot] of [...progress.children].entries()) {
      if (k === i) dot.firstElementChild.setAttribute('aria-current', 'step');
      else dot.firstElementChild.removeAttribute('aria-current');
      dot.classList.toggle('done', k < i);
    }
    const ctx = {
      trace,
      step,
      names,
      name: unitNamer(trace, names),
      unit,
      alpha: names.alpha,
      pick: (j) => {
        picked.set(step.layer, j);
        render(true);
      },
    };
    body.replaceChildren(...VIEWS[step.kind](ctx).filter(Boolean));
    prevButton.disabled = cursor.atStart;
    nextButton.disabled = cursor.atEnd;
    el.dataset.step = String(i);
    live.textContent = `Step ${i + 1} of ${steps.length}: ${step.title}`;
    if (focusUnit) /** @type {HTMLElement} */ (body.querySelector('.trace-unit[aria-pressed="true"]'))?.focus();
    onStep({ index: i, step, overlay: traceOverlay(trace, step), unit });
  }

  function buildProgress() {
    progress.replaceChildren(...steps.map((s, k) =>
      h('li', { class: s.phase },
        h('button', { type: 'button', title: `Step ${k + 1}: ${s.title}`, 'aria-label': `Step ${k + 1}: ${s.title}`, onclick: () => manual(() => cursor.go(k)) }))));
  }

  return {
    el,
    /**
     * Shows a trace, from step `options.step` (else the step shown before, else the first).
     * @param {any} next the engine's trace reply
     * @param {{ featureNames?: string[], classNames?: string[], targetNames?: string[], imageShape?: number[], alpha?: number, step?: number | null }} [options]
     */
    show(next, options = {}) {
      const before = trace ? cursor.index : 0;
      const { step: at, ...rest } = options;
      const sameShape = trace && next.layers.length === trace.layers.length && next.layers.every((ly, l) => ly.a.length === trace.layers[l].a.length);
      if (!sameShape) picked.clear();
      trace = next;
      names = rest;
      steps = traceSteps(trace);
      cursor = createStepCursor(steps.length, { index: Number.isFinite(at) ? at : before, onChange: () => render() });
      buildProgress();
      empty.hidden = true;
      content.hidden = false;
      render();
    },
    /** Goes to step i (clamped); returns the step shown. */
    step(i) {
      if (trace) manual(() => cursor.go(i));
      return cursor.index;
    },
    next: () => manual(() => cursor.next()),
    previous: () => manual(() => cursor.previous()),
    play: () => trace && autoplay.play(),
    pause: () => autoplay.pause(),
    get index() {
      return cursor.index;
    },
    get count() {
      return steps.length;
    },
    get playing() {
      return autoplay.playing;
    },
    /** No input followed: the panel says how to pick one. */
    clear() {
      autoplay.pause();
      trace = null;
      steps = [];
      picked.clear();
      body.replaceChildren();
      content.hidden = true;
      empty.hidden = false;
      delete el.dataset.step;
    },
    destroy() {
      autoplay.stop();
      el.removeEventListener('keydown', onKey);
      el.remove();
    },
  };
}
