// The page's keys: Space plays or pauses (outside text fields and buttons), Ctrl+Z (Cmd+Z)
// undoes the last point edit (outside text fields, whose own undo it leaves alone).
import { inTextField, isInteractive } from '../ui/dom.js';

/**
 * What a keydown does: 'toggle' (play/pause), 'undo' (a point edit) or null. canUndo: the point
 * edits' undo stack is not empty. A prevented key, or one pressed in an open dialog, does nothing.
 */
export function keyAction(e, { canUndo, dialogOpen = false }) {
  if (e.defaultPrevented || dialogOpen) return null;
  if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && !inTextField(e.target) && !isInteractive(e.target)) return 'toggle';
  if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && !inTextField(e.target) && canUndo) return 'undo';
  return null;
}

/**
 * bindKeyboard({ doc, controls, session, undo, undoEdit, announce }): listens on doc's keydown.
 * undo: the point edits' undo stack; undoEdit(): takes the last edit back.
 */
export function bindKeyboard({ doc = document, controls, session, undo, undoEdit, announce }) {
  doc.addEventListener('keydown', (e) => {
    const action = keyAction(e, { canUndo: undo.size > 0, dialogOpen: !e.defaultPrevented && Boolean(doc.querySelector('dialog[open]')) });
    if (action === 'toggle') {
      e.preventDefault();
      if (!controls.isLocked('play')) session.toggle();
    } else if (action === 'undo') {
      e.preventDefault();
      undoEdit();
      announce('Point edit undone');
    }
  });
}
