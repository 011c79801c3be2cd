// The "Follow one input" card under the network diagram (issue 14): the trace panel
// (views/trace/panel.js), what was picked in one line, a close button, the previous and next
// data points (buttons, and [ and ] while the card has focus) and the engine's refusal of a trace.
// The card shows once it is opened (the Follow button, a pick, a link); closing it clears the
// network diagram's overlay and the plane's marker. app/trace-follow.js decides what it shows.
import { h } from '../ui/dom.js';
import { createTracePanel } from '../views/trace/panel.js';

/**
 * createTraceCard({ onClose, onMove, onStep }) -> { el, panel, open(), reveal(), show(trace, options), clear(),
 *   setPick(pick, words, canMove), setError(message | null), trace, isOpen }
 * onClose(): the close button; onMove(delta): the previous (-1) or next (+1) data point;
 * onStep({ index, step, overlay, unit }): the panel's step (its overlay is the diagram's).
 * @param {{ onClose: () => void, onMove: (delta: number) => void, onStep: (e: any) => void }} handlers
 */
export function createTraceCard({ onClose, onMove, onStep }) {
  let trace = null;
  let picked = null; // the pick named in the note
  let shownFor = null; // the pick whose trace the panel shows
  // Until the engine answers for a new pick, the panel still shows the last one's numbers: the
  // card says so (aria-busy, the numbers faded) rather than put them under the new pick's name.
  const markBusy = () => el.toggleAttribute('aria-busy', Boolean(picked) && picked !== shownFor);
  const note = h('p', { class: 'trace-note', 'aria-live': 'polite' });
  const error = h('p', { class: 'trace-error', role: 'alert', hidden: true });
  const prev = h('button', { type: 'button', class: 'btn small trace-point-prev', title: 'The previous data point ([)',
    onclick: () => onMove(-1) }, '[ Previous point');
  const next = h('button', { type: 'button', class: 'btn small trace-point-next', title: 'The next data point (])',
    onclick: () => onMove(1) }, 'Next point ]');
  const points = h('div', { class: 'trace-points', hidden: true }, prev, next);
  const close = h('button', { type: 'button', class: 'btn small trace-close', 'aria-label': 'Close Follow one input',
    title: 'Stop following this input', onclick: () => onClose() }, '✕');
  const el = h('section', { class: 'trace-card', hidden: true, 'aria-label': 'Follow one input' });
  const panel = createTracePanel(el, { onStep });
  // The panel's heading gets the close button beside it, and under it what is followed.
  const heading = panel.el.querySelector('.trace-heading');
  const head = h('div', { class: 'trace-card-head' });
  heading.replaceWith(head);
  head.append(heading, close);
  head.after(note, points, error);

  el.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== '[' && e.key !== ']')) return;
    if (points.hidden) return;
    e.preventDefault();
    onMove(e.key === '[' ? -1 : 1);
  });

  return {
    el,
    panel,
    /** Shows the card (empty: the panel says to pick a point). */
    open() {
      el.hidden = false;
    },
    /** Scrolls the card into view when none of it is on screen (a pick on a phone, where it is far below the plane). */
    reveal() {
      const r = el.getBoundingClientRect();
      const height = el.ownerDocument.defaultView?.innerHeight ?? 0;
      if (!el.hidden && (r.top >= height || r.bottom <= 0)) el.scrollIntoView({ block: 'nearest' });
    },
    /** Shows a trace (the engine's reply); options as panel.show's, and epoch: the update it follows. */
    show(next, options = {}) {
      const { epoch, ...rest } = options;
      trace = next;
      shownFor = picked;
      markBusy();
      el.hidden = false;
      el.dataset.epoch = epoch === null || epoch === undefined ? '' : String(epoch);
      el.dataset.output = Array.from(next.output.values).join(' ');
      panel.show(next, rest);
    },
    /** Nothing followed: the card hides, the panel empties. */
    clear() {
      trace = null;
      picked = null;
      shownFor = null;
      markBusy();
      panel.clear();
      el.hidden = true;
      delete el.dataset.output;
    },
    /**
     * What is followed: pick (app/trace-follow.js) and its words (without a pick: what to do, or the plane's default); canMove(delta) enables the point buttons.
     * @param {any} pick
     * @param {string} words
     * @param {(delta: number) => boolean} [canMove]
     */
    setPick(pick, words, canMove = () => false) {
      picked = pick ?? null;
      markBusy();
      note.textContent = pick ? `Following ${words}.` : words || 'Click a point of the plane: Edit points is on Follow.';
      points.hidden = !pick?.source;
      const unit = pick?.row?.length > 2 ? 'sample' : 'point'; // data with more inputs: a table's row, an image
      prev.textContent = `[ Previous ${unit}`;
      next.textContent = `Next ${unit} ]`;
      prev.title = `The previous data ${unit} ([)`;
      next.title = `The next data ${unit} (])`;
      prev.disabled = !canMove(-1);
      next.disabled = !canMove(1);
      if (pick) el.hidden = false;
    },
    setError(message) {
      error.hidden = !message;
      error.textContent = message ? `The engine could not follow this input: ${message}` : '';
    },
    /** The trace shown (for tests, read only), or null. */
    get trace() {
      return trace;
    },
    get isOpen() {
      return !el.hidden;
    },
  };
}
