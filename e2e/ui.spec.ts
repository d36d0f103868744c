// The cinema UI end to end, in the built web app on real IndexedDB, checked against a reference
// store in Node (fake-indexeddb) that imported the same file: open, scrub, the state at the
// playhead, an AST node's events, a flow, stepping, bookmarks, search, export and re-import, a
// broken file while a session is open, and the library after a reload.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceStore } from '../store/testing/host-fixture';
import { REPO_ROOT } from './electron-binary';
import { type OpenedWebApp, generateRecording, openWebApp } from './web-app';

const shots = join(REPO_ROOT, 'test-results');
const dir = mkdtempSync(join(tmpdir(), 'cinema-ui-'));
const recording = join(dir, 'pipeline.cinema');
let app: OpenedWebApp;
let page: Page;
const ref = referenceStore(new IDBFactory() as unknown as IDBFactory);
let refSession: string;
let epoch: bigint;
let name: string;

const digits = (s: string | null) => Number((s ?? '').replace(/[^0-9]/g, ''));

test.beforeAll(async () => {
  generateRecording(recording, 6_000, 11);
  const r = await ref.importBytes(readFileSync(recording), 'pipeline.cinema');
  refSession = r.session;
  const info = (await ref.client.call('sessions.list', {})).find((s) => s.id === refSession)!;
  epoch = BigInt(info.epoch);
  name = info.name;
  app = await openWebApp({ width: 1440, height: 900 });
  page = app.page;
});

test.afterAll(async () => {
  await app?.close();
});

/** The playhead's time as a stored offset (data-time is absolute, in the session's unit). */
async function playheadOffset(): Promise<number> {
  return Number(BigInt((await page.getByTestId('playhead').getAttribute('data-time'))!) - epoch);
}

test('a recording opened from a file: every view agrees with the store', async () => {
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(recording);
  await expect(page.getByTestId('session-title')).toHaveText(name, { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('importing-badge')).toHaveCount(0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'session.png') });

  // The hottest AST node: its count, its events list and total, as the store has them.
  const [hot] = await ref.client.call('session.activeAstNodes', {
    session: refSession,
    start: Number.MIN_SAFE_INTEGER,
    end: Number.MAX_SAFE_INTEGER,
  });
  const row = page.locator(`[data-testid=ast-node][data-ast-node-id="${hot.ast_node_id}"]`);
  await expect(row.getByTestId('ast-node-count')).toHaveText(hot.events.toLocaleString('en-US'));
  await row.click();
  await expect.poll(async () => digits(await page.getByTestId('events-total').textContent())).toBe(hot.events);
  const firstOfNode = (await ref.client.call('events.astNode', { session: refSession, astNodeId: hot.ast_node_id, limit: 3 })).events;
  await expect(page.getByTestId('event-row').first()).toHaveAttribute('data-event-id', firstOfNode[0].event_id);

  // Following a flow: the waterfall lists the flow's steps in order.
  const withFlow = (await ref.client.call('events.astNode', { session: refSession, astNodeId: hot.ast_node_id, limit: 200 })).events.find(
    (e) => e.correlation_id !== null,
  )!;
  await page.locator(`[data-testid=event-row][data-event-id="${withFlow.event_id}"]`).click();
  const path = await ref.client.call('events.path', { session: refSession, eventId: withFlow.event_id });
  await expect
    .poll(async () => page.getByTestId('correlation-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id'))))
    .toEqual(path.steps.map((s) => s.event.event_id));
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${withFlow.event_id}`);
  await page.screenshot({ path: join(shots, 'node-and-flow.png') });

  // Scrub on the ruler, then the state panel shows reconstructStateAt at the playhead.
  await page.keyboard.press('Escape');
  const ruler = page.locator('.ruler');
  const box = (await ruler.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height / 2);
  await page.mouse.up();
  const t = await playheadOffset();
  const s = await ref.client.call('events.all', { session: refSession, limit: 1 });
  expect(t).toBeGreaterThan(s.events[0].timestamp);
  const state = await ref.client.call('session.stateAt', { session: refSession, t });
  const frames = state.processes.flatMap((p) =>
    [...p.stack].reverse().map((f) => `${f.module ? `${f.module}.` : ''}${f.function ?? '?'}${f.arity !== null ? `/${f.arity}` : ''}`),
  );
  const vars = state.processes.flatMap((p) => Object.keys(p.variables));
  expect(frames.length + vars.length).toBeGreaterThan(0);
  await expect.poll(async () => page.getByTestId('stack-frame').allTextContents()).toEqual(frames);
  await expect
    .poll(async () => page.getByTestId('variable').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))))
    .toEqual(vars);

  // Stepping with the keyboard: the next event after the playhead, then the one after it.
  await page.keyboard.press('ArrowRight');
  const next = (await ref.client.call('events.step', { session: refSession, from: t, direction: 'next' })).event!;
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${next.event_id}`);
  await expect.poll(playheadOffset).toBe(next.timestamp);
  await page.keyboard.press('ArrowRight');
  const after = (
    await ref.client.call('events.step', {
      session: refSession,
      from: { ts: next.timestamp, seq: Number(next.event_id) },
      direction: 'next',
    })
  ).event!;
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${after.event_id}`);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${next.event_id}`);

  // A bookmark at the playhead.
  await page.keyboard.press('f');
  await page.keyboard.press('b');
  await expect(page.getByTestId('bookmark')).toHaveCount(1);

  // Search: the total is the store's.
  await page.getByTestId('search-input').fill('Demo.Pipeline');
  await page.getByTestId('search-input').press('Enter');
  const found = await ref.client.call('events.search', { session: refSession, query: 'Demo.Pipeline', ignoreCase: true, limit: 1 });
  await expect.poll(async () => digits(await page.getByTestId('events-total').textContent())).toBe(found.total);
  await page.screenshot({ path: join(shots, 'search.png') });
  await page.getByTestId('search-input').fill('/fib\\/1"/');
  await page.getByTestId('search-input').press('Enter');
  const foundRe = await ref.client.call('events.search', { session: refSession, query: 'fib\\/1"', regex: true, limit: 1 });
  await expect.poll(async () => digits(await page.getByTestId('events-total').textContent())).toBe(foundRe.total);

  // Export, import what was exported, export again: the same bytes.
  const exportOnce = async () => {
    await page.getByTestId('export-button').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-go').click();
    const d = await download;
    const path = join(dir, `export-${Date.now()}.cinema`);
    await d.saveAs(path);
    return path;
  };
  const first = await exportOnce();
  await page.getByTestId('import-input').setInputFiles(first);
  await expect(page.getByTestId('session-title')).toHaveText(name, { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('importing-badge')).toHaveCount(0);
  const second = await exportOnce();
  expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
  expect(
    readFileSync(first)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes('"kind":"event"')),
  ).toHaveLength(6_000);

  // A broken file: the error names its line and column; the open session stays.
  await page.getByTestId('import-input').setInputFiles({
    name: 'broken.cinema',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":"soon"}\n'),
  });
  await expect(page.getByTestId('error-panel')).toContainText('broken.cinema:2:');
  await expect(page.getByTestId('session-title')).toHaveText(name);
  await page.screenshot({ path: join(shots, 'error.png') });

  // A fresh load of the app (without the view's address, which would reopen the session): both
  // sessions are in the library, and the bookmark was kept.
  await page.goto('about:blank');
  await page.goto(`${app.origin}/`);
  await expect(page.getByTestId('session-row')).toHaveCount(2);
  await page.getByTestId('session-row').last().getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('session-title')).toHaveText(name);
  await expect(page.getByTestId('bookmark').first()).toBeVisible();
  await expect(page.getByTestId('bookmark')).toHaveCount(1);
});

