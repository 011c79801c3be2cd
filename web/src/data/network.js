// What a failed request of the page's own files (a bundled dataset, the engine) tells
// the user: a request that never reached the server is a network problem, said in those
// words with what was being loaded, and marked (error.network) so that the page offers
// to retry it, and retries it by itself when the browser says the network is back.

/**
 * An Error for a request that did not reach the server: what (the thing being loaded, e.g.
 * 'the iris dataset'), url (shown as given) and the browser's own words (cause).
 * online: navigator.onLine (false: "you seem to be offline"; true: the server or the way
 * to it is down). The result has network: true.
 */
export function networkError(what, url, cause, online = globalThis.navigator?.onLine ?? true) {
  const why = online ? 'the network or the server is down' : 'you seem to be offline';
  const detail = cause ? ` (${String(cause?.message ?? cause)})` : '';
  const error = /** @type {Error & { network?: boolean }} */ (new Error(`could not reach the server to load ${what} from ${url}: ${why}${detail}`));
  error.network = true;
  return error;
}

/** True for an error made by networkError (a request that never reached the server). */
export const isNetworkError = (error) => Boolean(error?.network);

/**
 * fetch(url) that turns a request that fails before any answer (fetch rejects: offline, no
 * server, a refused connection) into networkError(what, ...), and an answer that is not
 * ok into an Error naming what, the URL and the HTTP status. Resolves to the Response.
 */
export async function fetchOrExplain(what, url, { fetch = globalThis.fetch, shown = String(url) } = {}) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw networkError(what, shown, e);
  }
  if (!response.ok) throw new Error(`could not load ${what} from ${shown}: HTTP ${response.status}`);
  return response;
}

/** True for the text of a networkError's message (an error that crossed from the worker as text). */
export const isNetworkMessage = (text) => /could not reach the server/.test(String(text ?? ''));
