// The page inside a course page's iframe (embed=1): one screen whatever the frame's size. The
// training bar stays on top, the lesson card under it (folded to one line unless its text is a
// chosen panel), then the chosen panels (the data plane, the loss chart, the network) beside the
// chosen controls. The frame's height is shared out: the panels take what the bar and the card
// leave, and only the column of controls scrolls. Locked controls say so. The "Follow one input"
// card is a panel of its own while it is open (a link with tr=, or the Follow button under the
// network diagram when the embed shows it).
import { PARAM_BY_ID } from '../state/config.js';
import { h } from '../ui/dom.js';

const BUTTON_LABELS = { play: 'Play', step: 'Step', reset: 'Reset', reseed: 'New seed', edit: 'point editing' };

/** A control's name as the page shows it (scikit-learn's where it has one). */
export const controlLabel = (id) => PARAM_BY_ID[id]?.label ?? BUTTON_LABELS[id] ?? id;

/** The note under the embed's controls naming what the course page has locked, or '' for none. */
export function lockedNote(lock) {
  if (!lock?.length) return '';
  return `Locked by the page that embeds this playground: ${lock.map(controlLabel).join(', ')}.`;
}

/** The gap between panels, in px (the CSS's). */
const GAP = 10;

/**
 * How n panels fit a width x height area: { cols, cell } with cell the panels' height, for the
 * number of columns whose panels have the largest smaller side.
 */
export function panelGrid(n, width, height) {
  let best = { cols: 1, cell: height, side: -1 };
  for (let cols = 1; cols <= Math.max(1, n); cols += 1) {
    const rows = Math.ceil(Math.max(1, n) / cols);
    const w = (width - GAP * (cols - 1)) / cols;
    const cell = (height - GAP * (rows - 1)) / rows;
    const side = Math.min(w, cell);
    if (side > best.side) best = { cols, cell, side };
  }
  return { cols: best.cols, cell: best.cell };
}

/**
 * createEmbed({ embed, layout, controls, parts, openHref }) -> { el: [elements for the root] }
 * embed: config.embed ({ show, lock }); layout: what to show (embedLayout of its show= list, with
 * the lesson step's panels); controls: the page's controls (app/controls.js);
 * parts: { banners, trainingBar (its element), lessonCard, live, plane: [elements],
 * chart, network, control(id) -> element, trace ({ card }: the trace card's element, shown as a
 * panel while not hidden; optional) };
 * openHref: the same page, not embedded.
 */
export function createEmbed({ embed, layout, controls, parts, openHref }) {
  const strip = h('div', { class: 'embed-controls' });
  for (const id of new Set(layout.controls)) {
    const el = parts.control(id);
    if (el) strip.append(el);
  }
  const note = lockedNote(embed.lock.filter((id) => id !== 'edit' || layout.controls.includes('edit')));
  if (note) strip.append(h('p', { class: 'embed-locked', 'data-locked': embed.lock.join(',') }, note));

  // The training bar shows the chosen buttons only.
  for (const id of ['play', 'step', 'reset', 'reseed']) {
    for (const c of controls.get(id)) c.el.hidden = !layout.buttons.includes(id);
  }
  parts.trainingBar.append(h('a', { class: 'embed-open', href: openHref, target: '_blank', rel: 'noopener' }, 'Open in MLP Playground ↗'));

  const panelEls = {
    plane: () => h('div', { class: 'embed-panel embed-plane', 'data-panel': 'plane' }, ...parts.plane),
    loss: () => h('div', { class: 'embed-panel embed-loss', 'data-panel': 'loss', role: 'group', 'aria-label': 'Loss and score' }, parts.chart),
    network: () => h('div', { class: 'embed-panel embed-network', 'data-panel': 'network', role: 'group', 'aria-label': 'Network' },
      parts.network),
  };
  const shown = layout.panels.filter((id) => panelEls[id]);
  const panels = h('div', { class: 'embed-panels', dataset: { count: String(shown.length) } }, ...shown.map((id) => panelEls[id]()));
  const card = parts.trace?.card ?? null;
  // The card's panel is in the grid only while the card is open.
  const tracePanel = card ? h('div', { class: 'embed-panel embed-trace', 'data-panel': 'trace' }, card) : null;
  if (tracePanel && !card.hidden) panels.append(tracePanel);
  /** The panels shown now: the trace card's while it is open. */
  const count = () => shown.length + (tracePanel?.isConnected ? 1 : 0);
  const main = h('main', { class: 'embed-main', id: 'main', dataset: { controls: String(strip.childElementCount > 0) } }, panels, strip);
  if (!strip.childElementCount) strip.hidden = true;

  // The panels share what the bar and the card leave of the frame: a grid of as many columns as
  // makes the smallest panel largest (CSS variables --cols and --panel-h).
  function share() {
    const n = count();
    panels.dataset.count = String(n);
    const style = getComputedStyle(main);
    const height = main.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const narrow = window.matchMedia('(max-width: 620px)').matches;
    const { cols, cell } = panelGrid(n, panels.clientWidth, narrow ? Math.min(height, panels.clientWidth) * n : height);
    main.style.setProperty('--cols', String(cols));
    main.style.setProperty('--panel-h', `${Math.max(160, Math.floor(cell))}px`);
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(share).observe(main);
  // The card opens and closes (a pick, its close button): its panel follows, the others make room.
  if (tracePanel && typeof MutationObserver === 'function') {
    new MutationObserver(() => {
      if (tracePanel.isConnected === !card.hidden) return;
      if (card.hidden) tracePanel.remove();
      else panels.append(tracePanel);
      share();
    }).observe(card, { attributes: true, attributeFilter: ['hidden'] });
  }
  controls.lock(embed.lock);
  return { el: [parts.banners, parts.trainingBar, parts.lessonCard, main, parts.live] };
}
