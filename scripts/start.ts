// `npm start [-- --web | --desktop] [--port N] [--no-open] [FILE]`: runs Cinema. The desktop app
// where Electron runs (its binary is fetched on first start when missing; ELECTRON_MIRROR points
// the fetch at a mirror); where it cannot be had, the same app built for the web and served on
// 127.0.0.1, opened in the default browser where there is one. --web forces the web app; --desktop
// refuses to fall back.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'vite';
import { ELECTRON_PACKAGE, REPO_ROOT, electronBinary } from '../e2e/electron-binary';
import { serveStatic } from '../src/node/serve';
import { buildElectron } from './build-electron';

/**
 * The web app's port. Fixed, because the origin decides which IndexedDB the page sees: another
 * port would open an empty library.
 */
const DEFAULT_PORT = 4310;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : DEFAULT_PORT;
const passOn = args.filter((a, i) => !a.startsWith('--') && !(portArg >= 0 && i === portArg + 1));
const say = (line: string) => console.error(`cinema: ${line}`);

if (flag('web') && flag('desktop')) fail('--web and --desktop ask for different apps; give one');
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port takes a port number from 1 to 65535 (0: any free one), got ${args[portArg + 1] ?? 'nothing'}`);

if (flag('web')) await startWeb();
else {
  const binary = electronBinary() ?? (fetchElectron() ? electronBinary() : null);
  if (binary) await startDesktop(binary);
  else if (flag('desktop'))
    fail(
      'the Electron binary is not installed and could not be fetched; run `npx --no install-electron` where the network (or an ELECTRON_MIRROR) is reachable, or start the web app with `npm start -- --web`',
    );
  else {
    say(
      'the Electron binary is not installed and could not be fetched here, so Cinema starts as a web app instead (`npm start -- --desktop` refuses to)',
    );
    await startWeb();
  }
}

function fail(message: string): never {
  say(message);
  process.exit(2);
}

/** Fetches the Electron binary (the electron package's own installer); false when it cannot. */
function fetchElectron(): boolean {
  const r = spawnSync(process.execPath, [join(ELECTRON_PACKAGE, 'install.js')], { encoding: 'utf8', timeout: 10 * 60_000 });
  return r.status === 0;
}

async function startDesktop(binary: string): Promise<void> {
  await buildElectron();
  const child = spawn(binary, [REPO_ROOT, ...passOn], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function startWeb(): Promise<void> {
  if (passOn.length > 0) say(`the web app opens files from its own Open button; ${passOn.join(' ')} is not opened`);
  await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  let origin: string;
  try {
    ({ origin } = await serveStatic(join(REPO_ROOT, 'dist/web'), port));
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    fail(
      inUse
        ? `port ${port} is taken (is Cinema already running there? open http://127.0.0.1:${port}/), or choose another with --port`
        : (err as Error).message,
    );
  }
  const url = `${origin}/`;
  console.log(`Cinema is running at ${url} (Ctrl+C stops it)`);
  if (!flag('no-open')) openInBrowser(url);
}

/** Opens `url` in the default browser where the platform has a way to; says so when it cannot. */
function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : null;
  if (!opener) {
    say('no desktop to open a browser on here: open the address above in a browser');
    return;
  }
  const child = spawn(opener[0], opener.slice(1), { stdio: 'ignore', detached: true });
  child.on('error', () => say(`no default browser could be opened (${opener[0]} is missing): open the address above in a browser`));
  child.unref();
}
