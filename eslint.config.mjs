import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const bannedInWorkflows = [
  'pg', 'express', 'socket.io', 'openai', 'pino',
  'fs', 'fs/promises', 'path', 'net', 'http', 'https', 'crypto', 'child_process', 'os', 'worker_threads', 'dns', 'stream', 'zlib', 'url',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity',
].flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'web/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed: it must stay deterministic and free of I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: bannedInWorkflows.map((name) => ({ name, message: 'Workflows must be deterministic and free of I/O; do this in an activity.' })),
        patterns: [{ group: ['../activities/*', '../activities'], allowTypeImports: true, message: 'Workflows import activity types only (import type).' }],
      }],
    },
  },
  {
    // The domain is loaded by workflows too (the words and rules every side shares): no I/O here either.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: bannedInWorkflows.map((name) => ({ name, message: 'src/domain is loaded in the workflow sandbox: keep it free of I/O and Node APIs.' })),
        patterns: [{ group: ['../*', '!../domain'], message: 'src/domain imports nothing of ours outside itself: it is the floor the others stand on.' }],
      }],
    },
  },
  {
    // Tests read JSON bodies of many shapes; typing each one would add nothing.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly', fetch: 'readonly', io: 'readonly', console: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Intl: 'readonly', HTMLElement: 'readonly', Event: 'readonly' } },
  },
  { files: ['*.js', '*.mjs', 'scripts/**/*.js'], languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' } } },
);
