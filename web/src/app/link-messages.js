// What the page says about the link it was opened with: parts it could not use, work its author
// had that it could not carry, a CSV file it cannot carry; and a link made after training (ep=)
// trained again to its epoch.
import { fmtInt } from '../ui/dom.js';

/**
 * The banner for a link that left its author's work out (left: decode's lo=), as
 * { title, lines }: "Left out to keep the link under 8 KB: 1,876 added points, 1 pinned run."
 */
export function leftOutMessage(left) {
  const missing = [[left.added, 'added point'], [left.removed, 'removed point'], [left.pins, 'pinned run']]
    .filter(([n]) => n > 0).map(([n, what]) => `${fmtInt(n)} ${what}${n > 1 ? 's' : ''}`);
  return {
    title: 'This link could not carry all of its author\'s work; the rest is loaded.',
    lines: [
      `Left out to keep the link under 8 KB: ${missing.join(', ')}.`,
      'Ask its author for the data as a CSV file (Download data): "Your CSV" in the Data panel loads it.',
    ],
  };
}

/**
 * showLinkMessages({ link, store, session, banner, csvLoaded }) once the page is built. link:
 * address.js readAddress's result ({ initial, ignored, epochs, left, kept }); csvLoaded(): a CSV
 * file's rows are loaded (data/tables.js).
 */
export function showLinkMessages({ link, store, session, banner, csvLoaded }) {
  const { initial, ignored, epochs, left, kept } = link;
  // A link made after training (ep=): the same run, trained to the same epoch, then paused.
  if (epochs > 0 && !initial.embed.autoplay) {
    session.trainTo(epochs).catch((e) => banner.show('The run in this link could not be trained to its epoch', [e.message], { kind: 'warning', id: 'link-epochs' }));
  }
  if (ignored.length) {
    banner.show('Parts of this link could not be used; the rest is loaded.', ignored, { kind: 'warning', id: 'link' });
  }
  if (left && !kept) {
    const { title, lines } = leftOutMessage(left);
    banner.show(title, lines, { kind: 'warning', id: 'link-left' });
  }
  if (store.get().data.generator === 'csv' && !csvLoaded()) {
    banner.show('This link was made with a CSV file, which a link cannot carry.',
      ['Load the file in the Data panel (choose it, drop it there, or paste its text): every other setting is already loaded.'],
      { kind: 'warning', id: 'csv-link' });
  }
}
