// A full disk, for real: Chromium's profile on a small tmpfs (Chromium here ignores the DevTools
// quota override for IndexedDB writes: tried, a 3 MB override let 6.7 MB in). An import that runs
// out of room stops with a plain message; where Chromium refuses the write (it keeps its database),
// nothing of the import remains and the session imported before it opens; where it closes the
// database instead, it deletes it; either way Cinema works on once there is room.
// Refusals of single writes (a rename, a bookmark) are tested on the host (store/host/space.test.ts).
// Mounting needs root: elsewhere the test says so and is skipped.
import { test, expect, chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './chromium';
import { generateRecording, serveWebApp } from './web-app';

/** Plain words for running out of room: the store's own, or the browser closing the database (it may do either). */
const NO_ROOM = /not enough space|closed Cinema's database/;

function mountSmallDisk(dir: string, size: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
  }
}

/** A recording whose payloads do not compress (random text): its size on disk is its size. */
function writeNoisyRecording(path: string, events: number): void {
  const lines = ['{"format":"cinema-session","version":1,"name":"noise","time_unit":"ns","epoch":"0"}'];
  for (let i = 0; i < events; i++) {
    const noise = randomBytes(150).toString('base64');
    lines.push(
      `{"kind":"event","timestamp":${i * 1000},"ast_node_id":"n${i % 50}","correlation_id":"f${i % 20}","data":{"noise":"${noise}"}}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

test('a full disk: the import that hits it stops with a plain message, and Cinema works on', async () => {
  test.setTimeout(240_000);
  const disk = mkdtempSync(join(tmpdir(), 'cinema-small-disk-'));
  const why = mountSmallDisk(disk, '32m');
  if (why) {
    console.log(`full-disk test skipped: cannot mount a 32 MB tmpfs for Chromium's profile here (${why}); it needs root`);
    rmSync(disk, { recursive: true, force: true });
    test.skip(true, 'mounting a tmpfs needs root');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'cinema-quota-'));
  const app = await serveWebApp();
  let context: BrowserContext | null = null;
  try {
    const small = join(work, 'small.cinema');
    const big = join(work, 'big.cinema');
    generateRecording(small, 2_000, 1);
    writeNoisyRecording(big, 160_000);
    mkdirSync(join(work, 'cache'));
    // The HTTP cache goes elsewhere: only IndexedDB (and Chromium's own profile files) fill the small disk.
    context = await chromium.launchPersistentContext(join(disk, 'profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, `--disk-cache-dir=${join(work, 'cache')}`],
    });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${app.origin}/`);

    await page.getByTestId('import-input').setInputFiles(small);
    await expect(page.getByTestId('session-title')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
    const name = (await page.getByTestId('session-title').textContent())!;

    // Far more than the disk holds: the import stops with a plain message.
    await page.getByTestId('import-input').setInputFiles(big);
    await expect(page.getByTestId('error-panel')).toContainText(NO_ROOM, { timeout: 180_000 });
    console.log(`full-disk import: ${await page.getByTestId('error-panel').textContent()}`);
    await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
    // Chromium either refuses the write (QuotaExceededError: the store says "not enough space",
    // removes the import and keeps the rest) or, when LevelDB meets the full disk first, closes the
    // connection and deletes the origin's whole IndexedDB, which no page can prevent.
    const refused = /not enough space/.test((await page.getByTestId('error-panel').textContent()) ?? '');
    console.log(`full-disk import: Chromium ${refused ? 'refused the write; the database stays' : 'closed the database (it deletes it)'}`);
    await page.goto('about:blank');
    await page.goto(`${app.origin}/`);
    await expect(page.getByText(/Recordings take/)).toBeVisible({ timeout: 30_000 });
    if (refused) {
      // Nothing of the failed import shows; the first session is there and opens.
      await expect(page.getByTestId('session-row')).toHaveCount(1, { timeout: 30_000 });
      await expect(page.getByTestId('session-row')).toContainText(name);
      await page.getByTestId('session-row').getByRole('button', { name: 'Open' }).click();
      await expect(page.getByTestId('session-title')).toHaveText(name);
    } else await expect(page.getByTestId('session-row')).toHaveCount(0, { timeout: 30_000 });

    // Room again: Cinema works on (a fresh store when Chromium dropped the old one).
    await page.goto(`${app.origin}/`);
    await page.getByTestId('import-input').setInputFiles(small);
    await expect(page.getByTestId('session-title')).toHaveText(name, { timeout: 60_000 });
    await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  } finally {
    await context?.close().catch(() => {});
    app.close();
    execFileSync('umount', ['-l', disk]);
    rmSync(disk, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
