// The layer table (README, "Folders") as dependency-cruiser rules: which folder may import which of
// ours, which packages, and Node's modules; no import cycles, type-only imports included. `npm run
// lint:layers` applies it to every source file; scripts/check-layers.test.ts proves each rule fires.
//
// Every dependency must match one `allowed` rule (anything else is an error), then no `forbidden`
// rule. Layers are matched by path; a file belongs to the first layer whose pattern matches.

/** [name, path pattern, our layers it may import, packages it may import, runs in Node] */
const LAYERS = [
  ['src/node', '^src/node/', ['src', 'src/rpc', 'src/instrument'], ['@jridgewell/remapping', '@jridgewell/trace-mapping'], true],
  ['src/rpc', '^src/rpc/', ['src'], [], false],
  // The recorder's instrumenter: source text in, rewritten text, a source map and the AST table out; no Node API.
  ['src/instrument', '^src/instrument/', ['src'], ['oxc-parser', 'oxc-transform', 'magic-string', '@jridgewell/remapping'], false],
  ['src', '^src/', [], [], false],
  // The storage engine: blocks, postings, runs, checkpoints. Plain data structures over IndexedDB.
  ['store/engine', '^store/engine/', ['src', 'src/rpc'], ['idb'], false],
  ['store/testing', '^store/testing/', ['src', 'src/rpc', 'store', 'store/engine'], ['idb', 'fast-check'], false],
  ['store/bench', '^store/bench/', ['src', 'src/rpc', 'store', 'store/engine'], ['idb'], false],
  ['store', '^store/', ['src', 'src/rpc', 'store/engine'], ['idb'], false],
  // The web build's bootstrap is the one place in renderer/ that starts the store itself.
  [
    'renderer/web',
    '^renderer/web/',
    ['src', 'src/rpc', 'renderer', 'store'],
    ['react', 'react-dom', 'zustand', 'vis-timeline', 'vis-data'],
    false,
  ],
  [
    'renderer',
    '^renderer/',
    ['src', 'src/rpc'],
    [
      'react',
      'react-dom',
      'zustand',
      'vis-timeline',
      'vis-data',
      '@tanstack/react-virtual',
      'react-json-view-lite',
      'react-resizable-panels',
    ],
    false,
  ],
  // main streams files with src/node's helpers (it is Node, like the command-line tool).
  ['electron/main', '^electron/main/', ['src', 'src/rpc', 'src/node'], ['electron'], true],
  // The preload is a narrow gate: the RPC contract only.
  ['electron/preload', '^electron/preload/', ['src/rpc'], ['electron'], false],
  // e2e compares what the UI shows with a reference store in Node (fake-indexeddb, through store/testing).
  [
    'e2e',
    '^e2e/',
    ['src', 'src/rpc', 'src/node', 'store/testing', 'fixtures'],
    ['@playwright/test', 'fake-indexeddb', 'playwright-core'],
    true,
  ],
  // Programs the recorder's tests record: a user's code, which uses whatever packages it likes.
  ['fixtures/programs', '^fixtures/programs/', [], ['*'], true],
  // The test fixtures' accessor: paths of the project's own recordings and the optional extra corpus.
  ['fixtures', '^fixtures/', [], ['vitest'], true],
  // Build, benchmark and fixture tooling runs in Node and may drive any layer.
  ['scripts', '^scripts/', ['*'], ['*'], true],
];

/** Packages and folders any unit test may use beside its layer's own. */
const TEST_PACKAGES = ['vitest', 'fake-indexeddb', 'fast-check'];
const TEST_LAYERS = ['store/testing', 'fixtures'];

const layerPath = (name) => LAYERS.find((l) => l[0] === name)[1];
// A file is in a layer when it matches the layer's pattern and no earlier (more specific) one.
const within = (name) => {
  const i = LAYERS.findIndex((l) => l[0] === name);
  return {
    path: LAYERS[i][1],
    pathNot: LAYERS.slice(0, i)
      .map((l) => l[1])
      .filter((p) => p.startsWith(LAYERS[i][1])),
  };
};
const oneOf = (patterns) => `(${patterns.join('|')})`;
const packages = (names) => `^node_modules/${oneOf(names.map((n) => n.replace(/[/.]/g, '\\$&')))}/`;
const TEST_FILE = '\\.test\\.tsx?$';

const allowed = [];
for (const [name, , layers, pkgs, node] of LAYERS) {
  const from = within(name);
  const ours = layers.includes('*') ? ['^(src|store|renderer|electron|e2e|fixtures|scripts)/'] : [name, ...layers].map(layerPath);
  allowed.push({ comment: `${name} imports its allowed layers`, from, to: { path: oneOf(ours), pathNot: '^node_modules/' } });
  // A layer's own pattern also covers its more specific sub-layers: those stay excluded unless allowed.
  if (!layers.includes('*')) allowed[allowed.length - 1].to.pathNot = oneOf(['^node_modules/', ...excludedInside([name, ...layers])]);
  if (pkgs.length > 0)
    allowed.push({ comment: `${name} imports its packages`, from, to: { path: pkgs.includes('*') ? '^node_modules/' : packages(pkgs) } });
  if (node) allowed.push({ comment: `${name} runs in Node`, from, to: { dependencyTypes: ['core'] } });
}
allowed.push(
  { comment: 'tests use their runner, Node and the test helpers', from: { path: TEST_FILE }, to: { path: packages(TEST_PACKAGES) } },
  { comment: 'tests run in Node', from: { path: TEST_FILE }, to: { dependencyTypes: ['core'] } },
  { comment: 'tests use the test helpers', from: { path: TEST_FILE }, to: { path: oneOf(TEST_LAYERS.map(layerPath)) } },
);

/** Sub-layers inside the allowed layers' patterns that are not themselves allowed. */
function excludedInside(names) {
  const paths = names.map(layerPath);
  return LAYERS.filter((l) => !names.includes(l[0]) && paths.some((p) => l[1].startsWith(p) && l[1] !== p)).map((l) => l[1]);
}

module.exports = {
  allowed,
  allowedSeverity: 'error',
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Import cycles (type-only ones included) make load order matter and hide layering mistakes. The recorder fixture of modules in a circle is one on purpose.',
      severity: 'error',
      from: { pathNot: '^fixtures/programs/circular/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^(dist|\\.tsbuild)/' },
    // Type-only imports count: a cycle through `import type` still couples the two modules.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
