// The data plane's heatmap and contour, painted from the grid (protocol: values[(j * nx + i) *
// channels + c], row 0 at yMax, column 0 at xMin, both ends included) into an nx x ny canvas
// that the view scales up. The view's state (boundary.js) says what to paint and takes the
// result: contour (segments in grid units), contourLines (joined), contourGrid (the grid they
// were traced on) and the flags heatValid, heatShown and sceneValid.

import { chainSegments, classBorders, contourSegments } from '../contour.js';
import { paintBinary, paintDiverging, paintMulticlass } from '../heatmap.js';
import { SURFACE_STRENGTH, binaryLut, divergingLut } from '../palette.js';
import { is1d, kindOf, regressionRange } from './scene.js';

/**
 * createHeatPainter(doc, view) -> { canvas (the grid at its own resolution), paint(deadline): true
 * when the latest grid's picture is complete, reset(): drop the picture in progress }
 */
export function createHeatPainter(doc, view) {
  const heat = doc.createElement('canvas');
  const heatCtx = heat.getContext('2d');
  let heatImage = null;
  let heatPixels = null;
  const luts = { binary: binaryLut(false), binaryDiscrete: binaryLut(true), surface: divergingLut(SURFACE_STRENGTH) };
  // A new grid is painted in bands of rows, the heatmap and then the contour, as many bands
  // per call as fit before a deadline: until V8 has optimised them, these loops take tens of
  // milliseconds over a 200 x 200 grid, too long for one animation frame. Until a job is done
  // the last complete picture is shown (the heat canvas and the contour change only at its end).
  const BAND_ROWS = 8;
  let heatJob = null; // { grid, kind, row, contourRow, segments, ... } while a grid is painted
  let bestClass = null; // multiclass contour scratch: the winner and the runner-up's probability
  let secondP = null;

  function startHeatJob() {
    if (!view.grid || is1d(view)) return null;
    const { nx, ny, channels } = view.grid;
    if (!heatImage || heatImage.width !== nx || heatImage.height !== ny) {
      heatImage = heatCtx.createImageData(nx, ny);
      heatPixels = new Uint32Array(heatImage.data.buffer);
    }
    const job = { grid: view.grid, kind: kindOf(view), row: 0, contourRow: 0, segments: [], contour: view.options.showContour };
    if (job.kind === 'binary') {
      job.offset = channels >= 2 ? 1 : 0;
      job.lut = view.options.discretize ? luts.binaryDiscrete : luts.binary;
    } else if (job.kind === 'regression') {
      job.contour = false;
      job.range = regressionRange(view);
    } else {
      job.discretize = view.options.discretize;
      if (!bestClass || bestClass.length !== nx * ny) {
        bestClass = new Uint8Array(nx * ny);
        secondP = new Float32Array(nx * ny);
      }
    }
    return job;
  }

  /** Paints rows j0 <= j < j1 of the job's grid into heatPixels. */
  function paintRows(job, j0, j1) {
    const { nx, channels, values } = job.grid;
    const p0 = j0 * nx;
    const count = (j1 - j0) * nx;
    const band = values.subarray(p0 * channels, (p0 + count) * channels);
    const px = heatPixels.subarray(p0, p0 + count);
    if (job.kind === 'binary') paintBinary(band, count, channels, job.offset, job.lut, px);
    else if (job.kind === 'regression') paintDiverging(band, count, channels, job.range[0], job.range[1], luts.surface, px);
    else paintMulticlass(band, count, channels, job.discretize, px);
  }

  /** The contour's segments in the cells of rows j0 <= j < j1. */
  function traceRows(job, j0, j1) {
    const { nx, ny, channels, values } = job.grid;
    if (job.kind === 'binary') contourSegments(values, nx, ny, 0.5, job.segments, channels, job.offset, j0, j1);
    else classBorders(values, nx, ny, channels, job.segments, bestClass, secondP, j0, j1);
  }

  /**
   * Goes on painting until `deadline` (performance.now() ms); returns true when the latest
   * grid's picture is complete (heatValid), false when there is more to do. A grid that comes
   * in while another is being painted waits for that one to finish: restarting on every grid
   * would never finish while training sends them faster than a cold page paints.
   */
  function paintHeat(deadline = Infinity) {
    while (!view.heatValid) {
      if (!heatJob) heatJob = startHeatJob();
      const job = heatJob;
      if (job) {
        const { nx, ny } = job.grid;
        while (job.row < ny) {
          const next = Math.min(ny, job.row + BAND_ROWS);
          paintRows(job, job.row, next);
          job.row = next;
          if (performance.now() >= deadline) return false;
        }
        while (job.contour && job.contourRow < ny - 1) {
          const next = Math.min(ny - 1, job.contourRow + BAND_ROWS);
          traceRows(job, job.contourRow, next);
          job.contourRow = next;
          if (performance.now() >= deadline) return false;
        }
        if (heat.width !== nx || heat.height !== ny) {
          heat.width = nx;
          heat.height = ny;
        }
        heatCtx.putImageData(heatImage, 0, 0);
      }
      view.contour = job ? job.segments : [];
      view.contourLines = chainSegments(view.contour);
      view.contourGrid = job ? job.grid : null;
      heatJob = null;
      view.heatValid = !job || job.grid === view.grid;
      view.heatShown = false;
      view.sceneValid = false;
      if (!view.heatValid && performance.now() >= deadline) return false;
    }
    return true;
  }

  return {
    canvas: heat,
    paint: paintHeat,
    reset() {
      heatJob = null;
    },
  };
}
