// The built web app (dist/web), built once per test run and served by a plain static server on
// 127.0.0.1, the way a user's http server would serve it.
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { launchProfile } from './chromium';
import { REPO_ROOT } from './electron-binary';
import { serveStatic } from '../src/node/serve';

let built = false;

export async function serveWebApp(): Promise<{ origin: string; close(): void }> {
  if (!built) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
    built = true;
  }
  const { server, origin }: { server: Server; origin: string } = await serveStatic(join(REPO_ROOT, 'dist/web'));
  return { origin, close: () => server.close() };
}

export interface OpenedWebApp {
  /** Where the app is served, e.g. http://127.0.0.1:PORT. */
  origin: string;
  page: Page;
  close(): Promise<void>;
}

/** The built web app served, and a page (`viewport` sized) in a fresh Chromium profile. */
export async function openWebApp(viewport?: { width: number; height: number }): Promise<OpenedWebApp> {
  const app = await serveWebApp();
  const profile = await launchProfile();
  const page = await profile.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  return {
    origin: app.origin,
    page,
    close: async () => {
      await profile.close();
      app.close();
    },
  };
}

/** A recording written by the `cinema` command-line tool. */
export function generateRecording(path: string, events: number, seed: number): void {
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'bin/cinema.js'), 'generate', '--events', String(events), '--seed', String(seed), '--out', path],
    { cwd: REPO_ROOT, stdio: 'pipe' },
  );
}
