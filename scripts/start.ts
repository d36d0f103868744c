// `npm start`: builds the desktop app and opens it. The Electron binary is fetched on first start
// when missing (`npx --no install-electron` does it ahead of time; ELECTRON_MIRROR points the fetch
// at a mirror). Where it cannot be fetched (no network), one line says so and points to the web build.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ELECTRON_PACKAGE, REPO_ROOT, electronBinary } from '../e2e/electron-binary';
import { buildElectron } from './build-electron';

function fetchElectron(): boolean {
  const r = spawnSync(process.execPath, [join(ELECTRON_PACKAGE, 'install.js')], { encoding: 'utf8', timeout: 10 * 60_000 });
  return r.status === 0;
}

let binary = electronBinary();
if (!binary && fetchElectron()) binary = electronBinary();
if (!binary) {
  console.error(
    'cinema: the Electron binary is not installed and could not be fetched; run `npx --no install-electron` where the network (or an ELECTRON_MIRROR) is reachable, or use `npm run web` to open the same app in a browser.',
  );
  process.exit(1);
}

await buildElectron();
const child = spawn(binary, [REPO_ROOT, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
