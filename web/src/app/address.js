// The address (the share link) both ways: read once when the page loads (with what the tab kept
// of a link too long to carry everything), and written again, 150 ms after the last change of the
// config, so that the address bar is always a link to what the page shows.
import { createLinkKeeper } from './link-keeper.js';
import { decode, encodeLink } from '../state/url.js';

/**
 * Reads the page's address: { initial, ignored, epochs, left, keeper, kept }. initial: the config
 * (with the point edits and pins the tab kept for it, when the link left some out: kept);
 * ignored: what could not be used; epochs: the link's ep=; left: its lo= (what it left out);
 * keeper: the tab's store of what links leave out (link-keeper.js). win: the window.
 */
export function readAddress(win = window) {
  const { config: initial, ignored, epochs, left } = decode(win.location.search);
  // What the address could not carry (lo=) is kept in the tab: a reload finds it again.
  const keeper = createLinkKeeper({ storage: (() => {
    try {
      return win.sessionStorage;
    } catch {
      return null; // storage refused (a sandboxed frame): keep() says so
    }
  })(), path: win.location.pathname });
  const kept = keeper.take(initial, left);
  if (kept) {
    initial.data.edits = kept.edits;
    initial.pins = kept.pins;
  }
  return { initial, ignored, epochs, left, keeper, kept };
}

/**
 * createAddressWriter({ store, keeper, linkNote, win, setTimer, clearTimer, delay }) subscribes to
 * the store and rewrites the address `delay` ms after the last change (history.replaceState, and
 * only when it differs). What it cannot carry (a link stays under 8 KB) is kept in the tab and the
 * link note says so. The address carries the epoch the run has reached while it rests (ep=: a
 * reload or a copied address trains to it again); not while it plays, which would rewrite it many
 * times a second. Returns {
 *   start(epochs): writes the address now, as the page reads it (with the link's epochs);
 *   followRun(status): the session's status (rewrites when the resting epoch changes);
 *   writeNow(epochs): writes it at once. }
 */
export function createAddressWriter({ store, keeper, linkNote, win = window, delay = 150,
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) }) {
  let timer = 0;
  let urlEpochs = 0;

  function writeNow(epochs = urlEpochs) {
    const { origin, pathname, hash } = win.location;
    const config = store.get();
    const { query, left, length } = encodeLink(config, { epochs, prefix: origin.length + pathname.length + hash.length + 1 });
    const next = `${pathname}?${query}${hash}`;
    if (next !== `${pathname}${win.location.search}${hash}`) win.history.replaceState(null, '', next);
    if (left) linkNote.update(left, { length, kept: keeper.keep(config, left.key) });
    else {
      keeper.clear();
      linkNote.update(null);
    }
  }

  function write() {
    clearTimer(timer);
    timer = setTimer(() => writeNow(), delay);
  }

  store.subscribe(() => write());

  return {
    writeNow,
    start(epochs) {
      writeNow(epochs);
      urlEpochs = epochs;
    },
    followRun(status) {
      const epochs = status.ready && !status.playing ? status.epoch : 0;
      if (epochs === urlEpochs) return;
      urlEpochs = epochs;
      write();
    },
  };
}
