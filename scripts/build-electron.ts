// `npm run build:electron`: builds the desktop app into dist/electron/ -
//   main.cjs            the main process (Node; electron and Node's modules left to the runtime)
//   preload-ui.cjs      the UI window's preload, preload-store.cjs the store window's (sandboxed
//                       preloads must be single CommonJS files)
//   pages/              the UI page and the store window's page, served by the app:// scheme
// Electron itself is not needed to build.
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, type InlineConfig } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..') + '/';
const out = `${root}dist/electron`;
const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

function nodeBundle(entry: string, name: string): InlineConfig {
  return {
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir: out,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: { external, output: { format: 'cjs', entryFileNames: name, codeSplitting: false } },
    },
    ssr: { noExternal: true, external: ['electron'] },
  };
}

export async function buildElectron(): Promise<void> {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: `${out}/pages`,
      emptyOutDir: true,
      target: 'chrome130',
      chunkSizeWarningLimit: 2500, // one bundle, loaded from disk
      rollupOptions: { input: { ui: `${root}renderer/electron/index.html`, store: `${root}store/host/window/index.html` } },
    },
  });
  await build(nodeBundle('electron/main/main.ts', 'main.cjs'));
  await build(nodeBundle('electron/preload/ui.ts', 'preload-ui.cjs'));
  await build(nodeBundle('electron/preload/store.ts', 'preload-store.cjs'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron();
  console.log('built dist/electron (main.cjs, preload-ui.cjs, preload-store.cjs, pages/)');
}
