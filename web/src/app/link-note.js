// The note under the point tools when the address cannot carry everything (url.js encodeLink
// left something out): how much it carries, its length, the limit, where the rest is kept, and
// a button for what carries it all (the data as CSV).
import { leftWords, limitWords } from './link-keeper.js';
import { fmtInt, h } from '../ui/dom.js';

/** Why a link is short, in one sentence with the figures. */
export const limitReason = (length) =>
  `Links are kept under ${limitWords()} so that every server and browser opens them (this one is ${fmtInt(length)}).`;

/**
 * createLinkNote({ downloadData }) -> { el, update(left, { length, kept }) }
 * update(null) hides the note; left: encodeLink's left; kept: whether the tab keeps the rest.
 */
export function createLinkNote({ downloadData }) {
  const text = h('span', { class: 'link-note-text' });
  const button = h('button', { type: 'button', class: 'btn small', 'data-action': 'download-data', onclick: downloadData }, 'Download data (CSV)');
  const el = h('p', { class: 'link-note', role: 'status', hidden: true }, text, ' ', button);
  let shown = '';
  return {
    el,
    update(left, { length = 0, kept = false } = {}) {
      const next = left
        ? `The address carries ${leftWords(left)}. ${limitReason(length)} ` +
          (kept ? 'All of them are kept in this tab, so a reload keeps them. '
            : 'This tab could not keep the rest (its storage is off or full): download the data before you reload. ') +
          'To share them all, download the data as CSV: "Your CSV" in the Data panel loads it back.'
        : '';
      if (next === shown) return;
      shown = next;
      text.textContent = next;
      el.hidden = !next;
    },
  };
}
