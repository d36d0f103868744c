// The layer table of DESIGN.md section 2, as data: which folder may import which of ours and which
// packages. scripts/check-layers.ts applies it to every source file.

export interface Layer {
  name: string;
  /** Folder prefix (relative to the repository root, with a trailing slash). Longest match wins. */
  prefix: string;
  /** Our layers this one may import (itself always allowed). */
  layers: string[];
  /** Packages it may import; `node:` builtins are allowed only with `node: true`. */
  packages: string[];
  node?: boolean;
}

export const LAYERS: Layer[] = [
  { name: 'src', prefix: 'src/', layers: [], packages: [] },
  { name: 'src/node', prefix: 'src/node/', layers: ['src'], packages: [], node: true },
  { name: 'store', prefix: 'store/', layers: ['src', 'src/rpc'], packages: ['idb'] },
  { name: 'renderer', prefix: 'renderer/', layers: ['src', 'src/rpc'], packages: ['react', 'react-dom', 'zustand', 'vis-timeline', 'vis-data'] },
  // The web build's bootstrap is the one place in renderer/ that starts the store itself.
  { name: 'renderer/web', prefix: 'renderer/web/', layers: ['src', 'src/rpc', 'renderer', 'store'], packages: ['react', 'react-dom', 'zustand', 'vis-timeline', 'vis-data'] },
  // main streams files with src/node's helpers (it is Node, like the command-line tool).
  { name: 'electron/main', prefix: 'electron/main/', layers: ['src', 'src/rpc', 'src/node'], packages: ['electron'], node: true },
  // The preload is a narrow gate: the RPC contract only.
  { name: 'electron/preload', prefix: 'electron/preload/', layers: ['src/rpc'], packages: ['electron'] },
  { name: 'src/rpc', prefix: 'src/rpc/', layers: ['src'], packages: [] },
  // e2e compares what the UI shows with a reference store in Node (fake-indexeddb, through store/testing).
  { name: 'e2e', prefix: 'e2e/', layers: ['store/testing'], packages: ['@playwright/test', 'fake-indexeddb'], node: true },
  { name: 'store/testing', prefix: 'store/testing/', layers: ['src', 'src/rpc', 'store'], packages: ['idb'] },
  // Build and benchmark tooling runs in Node and may drive any layer.
  { name: 'scripts', prefix: 'scripts/', layers: ['src', 'src/node', 'store', 'renderer', 'electron/main', 'store/testing', 'store/bench', 'e2e'], packages: ['*'], node: true },
  { name: 'store/bench', prefix: 'store/bench/', layers: ['src', 'store'], packages: ['idb'] },
];

/** Packages any unit test may use beside its layer's own. */
export const TEST_PACKAGES = ['vitest', 'fake-indexeddb'];
