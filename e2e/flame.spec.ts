// The flame chart and the per-node times, in the built web app on real IndexedDB, checked against a
// reference store in Node (fake-indexeddb) that imported the same file: the spans drawn for the
// window, the calls open at the playhead (the stack reconstructStateAt gives), a click selecting a
// call's entry event, a double-click zooming to it, and each AST row's total and self time. Then a
// Chrome trace read as Chrome shows it, and an OpenTelemetry export as its spans.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceStore } from '../store/testing/host-fixture';
import { REPO_ROOT } from './electron-binary';
import { type OpenedWebApp, generateRecording, openWebApp } from './web-app';

const dir = mkdtempSync(join(tmpdir(), 'cinema-flame-'));
const recording = join(dir, 'calls.cinema');
const ref = referenceStore(new IDBFactory() as unknown as IDBFactory);
let app: OpenedWebApp;
let page: Page;

test.beforeAll(async () => {
  app = await openWebApp({ width: 1440, height: 900 });
  page = app.page;
});

test.afterAll(async () => {
  await app?.close();
});

async function importFile(path: string, name: string) {
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(path);
  await expect(page.getByTestId('session-title')).toHaveText(name, { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
}

const chart = () => page.getByTestId('flame-chart');

test('the flame chart draws the store’s spans, outlines the stack at the playhead, selects and zooms to a call', async () => {
  generateRecording(recording, 6_000, 21);
  const r = await ref.importBytes(readFileSync(recording), 'calls.cinema');
  const info = (await ref.client.call('sessions.list', {})).find((s) => s.id === r.session)!;
  const session = r.session;
  const epoch = BigInt(info.epoch);
  const [t0, t1] = [info.oldest_event!, info.newest_event!];
  await importFile(recording, info.name);

  // The lane shown first is the one with the most calls.
  const all = await ref.client.call('session.spans', { session, start: t0, end: t1 });
  const busiest = all.lanes
    .map((lane, i) => ({ lane, n: all.laneSpans[i] }))
    .sort((a, b) => b.n - a.n || (a.lane < b.lane ? -1 : 1))[0].lane;
  await expect(chart()).toHaveAttribute('data-lane', busiest);

  // What it draws is what the store answers for the window, merged below a pixel.
  const width = await chart().evaluate((el) => el.clientWidth);
  const inWindow = async (a: number, b: number) =>
    (await ref.client.call('session.spans', { session, start: a, end: b, minWidth: (b - a) / width, maxDepth: 48, lane: busiest })).start
      .length;
  await expect.poll(async () => Number(await chart().getAttribute('data-spans'))).toBe(await inWindow(t0, t1));

  // Click the widest outermost call: its entry event is selected and the playhead goes to it.
  const outer = (await ref.client.call('session.spans', { session, start: t0, end: t1, maxDepth: 0, lane: busiest })) as typeof all;
  let widest = 0;
  for (let i = 1; i < outer.start.length; i++) if (outer.end[i] - outer.start[i] > outer.end[widest] - outer.start[widest]) widest = i;
  const [s, e] = [outer.start[widest], outer.end[widest]];
  const canvas = (await page.locator('.flame-canvas').boundingBox())!;
  const x = canvas.x + (((s + e) / 2 - t0) / (t1 - t0)) * canvas.width;
  await page.mouse.click(x, canvas.y + 9);
  const event = String(outer.event[widest]);
  await expect(page.getByTestId('event-inspector')).toContainText(`Event ${event}`);
  await expect(page.getByTestId('playhead')).toHaveAttribute('data-time', String(epoch + BigInt(s)));

  // The calls open at the playhead in that lane are the stack the state holds there.
  const state = await ref.client.call('session.stateAt', { session, t: s });
  const stack = state.processes.find((p) => p.pid === busiest)?.stack ?? [];
  expect(stack.length).toBeGreaterThan(0);
  await expect(chart()).toHaveAttribute('data-open-at-playhead', String(stack.length));
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'flame-chart.png') });

  // Double-click zooms the window to the call (5% either side): the chart draws that window's spans.
  await page.mouse.dblclick(x, canvas.y + 9);
  const margin = Math.max(1, (e - s) * 0.05);
  const [z0, z1] = [Math.floor(s - margin), Math.ceil(e + margin)];
  await expect.poll(async () => Number(await chart().getAttribute('data-spans'))).toBe(await inWindow(z0, z1));

  // Per node: total and self time as the store sums them, and sortable by self time.
  const times = await ref.client.call('session.nodeTimes', { session });
  const top = [...times].sort((a, b) => b.self - a.self || (a.ast_node_id < b.ast_node_id ? -1 : 1))[0];
  await page.getByTestId('ast-order').selectOption('self');
  const first = page.getByTestId('ast-node').first();
  await expect(first).toHaveAttribute('data-ast-node-id', top.ast_node_id);
  await expect(first.getByTestId('node-self-time')).toHaveAttribute('data-value', String(top.self));
  await expect(first.getByTestId('node-total-time')).toHaveAttribute('data-value', String(top.total));
});

