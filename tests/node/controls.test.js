// The page's registry of controls (web/src/app/controls.js): a control made after an engine
// error, or after an embed's lock, shows them as the controls made before it do (the
// Hyperparameters panel's fields are made a few frames after the page opens).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LOCKED_TITLE, createControls } from '../../web/src/app/controls.js';

function fakeStore(config = { model: {} }) {
  return { get: () => config, subscribe: () => {} };
}

/** A control as the panels make them, recording what it was told. */
function fakeControl() {
  const attributes = new Set();
  const control = {
    error: null,
    lockedState: false,
    updates: 0,
    el: { title: 'alpha', dataset: {}, isConnected: true, closest: () => null, toggleAttribute: (name, on) => (on ? attributes.add(name) : attributes.delete(name)) },
    attributes,
    update: () => { control.updates += 1; },
    setError: (message) => { control.error = message; },
    setLocked: (on) => { control.lockedState = on; },
  };
  return control;
}

test('a control made after an engine error shows it, until the errors are cleared', () => {
  const controls = createControls(fakeStore());
  const first = controls.add('alpha', fakeControl());
  assert.equal(controls.showError({ parameter: 'alpha', message: 'alpha must be >= 0, got -1' }), true);
  assert.equal(first.error, 'alpha must be >= 0, got -1');
  const later = controls.add('alpha', fakeControl());
  assert.equal(later.error, 'alpha must be >= 0, got -1', 'the later control shows the error too');
  assert.equal(later.updates, 1, 'and the current config');
  const other = controls.add('tol', fakeControl());
  assert.equal(other.error, null, "another parameter's control shows no error");
  controls.clearErrors();
  assert.equal(first.error, null);
  assert.equal(later.error, null);
  const afterClear = controls.add('alpha', fakeControl());
  assert.equal(afterClear.error, null, 'a control made after the errors were cleared shows none');
});

test('a control made after a lock is locked as those made before it, and says why', () => {
  const controls = createControls(fakeStore());
  const before = controls.add('alpha', fakeControl());
  controls.lock(['alpha']);
  const after = controls.add('alpha', fakeControl());
  for (const c of [before, after]) {
    assert.equal(c.lockedState, true);
    assert.ok(c.attributes.has('data-locked'));
    assert.equal(c.el.title, LOCKED_TITLE);
  }
  controls.lock([]);
  for (const c of [before, after]) {
    assert.equal(c.lockedState, false);
    assert.ok(!c.attributes.has('data-locked'));
    assert.equal(c.el.title, 'alpha', 'the title it had comes back');
  }
  assert.equal(controls.isLocked('alpha'), false);
});
