// The store in headless Chromium on real IndexedDB: the whole conformance suite inside a Worker,
// persistence across a page reload, and imports read in the parser Worker against this thread.
import { test, expect, type Page, type Worker } from '@playwright/test';
import { conformanceCases } from '../store/testing/conformance';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchProfile } from './chromium';
import { REPO_ROOT } from './electron-binary';

type Harness = {
  runCase(name: string, small: boolean): Promise<string | null>;
  store(session: string, count: number): Promise<number>;
  read(session: string): Promise<{ all: unknown[]; ast: string[]; corr: string[]; stats: { total_events: number } }>;
  importParsers(): Promise<
    { fallback: number } & Record<
      'worker' | 'here',
      {
        events: number;
        links: number;
        ast: number;
        exported: string;
        zipped: number;
        strict: string;
        lenient: { events: number; skipped: number; messages: string[] };
      }
    >
  >;
  traceParsers(
    text: string,
    file?: string,
    mark?: string,
  ): Promise<
    { fallback: number } & Record<
      'worker' | 'here',
      {
        events: number;
        links: number;
        exported: string;
        strict: string;
        lenient: { events: number; skipped: number; messages: string[] };
      }
    >
  >;
  importRoundTrip(events: number): Promise<{
    events: number;
    links: number;
    progressCalls: number;
    identical: boolean;
    exportedBytes: number;
    cancelled: string;
    listed: Array<[string, number]>;
  }>;
};

async function harnessWorker(page: Page): Promise<Worker> {
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
  await worker.evaluate(async () => {
    for (let i = 0; i < 500 && !(self as unknown as { cinemaStore?: unknown }).cinemaStore; i++)
      await new Promise((r) => setTimeout(r, 10));
  });
  return worker;
}

let profile: Awaited<ReturnType<typeof launchProfile>>;
let page: Page;

test.beforeAll(async () => {
  profile = await launchProfile();
  page = await profile.context.newPage();
});

test.afterAll(async () => {
  await profile?.close();
});

test.describe('store in a Chromium Worker', () => {
  test.beforeAll(async ({ baseURL }) => {
    await page.goto(`${baseURL}/store/testing/harness.html`);
  });

  for (const small of [false, true]) {
    for (const c of conformanceCases) {
      test(`${small ? 'small layout: ' : ''}${c.name}`, async () => {
        const worker = await harnessWorker(page);
        const failure = await worker.evaluate(
          ([name, s]) => (self as unknown as { cinemaStore: Harness }).cinemaStore.runCase(name as string, s as boolean),
          [c.name, small] as const,
        );
        expect(failure).toBeNull();
      });
    }
  }
});

test('a session persists across a page reload', async ({ baseURL }) => {
  await page.goto(`${baseURL}/store/testing/harness.html`);
  let worker = await harnessWorker(page);
  const session = `reload-${Date.now()}`;
  const stored = await worker.evaluate((s) => (self as unknown as { cinemaStore: Harness }).cinemaStore.store(s, 3000), session);
  expect(stored).toBe(3000);
  const before = await worker.evaluate((s) => (self as unknown as { cinemaStore: Harness }).cinemaStore.read(s), session);
  await page.reload();
  worker = await harnessWorker(page);
  const after = await worker.evaluate((s) => (self as unknown as { cinemaStore: Harness }).cinemaStore.read(s), session);
  expect(after.stats.total_events).toBe(3000);
  expect(after.all).toEqual(before.all);
  expect(after.ast).toEqual(before.ast);
  expect(after.corr).toEqual(before.corr);
  expect(after.ast.length).toBe(600);
});

test('a generated recording imports into real IndexedDB, exports byte-identically, and a cancelled import leaves nothing', async ({
  baseURL,
}) => {
  await page.goto(`${baseURL}/store/testing/harness.html`);
  const worker = await harnessWorker(page);
  const r = await worker.evaluate((n) => (self as unknown as { cinemaStore: Harness }).cinemaStore.importRoundTrip(n), 20_000);
  expect(r.events).toBe(20_000);
  expect(r.links).toBeGreaterThan(100);
  expect(r.progressCalls).toBeGreaterThan(0);
  expect(r.exportedBytes).toBeGreaterThan(1_000_000);
  expect(r.identical).toBe(true);
  expect(r.cancelled).toBe('AbortError');
  expect(r.listed).toEqual([
    ['demo (20000 events, seed 3)', 20_000],
    ['demo (20000 events, seed 3)', 20_000],
  ]);
});

