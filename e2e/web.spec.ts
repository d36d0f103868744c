// The web build (dist/web) served by a plain static server: its Worker runs the store host on the
// page's real IndexedDB. Open the sample recording, see it in the library, reload, find it still
// there; a broken file says where and what.
import { test, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { REPO_ROOT } from './electron-binary';
import { type OpenedWebApp, openWebApp } from './web-app';

let app: OpenedWebApp;
let page: Page;

test.beforeAll(async () => {
  app = await openWebApp();
  page = app.page;
});

test.afterAll(async () => {
  await app?.close();
});

test('the built web app opens the sample recording into IndexedDB and keeps it across a reload', async () => {
  await page.goto(`${app.origin}/`);
  await expect(page.getByText('No recordings yet.')).toBeVisible();
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('session-title')).toHaveText('demo (20000 events, seed 7)', { timeout: 60_000 });
  await expect(page).toHaveTitle('demo (20000 events, seed 7) — Cinema');
  await page.getByRole('button', { name: '← Library' }).click();
  const row = page.getByTestId('session-row');
  await expect(row).toHaveCount(1);
  // Columns: the compare checkbox, the name, the events.
  await expect(row.locator('td').nth(2)).toHaveText('20,000');
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'library.png') });
  await page.reload();
  await expect(page.getByTestId('session-row').locator('td').nth(2)).toHaveText('20,000');
  await page.getByRole('button', { name: /^Delete / }).click();
  await page.getByRole('button', { name: /^Confirm deleting / }).click();
  await expect(page.getByText('No recordings yet.')).toBeVisible();
});

test('a broken file gets a message that says where and what, and no session', async () => {
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles({
    name: 'broken.cinema',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":1.5}\n'),
  });
  await expect(page.getByTestId('error-panel').locator('code')).toHaveText('broken.cinema:2:29: expected an integer timestamp, found 1.5');
  await expect(page.getByText('No recordings yet.')).toBeVisible();
});
