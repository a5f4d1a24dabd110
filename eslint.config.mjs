// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'action/dist/**', 'dist-test/**', 'out/**', '.vscode-test/**', 'examples/**', '.scratch/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is pure: it must run without an editor, a language server or a file system,
    // so the CLI, the server and the tests all drive exactly the same code.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The engine knows nothing of VS Code.' },
          { name: 'vscode-languageserver', message: 'The engine knows nothing of LSP; the server maps its findings.' },
          { name: 'vscode-languageserver/node', message: 'The engine knows nothing of LSP.' },
          { name: 'fs', message: 'The engine reads no files; hosts hand it text.' },
          { name: 'node:fs', message: 'The engine reads no files; hosts hand it text.' },
          { name: 'fs/promises', message: 'The engine reads no files; hosts hand it text.' },
          { name: 'node:fs/promises', message: 'The engine reads no files; hosts hand it text.' },
        ],
        patterns: [{ group: ['vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The engine knows nothing of LSP.' }],
      }],
      // A scavenge keeps every WeakMap value alive, dead key or not: see docs/architecture.md.
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='WeakMap']",
        message: 'Use ObjectCache (memo.ts): a scavenge keeps every WeakMap value alive, and with it the version of the document it was read from.',
      }, {
        // Both search with a copy of the expression, whose code full collections throw away: CONTRIBUTING.md.
        selector: "CallExpression[callee.property.name='matchAll']",
        message: 'Use matchesOf (text.ts): matchAll searches with a copy of the expression, compiled again after full collections.',
      }, {
        selector: "CallExpression[callee.property.name='split'][arguments.0.regex]",
        message: 'Use splitOn (text.ts) with an expression made once: split searches with a copy of it, compiled again after full collections.',
      }],
    },
  },
  {
    // The server's features reach files, the cache, worker threads and git through the host
    // (server/src/host.ts), so that a browser build can hand them another: nothing of node/.
    files: ['server/src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'node:worker_threads', 'path', 'node:path'].map((name) => ({ name, message: 'Features reach the file system and its paths through ctx.host: they also run in a browser.' })),
        patterns: [{ group: ['../node/*'], message: 'Features reach what the platform gives through ctx.host (server/src/host.ts).' }],
      }],
    },
  },
);
