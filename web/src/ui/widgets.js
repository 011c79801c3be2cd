// Menus, dialogs, the toast, the message banner and the live region.
import { h, uniqueId } from './dom.js';

/**
 * A menu button. items: [{ label, hint?, onSelect }]. Keyboard: Enter/Space/ArrowDown
 * open it, arrows move, Escape closes and returns focus to the button.
 */
export function createMenu(label, items, { className = '' } = {}) {
  const id = uniqueId('menu');
  const button = h('button', { type: 'button', class: `btn ${className}`, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': id },
    label, h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
  const entries = items.map((item) =>
    h('button', { type: 'button', role: 'menuitem', tabindex: '-1', class: 'menu-item', onclick: () => { close(); item.onSelect(); } },
      h('span', {}, item.label), item.hint ? h('span', { class: 'menu-hint' }, item.hint) : null));
  const menu = h('div', { class: 'menu', role: 'menu', id, hidden: true, 'aria-label': label }, entries);
  const el = h('div', { class: 'menu-wrap' }, button, menu);

  function open(focusLast = false) {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    (focusLast ? entries.at(-1) : entries[0])?.focus();
    document.addEventListener('pointerdown', outside, true);
  }
  function close(refocus = false) {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', outside, true);
    if (refocus) button.focus();
  }
  function outside(e) {
    if (!el.contains(e.target)) close();
  }
  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open(e.key === 'ArrowUp');
    }
  });
  menu.addEventListener('keydown', (e) => {
    const i = entries.indexOf(document.activeElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = entries.length;
      entries[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n].focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? entries[0] : entries.at(-1)).focus();
    } else if (e.key === 'Tab') {
      close();
    }
  });
  return { el, button, close };
}

/**
 * A modal dialog (native <dialog>). Returns { el, open(), close(), body }.
 * @param {string} title
 * @param {{ className?: string, onClose?: () => void }} [options]
 */
export function createDialog(title, { className = '', onClose } = {}) {
  const titleId = uniqueId('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  const closeButton = h('button', { type: 'button', class: 'btn icon dialog-close', 'aria-label': 'Close', onclick: () => el.close() }, '×');
  const el = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, title), closeButton),
    body);
  el.addEventListener('close', () => onClose?.());
  // A click on the backdrop closes the dialog.
  el.addEventListener('click', (e) => {
    if (e.target === el) el.close();
  });
  document.body.append(el);
  return {
    el,
    body,
    open() {
      if (!el.open) el.showModal();
    },
    close: () => el.close(),
  };
}

/**
 * A short message at the bottom of the window (and said by screen readers), optionally with one
 * action: show(text, { action: { label, onClick } }) shows a button that runs onClick and closes
 * the toast. A toast with an action stays longer, and while the pointer or the focus is on it.
 */
export function createToast() {
  const text = h('span', { class: 'toast-text' });
  const button = h('button', { type: 'button', class: 'btn small toast-action', hidden: true });
  const el = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true }, text, button);
  let timer = 0;
  let ms = 0;
  let onAction = null;
  let held = false;
  document.body.append(el);
  const hide = () => {
    clearTimeout(timer);
    el.hidden = true;
    onAction = null;
  };
  const arm = () => {
    clearTimeout(timer);
    if (!held) timer = setTimeout(hide, ms);
  };
  button.addEventListener('click', () => {
    const fn = onAction;
    hide();
    fn?.();
  });
  /** @type {Array<[string, boolean]>} */
  const holds = [['pointerenter', true], ['pointerleave', false], ['focusin', true], ['focusout', false]];
  for (const [type, on] of holds) {
    el.addEventListener(type, () => {
      held = on;
      if (!el.hidden) arm();
    });
  }
  return {
    el,
    /**
     * @param {string} message
     * @param {{ error?: boolean, action?: { label: string, onClick: () => void } | null, ms?: number }} [options]
     */
    show(message, { error = false, action = null, ms: duration } = {}) {
      text.textContent = message;
      el.classList.toggle('error', error);
      button.hidden = !action;
      button.textContent = action?.label ?? '';
      onAction = action?.onClick ?? null;
      el.hidden = false;
      ms = duration ?? (action ? 8000 : 2600);
      arm();
    },
    hide,
  };
}

/**
 * The dismissible message banner: show(title, lines, { kind }) adds one message;
 * each has its own close button.
 */
export function createBanner(container) {
  return {
    /**
     * @param {string} title
     * @param {string[]} [lines]
     * @param {{ kind?: string, id?: string, action?: { label: string, onClick: () => void } }} [options]
     */
    show(title, lines = [], { kind = 'warning', id, action } = {}) {
      if (id) container.querySelector(`[data-banner="${id}"]`)?.remove();
      const item = h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status', dataset: id ? { banner: id } : {} },
        h('div', { class: 'banner-text' },
          h('strong', {}, title),
          lines.length ? h('ul', {}, lines.map((l) => h('li', {}, l))) : null,
          action ? h('button', { type: 'button', class: 'btn small banner-action', onclick: action.onClick }, action.label) : null),
        h('button', { type: 'button', class: 'btn icon', 'aria-label': 'Dismiss this message', onclick: () => item.remove() }, '×'));
      container.append(item);
      return item;
    },
    clear(id) {
      container.querySelector(`[data-banner="${id}"]`)?.remove();
    },
  };
}