test('a recording dropped on the window opens; play moves the playhead; ? lists the shortcuts', async () => {
  await page.goto(`${app.origin}/`);
  const text = readFileSync(recording, 'utf8').replace(/"name":"[^"]*"/, '"name":"dropped recording"');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.cinema'));
    return d;
  }, text);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await expect(page.getByTestId('session-title')).toHaveText('dropped recording', { timeout: 60_000 });
  // The view may show while the file still imports: play once it is complete and the playhead drawn.
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('importing-badge')).toHaveCount(0);
  await expect(page.getByTestId('playhead')).toHaveAttribute('data-time', /^\d+$/);
  const before = await playheadOffset();
  await page.getByTestId('play-button').click();
  await expect.poll(playheadOffset, { timeout: 10_000 }).toBeGreaterThan(before);
  await page.getByTestId('play-button').click();
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Play');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('bookmark the playhead');
  await page.screenshot({ path: join(shots, 'shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});

test('a big recording shows while it imports, joins the library when complete, and a cancelled one leaves nothing', async () => {
  const big = join(dir, 'big.cinema');
  generateRecording(big, 150_000, 21);
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(big);
  // Shown before the import ends, marked as importing, and not yet in the library.
  await expect(page.getByTestId('importing-badge')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.screenshot({ path: join(shots, 'importing.png') });
  await expect(page.getByTestId('importing-badge')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect.poll(async () => digits(await page.getByTestId('events-total').textContent())).toBe(150_000);
  await page.getByRole('button', { name: '← Library' }).click();
  const rows = page.getByTestId('session-row');
  const before = await rows.count();
  await expect(rows.filter({ hasText: '150,000' })).toHaveCount(1);

  // Cancelled while showing: the view goes, and nothing joins the library.
  await page.getByTestId('import-input').setInputFiles(big);
  await expect(page.getByTestId('importing-badge')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('importing-badge')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('session-title')).toHaveCount(0);
  await expect(page.getByTestId('session-row')).toHaveCount(before);
});
