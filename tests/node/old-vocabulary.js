// The page's names before issue 13's one vocabulary, and what they are now: for the fixtures
// recorded before the rename (tests/fixtures/lesson-configs.json, old-links.json), whose configs
// use the old state paths and control ids.

/** Old state paths -> their paths now. */
export const RENAMED_PATHS = { 'data.seed': 'data.random_state', 'data.testFraction': 'data.test_size' };
/** Old control ids (embed show= and lock=) -> their ids now. */
export const RENAMED_IDS = {
  data_seed: 'data_random_state',
  test_fraction: 'test_size',
  features: 'derived',
  stop_at_fit: 'stopAtFit',
  show_test: 'showTest',
  log_scale: 'logScale',
};

const renameId = (id) => RENAMED_IDS[id] ?? id;

/** A config of the old vocabulary in today's: the same values under the new names. */
export function inVocabulary(config) {
  const { seed, testFraction, ...data } = config.data;
  const out = { ...config, data: { ...data, random_state: seed, test_size: testFraction } };
  if (config.embed) out.embed = { ...config.embed, show: config.embed.show.map(renameId), lock: config.embed.lock.map(renameId) };
  return out;
}

/** Flattened config paths ({ 'data.seed': 3, 'embed.show': [...] }) of the old vocabulary in today's. */
export function pathsInVocabulary(paths) {
  const out = {};
  for (const [path, value] of Object.entries(paths)) {
    const renamed = RENAMED_PATHS[path] ?? path;
    out[renamed] = path === 'embed.show' || path === 'embed.lock' ? value.map(renameId) : value;
  }
  return out;
}
