// What the image views (weight images in both modes, the most-activating inputs, the gallery,
// the test set's tables) cost the page's main thread. Figures, not tests:
//
//   node tools/measure-image-views.mjs node [--rows 10000] [--units 50]
//     the views' per-update work in node on stub canvases, at 10,000 test rows x 784 pixels x
//     50 units (the full Fashion-MNIST test set): each view's paint (prepare() with no deadline,
//     i.e. all of it in one task) and the gallery's ordering; V8 as in Chromium, no drawing.
//   node tools/measure-image-views.mjs page [--rows 6000] [--test-size 0.5] [--seconds 15]
//     the built page (web/dist) in Chromium, training on a CSV file of 28 x 28 images (written
//     here) with the weight images (course mode), the most-activating inputs and the gallery
//     open: the main thread's long tasks (PerformanceObserver 'longtask') while it plays, and
//     the views' draw times (globalThis.__mlpDrawLog: weights-paint, activating-paint, testset,
//     gallery, testset-tables, testset-project, ...), longest and median, and which views drew
//     inside each task over 50 ms.
import { parseArgs } from 'node:util';

const { positionals, values: opts } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string' },
    units: { type: 'string', default: '50' },
    'test-size': { type: 'string', default: '0.5' },
    seconds: { type: 'string', default: '15' },
  },
});
const mode = positionals[0] ?? 'node';

