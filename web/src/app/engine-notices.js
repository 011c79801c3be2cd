// What the page says about the training engine: a setting it refused (with "Go to" the field),
// a run too large for its memory, an engine that could not load (with Retry), and a worker lost
// and restarted (engine/client.js), in banners and to screen readers.
import { controlIdOf } from './controls.js';

/**
 * createEngineNotices({ client, controls, banner, announce, engineFailed }) -> { onError(error) }
 * onError: the session's onError (an error reply of the engine); engineFailed(error): the load
 * failures' answer for an engine that could not load (its Retry action). Listens to the
 * client's 'lost', 'restored' and 'ready'.
 */
export function createEngineNotices({ client, controls, banner, announce, engineFailed }) {
  function onError(error) {
    const shown = controls.showError(error);
    if (error.request === 'export') return; // the export action reports it itself
    if (error.request === 'trace') return; // the "Follow one input" card shows it (app/trace-card.js)
    const id = controlIdOf(error);
    const field = id ? controls.get(id).find((c) => c.input && c.el.isConnected && !c.el.closest('[hidden]')) : null;
    const text = `${error.parameter && error.parameter !== 'memory' ? `${error.parameter}: ` : ''}${error.message}`;
    const engineDown = error.request === 'worker' || error.request === 'init';
    // An engine that could not load: Retry (and, for a network problem, again when the network returns).
    const retry = engineDown ? engineFailed(error) : null;
    const title = engineDown ? 'The training engine could not load'
      : error.parameter === 'memory' ? "Too large for the training engine's memory" : 'The engine refused this setting';
    banner.show(title, retry?.network ? [text, 'It is tried again when the network returns, or now with Retry.'] : [text], {
      kind: 'error',
      id: 'engine-error',
      action: retry ?? (shown && field ? { label: `Go to ${field.param?.label ?? id}`, onClick: () => {
        field.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
        field.input.focus({ preventScroll: true });
      } } : undefined),
    });
    announce(`Error: ${text}`);
  }

  /** Binds the banners of a lost worker; called once the session has its own listeners. */
  function listen() {
    // The worker lost and restarted: said in a banner (the training bar says it too), with Try
    // again once the page has stopped trying.
    client.on('lost', (m) => {
      const next = m.giveUp ? 'It failed again after restarting; the page has stopped trying.'
        : m.restoring ? 'Restarting it with your settings, data and run…' : 'Trying again…';
      banner.show(m.title, [m.text, next], {
        kind: 'error',
        id: 'engine-lost',
        // A file that did not arrive can be asked for again at once; a worker that keeps failing, once the page stops.
        action: m.giveUp ? { label: 'Try again', onClick: () => client.retry() }
          : m.cause === 'load' ? { label: 'Retry now', onClick: () => client.retry() } : undefined,
      });
      announce(`${m.title}. ${next}`);
    });
    client.on('restored', () => {
      banner.clear('engine-lost');
      announce('The training engine was restarted; your settings, data and run are back.');
    });
    client.on('ready', () => banner.clear('engine-lost'));
  }

  return { onError, listen };
}
