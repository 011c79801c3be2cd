// The page's parts that run without a DOM (app/): the address writer's debounce on a fake clock,
// the undo toast of a change that throws a run away, point editing, the keyboard's decisions and
// the damaged-link message. Their DOM-building halves are covered by the Chromium tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAddressWriter, readAddress } from '../../web/src/app/address.js';
import { createUndo } from '../../web/src/app/edits.js';
import { keyAction } from '../../web/src/app/keyboard.js';
import { leftOutMessage } from '../../web/src/app/link-messages.js';
import { fullHrefOf } from '../../web/src/app/page-layout.js';
import { createPointEditing, editRefusal, pointToAdd } from '../../web/src/app/point-editing.js';
import { createRunUndo, describeChange } from '../../web/src/app/run-undo.js';
import { createStore } from '../../web/src/app/store.js';
import { changeKind, defaultConfig, setPath } from '../../web/src/state/config.js';
import { fakeClock } from './support.js';
import { decode, encodeLink } from '../../web/src/state/url.js';


/** A window with an address and a history that records replaceState. */
function fakeWindow(search = '', { storage = null } = {}) {
  const win = {
    writes: [],
    location: { origin: 'https://example.org', pathname: '/play/', hash: '', search },
    history: {
      replaceState(state, title, url) {
        win.writes.push(url);
        win.location.search = url.slice(url.indexOf('?'), url.length - win.location.hash.length);
      },
    },
    get sessionStorage() {
      if (!storage) throw new Error('refused');
      return storage;
    },
  };
  return win;
}

const noNote = { shown: [], update(left) {
  this.shown.push(left);
} };

test('the address is written once, 150 ms after the last of a burst of changes', () => {
  const clock = fakeClock();
  const win = fakeWindow('?v=2');
  const store = createStore(defaultConfig());
  const keeper = { keep: () => true, clear() {} };
  createAddressWriter({ store, keeper, linkNote: { ...noNote, shown: [] }, win, ...clock });
  store.set('model.alpha', 0.01);
  clock.advance(100);
  store.set('model.alpha', 0.1);
  clock.advance(100);
  store.set('data.noise', 0.3);
  clock.advance(149);
  assert.equal(win.writes.length, 0, 'nothing before 150 ms of quiet');
  clock.advance(1);
  assert.equal(win.writes.length, 1);
  assert.equal(clock.pending, 0);
  const written = decode(win.location.search).config;
  assert.equal(written.model.alpha, 0.1);
  assert.equal(written.data.noise, 0.3);
  assert.equal(win.writes[0], `/play/?${encodeLink(store.get(), { prefix: 'https://example.org/play/'.length + 1 }).query}`);
});

test('the address carries the resting epoch (ep=), not the epochs of a run that plays', () => {
  const clock = fakeClock();
  const win = fakeWindow('?v=2');
  const store = createStore(defaultConfig());
  const address = createAddressWriter({ store, keeper: { keep: () => true, clear() {} }, linkNote: { ...noNote, shown: [] }, win, ...clock });
  address.start(0);
  assert.equal(win.writes.length, 0, 'the address already says this config: not rewritten');
  address.followRun({ ready: true, playing: true, epoch: 40 });
  clock.advance(1000);
  assert.equal(win.writes.length, 0, 'while it plays, the address stays');
  address.followRun({ ready: true, playing: false, epoch: 57 });
  address.followRun({ ready: true, playing: false, epoch: 57 });
  clock.advance(150);
  assert.equal(win.writes.length, 1);
  assert.equal(decode(win.location.search).epochs, 57);
  address.followRun({ ready: true, playing: true, epoch: 58 });
  clock.advance(150);
  assert.equal(decode(win.location.search).epochs, 0, 'playing again: ep= goes');
});

