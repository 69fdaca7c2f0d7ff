// The layering of DEVELOPERS.md ("Architecture"), checked by dependency-cruiser:
// `npm run check:layers` (also run by `npm test`). Each rule below is one row of that
// table; change the table and this file together.
//
// Order, lowest first (a folder may import only folders before it, as listed per rule):
//   notation and format (each imports nothing outside itself; every layer may import both) → engine → data → experiments → session → platform | machine → viewmodel → render → lessons → views
//   check (engine only) beside data, imported by session and everything above it (the debugger's
//   "Check my numbers" keeps its report in the session); cli (engine, data, experiments, session, viewmodel, check);
//   dev and the entry files at the top. src/check/planted is imported by lessons (and tests) only.

/** Folders a layer may import from within src/, itself included. */
const MAY_IMPORT = {
  // The report's notation and how deltascope counts: pure words and numbers, imported by every layer.
  notation: ['notation'],
  // How a number is written: plain code and Intl, imported by every layer.
  format: ['format'],
  engine: ['notation', 'format', 'engine'],
  data: ['notation', 'format', 'engine', 'data'],
  check: ['notation', 'format', 'engine', 'check'],
  experiments: ['notation', 'format', 'engine', 'data', 'experiments'],
  session: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session'],
  platform: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'platform'],
  machine: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'machine'],
  viewmodel: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'machine', 'viewmodel'],
  render: ['notation', 'format', 'engine', 'experiments', 'render'],
  lessons: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'machine', 'viewmodel', 'render', 'lessons'],
  views: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'platform', 'machine', 'viewmodel', 'render', 'lessons', 'views'],
  cli: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'viewmodel', 'cli'],
  dev: ['notation', 'format', 'engine', 'data', 'check', 'experiments', 'session', 'platform', 'machine', 'viewmodel', 'render', 'lessons', 'views', 'dev'],
};

const layerRules = Object.entries(MAY_IMPORT).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only src/{${allowed.join(', ')}} (DEVELOPERS.md, Architecture)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
}));

/** npm packages a layer may use at all (the rest of src/ may use any dependency of package.json). */
const NPM_ONLY = {
  // Symbols, equation numbers and the counting rule: no package at all.
  notation: [],
  // The number formatter: plain code and Intl, no package at all.
  format: [],
  // The engine runs in Node, a worker and the page: validation and JSON5 only.
  engine: ['zod', 'json5'],
  session: ['zod', 'json5'],
  experiments: ['zod'],
  // The check runs in the CLI, the page and a worker: validation and the npz's zip reader.
  check: ['zod', 'fflate'],
};

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-unknown-src-folder',
      comment: 'every file of src/ lives in a folder of the table, or is one of the entry files',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `^src/(${Object.keys(MAY_IMPORT).join('|')})/|^src/test-hook\\.ts$` },
    },
    {
      name: 'entries-not-imported',
      comment: 'src/main.ts and the test hooks are entry points: only main.ts imports the test hook (lazily, with ?test)',
      severity: 'error',
      from: { pathNot: '^src/main\\.ts$' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    ...Object.entries(NPM_ONLY).map(([layer, packages]) => ({
      name: `npm-${layer}`,
      comment: `src/${layer} may use only these packages: ${packages.join(', ')} (no DOM, Svelte, D3, XState, Node built-ins)`,
      severity: 'error',
      from: { path: `^src/${layer}/` },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'core', 'unknown'], pathNot: `^node_modules/(${packages.join('|')})/` },
    })),
    {
      name: 'planted-mistakes-only-in-lessons',
      comment: 'the planted faulty steps (src/check/planted) are for the bug-hunt lessons and tests, never on the engine\'s, the check\'s or the CLI\'s path',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(lessons|check/planted)/' },
      to: { path: '^src/check/planted/' },
    },
    {
      name: 'xstate-in-machine',
      comment: 'only src/machine runs XState; views may import its types (an Actor to subscribe to)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(machine|views)/' },
      to: { path: '^node_modules/xstate/' },
    },
    {
      name: 'xstate-types-in-views',
      comment: 'views take XState types only; actors are created by src/machine',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: '^node_modules/xstate/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'imports run one way',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-tests',
      comment: 'the app never imports test code',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink (a shared install): name packages by where they are imported from.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: false,
  },
};
