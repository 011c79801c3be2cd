// ESLint for the page, the scripts and the tests: the recommended rules, plus a few that catch
// real mistakes in this code base. Formatting is not ESLint's job here.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['web/dist/**', 'build/**', 'node_modules/**', 'test-results/**', 'web/public/engine/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['web/src/engine/worker.js', 'web/src/data/csv-worker.js', 'web/src/offline/service-worker.js'],
    languageOptions: { globals: { ...globals.worker, ...globals.serviceworker } },
  },
  {
    files: ['scripts/**', 'tests/**', 'tools/**', 'bench/**', 'web/vite.config.js', 'web/src/engine/load-node.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  // Tests match the page's exact text, spaces included.
  { files: ['tests/**'], rules: { 'no-regex-spaces': 'off' } },
  // The benchmark's classic worker: importScripts brings the engine and TensorFlow.js in.
  {
    files: ['bench/browser/worker.js', 'bench/browser/m1-worker.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.worker, createMlpModule: 'readonly', MlpBench: 'readonly', MlpM1: 'readonly', tf: 'readonly' },
    },
  },
];
