#!/usr/bin/env node
// `cinema` runs the TypeScript command-line tool from source through tsx (installed with the
// project's dependencies), so there is no build step between an edit and the tool.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
