// What an embed shows: the panels and buttons it can name in show=, and their defaults.

export const EMBED_DEFAULT_SHOW = ['generator', 'noise', 'hidden_layer_sizes', 'activation', 'learning_rate_init'];
/** The panels an embed can show (show=plane,loss,...): the data plane, the loss chart, the network, the lesson's text. */
export const PANEL_IDS = ['plane', 'loss', 'network', 'lesson'];
/** The training bar's buttons an embed can show (show=play,step,...). */
export const BUTTON_IDS = ['play', 'step', 'reset', 'reseed'];
/** Without panels in show: the plane, and a lesson's text unfolded. */
export const EMBED_DEFAULT_PANELS = ['plane', 'lesson'];
/** Without buttons in show: Play, Step and Reset (a new seed is a choice of the teacher's). */
export const EMBED_DEFAULT_BUTTONS = ['play', 'step', 'reset'];

/**
 * What an embed shows, from its show= list: { controls, panels, buttons }. Panels and buttons
 * named in the list are the only ones shown; a list without any keeps their defaults (the panels
 * `mentioned` by a lesson step's text added); controls (parameters and the point editor) default
 * to EMBED_DEFAULT_SHOW when the list is empty.
 */
export function embedLayout(show = [], { mentioned = [] } = {}) {
  // A lesson step's text may name panels (the loss chart, the Network panel): without a choice of
  // the teacher's, they are shown too.
  const chosen = show.filter((id) => PANEL_IDS.includes(id));
  const panels = chosen.length ? chosen : PANEL_IDS.filter((id) => EMBED_DEFAULT_PANELS.includes(id) || mentioned.includes(id));
  const buttons = show.filter((id) => BUTTON_IDS.includes(id));
  const controls = show.filter((id) => !PANEL_IDS.includes(id) && !BUTTON_IDS.includes(id));
  return {
    controls: show.length ? controls : [...EMBED_DEFAULT_SHOW],
    panels,
    buttons: buttons.length ? buttons : [...EMBED_DEFAULT_BUTTONS],
  };
}
