// Point editing on the data plane: a click adds a point (of the chosen class, or with the
// chosen value), Erase (or Alt/Ctrl/Cmd-click) and a long press remove the nearest one; every
// edit goes on the undo stack (Ctrl+Z, the Undo button) and is said to screen readers. In Follow
// mode a click edits nothing: it picks the input that "Follow one input" traces.
import { nearestRow, removeDisplayed } from './edits.js';
import { isPlanar, nClassesOf, nFeaturesOf, taskOf } from '../state/queries.js';
import { roundCoord } from '../state/url.js';

/** The point tools before the data panel has said what they are. */
const NO_TOOL = { mode: 'add', cls: 0, value: 0, chosen: false };

/**
 * Why a press on the plot may not edit the points, or null when it may: not with the tools at
 * Off, and a finger (or a pen) only in a mode the user chose (on a touch screen a tap is too
 * easily made by accident, and a new point throws the trained run away). The text says how to edit.
 * tool: { mode: 'add' | 'erase' | 'off', chosen }; event: the pointer event (its pointerType).
 */
export function editRefusal(tool, event) {
  const touch = event?.pointerType === 'touch' || event?.pointerType === 'pen';
  if (tool.mode !== 'off' && (!touch || tool.chosen)) return null;
  return touch ? 'Taps on the plot do not edit it: choose Add or Erase in Edit points first.'
    : 'Clicks on the plot do not edit it: Edit points is Off.';
}

/**
 * The point a click at (x, y) adds: [x, y, class] for a classifier (Shift: the next class),
 * [x, y] on 1-D data (x the input, y the target), [x, y, value] for a regression of the plane.
 * Coordinates are rounded as the link writes them.
 */
export function pointToAdd(config, tool, x, y, shiftKey = false) {
  if (taskOf(config) === 'classification') {
    const k = nClassesOf(config);
    const cls = shiftKey ? (k === 2 ? 1 - tool.cls : (tool.cls + 1) % k) : tool.cls;
    return [roundCoord(x), roundCoord(y), cls];
  }
  if (nFeaturesOf(config) === 1) return [roundCoord(x), roundCoord(y)];
  return [roundCoord(x), roundCoord(y), roundCoord(tool.value)];
}

/**
 * createPointEditing({ store, session, controls, undo, toast, announce, tools, follow })
 * undo: the edits' undo stack (edits.js createUndo); tools(): the data panel's point tools, or
 * null before they exist; follow(x, y, near): a press in Follow mode (near: the shown data point
 * there, { index, part }, or null). Returns {
 *   add(x, y, event, near): a press on the plot at (x, y) (adds, erases in Erase mode, follows in Follow mode);
 *   remove(index, part, event): a long press on displayed point `index` of `part` ('train' | 'test');
 *   undo(): takes the last edit back; clear(): removes every edit (one undo step);
 *   set(edits): sets the edits as one undo step. }
 */
export function createPointEditing({ store, session, controls, undo, toast, announce, tools, follow = null }) {
  const syncUndo = () => tools()?.setUndoAvailable(undo.size > 0);

  function set(next) {
    undo.push(store.get().data.edits);
    store.set('data.edits', next);
    syncUndo();
  }

  function mayEdit(tool, event) {
    const refusal = editRefusal(tool, event);
    if (refusal) toast.show(refusal, { action: { label: 'Add points', onClick: () => tools()?.setMode('add') }, ms: 5000 });
    return !refusal;
  }

  function add(x, y, event, near = null) {
    if (controls.isLocked('edit')) return;
    const config = store.get();
    const tool = tools()?.get() ?? NO_TOOL;
    if (tool.mode === 'follow') {
      follow?.(x, y, near); // edits nothing, so a tap needs no choice first (on a PCA plane: its data points)
      return;
    }
    if (!isPlanar(config)) return; // a PCA plane has no points to add
    if (!mayEdit(tool, event)) return;
    const display = session.display;
    if (tool.mode === 'erase' || event?.altKey || event?.ctrlKey || event?.metaKey) {
      if (!display) return;
      const r = session.rect;
      const sx = r ? r.xMax - r.xMin : 1;
      const sy = r ? r.yMax - r.yMin : 1;
      const k = nearestRow(display.arrays, x, y, { radius: 0.04, sx, sy, onlyTrain: !config.view.showTest });
      if (k >= 0) set(removeDisplayed(config.data.edits, display.origin, k));
      return;
    }
    const edits = config.data.edits;
    const point = pointToAdd(config, tool, x, y, Boolean(event?.shiftKey));
    set({ ...edits, added: [...edits.added, point] });
    announce(`Point added at ${point.join(', ')}`);
  }

  function remove(index, part, event) {
    if (controls.isLocked('edit') || !isPlanar(store.get())) return;
    const tool = tools()?.get() ?? { mode: 'add', chosen: false };
    if (tool.mode === 'follow' || !mayEdit(tool, event)) return; // a long press too; Follow removes nothing
    const display = session.display;
    if (!display) return;
    const k = part === 'test' ? display.trainCount + index : index;
    set(removeDisplayed(store.get().data.edits, display.origin, k));
    announce('Point removed');
  }

  return {
    add,
    remove,
    set,
    undo() {
      const prev = undo.pop();
      if (prev) store.set('data.edits', prev);
      syncUndo();
    },
    clear: () => set({ added: [], removed: [] }),
  };
}