/** A canvas that draws nothing (the views' painting is what is measured, not Chromium's drawing). */
function stubCanvas(width) {
  const ctx = new Proxy({}, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText') return (s) => ({ width: String(s).length * 7 });
      if (key === 'createImageData') return (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
      if (key === 'createLinearGradient') return () => ({ addColorStop() {} });
      return () => {};
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  const canvas = {
    width, height: 100, clientWidth: width, clientHeight: 100, style: {}, dataset: {}, attributes: {},
    getContext: () => ctx,
    hasAttribute: (k) => k in canvas.attributes,
    setAttribute: (k, v) => (canvas.attributes[k] = v),
    getBoundingClientRect: () => ({ left: 0, top: 0, width, height: 100 }),
    addEventListener() {},
    removeEventListener() {},
    ownerDocument: { createElement: () => stubCanvas(1) },
  };
  return canvas;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function inNode() {
  const nRows = Number(opts.rows ?? 10_000);
  const nUnits = Number(opts.units);
  const { createActivatingView, createWeightImagesView } = await import('../web/src/views/weights.js');
  const { galleryOrder } = await import('../web/src/views/gallery/order.js');
  const { predictedClasses } = await import('../web/src/data/metrics.js');
  let seed = 1;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const xTest = Float64Array.from({ length: nRows * 784 }, () => Math.round(rand() * 255) / 255);
  const layerUnits = [784, nUnits, 10];
  const weights = Float64Array.from({ length: 784 * nUnits + nUnits * 10 + nUnits + 10 }, () => (rand() - 0.5) * 0.2);
  const units = Float32Array.from({ length: nUnits * nRows }, () => rand() * 5);
  const outputs = Float64Array.from({ length: nRows * 10 }, () => rand());
  const yTest = Float64Array.from({ length: nRows }, (_, i) => i % 10);
  const runs = 9;
  // CPU time of this process (user + system), as well as wall-clock time: on a shared machine
  // the wall clock counts the time other processes had the core.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timesOf = (fn) => Array.from({ length: runs }, () => {
    const t0 = performance.now();
    const c0 = cpuMs();
    fn();
    return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
  });
  const report = (name, times) => {
    const wall = times.map((t) => t.wall);
    const cpu = times.map((t) => t.cpu);
    console.log(`${name.padEnd(52)} cpu median ${median(cpu).toFixed(1)} ms, max ${Math.max(...cpu).toFixed(1)} ms; ` +
      `wall median ${median(wall).toFixed(1)} ms, max ${Math.max(...wall).toFixed(1)} ms`);
  };
  console.log(`per update, ${nRows.toLocaleString('en-US')} test rows x 784 pixels x ${nUnits} units, ${runs} runs, node ${process.version}:`);
  for (const m of ['course', 'all']) {
    const view = createWeightImagesView(stubCanvas(600), { mode: m });
    report(`weight images (${m}), paint + render`, timesOf(() => {
      view.update({ layerUnits, weights: weights.slice(), imageShape: [28, 28] });
      view.prepare();
      view.render();
    }));
  }
  const activating = createActivatingView(stubCanvas(600));
  report('most-activating inputs (6 per unit), paint + render', timesOf(() => {
    activating.update({ layerUnits, units: units.slice(), nRows, xTest, nFeatures: 784, imageShape: [28, 28] });
    activating.prepare();
    activating.render();
  }));
  // The activating view's work is split unit by unit at the session's deadline: its longest turn.
  const turns = [];
  activating.update({ layerUnits, units: units.slice(), nRows, xTest, nFeatures: 784, imageShape: [28, 28] });
  for (;;) {
    const t0 = performance.now();
    const c0 = cpuMs();
    const more = activating.prepare(performance.now() + 8);
    turns.push({ wall: performance.now() - t0, cpu: cpuMs() - c0 });
    if (!more) break;
  }
  console.log(`${'most-activating inputs, in 8 ms turns'.padEnd(52)} ${turns.length} turns, longest cpu ` +
    `${Math.max(...turns.map((t) => t.cpu)).toFixed(1)} ms, wall ${Math.max(...turns.map((t) => t.wall)).toFixed(1)} ms`);
  report('predicted classes (argmax of the outputs)', timesOf(() => predictedClasses(outputs, nRows, 10)));
  const predicted = predictedClasses(outputs, nRows, 10);
  report('gallery order (misclassified first)', timesOf(() => galleryOrder(yTest, predicted, 10)));
}

async function inPage() {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { recordLongTasks, waitBar } = await import('../tests/web/helpers.js');
  const { openPage, startBrowser } = await import('../tests/web/support.js');
  const rows = Number(opts.rows ?? 6000);
  const seconds = Number(opts.seconds);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-image-views-'));
  const file = path.join(dir, 'images.csv');
  let seed = 3;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${[...Array.from({ length: 784 }, (_, p) => `px${p}`), 'label'].join(',')}\n`);
  for (let r = 0; r < rows; r += 1) {
    const k = r % 10;
    const cells = Array.from({ length: 784 }, (_, p) => {
      const band = Math.floor((Math.floor(p / 28) * 10) / 28) === k;
      return (Math.round(band ? 140 + rand() * 115 : rand() * 140) / 255).toFixed(2);
    });
    fs.writeSync(fd, `${cells.join(',')},c${k}\n`);
  }
  fs.closeSync(fd);
  const env = await startBrowser();
  try {
    const init = [recordLongTasks, () => {
      globalThis.__mlpDrawLog = [];
    }];
    const p = await openPage(env, `?v=1&g=csv&h=50&sol=sgd&lri=0.1&tf=${opts['test-size']}&mi=1000000&nic=inf`, { init });
    const { page } = p;
    await waitBar(page, "s.state !== 'loading'");
    await page.locator('.csv-import input[type="file"]').setInputFiles(file);
    await waitBar(page, 's.scoredEpoch === 0', { timeout: 180_000 });
    await page.locator('.weight-modes button[data-mode="course"]').click();
    await page.locator('.activating-card summary').click();
    await page.locator('.gallery-card summary').click();
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => {
      globalThis.__mlpDrawLog.length = 0;
      return performance.now();
    });
    await page.locator('.training-bar button[aria-label="Play"]').click();
    await page.waitForTimeout(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await page.locator('.training-bar button[aria-label="Pause"]').click();
    await page.waitForTimeout(1000);
    const t2 = await page.evaluate(() => performance.now());
    const { tasks, log, epoch, nTest, after } = await page.evaluate(({ from, to, end }) => ({
      tasks: window.__longTasks.filter((t) => t.start >= from && t.start < to),
      after: window.__longTasks.filter((t) => t.start >= to && t.start < end),
      log: globalThis.__mlpDrawLog,
      epoch: document.querySelector('.training-bar').dataset.epoch,
      nTest: document.querySelector('[data-testid="confusion"]')?.dataset.total,
    }), { from: t0, to: t1, end: t2 });
    console.log(`long tasks in the second after Pause: ${after.map((t) => `${t.duration.toFixed(0)} ms`).join(', ') || 'none'}`);
    console.log(`page: ${rows} rows (${nTest} test) x 784 pixels, (50,) sgd, played ${seconds} s to epoch ${epoch}`);
    const over = tasks.filter((t) => t.duration > 50);
    console.log(`long tasks while playing (> 50 ms by the Long Tasks API): ${tasks.length}, over 50 ms: ${over.length}, longest ${Math.max(0, ...tasks.map((t) => t.duration)).toFixed(0)} ms`);
    // What the page drew inside each long task (the rest of a task is the session's own work,
    // the worker's replies, style and layout, garbage collection).
    for (const t of over) {
      const inside = log.filter(([, start]) => start >= t.start && start <= t.start + t.duration);
      const parts = inside.map(([name, , ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
      console.log(`  task at ${(t.start / 1000).toFixed(1)} s, ${t.duration.toFixed(0)} ms: views drew ${parts || 'nothing'}`);
    }
    const byName = new Map();
    for (const [name, , ms] of log) byName.set(name, [...(byName.get(name) ?? []), ms]);
    for (const [name, ms] of [...byName].sort()) {
      console.log(`  ${name.padEnd(20)} ${String(ms.length).padStart(5)} draws, median ${median(ms).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms`);
    }
    await p.context.close();
  } finally {
    await env.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const { loadavg } = await import('node:os');
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(', ')} (2 cores shared: wall-clock figures stretch with it)`);
await (mode === 'page' ? inPage() : inNode());
