// Comparing runs: the pin bar under the loss chart, and the two lesson cards that train several
// runs in turn (batch size: stochastic, mini-batch and full batch; gradients: a deep logistic
// and a deep ReLU network). One comparison runs at a time on the page.
import { h } from '../ui/dom.js';

/**
 * createCompareCards({ store, session, parts, gradCompare, gradients })
 * parts: the view elements (gradCanvas, gradCompareCanvas); gradCompare: the kept run's gradient
 * chart (or null); gradients(): the current run's gradient chart view (or null). Returns {
 *   pinBar(), batchCard(), gradientsCard(): each builds its element;
 *   comparing(): true while a comparison trains (its config changes offer no undo). }
 */
export function createCompareCards({ store, session, parts, gradCompare, gradients }) {
  const { gradCanvas, gradCompareCanvas } = parts;

  /** Trains the current configuration from its initial weights to `epochs`, as fast as it can. */
  const trainFromStart = (epochs) => session.trainTo(epochs, { fromStart: true });

  let comparing = false;
  /**
   * Runs a comparison (several trainings in turn, such as "Compare all three"): one at a time on
   * the page, whichever card it comes from, with the card's buttons disabled meanwhile, the pins
   * cleared first, and a failure told in `note`.
   */
  async function compareRuns(buttons, note, body) {
    if (comparing || !session.status.ready) return;
    comparing = true;
    buttons.forEach((b) => (b.disabled = true));
    try {
      store.set('pins', []);
      await body();
    } catch (e) {
      note.textContent = `Stopped: ${e.message}.`;
    } finally {
      comparing = false;
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  /**
   * Compare runs: "Pin run" keeps the current run's loss curve and decision boundary, drawn
   * dotted and dashed under the next runs (up to three; the link carries them).
   */
  function pinBar() {
    const note = h('span', { class: 'pin-note', role: 'status' });
    const pin = h('button', {
      type: 'button',
      class: 'btn small',
      'data-action': 'pin',
      title: 'Keep this run\'s loss curve and boundary to compare with the next runs',
      onclick: () => {
        if (!session.pin()) note.textContent = 'Train first: there is no loss curve to pin yet.';
      },
    }, 'Pin run');
    const clear = h('button', { type: 'button', class: 'btn small', 'data-action': 'clear-pins', onclick: () => session.clearPins() }, 'Clear pins');
    const sync = (config) => {
      const n = config.pins?.length ?? 0;
      clear.disabled = n === 0;
      note.textContent = n ? `${n} pinned: dotted curves, dashed boundaries` : '';
    };
    store.subscribe((next) => sync(next));
    sync(store.get());
    return h('div', { class: 'pin-bar' }, pin, clear, note);
  }

  /**
   * Batch size as a lesson: stochastic (1), mini-batch (32) and full-batch gradient descent on
   * the same data from the same initial weights, 30 epochs of sgd each; "Compare all three" runs
   * them one after the other and pins the first two, so the three loss curves overlay.
   */
  function batchCard() {
    const BATCH_EPOCHS = 30;
    const note = h('span', { class: 'pin-note', role: 'status' });
    const fullBatch = () => session.display?.trainCount ?? 1;
    const presets = [
      { id: 'batch-1', label: 'Stochastic (1)', size: () => 1 },
      { id: 'batch-32', label: 'Mini-batch (32)', size: () => 32 },
      { id: 'batch-full', label: 'Full batch', size: fullBatch },
    ];
    const apply = (preset) => store.update({
      'model.solver': 'sgd',
      'model.batch_size': preset.size(),
      'model.max_iter': BATCH_EPOCHS,
      'model.n_iter_no_change': 'inf',
      'model.early_stopping': false,
    });
    const compareAll = () => compareRuns(buttons, note, async () => {
      for (const [k, preset] of presets.entries()) {
        note.textContent = `Training ${preset.label.toLowerCase()} (${k + 1} of 3)...`;
        apply(preset);
        await trainFromStart(BATCH_EPOCHS);
        if (k < presets.length - 1) session.pin();
      }
      note.textContent = 'Dotted: the pinned stochastic and mini-batch runs; solid: full batch.';
    });
    const buttons = [
      ...presets.map((preset) => h('button', { type: 'button', class: 'btn small', 'data-preset': preset.id, onclick: () => apply(preset) }, preset.label)),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'compare-batches', onclick: compareAll }, 'Compare all three'),
    ];
    return h('details', { class: 'grad-card batch-card' },
      h('summary', { class: 'panel-subtitle' }, 'Batch size'),
      h('p', { class: 'panel-sub' },
        `One sample per step, 32, or the whole training set: sgd for ${BATCH_EPOCHS} epochs on the same data from the same weights. ` +
        'Small batches take many noisy steps per epoch; the full batch takes one smooth step.'),
      h('div', { class: 'grad-presets' }, ...buttons),
      note);
  }

  /**
   * The vanishing gradient: the gradient norm of every weight layer per epoch, and presets that
   * train a deep logistic and a deep ReLU network on the same data (normal config changes: the
   * link follows). "Compare both" trains one then the other for the same epochs and shows their
   * charts side by side (and pins the logistic run's loss curve).
   */
  function gradientsCard() {
    const COMPARE_EPOCHS = 30;
    const deep = (activation) => ({
      'model.hidden_layer_sizes': [16, 16, 16, 16, 16],
      'model.solver': 'sgd',
      'model.learning_rate_init': 0.1,
      'model.momentum': 0.9,
      'model.activation': activation,
    });
    const preset = (activation) => () => store.update(deep(activation));
    const note = h('span', { class: 'pin-note', role: 'status' });
    const compareBox = h('figure', { class: 'grad-compare', hidden: true },
      h('figcaption', { class: 'grad-caption' }, 'Deep logistic (kept)'),
      h('div', { class: 'grad-box' }, gradCompareCanvas));
    const currentCaption = h('figcaption', { class: 'grad-caption', hidden: true }, 'Current run');
    const compareBoth = () => compareRuns(buttons, note, async () => {
      for (const activation of ['logistic', 'relu']) {
        note.textContent = `Training the deep ${activation} network for ${COMPARE_EPOCHS} epochs...`;
        store.update({ ...deep(activation), 'model.max_iter': COMPARE_EPOCHS, 'model.n_iter_no_change': 'inf',
          'model.early_stopping': false });
        await trainFromStart(COMPARE_EPOCHS);
        if (activation === 'logistic') {
          gradCompare?.update(session.gradients() ?? {});
          session.pin();
        }
      }
      compareBox.hidden = false;
      currentCaption.hidden = false;
      currentCaption.textContent = 'Deep ReLU (current run)';
      gradCompare?.render();
      // The ReLU run's norms at once, as the logistic run's: the chart's own update waits for its
      // turn in the frames, and the note below would speak of a chart still empty.
      const relu = session.gradients();
      if (relu) gradients()?.update(relu);
      gradients()?.render();
      note.textContent = 'Left: logistic, its first layers stalled; right: ReLU, every layer learning.';
    });
    const buttons = [
      h('button', { type: 'button', class: 'btn small', 'data-preset': 'deep-logistic', onclick: preset('logistic') }, 'Deep logistic'),
      h('button', { type: 'button', class: 'btn small', 'data-preset': 'deep-relu', onclick: preset('relu') }, 'Deep ReLU'),
      h('button', { type: 'button', class: 'btn small', 'data-action': 'compare-gradients', onclick: compareBoth }, 'Compare both'),
    ];
    return h('details', { class: 'grad-card gradients-card', open: '' },
      h('summary', { class: 'panel-subtitle' }, 'Gradients per layer'),
      h('p', { class: 'panel-sub' }, 'Early layers of a deep logistic net learn slowly: their gradients vanish.'),
      h('div', { class: 'grad-presets' }, ...buttons),
      note,
      h('div', { class: 'grad-pair' },
        compareBox,
        h('figure', { class: 'grad-current' }, currentCaption, h('div', { class: 'grad-box' }, gradCanvas))));
  }

  return { pinBar, batchCard, gradientsCard, comparing: () => comparing };
}
