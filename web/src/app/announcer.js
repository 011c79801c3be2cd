// What screen readers hear: one polite live region; announce(text) says text there.
import { h } from '../ui/dom.js';

/**
 * createAnnouncer({ frame }) -> { el, announce(text) }. el: the hidden live region the page
 * appends; announce empties it, then sets the text on the next frame (frame: the scheduler,
 * requestAnimationFrame in the page), so that a repeated text is heard again.
 */
export function createAnnouncer({ frame = (fn) => requestAnimationFrame(fn) } = {}) {
  const el = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    announce(text) {
      el.textContent = '';
      frame(() => {
        el.textContent = text;
      });
    },
  };
}