test('start writes the link as the page read it, with its epochs, and clears what the tab kept', () => {
  const clock = fakeClock();
  const win = fakeWindow('?g=circles&ep=7&zz=1');
  const link = readAddress(win);
  assert.deepEqual(link.ignored.length > 0, true, 'the unknown key is reported');
  const store = createStore(link.initial);
  const cleared = [];
  const note = { shown: [], update(left) {
    this.shown.push(left);
  } };
  const address = createAddressWriter({ store, keeper: { keep: () => true, clear: () => cleared.push(1) }, linkNote: note, win, ...clock });
  address.start(link.epochs);
  assert.equal(win.writes.length, 1);
  const again = decode(win.location.search);
  assert.equal(again.config.data.generator, 'circles');
  assert.equal(again.epochs, 7);
  assert.equal(again.ignored.length, 0, 'the written link has nothing unknown');
  assert.deepEqual(note.shown, [null], 'nothing left out: the note is hidden');
  assert.equal(cleared.length, 1);
});

test('readAddress survives a frame whose storage is refused', () => {
  const link = readAddress(fakeWindow('?v=2&g=xor'));
  assert.equal(link.initial.data.generator, 'xor');
  assert.equal(link.kept, null);
  assert.equal(link.keeper.keep(link.initial, 'k'), false, 'keep says the tab cannot keep anything');
});

test('describeChange names the change that throws the run away', () => {
  const a = defaultConfig();
  const say = (b) => describeChange(a, b, changeKind(a, b));
  assert.equal(say(setPath(a, 'data.generator', 'circles')), 'New dataset (Circles)');
  assert.equal(say(setPath(a, 'data.noise', 0.5)), 'noise changed');
  assert.equal(say(setPath(a, 'data.test_size', 0.5)), 'test_size changed');
  assert.equal(say(setPath(setPath(a, 'data.noise', 0.5), 'data.n_samples', 500)), 'New data');
  assert.equal(say(setPath(a, 'data.edits', { added: [[0, 0, 1]], removed: [] })), 'Point added');
  assert.equal(say(setPath(a, 'data.edits', { added: [], removed: [3] })), 'Point removed');
  assert.equal(say(setPath(a, 'data.standardize', true)), 'New input features');
  assert.equal(say(setPath(a, 'model.alpha', 0.5)), 'alpha changed');
  assert.equal(say(setPath(a, 'model.random_state', 3)), 'New random_state');
  assert.equal(say(setPath(a, 'precision', 'float32')), 'precision changed');
  assert.equal(say(setPath(setPath(a, 'model.alpha', 0.5), 'model.tol', 0.1)), 'New settings');
});

/** A session at `epoch` that records trainTo calls. */
const fakeSession = (epoch) => ({
  status: { epoch, ready: true },
  trained: [],
  trainTo(epochs, options) {
    this.trained.push([epochs, options]);
    return Promise.resolve();
  },
});
const fakeToast = () => ({ shown: [], show(text, options) {
  this.shown.push({ text, options });
} });

test('a change after training offers Undo, which puts the config back and trains again to the epoch', async () => {
  const store = createStore(defaultConfig());
  const session = fakeSession(42);
  const toast = fakeToast();
  const said = [];
  const noted = [];
  createRunUndo({ store, session, undo: createUndo(), toast, announce: (t) => said.push(t), tools: () => null,
    comparing: () => false, noteChange: (prev, next, epochs) => noted.push(epochs) });
  const before = store.get();
  store.set('model.alpha', 0.5);
  assert.equal(toast.shown.length, 1);
  assert.equal(toast.shown[0].text, 'alpha changed: the run trained to epoch 42 starts again.');
  assert.deepEqual(noted, [42]);
  // The new run has not replied yet: a second change counts no epochs (no second toast).
  store.set('model.alpha', 0.7);
  assert.equal(toast.shown.length, 1);
  assert.deepEqual(noted, [42, 0]);
  toast.shown[0].options.action.onClick();
  assert.equal(store.get().model.alpha, before.model.alpha);
  assert.deepEqual(session.trained, [[42, { fromStart: true }]]);
  assert.equal(toast.shown.length, 1, 'the undo itself offers no undo');
  await Promise.resolve();
  assert.deepEqual(said, ['Back at epoch 42']);
});

