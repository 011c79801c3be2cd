// What a link cannot carry is kept in the tab: when the address leaves point edits or pinned
// runs out (url.js encodeLink: lo=...KEY), they are written to sessionStorage under the page's
// path, and a reload of that address (same KEY) puts them back. sessionStorage lives as long as
// the tab, survives reloads, and is never sent anywhere. No DOM beyond the storage given.
import { MAX_LINK_LENGTH, checkPoints, checkRemoved, keepKey } from '../state/url.js';
import { fmtInt } from '../ui/dom.js';

const PREFIX = 'mlp-playground.kept:';

/**
 * createLinkKeeper({ storage, path }) -> { keep(config, key), take(config, left), clear() }
 * storage: a Storage (sessionStorage) or null (storage refused: nothing is kept, keep says so).
 */
export function createLinkKeeper({ storage, path }) {
  const name = `${PREFIX}${path}`;
  return {
    /** Keeps config's edits and pins under key; false when the storage refuses (full, or off). */
    keep(config, key) {
      try {
        storage.setItem(name, JSON.stringify({ key, edits: config.data.edits, pins: config.pins ?? [] }));
        return true;
      } catch {
        return false;
      }
    },
    /**
     * The edits and pins kept for a link that left some out (left: decode's left), checked as a
     * link's are against config's data; null when none are kept for its key.
     */
    take(config, left) {
      if (!left) return null;
      try {
        const kept = JSON.parse(storage.getItem(name) ?? 'null');
        if (!kept || kept.key !== left.key) return null;
        const ignored = [];
        const edits = {
          added: checkPoints(Array.isArray(kept.edits?.added) ? kept.edits.added : [], config, ignored),
          removed: checkRemoved(Array.isArray(kept.edits?.removed) ? kept.edits.removed : [], config, ignored),
        };
        const restored = { ...config, data: { ...config.data, edits }, pins: Array.isArray(kept.pins) ? kept.pins : [] };
        // The key covers what was kept: damaged or stale storage is not used.
        if (ignored.length || keepKey(restored) !== left.key) return null;
        return { edits, pins: restored.pins };
      } catch {
        return null;
      }
    },
    clear() {
      try {
        storage.removeItem(name);
      } catch {
        // nothing kept
      }
    },
  };
}

const plural = (n, one, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;

/**
 * What a link leaves out, in words: "1,876 of the 6,000 added points" and so on, or '' when
 * nothing is (left: encodeLink's or decode's, with total).
 */
export function leftWords(left) {
  if (!left) return '';
  const total = left.total ?? {};
  const parts = [];
  if (left.added) {
    parts.push(total.added ? `${fmtInt(total.added - left.added)} of the ${plural(total.added, 'added point')}`
      : `${plural(left.added, 'added point')} fewer`);
  }
  if (left.removed) parts.push(total.removed ? `none of the ${plural(total.removed, 'removed point')}` : `${plural(left.removed, 'removed point')} fewer`);
  if (left.pins) parts.push(total.pins ? `${fmtInt(total.pins - left.pins)} of the ${plural(total.pins, 'pinned run')}` : `${plural(left.pins, 'pinned run')} fewer`);
  return parts.join(', ');
}

/** The limit, in words: "8,000 characters". */
export const limitWords = () => `${fmtInt(MAX_LINK_LENGTH)} characters`;
