// `npm run build:record`: builds the recorder's runtime into dist/record/ - the files a recorded
// Node process loads, so they are plain JavaScript (ES modules), not TypeScript:
//   register.mjs   the --import entry (`cinema/record`): runtime, hooks, roots, writing at exit
//   esm-hooks.mjs  Node 20's module hooks thread
//   merge-cli.mjs  merges a recording folder (what a process recorded on its own runs at exit)
//   deflate-worker.mjs  the thread that compresses a part as it is written
//   cli.mjs        the `cinema` command (bin/cinema.js runs it while it is as new as the sources)
// oxc's parser and transformer stay outside the bundle: they load their native bindings.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { RECORDER_SOURCE_FOLDERS, isRecorderSource } from '../src/node/record/sources';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RECORD_DIST = join(root, 'dist/record');
const external = ['oxc-parser', 'oxc-transform', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A hash of the sources the runtime is built from: rewritten files are cached per build. */
function sourcesHash(): string {
  const hash = createHash('sha1');
  for (const folder of RECORDER_SOURCE_FOLDERS) {
    const dir = join(root, 'src', folder);
    for (const f of readdirSync(dir).sort()) if (isRecorderSource(f)) hash.update(f).update(readFileSync(join(dir, f)));
  }
  return hash.digest('hex').slice(0, 16);
}

export async function buildRecord(): Promise<void> {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    define: { __CINEMA_RECORD_BUILD__: JSON.stringify(sourcesHash()) },
    build: {
      outDir: RECORD_DIST,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      ssr: true,
      rollupOptions: {
        input: {
          register: join(root, 'src/node/record/register.ts'),
          'esm-hooks': join(root, 'src/node/record/esm-hooks.ts'),
          'merge-cli': join(root, 'src/node/record/merge-cli.ts'),
          'deflate-worker': join(root, 'src/node/record/deflate-worker.ts'),
          cli: join(root, 'src/node/cli.ts'),
        },
        external,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'shared-[hash].mjs' },
      },
    },
    ssr: { noExternal: true, external },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildRecord();
  console.log(`built ${RECORD_DIST} (register.mjs, esm-hooks.mjs, merge-cli.mjs, deflate-worker.mjs, cli.mjs)`);
}
