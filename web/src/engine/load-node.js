// Loads the WebAssembly build (build/wasm/mlp.js + mlp.wasm) in node. Emscripten
// 3.1.6's loader cannot fetch the .wasm by file path in node >= 18, so the bytes
// are handed over as wasmBinary (docs: TOOLCHAIN.md, quirk 3).
//
// The module's API (cpp/bindings/mlp_embind.cpp; mlp::Session's names in camelCase):
//   new Session()   ... .delete() when done (Embind objects are not garbage-collected)
//     configure(estimator, paramsJson, precision)            -> Status {ok, parameter, value, message}
//     generate(generator, paramsJson, testSize, randomState)  -> Status: the data, split as
//       train_test_split(test_size=testSize, random_state=randomState); splitData(testSize, randomState)
//       splits rows written through the buffers the same way (the core's errors name them test_size
//       and random_state: worker-host.js's dataParameter names the data's as its control)
//     resizeData(nTrain, nTest, nFeatures, nTargets), then write xTrain() ... yTest(), then commitData()
//     setDataNames(json) -> Status: {"feature_names": [...], "class_labels": [...]}: the exported model's
//       feature_names_in_ and classes_ (y holds class codes 0..k-1; the labels name them)
//     resizeImageData(nTrain, nTest, nFeatures, divisor), then write xTrainBytes(), xTestBytes() (Uint8Array
//       views: the inputs as bytes, read as byte / divisor, 255 for pixels), yTrain(), yTest() (class codes),
//       then commitData(); xTrain()/xTest() are then empty, imageData is true. No splitData, derived
//       features or standardize on such data (refused, naming test_size, features, standardize)
//     reset() | reset(randomState)                           -> Status: fresh initial weights
//     step(epochs)   -> Progress {status, epoch, samples, loss, validationScore, finished, stopReason,
//                        fitStopEpoch, fitStopReason, patienceEpoch, bestEpoch, diverged, batch, batches}
//     stepBatches(batches) -> Progress: up to `batches` more minibatches (lbfgs: one iteration); batch is the
//       minibatches done in the epoch under way (0 at an epoch boundary), batches the minibatches per epoch
//     memoryBytes(): what the session holds (data buffers, model, optimizer state, one batch's workspace)
//     setKeepTraining(on, metricsEvery): train past fit()'s stop (recorded in Progress), metrics per epoch
//     scores()       -> Scores {status, train, test, trainLoss, testLoss}; bestScores(): early stopping's best weights
//     evaluateGrid(xMin, xMax, yMin, yMax, nx, ny) -> Status, then grid(), gridChannels
//     readParameters() -> Status, then parameters() (the trained weights: coefs_ and intercepts_,
//       packed; the protocol's update calls them weights), layerUnits()
//     readHistory() | readHistory(fromEpoch), then lossCurve(), validationScores(), gradientNorms(),
//       metrics() (5 per epoch: train score, test score, train loss, test loss, top class share)
//     exportModel() -> JSON text ('' if no model); importModel(json) -> Status
//     trace(pointJson, targetJson) -> Status: one input (a JSON array of the data's columns) followed
//       through the current model against target ('[]': the prediction; Session::trace), then traceJson() (the
//       layers' z, a, delta, the output, the losses, the sgd step; non-finite numbers as strings
//       Number() reads), traceWeights() and traceGradients() (packed as parameters())
//     nTrain, nTest, nFeatures, nTargets (read-only properties)
//   runJob(text or bytes) -> {status, output}: mlp-run's exit status and JSON line
//   heapBytesInUse() -> bytes malloc'd and not freed
// xTrain() ... gradientNorms() and grid() are Float64Array/Float32Array VIEWS on memory the
// session owns, not copies. A view is a raw pointer: any call that allocates may grow the
// memory and detach it (its length becomes 0). Take a view after the last such call, then
// copy out of it (view.slice()) or write into it (view.set(values)) at once.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** build/wasm, or the directory in MLP_WASM_DIR (to try another build). */
export const wasmDir = path.resolve(
  process.env.MLP_WASM_DIR ?? fileURLToPath(new URL('../../../build/wasm', import.meta.url)),
);

/** The module: a promise of createMlpModule's result (Session, runJob, heapBytesInUse). */
export function loadMlpModule(dir = wasmDir) {
  const createMlpModule = createRequire(import.meta.url)(path.join(dir, 'mlp.js'));
  return createMlpModule({ wasmBinary: fs.readFileSync(path.join(dir, 'mlp.wasm')) });
}
