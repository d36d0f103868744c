// How the browser tests reach Chromium: Debian's /usr/bin/chromium (or CINEMA_CHROMIUM), never a
// Playwright browser download. A persistent profile in a temporary folder gives the page an
// on-disk IndexedDB, as a real user has, instead of an incognito in-memory one.
import { chromium, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const chromiumPath = process.env.CINEMA_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** A Chromium with its own profile folder; `close` removes the folder. */
export async function launchProfile(): Promise<{ context: BrowserContext; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cinema-chromium-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return {
    context,
    dir,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