test('a Chrome trace opens at its first event, rows read as Chrome shows them, and its slices are drawn', async () => {
  const file = join(REPO_ROOT, 'fixtures/chrome/chromium-trace.json');
  const r = await ref.importBytes(readFileSync(file), 'chromium-trace.json');
  const info = (await ref.client.call('sessions.list', {})).find((s) => s.id === r.session)!;
  await importFile(file, info.name);
  await expect(page.getByTestId('playhead')).toHaveAttribute('data-time', String(BigInt(info.epoch) + BigInt(info.oldest_event!)));
  await expect.poll(async () => page.getByTestId('event-row').count()).toBeGreaterThan(5);
  const rows = await page.getByTestId('event-row').allTextContents();
  for (const row of rows) expect(row).not.toContain('{"');
  await expect.poll(async () => Number(await chart().getAttribute('data-spans'))).toBeGreaterThan(0);
  // The chart's lanes are named as the trace names its threads, as the listing gives them.
  expect(info.lane_names?.threads).toBeDefined();
  const lane = await page.getByTestId('flame-lane').inputValue();
  const [pid, tid] = lane.split(' / ');
  const threadName = info.lane_names!.threads![`${pid}:${tid}`];
  expect(threadName).toBeTruthy();
  await expect(page.getByTestId('flame-lane').locator('option:checked')).toContainText(` / ${threadName} (`);
});

test('an OTLP export streams in, opens at its earliest span, rows read as spans, and its spans are drawn', async () => {
  const file = join(REPO_ROOT, 'fixtures/otlp/otel-sdk-trace.json');
  const r = await ref.importBytes(readFileSync(file), 'otel-sdk-trace.json');
  const info = (await ref.client.call('sessions.list', {})).find((s) => s.id === r.session)!;
  expect(info.source?.format).toBe('otlp');
  await importFile(file, info.name);
  // The epoch is the first span's start; the playhead starts at the earliest, here before it.
  expect(info.oldest_event!).toBeLessThan(0);
  await expect(page.getByTestId('playhead')).toHaveAttribute('data-time', String(BigInt(info.epoch) + BigInt(info.oldest_event!)));
  await expect.poll(async () => page.getByTestId('event-row').count()).toBeGreaterThan(5);
  const rows = await page.getByTestId('event-row').allTextContents();
  for (const row of rows) expect(row).not.toContain('{"');
  // A span's entry reads as its name, kind and service.
  const page1 = await ref.client.call('events.range', { session: r.session, start: info.oldest_event!, end: info.oldest_event!, limit: 1 });
  const d = page1.events[0].data as { name: string; service: string };
  expect(rows.some((row) => row.includes(`▸ ${d.name}`) && row.includes(d.service))).toBe(true);
  await expect.poll(async () => Number(await chart().getAttribute('data-spans'))).toBeGreaterThan(0);
});
