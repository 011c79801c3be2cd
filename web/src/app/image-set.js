// The Data panel's card for an image set (Fashion-MNIST): what it is and why the page offers it
// instead of MNIST, its credit and licence, and while the engine's worker fetches it a progress
// bar (bytes and percent) with a Cancel button. Stateless between calls: update() is given the
// config and the session's imageLoad ({ set, loaded, total } or null) each time.
import { FASHION_CREDIT, FASHION_NOTE, generatorOf } from '../state/config.js';
import { h } from '../ui/dom.js';

const MB = 1e6;
const mb = (bytes) => (bytes / MB).toFixed(1);

/**
 * The words of the progress: "12.3 of 56.5 MB (22%)"; before the manifest gives the total, "Starting…".
 * @param {{ loaded: number, total: number } | null} load
 */
export function progressText(load) {
  if (!load || !(load.total > 0)) return 'Starting…';
  const pct = Math.floor((100 * load.loaded) / load.total);
  return `${mb(load.loaded)} of ${mb(load.total)} MB (${pct}%)`;
}

/**
 * createImageSetInfo({ onCancel }) -> { el, update(config, imageLoad) }
 * @param {{ onCancel: () => void }} handlers
 */
export function createImageSetInfo({ onCancel }) {
  const bar = /** @type {HTMLProgressElement} */ (h('progress', { class: 'image-load-bar', max: '1', value: '0', 'aria-label': 'Fashion-MNIST loading' }));
  const text = h('span', { class: 'image-load-text', 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', class: 'btn small', 'data-action': 'cancel-load', onclick: () => onCancel() }, 'Cancel');
  const progress = h('div', { class: 'image-load', 'data-testid': 'image-load', hidden: true },
    h('span', { class: 'image-load-title' }, 'Loading Fashion-MNIST into the engine: '), bar, text, cancel);
  const el = h('div', { class: 'image-set-info', 'data-testid': 'image-set-info', hidden: true },
    h('p', {}, FASHION_NOTE),
    h('p', { class: 'hint attribution' }, FASHION_CREDIT, ' ',
      h('a', { href: 'data/fashion-mnist/LICENSE.txt', target: '_blank', rel: 'noopener' }, 'Licence text'), ' · ',
      h('a', { href: 'https://github.com/zalandoresearch/fashion-mnist', target: '_blank', rel: 'noopener' }, 'github.com/zalandoresearch/fashion-mnist')),
    progress);
  return {
    el,
    update(config, load) {
      const g = generatorOf(config);
      el.hidden = !g.images;
      const loading = Boolean(g.images && load && load.set === g.images);
      progress.hidden = !loading;
      if (!loading) return;
      bar.max = load.total > 0 ? load.total : 1;
      bar.value = load.total > 0 ? load.loaded : 0;
      const words = progressText(load);
      if (text.textContent !== words) text.textContent = words;
    },
  };
}
