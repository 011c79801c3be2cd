// Where everything goes on the page: the full page (header, banners, the training bar, the
// lesson card, the five columns of panels, the footer) or an embed (app/embed.js: the bar, the
// lesson card and the chosen panels and controls).
import { createEmbed } from './embed.js';
import { createEssentials } from './essentials.js';
import { createHyperPanel } from './hyper-panel.js';
import { createLessons, lessonCard } from './lessons-panel.js';
import { embedLayout } from '../state/embed-layout.js';
import { PARAM_BY_ID } from '../state/params.js';
import { h } from '../ui/dom.js';

/** The page's address without the embed's own keys: "Open the full playground". */
export function fullHrefOf(href) {
  const full = new URL(href);
  for (const key of ['embed', 'show', 'lock', 'autoplay']) full.searchParams.delete(key);
  return full.href;
}

/**
 * layOutPage({ root, initial, store, controls, views, parts, dataPanel, trainingBar, linkNote,
 *   headerActions, layers, cards, banners, live, href, doc }) builds the panels and appends the
 * page (or the embed) to root. parts: view-setup.js's elements; cards: compare-cards.js's;
 * href: the page's address; tunePanel: the Tune panel (app/tune-panel.js), under the workspace; traceCard: the "Follow one input" card (app/trace-card.js), under the
 * diagram with the button that starts following (startFollowing). Returns { viewOptions, later }:
 * the data plane's options (shown with it), and the functions that append the rest of the page,
 * to be called in order, a frame apart (the embed has none).
 */
