// A change that throws a trained run away can be undone: its toast says what changed and the
// epoch the run had reached, and Undo puts the config back and trains again to that epoch
// (training is deterministic, so this is the run that was thrown away). New data that drop the
// point edits say so in the same toast.
import { changeKind } from '../state/engine-requests.js';
import { GENERATORS } from '../state/generators.js';
import { sameValue } from '../state/values.js';
import { fmtInt } from '../ui/dom.js';

/**
 * What a config change is, in a few words: 'Point added', 'New dataset (Circles)', 'alpha changed', ...
 * kind: changeKind(prev, next).
 */
export function describeChange(prev, next, kind) {
  if (kind.data) {
    if (next.data.generator !== prev.data.generator) return `New dataset (${GENERATORS[next.data.generator]?.label ?? next.data.generator})`;
    const changed = ['n_samples', 'noise', 'factor', 'centers', 'cluster_std', 'n_features', 'test_size']
      .filter((k) => !sameValue(prev.data[k], next.data[k]));
    return changed.length === 1 ? `${changed[0]} changed` : 'New data';
  }
  if (kind.edits) {
    const [a, b] = [prev.data.edits, next.data.edits];
    const count = (e) => e.added.length - e.removed.length;
    return count(b) > count(a) ? 'Point added' : count(b) < count(a) ? 'Point removed' : 'Points changed';
  }
  if (kind.features) return 'New input features';
  const keys = Object.keys(next.model).filter((k) => !sameValue(prev.model[k], next.model[k]));
  if (prev.precision !== next.precision) keys.push('precision');
  if (keys.length === 1) return keys[0] === 'random_state' ? 'New random_state' : `${keys[0]} changed`;
  return 'New settings';
}

/**
 * createRunUndo({ store, session, undo, toast, announce, tools, comparing, noteChange })
 * undo: the point edits' undo stack; tools(): the point tools (or null); comparing(): a
 * comparison is training (its changes offer no undo); noteChange(prev, next, epochs): told of
 * every change the user makes (load-failures.js). Subscribes to the store. Returns {
 *   restoreRun(prev, epochs, editOnly): puts `prev` back and trains again to `epochs`;
 *   editsDropped(sameKind, edits): keepValidEdits' onDropped (new data dropped point edits);
 *   runStarted(): the session started a new run (the config's next change is counted again). }
 */
export function createRunUndo({ store, session, undo, toast, announce, tools, comparing, noteChange }) {
  let runChanged = false; // the config changed since the current run started (set before the new run replies)
  // The page's own changes (a comparison's runs, an undo) offer no undo.
  let quiet = false;
  // What new data did to the point edits: said in the toast of the change.
  let editsNote = '';

  function editsDropped(sameKind, edits) {
    undo.clear();
    tools()?.setUndoAvailable(false);
    if (edits.removed.length || !sameKind) {
      editsNote = sameKind ? 'the removed points are back; your added points stay' : 'your point edits were cleared';
    }
  }

  /**
   * Puts back the config before a change and trains again to the epoch the run had reached:
   * training is deterministic (the same config gives the same data, initial weights and
   * shuffles), so this is the run that was thrown away. A point edit is put back through the
   * point-edit undo stack (so Ctrl+Z goes on from there); other edits are set after the data
   * (new data would drop them otherwise).
   */
  function restoreRun(prev, epochs, editOnly) {
    quiet = true;
    try {
      if (editOnly) {
        const top = undo.pop();
        if (top && sameValue(top, prev.data.edits)) {
          // Undoing the edit just made: its entry is spent.
        } else {
          if (top) undo.push(top);
          undo.push(store.get().data.edits); // undoing an undo: Ctrl+Z can take it back again
        }
        store.set('data.edits', prev.data.edits);
        tools()?.setUndoAvailable(undo.size > 0);
      } else {
        store.replace({ ...prev, data: { ...prev.data, edits: { added: [], removed: [] } } });
        store.set('data.edits', prev.data.edits);
      }
    } finally {
      quiet = false;
    }
    if (epochs > 0) {
      session.trainTo(epochs, { fromStart: true }).then(
        () => announce(`Back at epoch ${epochs}`),
        (e) => toast.show(`The run could not be trained again to epoch ${epochs}: ${e.message}`, { error: true, ms: 6000 }));
    }
  }

  store.subscribe((next, prev) => {
    const note = editsNote;
    editsNote = '';
    const kind = changeKind(prev, next);
    if (!(kind.model || kind.data || kind.edits || kind.features)) return;
    // Until the new run's first reply, the session's epoch is the old run's: count it once. A
    // diverged or collapsed run is not worth an undo (a stalled one, which trains on, is).
    const epochs = runChanged || session.status.problem?.pauses ? 0 : session.status.epoch;
    runChanged = true;
    if (quiet || comparing()) return;
    noteChange(prev, next, epochs);
    const what = describeChange(prev, next, kind);
    if (epochs > 0) {
      const editOnly = kind.edits && !kind.data && !kind.model && !kind.features;
      toast.show(`${what}: the run trained to epoch ${fmtInt(epochs)} starts again${note ? `, and ${note}` : ''}.`, {
        action: { label: 'Undo', onClick: () => restoreRun(prev, epochs, editOnly) },
      });
    } else if (note) {
      toast.show(`${what}: ${note}.`, { action: { label: 'Undo', onClick: () => restoreRun(prev, 0, false) } });
    }
  });

  return {
    restoreRun,
    editsDropped,
    runStarted() {
      runChanged = false;
    },
  };
}
