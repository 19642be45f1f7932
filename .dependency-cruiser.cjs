/**
 * The layers of Wuming, checked on every `npm test` (`npm run lint:layers`). Arrows point one way:
 *
 *   cli/ (server/)  →  run/  →  everything below
 *   search/ → privacy/, metrics/ → core/        (shared types and the grouping)
 *   engine/ is a driver: it imports nothing of Wuming but the root basics (errors, progress)
 *
 * Each rule's name says what it protects; a violation prints the rule's name and comment.
 * docs/ARCHITECTURE.md draws the layers.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Folders of src/ must not import each other in a circle: move what both need into a folder below both (core/, crypto/, china/).',
      scope: 'folder',
      from: { path: '^src/[^/]+' },
      to: { path: '^src/[^/]+', circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'Modules must not import each other in a circle (type-only imports included).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'nothing-imports-cli-or-server',
      severity: 'error',
      comment:
        'cli/ and server/ are shells over run/: nothing imports them (a job a server would need belongs in run/).',
      from: { pathNot: '^src/(cli|server)/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'only-shells-import-run',
      severity: 'error',
      comment:
        'run/ holds the jobs; only cli/, server/ and the library entry (src/index.ts) import it, never the layers below.',
      from: { path: '^src/', pathNot: '^src/(cli|server|run)/|^src/index\\.ts$' },
      to: { path: '^src/run/' },
    },
    {
      name: 'cli-only-to-run',
      severity: 'error',
      comment:
        'At run time cli/ (and server/) import run/ only (plus their own files and the root basics): a command is flags in, one run/ call, output. Type-only imports of any layer are allowed: they are the contract.',
      from: { path: '^src/(cli|server)/' },
      to: {
        path: '^src/',
        pathNot: '^src/(cli|server|run)/|^src/(errors|progress|random)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'algorithms-not-to-engine',
      severity: 'error',
      comment:
        'privacy/, metrics/, search/ and core/ work on in-memory tables; reading rows from an engine is a data path (run/data-path/).',
      from: { path: '^src/(privacy|metrics|search|core)/' },
      to: { path: '^src/engine/' },
    },
    {
      name: 'engine-is-a-driver',
      severity: 'error',
      comment:
        'engine/ runs SQL and moves rows; it imports nothing of Wuming but the root basics (errors, progress, random).',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: '^src/engine/|^src/(errors|progress|random)\\.ts$' },
    },
    {
      name: 'core-is-below',
      severity: 'error',
      comment:
        'core/ holds the types search/, privacy/ and metrics/ share; it imports none of them (only hierarchy types and the root basics).',
      from: { path: '^src/core/' },
      to: {
        path: '^src/',
        pathNot: '^src/core/|^src/hierarchy/hierarchy\\.ts$|^src/(errors|progress|random)\\.ts$',
      },
    },
    {
      name: 'privacy-metrics-not-to-search',
      severity: 'error',
      comment: 'search/ uses privacy/ and metrics/, never the other way: shared types go to core/.',
      from: { path: '^src/(privacy|metrics)/' },
      to: { path: '^src/search/' },
    },
    {
      name: 'detect-not-to-transform',
      severity: 'error',
      comment:
        'detect/ finds, transform/ changes: detect/ never imports transform/ (shared primitives live in crypto/ or china/).',
      from: { path: '^src/detect/' },
      to: { path: '^src/transform/' },
    },
    {
      name: 'transform-not-to-detect',
      severity: 'error',
      comment:
        'transform/ never imports detect/: what composes the two (redact_text, detect --redact: find, then replace) lives in operators/, above both.',
      from: { path: '^src/transform/' },
      to: { path: '^src/detect/' },
    },
    {
      name: 'operators-above-detect-and-transform',
      severity: 'error',
      comment:
        'operators/ holds the operator registry and the operators that compose detect/ and transform/; neither of those imports it (nor any layer they rest on).',
      from: { path: '^src/(detect|transform|crypto|china|keys|core|engine|io)/' },
      to: { path: '^src/operators/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