test('an import reads lines in a parser Worker exactly as on the importing thread: results, errors, skipped records', async ({
  baseURL,
}) => {
  await page.goto(`${baseURL}/store/testing/harness.html`);
  const worker = await harnessWorker(page);
  const r = await worker.evaluate(() => (self as unknown as { cinemaStore: Harness }).cinemaStore.importParsers());
  expect(r.worker.events).toBe(3000);
  expect(r.worker.links).toBeGreaterThan(10);
  expect(r.worker.zipped).toBe(3000);
  expect(r.worker.strict).toBe('FormatError: broken.cinema:57:29: expected an integer timestamp, found a string ("soon")');
  expect(r.worker.lenient.events).toBe(3000);
  expect(r.worker.lenient.skipped).toBe(31);
  expect(r.worker.lenient.messages.length).toBe(20);
  expect(r.worker).toEqual(r.here);
  expect(r.fallback).toBe(3000);
});

test('a Chrome trace is read in the parser Worker exactly as on the importing thread: results, errors, skipped elements', async ({
  baseURL,
}) => {
  const text = readFileSync(join(REPO_ROOT, 'fixtures/chrome/chromium-trace.json'), 'utf8');
  await page.goto(`${baseURL}/store/testing/harness.html`);
  const worker = await harnessWorker(page);
  const r = await worker.evaluate((t) => (self as unknown as { cinemaStore: Harness }).cinemaStore.traceParsers(t), text);
  expect(r.worker.events).toBeGreaterThan(300);
  expect(r.worker.links).toBeGreaterThan(0);
  expect(r.worker.exported).toContain('"kind":"event"');
  expect(r.worker.strict).toMatch(
    /^FormatError: chromium-trace\.json:\d+:\d+: traceEvents\[\d+\]: expected a trace event, found invalid JSON/,
  );
  expect(r.worker.lenient.skipped).toBe(5);
  expect(r.worker.lenient.events).toBeLessThan(r.worker.events);
  expect(r.worker).toEqual(r.here);
  expect(r.fallback).toBe(r.worker.events);
});

test('an OTLP file is read in the parser Worker exactly as on the importing thread: results, errors, skipped spans', async ({
  baseURL,
}) => {
  // The SDK fixture's spans 50 times over, each copy its own trace, with a span link back to the copy before.
  const sdk = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/otlp/otel-sdk-trace.json'), 'utf8'));
  const scope = sdk.resourceSpans[0].scopeSpans[0];
  const spans = scope.spans as Array<Record<string, unknown>>;
  scope.spans = Array.from({ length: 50 }, (_, k) =>
    spans.map((x) => ({
      ...x,
      traceId: `${k}`.padStart(32, '0'),
      links: k > 0 ? [{ traceId: `${k - 1}`.padStart(32, '0'), spanId: x.spanId }] : [],
    })),
  ).flat();
  await page.goto(`${baseURL}/store/testing/harness.html`);
  const worker = await harnessWorker(page);
  const r = await worker.evaluate(
    (t) => (self as unknown as { cinemaStore: Harness }).cinemaStore.traceParsers(t, 'sdk.otlp.json', '"kind":'),
    JSON.stringify(sdk),
  );
  expect(r.worker.events).toBe(50 * 15);
  expect(r.worker.links).toBe(49 * spans.length);
  expect(r.worker.exported).toContain('"kind":"event"');
  expect(r.worker.strict).toMatch(
    /^FormatError: sdk\.otlp\.json:1:\d+: resourceSpans \(document 1, span 1\): expected a span, found invalid JSON/,
  );
  expect(r.worker.lenient.skipped).toBe(5);
  expect(r.worker.lenient.events).toBeLessThan(r.worker.events);
  expect(r.worker).toEqual(r.here);
  expect(r.fallback).toBe(r.worker.events);
});
