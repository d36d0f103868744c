// Every view has an address, in the built web app: selecting an event and moving the playhead
// writes them to the URL; the same URL in a fresh page opens the same view; back and forward move
// between places; a link naming a recording the library lacks says so. Bookmarks with notes are
// kept with the session across a reload.
import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedWebApp, generateRecording, openWebApp } from './web-app';

let app: OpenedWebApp;

test.beforeAll(async () => {
  app = await openWebApp({ width: 1440, height: 900 });
});

test.afterAll(async () => {
  await app?.close();
});

const hashPart = (url: string, key: string) => new URLSearchParams(new URL(url).hash.slice(1)).get(key);

test('a view’s link reopens it exactly; back and forward move between places; unknown recordings are named', async () => {
  const page = app.page;
  const file = join(mkdtempSync(join(tmpdir(), 'cinema-links-')), 'links.cinema');
  generateRecording(file, 3_000, 41);
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('session-title')).toBeVisible();
  await expect.poll(() => hashPart(page.url(), 's')).not.toBeNull();

  // Select the fifth event: the address names it, and the playhead at it.
  const row = page.getByTestId('event-row').nth(4);
  const eventId = (await row.getAttribute('data-event-id'))!;
  await row.click();
  await expect.poll(() => hashPart(page.url(), 'e')).toBe(eventId);
  const time = (await page.getByTestId('playhead').getAttribute('data-time'))!;
  await expect.poll(() => hashPart(page.url(), 't')).toBe(time);
  const link = page.url();

  // Another place, then back: the first event again.
  await page.getByTestId('event-row').nth(9).click();
  await expect.poll(() => hashPart(page.url(), 'e')).not.toBe(eventId);
  await page.goBack();
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${eventId}`);
  await expect.poll(() => hashPart(page.url(), 'e')).toBe(eventId);

  // A bookmark with a note, kept across the reload below.
  await page.keyboard.press('b');
  await page.getByTestId('bookmarks-button').click();
  await page.getByTestId('bookmark-note').fill('**retry** starts here');
  await page.getByTestId('bookmark-label').fill('retry');
  await page.getByTestId('bookmark-label').press('Tab');
  await expect(page.getByTestId('bookmarks-button')).toHaveText('Bookmarks (1)');

  // The link in a fresh page: same session, event and playhead.
  const fresh = await page.context().newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('event-inspector')).toContainText(`Event ${eventId}`, { timeout: 30_000 });
  await expect(fresh.getByTestId('playhead')).toHaveAttribute('data-time', time);
  await fresh.getByTestId('bookmarks-button').click();
  await expect(fresh.getByTestId('bookmark-note')).toHaveValue('**retry** starts here');
  await expect(fresh.getByTestId('bookmark-label')).toHaveValue('retry');

  // A link to a recording this library does not have says so.
  await fresh.goto(`${app.origin}/#s=s-nowhere&t=5`);
  await expect(fresh.getByText(/does not have \(s-nowhere\)/)).toBeVisible();
  await fresh.close();
});
