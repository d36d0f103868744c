// The desktop app end to end, driven through Playwright's Electron support. These tests need the
// Electron binary; where it is not installed (a machine without internet) they are skipped with the
// reason printed, and the same UI and store are covered by the web build's tests in Chromium.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP_FUNCTIONS } from '../src/rpc/shell';
import { REPO_ROOT, electronBinary } from './electron-binary';

const binary = electronBinary();
const SKIP_REASON =
  'the Electron binary is not installed here (`npx --no install-electron` fetches it); the desktop tests run where it exists';
if (!binary) console.log(`electron.spec.ts skipped: ${SKIP_REASON}`);
test.skip(!binary, SKIP_REASON);

let userData: string;

async function launch(...files: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: binary!,
    args: [REPO_ROOT, ...files],
    env: { ...process.env, CINEMA_USER_DATA: userData },
  });
  const page = await app.firstWindow();
  return { app, page };
}

test.beforeAll(() => {
  execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/build-electron.ts')], { cwd: REPO_ROOT, stdio: 'pipe' });
  userData = mkdtempSync(join(tmpdir(), 'cinema-electron-'));
});

test('opens on app://ui with a hidden store window, and keeps a session across restarts', async () => {
  let { app, page } = await launch();
  expect(page.url()).toBe('app://ui/renderer/electron/index.html');
  const urls = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() })),
  );
  expect(urls).toContainEqual({ url: 'app://store/store/host/window/index.html', visible: false });
  // No Node in the page, and the shell's API is the named functions only.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => Object.keys((window as unknown as { cinemaDesktop: object }).cinemaDesktop).sort())).toEqual([
    ...DESKTOP_FUNCTIONS,
  ]);
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expect(page.getByText(/Opened sample\.cinema: 20,000 events\./)).toBeVisible({ timeout: 60_000 });
  await app.close();
  ({ app, page } = await launch());
  await expect(page.locator('tbody tr td').nth(1)).toHaveText('20,000');
  await app.close();
});

test('a file named on the command line is streamed in by main', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cinema-electron-file-'));
  const file = join(dir, 'cli.cinema');
  writeFileSync(
    file,
    '{"format":"cinema-session","version":1,"name":"from the command line","time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":5,"data":{"type":"function_entry"}}\n',
  );
  const { app, page } = await launch(file);
  await expect(page.getByText(/Opened .*cli\.cinema: 1 events\./)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('from the command line')).toBeVisible();
  await app.close();
});

test('a page cannot open windows or navigate away', async () => {
  const { app, page } = await launch();
  await page.evaluate(() => window.open('https://example.com/'));
  await page.evaluate(() => void (location.href = 'https://example.com/'));
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://ui/renderer/electron/index.html');
  expect(app.windows()).toHaveLength(2); // the UI and the store, nothing opened
  await app.close();
});

test('the store process killed: main starts another, the UI reconnects and keeps working', async () => {
  const { app, page } = await launch();
  await expect(page.locator('tbody tr')).not.toHaveCount(0, { timeout: 60_000 }); // the sample of the first test
  // Kill the hidden store window's renderer process, as the system would for memory.
  await app.evaluate(({ BrowserWindow }) => {
    const store = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().startsWith('app://store'))!;
    process.kill(store.webContents.getOSProcessId(), 'SIGKILL');
  });
  await expect(page.getByText(/Reconnected: the store's process ended/)).toBeVisible({ timeout: 30_000 });
  // The library answers from the new store: a rename goes through and shows.
  await page
    .getByRole('button', { name: /^Rename / })
    .first()
    .click();
  const input = page.getByRole('textbox').first();
  await input.fill('after the restart');
  await input.press('Enter');
  await expect(page.getByText('after the restart')).toBeVisible({ timeout: 30_000 });
  expect(app.windows()).toHaveLength(2);
  await app.close();
});