test('no undo while a comparison trains, nor for a run not trained yet; runStarted counts again', () => {
  const store = createStore(defaultConfig());
  const session = fakeSession(0);
  const toast = fakeToast();
  let comparing = true;
  const runUndo = createRunUndo({ store, session, undo: createUndo(), toast, announce() {}, tools: () => null,
    comparing: () => comparing, noteChange() {} });
  session.status.epoch = 10;
  store.set('model.alpha', 0.5);
  assert.equal(toast.shown.length, 0, 'a comparison\'s change');
  comparing = false;
  runUndo.runStarted();
  session.status.epoch = 0;
  store.set('model.alpha', 0.6);
  assert.equal(toast.shown.length, 0, 'nothing trained: nothing to undo');
  runUndo.runStarted();
  session.status.epoch = 5;
  session.status.problem = { pauses: true };
  store.set('model.alpha', 0.7);
  assert.equal(toast.shown.length, 0, 'a diverged run is not worth an undo');
});

test('new data that drop the point edits say so in the change\'s toast, with Undo', () => {
  const base = setPath(defaultConfig(), 'data.edits', { added: [[0.1, 0.2, 1]], removed: [4] });
  const undo = createUndo();
  undo.push({ added: [], removed: [] });
  let runUndo = null;
  // The page's store normaliser (edits.js keepValidEdits) tells runUndo.editsDropped.
  const store = createStore(base, { normalize: (next, prev) => {
    if (next.data.noise !== prev.data.noise) runUndo.editsDropped(true, prev.data.edits);
    return next.data.noise !== prev.data.noise ? setPath(next, 'data.edits', { added: prev.data.edits.added, removed: [] }) : next;
  } });
  const toast = fakeToast();
  runUndo = createRunUndo({ store, session: fakeSession(0), undo, toast, announce() {}, tools: () => null,
    comparing: () => false, noteChange() {} });
  store.set('data.noise', 0.4);
  assert.equal(undo.size, 0, 'the point edits\' undo stack is cleared');
  assert.equal(toast.shown.length, 1);
  assert.equal(toast.shown[0].text, 'noise changed: the removed points are back; your added points stay.');
  toast.shown[0].options.action.onClick();
  assert.deepEqual(store.get().data.edits, base.data.edits, 'Undo puts the removed point back');
  assert.equal(store.get().data.noise, base.data.noise);
});

test('a press on the plot edits only with the tools on, and a finger only in a chosen mode', () => {
  assert.equal(editRefusal({ mode: 'add', chosen: false }, { pointerType: 'mouse' }), null);
  assert.match(editRefusal({ mode: 'off', chosen: true }, { pointerType: 'mouse' }), /Edit points is Off/);
  assert.match(editRefusal({ mode: 'add', chosen: false }, { pointerType: 'touch' }), /Taps on the plot/);
  assert.match(editRefusal({ mode: 'erase', chosen: false }, { pointerType: 'pen' }), /Taps on the plot/);
  assert.equal(editRefusal({ mode: 'erase', chosen: true }, { pointerType: 'touch' }), null);
});

test('the point a click adds: its class (Shift: the next one), or its value, rounded as the link writes it', () => {
  const moons = defaultConfig();
  assert.deepEqual(pointToAdd(moons, { cls: 1 }, 0.123456789, -1.5), [0.123, -1.5, 1]);
  assert.deepEqual(pointToAdd(moons, { cls: 1 }, 0, 0, true), [0, 0, 0], 'two classes: Shift gives the other');
  const blobs = setPath(setPath(moons, 'data.generator', 'blobs'), 'data.centers', 4);
  assert.deepEqual(pointToAdd(blobs, { cls: 3 }, 0, 0, true), [0, 0, 0], 'Shift goes round the classes');
  const sine = setPath(moons, 'data.generator', 'sine');
  assert.deepEqual(pointToAdd(sine, { value: 9 }, 1, 2), [1, 2]);
  const plane = setPath(moons, 'data.generator', 'plane');
  assert.deepEqual(pointToAdd(plane, { value: 0.25 }, 1, 2), [1, 2, 0.25]);
});

