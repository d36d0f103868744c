// The web build (dist/web) served by a plain static server: its Worker runs the store host on the
// page's real IndexedDB. Open the sample recording, see it listed, reload, find it still there.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { launchProfile } from './chromium';
import { serveStatic } from './static-server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let profile: Awaited<ReturnType<typeof launchProfile>>;
let server: Server;
let origin: string;
let page: Page;

test.beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: root, stdio: 'pipe' });
  ({ server, origin } = await serveStatic(join(root, 'dist/web')));
  profile = await launchProfile();
  page = await profile.context.newPage();
});

test.afterAll(async () => {
  await profile?.close();
  server?.close();
});

test('the built web app opens the sample recording into IndexedDB and keeps it across a reload', async () => {
  await page.goto(`${origin}/`);
  await expect(page.getByText('No recordings yet')).toBeVisible();
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expect(page.getByText(/Opened sample\.cinema: 20,000 events\./)).toBeVisible({ timeout: 60_000 });
  const row = page.locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(1)).toHaveText('20,000');
  await page.screenshot({ path: join(root, 'test-results', 'web-sessions.png') });
  await page.reload();
  await expect(page.locator('tbody tr td').nth(1)).toHaveText('20,000');
  await page.getByRole('button', { name: /^Delete / }).click();
  await expect(page.getByText('No recordings yet')).toBeVisible();
});

test('a broken file gets a message that says where and what, and no session', async () => {
  await page.goto(`${origin}/`);
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.cinema', mimeType: 'application/octet-stream', buffer: Buffer.from('{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":1.5}\n') });
  await expect(page.getByRole('alert')).toHaveText('broken.cinema:2:29: expected an integer timestamp, found 1.5');
  await expect(page.getByText('No recordings yet')).toBeVisible();
});
