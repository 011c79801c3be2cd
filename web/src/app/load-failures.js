// What the page does when one of its own files cannot load (offline, the server down):
// a bundled dataset (iris, digits) or the engine (engine/mlp.js, mlp.wasm). It says so in
// a banner that names what failed, offers Retry, and retries by itself when the browser
// says the network is back (the 'online' event). A dataset that cannot load leaves the
// page as it was before the switch: the previous data and run (trained again to the epoch
// it had reached), never a model for the new data on the old data.
import { GENERATORS, imagesOf, tableOf } from '../state/config.js';
import { isNetworkMessage } from '../data/network.js';

const label = (key) => GENERATORS[key]?.label ?? key;

/**
 * createLoadFailures({ store, session, banner, toast, restoreRun(prev, epochs), win })
 * Returns {
 *   noteChange(prev, next, epochs): called for every change the user makes (not the page's
 *     own), with the epoch the run had reached: remembers a switch to a bundled table;
 *   dataFailed({ key, error }): the session's onDataFailed;
 *   engineFailed(error): an engine that could not load (the worker or its files); returns the
 *     banner's action (Retry) for main's engine banner;
 *   engineReady(): the engine is up again. }
 */
export function createLoadFailures({ store, session, banner, toast, restoreRun, win = window }) {
  let lastSwitch = null; // { key, prev, epochs }: the last change to a bundled table that is not known to load
  let failed = null; // { key, wentBack }: the dataset that failed, until it loads or the user picks another
  let engineDown = false;

  function noteChange(prev, next, epochs) {
    if (next.data.generator === prev.data.generator) return;
    // Another dataset chosen: a failed one is no longer asked for.
    if (failed) {
      failed = null;
      banner.clear('data-load');
    }
    // A bundled table or an image set: files that may not load.
    const key = tableOf(next) ?? (imagesOf(next) ? next.data.generator : null);
    lastSwitch = key && key !== 'csv' ? { key, prev, epochs } : null;
  }

  function dataFailed({ key, error }) {
    const from = lastSwitch?.key === key ? lastSwitch : null;
    lastSwitch = null;
    // Back to the previous state, unless that was a table that did not load either.
    const back = from && from.prev.data.generator !== failed?.key ? from.prev : null;
    if (back) {
      toast.hide(); // its Undo was for the switch that is being undone
      restoreRun(back, from.epochs);
    }
    failed = { key, wentBack: Boolean(back) };
    // Cancel (an image set's loading bar): the user's choice, said as such; Load again retries.
    if (error.cancelled) {
      failed = { key, wentBack: Boolean(back), cancelled: true };
      banner.show(back ? `Loading ${label(key)} cancelled: back to ${label(back.data.generator)}` : `Loading ${label(key)} cancelled`, [], {
        kind: 'warning',
        id: 'data-load',
        action: { label: 'Load again', onClick: retryData },
      });
      return;
    }
    const lines = [error.message];
    if (error.network) lines.push('It is tried again when the network returns, or now with Retry.');
    banner.show(back ? `The ${label(key)} dataset could not load: back to ${label(back.data.generator)}`
      : `The ${label(key)} dataset could not load`, lines, {
      kind: 'error',
      id: 'data-load',
      action: { label: 'Retry', onClick: retryData },
    });
  }

  function retryData() {
    const f = failed;
    if (!f) return;
    failed = null;
    banner.clear('data-load');
    // Gone back: choose the dataset again (it loads, or fails and goes back again).
    if (f.wentBack) store.set('data.generator', f.key);
    else session.retryData();
  }

  function retryEngine() {
    if (!engineDown) return;
    engineDown = false;
    banner.clear('engine-error');
    session.retryEngine();
  }

  function engineFailed(error) {
    engineDown = true;
    return { label: 'Retry', onClick: retryEngine, network: isNetworkMessage(error.message) };
  }

  win.addEventListener('online', () => {
    if (failed && !failed.cancelled) retryData();
    retryEngine();
  });

  return {
    noteChange,
    dataFailed,
    engineFailed,
    engineReady() {
      engineDown = false;
    },
  };
}