test('point editing adds, erases the nearest point and undoes, through the store', () => {
  const store = createStore(defaultConfig());
  const undo = createUndo();
  const said = [];
  const available = [];
  const tool = { mode: 'add', cls: 1, value: 0, chosen: true };
  const tools = { get: () => tool, setUndoAvailable: (on) => available.push(on), setMode() {} };
  // Two displayed training rows, the second generated row at (1, 1).
  const session = {
    display: { arrays: { nFeatures: 2, xTrain: [0, 0, 1, 1], yTrain: [0, 1], xTest: [], yTest: [] },
      origin: [{ row: 0 }, { row: 1 }], trainCount: 2 },
    rect: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  };
  const editing = createPointEditing({ store, session, controls: { isLocked: () => false }, undo, toast: fakeToast(),
    announce: (t) => said.push(t), tools: () => tools });
  editing.add(0.5, 0.25, { pointerType: 'mouse' });
  assert.deepEqual(store.get().data.edits, { added: [[0.5, 0.25, 1]], removed: [] });
  assert.deepEqual(said, ['Point added at 0.5, 0.25, 1']);
  editing.add(1.01, 0.99, { pointerType: 'mouse', altKey: true });
  assert.deepEqual(store.get().data.edits.removed, [1], 'Alt-click erased generated row 1');
  assert.equal(undo.size, 2);
  editing.undo();
  assert.deepEqual(store.get().data.edits, { added: [[0.5, 0.25, 1]], removed: [] });
  editing.undo();
  assert.deepEqual(store.get().data.edits, { added: [], removed: [] });
  assert.deepEqual(available, [true, true, true, false]);
  tool.mode = 'off';
  const toast = fakeToast();
  const off = createPointEditing({ store, session, controls: { isLocked: () => false }, undo, toast, announce() {}, tools: () => tools });
  off.add(0, 0, { pointerType: 'mouse' });
  assert.equal(store.get().data.edits.added.length, 0, 'Off: no point');
  assert.equal(toast.shown.length, 1);
});

test('Space plays or pauses and Ctrl+Z undoes a point edit, but not in text fields', () => {
  // inTextField and isInteractive ask `instanceof Element`: a minimal stand-in for node.
  globalThis.Element ??= class Element {};
  const el = (tagName, { type = '', interactive = false } = {}) => Object.assign(new globalThis.Element(), {
    tagName, type, isContentEditable: false, closest: () => (interactive ? {} : null),
  });
  const body = el('BODY');
  const key = (k, target, mods = {}) => ({ key: k, target, defaultPrevented: false, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  assert.equal(keyAction(key(' ', body), { canUndo: false }), 'toggle');
  assert.equal(keyAction(key(' ', el('BUTTON', { interactive: true })), { canUndo: false }), null, 'Space presses the button');
  assert.equal(keyAction(key(' ', el('INPUT', { type: 'text', interactive: true })), { canUndo: false }), null);
  assert.equal(keyAction(key(' ', body), { canUndo: false, dialogOpen: true }), null);
  assert.equal(keyAction({ ...key(' ', body), defaultPrevented: true }, { canUndo: false }), null);
  assert.equal(keyAction(key('z', body, { ctrlKey: true }), { canUndo: true }), 'undo');
  assert.equal(keyAction(key('Z', el('INPUT', { type: 'checkbox', interactive: true }), { metaKey: true }), { canUndo: true }), 'undo');
  assert.equal(keyAction(key('z', body, { ctrlKey: true }), { canUndo: false }), null, 'nothing to undo');
  assert.equal(keyAction(key('z', body, { ctrlKey: true, shiftKey: true }), { canUndo: true }), null);
  assert.equal(keyAction(key('z', el('TEXTAREA', { interactive: true }), { ctrlKey: true }), { canUndo: true }), null);
});

test('the damaged-link message counts what the link left out', () => {
  const m = leftOutMessage({ added: 1876, removed: 0, pins: 1 });
  assert.equal(m.lines[0], 'Left out to keep the link under 8 KB: 1,876 added points, 1 pinned run.');
  assert.match(m.title, /could not carry all/);
});

test('the full playground\'s address drops the embed\'s keys only', () => {
  assert.equal(fullHrefOf('https://x.org/p/?v=2&embed=1&g=xor&show=loss&lock=alpha&autoplay=1&ep=3'), 'https://x.org/p/?v=2&g=xor&ep=3');
});
