#!/usr/bin/env node
// `cinema`: the command-line tool as built into dist/record/ (`npm run build:record`, which
// `npm install` runs) while that build is as new as its sources; otherwise from the TypeScript
// sources through tsx, so an edit works before the next build. The built tool starts in a
// fraction of the time (tsx compiling the sources took ~0.3 s of every command).
import { existsSync } from 'node:fs';

const built = new URL('../dist/record/cli.mjs', import.meta.url);
let cli = existsSync(built) ? await import(built.href) : null;
if (!cli?.builtIsCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/node/cli.ts');
}
// Output piped to a reader that stopped (`cinema inspect big.json | head`) ends the command
// quietly, as other command-line tools do, instead of with an unhandled EPIPE error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await cli.main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