export function layOutPage({ root, initial, store, controls, views, parts, dataPanel, trainingBar, linkNote, headerActions,
  layers, cards, banners, live, href, traceCard = null, startFollowing = () => {}, tunePanel = null, doc = document }) {
  const embed = initial.embed.enabled;
  const { planeNote, csvPrompt, boundaryBox, tableViews, chartBox, networkBox, featuresCard } = parts;
  const followButton = () => h('div', { class: 'trace-start' },
    h('button', { type: 'button', class: 'btn small', 'data-action': 'follow', onclick: startFollowing,
      title: 'Clicks on the plane (or on a row of the Samples table) follow that input through the network, step by step' }, 'Follow one input'),
    h('span', { class: 'panel-sub' }, 'Click a point of the plane, or a row of the Samples table: its way forward and back, with the numbers.'));
  const viewOptions = h('div', { class: 'view-options' }, controls.field('showTest', { compact: true }).el,
    controls.field('discretize', { compact: true }).el);
  // The Output panel: the data plane (the page's largest picture), its legend, the point tools
  // that act on it right under it, and the curves.
  const outputPanel = h('section', { class: 'panel output-panel', 'aria-labelledby': 'output-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'output-title', class: 'panel-title' }, 'Output'),
      viewOptions),
    planeNote,
    csvPrompt,
    boundaryBox,
    views.legend?.plane,
    dataPanel.tools.el,
    linkNote.el,
    tableViews,
    h('div', { class: 'panel-head chart-head' },
      h('h3', { class: 'panel-subtitle' }, 'Loss and score'),
      controls.field('logScale', { compact: true }).el),
    cards.pinBar(),
    chartBox);

  // The Network panel: the one hidden_layer_sizes editor, the diagram, and what the layers do
  // (their features and their gradients). The batch-size lesson goes under the Data panel.
  const networkPanel = h('section', { class: 'panel network-panel', 'aria-labelledby': 'network-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'network-title', class: 'panel-title' }, 'Network'),
      h('p', { class: 'panel-sub' }, 'Point at (or tap) a neuron to see what it computes over the plane.')),
    layers.el,
    networkBox,
    traceCard && !embed ? followButton() : null,
    embed ? null : traceCard?.el,
    views.legend?.network,
    featuresCard,
    cards.gradientsCard());

  // In an embed the card folds to a line, and starts folded unless its text is a chosen panel; the
  // panels its step points to are shown unless the teacher chose others (then it says what is missing).
  const embedded = embed ? embedLayout(initial.embed.show, { mentioned: lessonCard(initial)?.mentioned.map((p) => p.id) ?? [] }) : null;
  const embedPanels = embedded?.panels ?? null;
  const fullHref = fullHrefOf(href);
  const lessons = createLessons({ store, foldable: embed, folded: embed && !embedPanels.includes('lesson'), panels: embedPanels, openHref: fullHref });
  const headerEl = h('header', { class: 'site-header' },
    h('div', { class: 'brand' },
      h('h1', {}, 'MLP Playground'),
      h('p', { class: 'tagline' }, "scikit-learn's MLPClassifier and MLPRegressor, training in your browser")),
    h('div', { class: 'header-lessons' }, lessons.menu.el),
    headerActions.el);

  /** @type {Array<() => void>} the parts appended later, one per frame (main.js) */
  const later = [];
  if (!embed) {
    // The columns are filled one at a time, the plot's first: the first layout of the
    // whole page is several times a frame's work, and each part's layout then has a frame of its own.
    const column = (cls, ...content) => {
      const col = h('div', { class: `col ${cls}` });
      return { col, fill: () => col.append(...content) };
    };
    const output = column('col-output', outputPanel);
    const data = column('col-data', dataPanel.el, h('section', { class: 'panel batch-panel', 'aria-label': 'Batch size' }, cards.batchCard()));
    const network = column('col-network', networkPanel);
    const hyperPanel = createHyperPanel({ controls, store, layers: layers.el });
    const hyper = column('col-hyper', hyperPanel.el);
    const top = column('col-top', createEssentials({ controls, store }).el);
    later.push(output.fill, top.fill, data.fill, network.fill, () => {
      hyper.fill();
      hyperPanel.fillFirst();
    }, hyperPanel.fillRest);
    const footer = () => h('footer', { class: 'site-footer' },
      h('p', {}, 'Training runs in a Web Worker on a C++ port of scikit-learn 1.2\'s MLP compiled to WebAssembly. ',
        'float64 reproduces scikit-learn\'s numbers; the link (Copy link) reproduces this exact run.'),
      h('p', { class: 'kbd-help' }, h('kbd', {}, 'Space'), ' play/pause · ', h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Z'), ' undo a point edit'));
    root.append(
      headerEl,
      banners,
      trainingBar.el,
      lessons.card,
      h('main', { class: 'workspace', id: 'main' },
        top.col,
        data.col,
        network.col,
        output.col,
        hyper.col),
      live);
    later.push(() => live.before(...[tunePanel ? h('div', { class: 'tune-area' }, tunePanel) : null, footer()].filter(Boolean)));
    followBarHeight(trainingBar.el, doc);
  } else {
    // Embed mode (app/embed.js): the training bar, the lesson card and the chosen panels and controls.
    const { el } = createEmbed({
      embed: initial.embed,
      layout: embedded,
      controls,
      openHref: fullHref,
      parts: {
        banners,
        trainingBar: trainingBar.el,
        lessonCard: lessons.card,
        live,
        plane: [planeNote, csvPrompt, boundaryBox, views.legend?.plane, tableViews].filter(Boolean),
        chart: chartBox,
        network: h('div', { class: 'embed-network-box' }, networkBox, traceCard ? followButton() : null),
        // The card shows as a panel while open: a link's tr=, or the Follow button under the diagram.
        trace: traceCard ? { card: traceCard.el } : undefined,
        control: (id) => {
          if (id === 'hidden_layer_sizes') return layers.el;
          if (id === 'edit') return dataPanel.tools.el;
          if (id === 'derived') return dataPanel.el.querySelector(`[data-control="${id}"]`);
          return PARAM_BY_ID[id] ? controls.field(id, { compact: true }).el : null;
        },
      },
    });
    root.append(...el);
  }
  return { viewOptions, later };
}

/**
 * Scrolling to a control (Tab, "Go to ...", a link to a panel) stops below the sticky training
 * bar rather than under it: --bar-height follows the bar's height while it is sticky.
 */
function followBarHeight(bar, doc) {
  if (typeof ResizeObserver !== 'function') return;
  new ResizeObserver(() => {
    const sticky = getComputedStyle(bar).position === 'sticky';
    doc.documentElement.style.setProperty('--bar-height', `${sticky ? Math.ceil(bar.offsetHeight) : 0}px`);
  }).observe(bar);
}
