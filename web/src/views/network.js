// The network as a diagram, left to right: inputs, hidden layers, outputs. Links are the
// weights (width by |w| relative to the layer's largest, colour by sign); each hidden unit is a
// thumbnail of its activation over the input plane and each output unit a tile of what it
// computes there (output-tiles.js), both enlarged in a popup on hover or keyboard focus. A
// link pointed at (or walked to with Enter and the arrow keys) shows its weight and the units
// it joins (link-geometry.js finds it). Layers wider than 12 units show their first and last
// 5 units and a "+N more" marker. setTrace(overlay) shows one input's trace on it (issue 14,
// views/trace/overlay.js): the links carry the trace's values (w a forward, the gradients back)
// instead of the weights and the units it reached are ringed with their a or delta; without a
// trace the diagram is drawn as before.
//
// Drawing is split by how often things change: the headers, labels, markers and node borders
// are cached in layers (redrawn when the size or the architecture changes); an update draws
// the links into a layer of their own, one path per colour and width bucket, and the
// thumbnails and output tiles, painted with one putImageData into an atlas each and copied
// from it. prepare() draws the pictures and the links ahead, a few layers of weights per
// call, so that a page can spread an update over several animation frames before render()
// puts the picture together.
//
// Its parts, in network/: the architecture and names (architecture.js), the layout
// (geometry.js), the pictures (pictures.js), the links (links.js), the units and words
// (painting.js), the popup's contents (popup.js), the pointer and keys (interaction.js) and a
// trace's marks on the units (trace-marks.js).

import { BACKGROUND, FONT_FAMILY, INK_MUTED, createLayer, createScheduler, fitCanvas, observeResize, timed } from './canvas-util.js';
import { taskQueue } from '../ui/tasks.js';
import { createPopup } from './network-popup.js';
import { createOutputTiles, outputKind } from './output-tiles.js';
import { divergingLut } from './palette.js';
import { networkLabel, weightOffsets } from './network/architecture.js';
import { computeGeometry, findNode } from './network/geometry.js';
import { attachInteraction } from './network/interaction.js';
import { drawLink, drawLinks } from './network/links.js';
import { drawHeaders, drawLabels, drawMarkers, drawNodeBorder, drawNodeContents, drawRing } from './network/painting.js';
import { paintFeatures, paintThumbnails } from './network/pictures.js';
import { drawPopup } from './network/popup.js';
import { drawTraceMarks, traceFits } from './network/trace-marks.js';

/** A step of the diagram's own redraw draws links for this long (ms), then goes on in another task. */
const STEP_MS = 8;

export { collapsedUnits, featureOf, weightOffsets } from './network/architecture.js';

/**
 * createNetworkView(container) -> { update(net), resize, render, destroy }
 * net: { layerUnits, weights (the trained coefs_ then intercepts_, packed), units, unitsNx, unitsNy,
 *   inputLabels, outputLabels, outputs, outputsNx, outputsNy, outputsEpoch (output-tiles.js sampleOutputs), task
 *   ('classification' | 'regression'), outputRange (the regression colour scale [lo, hi]) };
 * update(null) clears the picture (no model: the data are not there yet).
 * The container gets a canvas filling it (give the container a CSS height), a popup canvas and
 * a screen-reader live region; it is focusable and arrow keys walk the units, Enter a unit's
 * links. Its data-outputs-epoch is the epoch of the output tiles on screen.
 */
