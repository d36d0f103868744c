// Two tabs of the web build: each runs its own store Worker on one IndexedDB database. What one
// changes (an import, a rename, a bookmark, a delete) reaches the other's views within a second,
// and a session deleted while the other tab shows it closes there with a plain message.
import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRecording, openWebApp } from './web-app';

test('changes made in one tab reach the other within a second', async () => {
  const app = await openWebApp({ width: 1300, height: 850 });
  const one = app.page;
  const two = await one.context().newPage();
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'cinema-tabs-')), 'tabs.cinema');
    generateRecording(file, 2_000, 51);
    await one.goto(`${app.origin}/`);
    await two.goto(`${app.origin}/`);
    await expect(two.getByText('No recordings yet.')).toBeVisible();
    // The library says how much space recordings take and how much is left.
    await expect(two.getByTestId('storage-usage')).toContainText(/Recordings take [\d.,]+ MB; [\d.,]+ MB more can be stored here/);

    await one.getByTestId('import-input').setInputFiles(file);
    await expect(one.getByTestId('session-title')).toBeVisible({ timeout: 60_000 });
    await expect(two.getByTestId('session-row')).toHaveCount(1, { timeout: 1_000 });

    // Tab two shows the session; tab one bookmarks a moment in it.
    await two.getByTestId('session-row').getByRole('button', { name: 'Open' }).click();
    await expect(two.getByTestId('bookmarks-button')).toHaveText('Bookmarks');
    await one.keyboard.press('b');
    await expect(two.getByTestId('bookmarks-button')).toHaveText('Bookmarks (1)', { timeout: 1_000 });

    // Tab one renames it from the library, then deletes it: tab two follows, and says why it closed.
    await one.getByRole('button', { name: '← Library' }).click();
    await one.getByRole('button', { name: /^Rename / }).click();
    await one.getByLabel('Session name').fill('renamed in tab one');
    await one.getByLabel('Session name').press('Enter');
    await two.getByRole('button', { name: '← Library' }).click();
    await expect(two.getByTestId('session-row')).toContainText('renamed in tab one', { timeout: 1_000 });
    await two.getByTestId('session-row').getByRole('button', { name: 'Open' }).click();
    await expect(two.getByTestId('session-title')).toHaveText('renamed in tab one');
    await one.getByRole('button', { name: /^Delete / }).click();
    await one.getByRole('button', { name: /^Confirm deleting / }).click();
    await expect(two.getByText(/was deleted \(in another window or tab\), so it was closed here/)).toBeVisible({ timeout: 1_000 });
    await expect(two.getByTestId('session-title')).toHaveCount(0);
  } finally {
    await app.close();
  }
});
