// The page's modules import one way: main -> app -> views/ui -> state/engine/data/tune (and offline/),
// never back (a state module that imports a view would drag the DOM into node and the worker).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'src');

/** A module's rank: it may import modules of its rank or a higher one. */
function rank(rel) {
  if (rel === 'main.js') return 0;
  if (rel.startsWith('app/')) return 1;
  if (rel.startsWith('views/') || rel.startsWith('ui/')) return 2;
  if (/^(state|engine|data|offline|tune)\//.test(rel)) return 3;
  return null; // styles, files outside web/src
}

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

/** The relative module specifiers of a source: static imports and re-exports (on one or many lines), import(). */
function specifiers(text) {
  const found = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'([^']+)'/g),
    ...text.matchAll(/(?:^|\n)\s*import\s*'([^']+)'/g),
    ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g),
  ];
  return found.map((m) => m[1]).filter((s) => s.startsWith('.'));
}

test('no module imports from a layer above its own', () => {
  const files = sources(SRC);
  assert.ok(files.length > 50, 'the sources were found');
  const against = [];
  let edges = 0;
  for (const file of files) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
      const [from, to] = [rank(rel), rank(target)];
      edges += 1;
      if (from !== null && to !== null && to < from) against.push(`${rel} imports ${target}`);
    }
  }
  assert.ok(edges > 100, `the imports were read (${edges})`);
  assert.deepEqual(against, []);
});

test('the scanner sees an import against the direction, on one line or several', () => {
  const specs = specifiers("import { a } from '../app/x.js';\nexport {\n  b,\n} from '../views/y.js';\nconst m = await import('../ui/z.js');\n");
  assert.deepEqual(specs, ['../app/x.js', '../views/y.js', '../ui/z.js']);
  assert.ok(rank('state/config.js') > rank('app/session.js'));
});