export function createNetworkView(container) {
  const doc = container.ownerDocument;
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  if (container.clientHeight < 40) container.style.minHeight = '260px';
  const canvas = doc.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', display: 'block' });
  const popup = createPopup(doc);
  const live = doc.createElement('div');
  live.setAttribute('aria-live', 'polite');
  Object.assign(live.style, {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  });
  container.append(canvas, popup.el, live);
  const addedTabIndex = !container.hasAttribute('tabindex');
  if (addedTabIndex) container.tabIndex = 0;
  if (!container.hasAttribute('role')) container.setAttribute('role', 'group');
  container.setAttribute('aria-roledescription', 'network diagram');

  const ctx = canvas.getContext('2d');
  const layer = doc.createElement('canvas'); // the diagram without highlight (while highlighting)
  const layerCtx = layer.getContext('2d');
  // The links (transparent elsewhere), drawn a layer of weights at a time.
  const links = doc.createElement('canvas');
  const linksCtx = links.getContext('2d', { willReadFrequently: true });
  // The last complete links picture, shown while the next one is drawn a layer per frame: a
  // weight update that lands mid-way never forces every link to be drawn in one frame.
  const shownLinks = doc.createElement('canvas');
  const shownCtx = shownLinks.getContext('2d');
  const base = createLayer(doc); // background and column headers
  const overlay = createLayer(doc); // node borders, "+N more" markers, input and output labels
  const atlas = doc.createElement('canvas'); // unit thumbnails stacked vertically
  const features = doc.createElement('canvas'); // input feature thumbnails
  const scheduler = createScheduler(render, 'network', { nextTask: taskQueue() }); // its own redraws in a task after the frame
  // The diagram's state, read by its parts (network/).
  const view = {
    canvas,
    container,
    popup,
    live,
    request: () => scheduler.request(),
    layerValid: false,
    // The links being drawn: layers before l and l's first a sources, for the layout `key` and
    // the update `version` the drawing began with.
    linksDrawn: { key: '', version: -1, l: 0, a: 0 },
    linksUnshown: false, // a complete links picture that render() has not put on screen
    prepared: false, // a caller draws through prepare(): render() need not paint new pictures
    shownKey: '', // the layout (geometry, scale, size) of shownLinks; '' for none
    geometryVersion: 0,
    netVersion: 0, // bumped by every update
    thumbsValid: false,
    thumbsJob: null, // { wanted, next, hiddenStart, plane, table } while thumbnails are painted
    atlas,
    atlasCtx: atlas.getContext('2d'),
    atlasImage: null,
    atlasPixels: null,
    features,
    featuresCtx: features.getContext('2d'),
    lut: divergingLut(1),
    net: null,
    offsets: null,
    size: null,
    geometry: null, // layout for the current size and architecture
    thumbs: new Map(), // "l:u" -> { row, min, max } (hidden units with a thumbnail)
    featureRows: new Map(), // input index -> row in `features`
    highlight: null, // { l, u }
    highlightBy: null, // 'pointer' | 'keyboard'
    // A link pointed at or walked to (never at the same time as a unit): { l, i, j, at: { x, y } }
    // joins unit i of layer l to unit j of layer l + 1; `at` is where on it the popup points.
    link: null,
    linkBy: null,
    walk: null, // a unit whose links the keyboard walks: { l, u, k } (k: the link's place in its list)
    outputTiles: createOutputTiles(doc),
    outputSource: null,
    shownOutputsEpoch: null,
    trace: null, // a trace's overlay (views/trace/overlay.js) while one is shown
  };
  const stopObserving = observeResize(container, () => resize());
  const detachInteraction = attachInteraction(view);

  // ---- drawing --------------------------------------------------------------------------

  /** What lies above the links and the pictures and changes only with the layout. */
  function drawOverlay(c) {
    for (const col of view.geometry.cols) for (const nd of col.nodes) drawNodeBorder(view, c, nd);
    drawMarkers(view, c);
    drawLabels(view, c);
  }

  function drawBase(c) {
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, view.size.width, view.size.height);
    drawHeaders(view, c);
  }

  // The cached layers for the current layout (each true when it had to be drawn).
  const layersKey = () => `${view.geometryVersion}|${view.size.dpr}`;
  const ensureBase = () => base.ensure(layersKey(), canvas.width, canvas.height, view.size.dpr, drawBase);
  const ensureOverlay = () => overlay.ensure(layersKey(), canvas.width, canvas.height, view.size.dpr, drawOverlay);

  /** The whole diagram: the cached base, the links, the pictures, the cached overlay. */
  function compose(c) {
    ensureBase();
    ensureOverlay();
    if (view.shownKey !== layoutKey()) {
      // Nothing to show for this layout yet: draw it all now.
      view.linksDrawn = { key: '', version: -1, l: 0, a: 0 };
      drawLinkLayers(Infinity);
    }
    view.linksUnshown = false;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(base.canvas, 0, 0);
    c.drawImage(shownLinks, 0, 0);
    c.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    drawNodeContents(view, c);
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(overlay.canvas, 0, 0);
    c.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    if (view.trace) drawTraceMarks(view, c);
  }

  /**
   * Brings the links layer up to date with the weights and the layout, a unit's outgoing
   * links at a time, each rasterized at once, until `deadline` (performance.now() ms; at
   * least one unit's). When the layer is complete it becomes the picture shown. Returns true
   * when it drew something.
   */
  function drawLinkLayers(deadline = Infinity) {
    const key = layoutKey();
    const { cols } = view.geometry;
    const last = cols.length - 1;
    const complete = view.linksDrawn.l >= last;
    // A new layout starts over at once; new weights wait for the drawing in progress to finish.
    if (view.linksDrawn.key !== key || (complete && view.linksDrawn.version !== view.netVersion)) {
      if (links.width !== canvas.width || links.height !== canvas.height) {
        links.width = canvas.width;
        links.height = canvas.height;
      } else {
        linksCtx.setTransform(1, 0, 0, 1, 0, 0);
        linksCtx.clearRect(0, 0, links.width, links.height);
      }
      view.linksDrawn = { key, version: view.netVersion, l: 0, a: 0 };
    } else if (complete) return false;
    linksCtx.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    do {
      const { l, a } = view.linksDrawn;
      drawLinks(view, linksCtx, null, l, l, a, a + 1);
      if (deadline !== Infinity) {
        // Canvas drawing is recorded and rasterized later, in the frame that shows it: a
        // one-pixel read rasterizes it now, so that the deadline bounds that work too.
        linksCtx.getImageData(0, 0, 1, 1);
      }
      view.linksDrawn = a + 1 < cols[l].nodes.length ? { ...view.linksDrawn, a: a + 1 } : { ...view.linksDrawn, l: l + 1, a: 0 };
    } while (view.linksDrawn.l < last && performance.now() < deadline);
    if (view.linksDrawn.l === last) showLinks();
    return true;
  }

  const layoutKey = () => `${view.geometryVersion}|${view.size.dpr}|${canvas.width}x${canvas.height}`;

  /** The links layer is complete: it becomes the picture that compose() shows. */
  function showLinks() {
    if (shownLinks.width !== links.width || shownLinks.height !== links.height) {
      shownLinks.width = links.width;
      shownLinks.height = links.height;
    } else {
      shownCtx.clearRect(0, 0, shownLinks.width, shownLinks.height);
    }
    shownCtx.drawImage(links, 0, 0);
    view.shownKey = layoutKey();
    view.linksUnshown = true;
    view.layerValid = false;
  }

  /**
   * The diagram is drawn into an offscreen layer when the network or the size changes; a
   * highlighted unit is drawn on top of a copy (a veil dims the other links), so hovering and
   * arrow keys cost a copy and a few strokes, not the hundreds of links. whole: the picture at
   * once (render() of the API), else a new layout may be drawn in steps (its own redraws).
   */
  function render(whole = false) {
    if (!view.size) view.size = fitCanvas(canvas);
    if (!view.size) return;
    if (!view.net) {
      ctx.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
      ctx.fillStyle = BACKGROUND;
      ctx.fillRect(0, 0, view.size.width, view.size.height);
      ctx.font = `14px ${FONT_FAMILY}`;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('The network appears here', view.size.width / 2, view.size.height / 2);
      view.popup.hide();
      return;
    }
    ensureGeometry();
    // Drawn at its own request (a new size, its first picture) with no links picture for this
    // layout yet: the base, the overlay and the links (a few units' at a time) a task each, as
    // prepare() turns would, until the picture can be composed; render() of the API draws it at once.
    if (!whole && view.shownKey !== layoutKey()) {
      const stepped = ensureBase() || ensureOverlay() || drawLinkLayers(performance.now() + STEP_MS);
      if (stepped && view.shownKey !== layoutKey()) {
        scheduler.request();
        return;
      }
    }
    // Newer pictures are painted in prepare() turns; render() paints only when there are none.
    if (!view.thumbsValid && (!view.prepared || !view.thumbs.size)) paintThumbnails(view);
    if (!view.outputTiles.valid && (!view.prepared || view.outputTiles.epoch === null)) view.outputTiles.paint();
    const nd = view.highlight && findNode(view, view.highlight.l, view.highlight.u);
    const ends = !nd && view.link ? [findNode(view, view.link.l, view.link.i), findNode(view, view.link.l + 1, view.link.j)] : null;
    if (!nd && !(ends?.[0] && ends[1])) {
      // Straight onto the screen; the highlight's copy is out of date from now on.
      compose(ctx);
      view.layerValid = false;
      drawPopup(view);
      markOutputs();
      return;
    }
    if (!view.layerValid || layer.width !== canvas.width || layer.height !== canvas.height) {
      if (layer.width !== canvas.width || layer.height !== canvas.height) {
        layer.width = canvas.width;
        layer.height = canvas.height;
      }
      compose(layerCtx);
      view.layerValid = true;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(layer, 0, 0);
    ctx.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.72)';
    ctx.fillRect(0, view.geometry.header - 4, view.size.width, view.size.height);
    if (nd) drawLinks(view, ctx, view.highlight);
    else drawLink(view, ctx, ends[0], ends[1]);
    drawNodeContents(view, ctx);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(overlay.canvas, 0, 0);
    ctx.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    if (view.trace) drawTraceMarks(view, ctx);
    if (nd) drawRing(view, ctx, nd);
    else for (const end of ends) drawRing(view, ctx, end, 1.5);
    drawPopup(view);
    markOutputs();
  }

  /** data-outputs-epoch: the epoch of the output tiles on screen (tests wait on it). */
  function markOutputs() {
    const epoch = view.outputTiles.epoch;
    if (epoch === view.shownOutputsEpoch) return;
    view.shownOutputsEpoch = epoch;
    if (epoch === null) delete container.dataset.outputsEpoch;
    else container.dataset.outputsEpoch = String(epoch);
  }

  /** The layout for the current size and architecture (a new one invalidates the cached layers). */
  /** The layout for the current size and architecture; true when it was computed anew. */
  function ensureGeometry() {
    if (view.geometry && view.geometry.width === view.size.width && view.geometry.height === view.size.height) return false;
    view.geometry = computeGeometry(view, ctx, view.size.width, view.size.height);
    view.geometryVersion += 1;
    view.thumbsValid = false;
    view.thumbsJob = null;
    view.layerValid = false;
    return true;
  }

  function describe() {
    container.setAttribute('aria-label', networkLabel(view));
  }

  /** The output tiles' source for an update: the same object while its outputs and colour scale are. */
  function outputSourceFor(next) {
    const nOut = next.layerUnits.at(-1);
    const { outputs, outputsNx: nx, outputsNy: ny } = next;
    if (!outputs || !(nx * ny > 0) || outputs.length !== nOut * nx * ny) return null;
    const k = outputKind(next.task, nOut);
    const range = k === 'regression' ? next.outputRange ?? null : null;
    const o = view.outputSource;
    if (o && o.outputs === outputs && o.kind === k && String(o.range) === String(range)) return o;
    return { outputs, outputsNx: nx, outputsNy: ny, outputsEpoch: next.outputsEpoch ?? null, kind: k, range };
  }

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    view.size = next;
    view.layerValid = false;
    view.request();
  }

  return {
    update(next) {
      if (next === null && view.net) {
        view.net = null;
        view.highlight = null;
        container.setAttribute('aria-label', 'Network: none yet');
        view.request();
        return;
      }
      if (!next?.layerUnits?.length) return;
      const archChanged =
        !view.net ||
        view.net.layerUnits.length !== next.layerUnits.length ||
        view.net.layerUnits.some((n, l) => n !== next.layerUnits[l]) ||
        String(view.net.inputLabels) !== String(next.inputLabels) ||
        String(view.net.outputLabels) !== String(next.outputLabels);
      const unitsChanged = next.units !== view.net?.units || next.unitsNx !== view.net?.unitsNx || next.unitsNy !== view.net?.unitsNy;
      view.net = { ...next, layerUnits: Array.from(next.layerUnits) };
      view.layerValid = false;
      // The thumbnails are painted when drawn (once, however many updates came in between).
      if (unitsChanged) view.thumbsValid = false;
      view.outputSource = outputSourceFor(view.net);
      view.outputTiles.set(view.outputSource);
      if (archChanged) {
        view.offsets = weightOffsets(view.net.layerUnits);
        view.geometry = null;
        if (view.highlight && !(view.highlight.l < view.net.layerUnits.length && view.highlight.u < view.net.layerUnits[view.highlight.l])) view.highlight = null;
        view.link = null;
        view.walk = null;
        if (view.trace && !traceFits(view.trace, view.net.layerUnits)) view.trace = null;
        paintFeatures(view);
        describe();
      }
      view.netVersion += 1;
      view.request();
    },
    resize,
    /**
     * Shows a trace's step on the diagram (overlay: views/trace/overlay.js traceOverlay, for the
     * architecture shown), or none (null): the links and units as without a trace.
     * @param {import('./trace/overlay.js').TraceOverlay | null} overlay
     */
    setTrace(overlay) {
      const next = overlay && view.net && traceFits(overlay, view.net.layerUnits) ? overlay : null;
      if (next === view.trace) return;
      view.trace = next;
      view.layerValid = false;
      // The links are drawn again, all at once in the next render (a click's worth of change,
      // like a new layout) or from the start by prepare(): never half with the old values.
      view.linksDrawn = { key: '', version: -1, l: 0, a: 0 };
      view.shownKey = '';
      view.request();
    },
    render: () => scheduler.flush(),
    /**
     * Draws part of the latest update ahead of render() (a new layout's base or overlay layer,
     * thumbnails and output tiles until `deadline`, in performance.now() ms, or a layer of links)
     * and has the browser rasterize it now; returns
     * true when it did something, false when all is ready for render(). A page that calls
     * prepare() once per animation frame until it returns false, then render(), spreads the
     * diagram's drawing over a few frames. The caller draws: the redraw that update()
     * scheduled is cancelled.
     */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!view.net) return false;
      if (!view.size) view.size = fitCanvas(canvas);
      if (!view.size) return false;
      view.prepared = true;
      return timed('network-prepare', () => {
        // A new layout (its units placed, their labels measured), its base and its overlay, a
        // turn each (drawing them and the diagram at once made one long task), rasterized now
        // as the links are.
        if (ensureGeometry()) return true;
        if (ensureBase()) return Boolean(base.context.getImageData(0, 0, 1, 1));
        if (ensureOverlay()) return Boolean(overlay.context.getImageData(0, 0, 1, 1));
        if (view.linksUnshown) return false; // a complete links picture to show first
        if (!view.thumbsValid || !view.outputTiles.valid) {
          timed('network-thumbs', () => paintThumbnails(view, deadline) && view.outputTiles.paint(deadline));
          return true; // the links in a later frame: one piece of work per frame
        }
        return timed('network-links', () => drawLinkLayers(deadline));
      });
    },
    /** True while newer weights or pictures than those shown wait to be drawn (call prepare() again). */
    get busy() {
      return (
        Boolean(view.net && view.size && view.geometry) &&
        (!view.thumbsValid || !view.outputTiles.valid || view.linksDrawn.version !== view.netVersion || view.linksDrawn.l < view.geometry.cols.length - 1)
      );
    },
    destroy() {
      scheduler.cancel();
      stopObserving();
      detachInteraction();
      canvas.remove();
      view.popup.el.remove();
      view.live.remove();
      if (addedTabIndex) container.removeAttribute('tabindex');
    },
  };
}
