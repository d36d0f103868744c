// `npm start` where Electron cannot run: it serves the web build and prints its address; --desktop
// refuses. Run as a user runs it (the script in a child process), against the real build.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../e2e/electron-binary';

const root = join(__dirname, '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

function start(...args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/start.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  return { child, output: () => text, exited: new Promise((r) => child.on('exit', r)) };
}

describe('npm start', () => {
  it('--web builds the app, serves it on 127.0.0.1 and prints the address', async () => {
    const run = start('--web', '--port', '0', '--no-open');
    await expect.poll(run.output, { timeout: 120_000, interval: 200 }).toMatch(/Cinema is running at http:\/\/127\.0\.0\.1:\d+\//);
    const url = /Cinema is running at (\S+)/.exec(run.output())![1];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${url}..%2fpackage.json`)).status).toBe(404);
  }, 180_000);

  it.skipIf(electronBinary() !== null)(
    '--desktop refuses, saying why, where the Electron binary cannot be had',
    async () => {
      const run = start('--desktop');
      expect(await run.exited).toBe(2);
      expect(run.output()).toMatch(/the Electron binary is not installed and could not be fetched/);
    },
    60_000,
  );
  if (electronBinary() !== null)
    console.log('skipped "--desktop refuses": the Electron binary is installed here, so --desktop starts the app');
});
