// The session's drawing in turns (frames.js): one frame task per view, each drawing the latest
// state when its turn comes, and the training bar's status taking its turn too.

const STATUS_MS = 100; // the training bar's numbers, at most this often while training plays

/**
 * createSessionDrawing({ s, views, frames, feeds, showStatus }) -> { draw, requestTables(),
 * requestNetwork(), emit(), emitProgress(), idle() }.
 * draw: the frame tasks by view (request() marks one to be drawn); emit(): the bar shows the
 * status in the next frame; emitProgress(): at most every STATUS_MS; idle(): nothing is waiting
 * to be drawn or shown.
 * @param {{ s: object, views: object, frames: object, feeds: object, showStatus: () => void }} deps
 */
export function createSessionDrawing({ s, views, frames, feeds, showStatus }) {
  const requestTables = () => {
    s.tablesStale = true;
    draw.tables.request();
  };
  const requestNetwork = () => {
    s.networkStale = true;
    draw.network.request();
  };

  const draw = {
    // The data plane in turns: the new grid's heatmap and contour, a few rows per turn (each
    // turn stops at its deadline), then the picture.
    boundary: frames.task('boundary', (deadline) => {
      if (s.pendingGrid) views.boundary?.setGrid(s.pendingGrid);
      s.pendingGrid = null;
      if (views.boundary?.prepare?.(deadline)) return true;
      views.boundary?.render();
      return Boolean(views.boundary?.busy); // a newer grid came while painting: its turn next
    }),
    // The network in a few turns: the thumbnails, then the links, a unit's links at a time
    // until the turn's deadline (prepare), then the picture.
    network: frames.task('network', (deadline) => {
      if (s.networkStale) {
        s.networkStale = false;
        feeds.updateNetwork();
        return true; // the new weights' pictures from the next turn: a new architecture's update is a turn's work
      }
      if (views.network?.prepare?.(deadline)) return true;
      views.network?.render();
      return Boolean(views.network?.busy); // newer weights came while drawing: their turn next
    }),
    // The hidden features panel (when shown): its tiles until the turn's deadline, then the picture.
    features: frames.task('features', (deadline) => {
      if (views.features?.prepare?.(deadline)) return true;
      views.features?.render();
      return false;
    }),
    // Data with more than two inputs: the test set's numbers, the weight pictures and the gallery.
    // One view per turn (a big test set's tables and scatter take a few milliseconds each); an
    // update that comes meanwhile starts the sequence again at its end.
    tables: frames.task('tables', (deadline) => {
      if (s.tablesStage === 0) {
        s.tablesStale = false;
        feeds.updateTables();
        s.tablesStage = 1;
        return true; // the scores of a big test set are a turn's work: the rest in the next turns
      }
      const tableViews = [views.testset, views.weights, views.activating, views.gallery];
      if (s.tablesStage === 1) {
        const more = tableViews.map((v) => v?.prepare?.(deadline)).some(Boolean);
        if (more) return true;
        s.tablesStage = 2;
      }
      tableViews[s.tablesStage - 2]?.render?.();
      s.tablesStage = s.tablesStage === tableViews.length + 1 ? 0 : s.tablesStage + 1;
      return s.tablesStage !== 0 || s.tablesStale;
    }),
    // A table's principal components, a turn at a time (showTable).
    pca: frames.task('pca', (deadline) => Boolean(s.tableJob?.(deadline))),
    chart: frames.task('chart', () => {
      feeds.updateChart();
      views.chart?.render();
    }),
    // The gradient norms per layer: one more view taking its turn.
    gradients: frames.task('gradients', () => {
      feeds.updateGradients();
      views.gradients?.render();
    }),
  };

  // The training bar takes its turn with the views too: each change costs a style, layout and
  // paint pass of the page. While training plays, the progress replies (dozens a second) are
  // shown about ten times a second; anything else at once.
  const statusTask = frames.task('status', () => {
    s.statusShownAt = performance.now();
    showStatus();
  });
  const emit = () => {
    clearTimeout(s.statusTimer);
    s.statusTimer = 0;
    statusTask.request();
  };
  const emitProgress = () => {
    if (statusTask.dirty || s.statusTimer) return;
    const wait = s.statusShownAt + STATUS_MS - performance.now();
    if (wait <= 0) statusTask.request();
    else {
      s.statusTimer = setTimeout(() => {
        s.statusTimer = 0;
        statusTask.request();
      }, wait);
    }
  };

  return {
    draw,
    requestTables,
    requestNetwork,
    emit,
    emitProgress,
    idle: () => frames.idle && !s.statusTimer,
  };
}
