// The training session's state, shared by its parts (session.js and the session-*.js modules):
// the data shown, the latest replies of the worker, what waits to be drawn, and the bookkeeping
// of requests in flight. The run's status (what the bar shows) is run-state.js's.

/** A session's state before anything is loaded. */
export function createSessionState() {
  return {
    ready: false,
    base: null, // the engine's data reply for the generated set
    baseRun: -1, // the runId of the last generate request
    lastDataWasGenerate: false,
    display: null, // { arrays, origin, trainCount }
    rect: null,
    gridSpec: null,
    lastUpdate: null, // the latest update of the current run (its weights: lastUpdate.weights)
    lastUnits: null,
    lastOutputs: null, // the output units over the plane, sampled from the latest grid (output-tiles.js)
    history: null,
    pendingExport: null,
    autoplay: false,
    pendingGrid: null, // the latest grid reply not drawn yet
    lastCommand: '', // the last of play, pause and step sent to the worker
    table: null, // the table behind the data (iris, digits, CSV), when the data are one
    imagesLoaded: null, // the image set the engine holds ('quick' or 'full' of Fashion-MNIST), once its data reply came
    imagesRequested: null, // the image set whose data request went to the worker (a model's configuration waits for it)
    imageLoad: null, // an image set being fetched by the worker: { set, loaded, total } (bytes), or null
    dataToken: 0, // bumped by every data change: a table that loads late is dropped
    testEnabled: false, // the worker evaluates the test rows with every update
    lastTest: null, // the latest update's test rows ({ nTest, channels, values, units, runId, epoch })
    basis: null, // the principal components of the training rows (for the test set's plane)
    tableJob: null, // showTable's work still to do: (deadline) -> true while more remains
    testXY: null, // the test rows on the two principal components (x, y pairs), for the test set's plot
    plane: null, // { explained, axes: [origin..., u..., v...] }: the boundary drawn in the PCA plane
    networkStale: false, // an update came in since the network view was last given one
    majority: NaN, // the largest class's share of the training rows (for the collapse test)
    untilWaiters: [], // trainTo promises: { epoch, resolve, reject }
    awaitingFile: false, // the dataset is the user's CSV and no file is loaded yet: nothing goes to the engine
    configurePending: false, // a configuration held back while awaiting a file or a table
    tablesStage: 0, // the tables task's turn: 0 update, 1 prepare, 2-5 render testset, weights, activating, gallery
    tablesStale: false, // an update came since the tables task last read them
    syncToken: 0, // the last settled() request
    statusShownAt: -Infinity,
    statusTimer: 0,
  };
}
