// Killed at any moment: Chromium with an on-disk profile runs an import, an export, bookmark writes,
// writes that evict, or a delete, and is SIGKILLed at a seeded moment inside it; restarted, the
// database must hold exactly what was complete: every other session exports as before, nothing of
// an unfinished import remains (its records counted in the object stores, not through the catalog),
// bookmarks are whole or absent, and every session's postings agree with its events.
// `npm run test:crash -- --seed S --moments N --events E` runs it larger; npm test runs 20 moments.
import { test, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { crashOps, DatabaseLook, SessionLook } from '../store/testing/crash-ops';
import { seededRandom } from '../src/random';
import { chromiumArgs, chromiumPath } from './chromium';

const seed = Number(process.env.CINEMA_CRASH_SEED ?? 1);
const moments = Number(process.env.CINEMA_CRASH_MOMENTS ?? 20);
const events = Number(process.env.CINEMA_CRASH_EVENTS ?? 3000);
const DB = 'cinema-crash';
const OPS = ['import', 'export', 'bookmarks', 'evict', 'delete'] as const;
type Op = (typeof OPS)[number];
const BOOKMARKS = 30;
const EVICT_BATCHES = 8;
const EVICT_SIZE = 400;

type Crash = typeof crashOps;

/** The processes of this profile: the browser, and its storage service that holds IndexedDB, among them. */
function profilePids(dir: string): number[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((l) => l.includes(dir)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** SIGKILL to every process of this profile. */
function killProfile(dir: string): number {
  let killed = 0;
  for (const pid of profilePids(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // gone already
    }
  }
  return killed;
}

/**
 * Waits until every process of the profile has exited, as after a real crash: a process in the
 * middle of a write dies only when the write returns, and a browser started meanwhile would open
 * database files the dying one still holds.
 */
async function profileGone(dir: string): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; i < 500; i++) {
    if (profilePids(dir).length === 0) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`processes of ${dir} still running 10 s after SIGKILL: ${profilePids(dir).join(', ')}`);
}

interface Browser {
  context: BrowserContext;
  worker: Worker;
}

/** `page` on the store harness, and its store Worker once the crash operations are in it. */
async function harnessWorker(page: Page, baseURL: string): Promise<Worker> {
  const workerSeen = page.waitForEvent('worker');
  await page.goto(`${baseURL}/store/testing/harness.html`);
  const worker = page.workers()[0] ?? (await workerSeen);
  await worker.evaluate(async () => {
    for (let i = 0; i < 500 && !(self as unknown as { cinemaCrash?: unknown }).cinemaCrash; i++)
      await new Promise((r) => setTimeout(r, 10));
  });
  return worker;
}

async function launch(dir: string, baseURL: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return { context, worker: await harnessWorker(context.pages()[0] ?? (await context.newPage()), baseURL) };
}

/** Runs one of the crash operations in the Worker; the promise is for the caller to await or drop. */
function run<K extends keyof Crash>(worker: Worker, name: K, ...args: Parameters<Crash[K]>): Promise<Awaited<ReturnType<Crash[K]>>> {
  return worker.evaluate(
    ([n, a]) => {
      const ops = (self as unknown as { cinemaCrash: Record<string, (...x: unknown[]) => Promise<unknown>> }).cinemaCrash;
      return ops[n](...a);
    },
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<Crash[K]>>>;
}

/** The outcome of a restart that found the whole database emptied by the browser. */
const WIPED = 'emptied by the browser';
/** How many of a run's moments may end so: a flaw of Cinema's that removed everything would do it far more often. */
const MAX_WIPED = 2;

const same = (a: SessionLook, b: SessionLook) => ({
  name: a.name === b.name,
  total_events: a.total_events === b.total_events,
  events_sha: a.events_sha === b.events_sha,
  bookmarks: JSON.stringify(a.bookmarks) === JSON.stringify(b.bookmarks),
});
const allTrue = { name: true, total_events: true, events_sha: true, bookmarks: true };

test(`killed at ${moments} seeded moments (seed ${seed}), the database holds exactly what was complete`, async ({ baseURL }) => {
  test.setTimeout(60_000 + moments * 30_000);
  const rng = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), 'cinema-crash-'));
  let b = await launch(dir, baseURL!);
  try {
    // Sessions to work on, what an import of each seed exports, and how long each operation takes
    // (the kill lands anywhere from its start to a little past its end).
    const took: Record<Op, number> = { import: 0, export: 0, bookmarks: 0, evict: 0, delete: 0 };
    const timed = async (op: Op, work: () => Promise<unknown>) => {
      const t = Date.now();
      await work();
      took[op] = Math.max(50, Date.now() - t);
    };
    const refs = new Map<number, string>();
    let importSeed = 100;
    const ref = async (s: number) => {
      if (!refs.has(s)) refs.set(s, (await run(b.worker, 'importedSha', DB, s, events)).sha);
      return refs.get(s)!;
    };
    for (let s = 1; s <= 3; s++) await run(b.worker, 'importDemo', DB, s, events);
    await timed('import', () => ref(importSeed));
    const first = (await run(b.worker, 'look', DB)).sessions[0].id;
    await timed('export', () => run(b.worker, 'exportOne', DB, first));
    await timed('bookmarks', () => run(b.worker, 'bookmarks', DB, first, BOOKMARKS, 'warm'));
    await timed('evict', () => run(b.worker, 'storeAndEvict', DB, first, EVICT_BATCHES, EVICT_SIZE, 'warm'));
    const spare = await run(b.worker, 'importDemo', DB, 99, events);
    await timed('delete', () => run(b.worker, 'deleteOne', DB, spare));
    console.log(`crash test: seed ${seed}, ${moments} moments, ${events} events a recording; operations take (ms) ${JSON.stringify(took)}`);

    const outcomes: string[] = [];
    for (let m = 0; m < moments; m++) {
      let before = await run(b.worker, 'look', DB);
      if (before.sessions.length < 2) {
        await run(b.worker, 'importDemo', DB, 200 + m, events);
        before = await run(b.worker, 'look', DB);
      }
      const op = OPS[Math.floor(rng() * OPS.length)];
      const target = before.sessions[Math.floor(rng() * before.sessions.length)];
      const delay = Math.floor(rng() * took[op] * 1.1);
      const tag = `m${m}`;
      importSeed++;
      const expectedSha = op === 'import' ? await ref(importSeed) : '';
      const started =
        op === 'import'
          ? run(b.worker, 'importDemo', DB, importSeed, events)
          : op === 'export'
            ? run(b.worker, 'exportOne', DB, target.id)
            : op === 'bookmarks'
              ? run(b.worker, 'bookmarks', DB, target.id, BOOKMARKS, tag)
              : op === 'evict'
                ? run(b.worker, 'storeAndEvict', DB, target.id, EVICT_BATCHES, EVICT_SIZE, tag)
                : run(b.worker, 'deleteOne', DB, target.id);
      let finished = false;
      started.then(
        () => (finished = true),
        () => {},
      );
      await new Promise((r) => setTimeout(r, delay));
      const closed = new Promise((r) => b.context.once('close', r));
      expect(killProfile(dir), 'processes of the profile to kill').toBeGreaterThan(0);
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      const lingered = await profileGone(dir);

      b = await launch(dir, baseURL!);
      const removed = await run(b.worker, 'startUp', DB);
      const after = await run(b.worker, 'look', DB);
      let outcome: string;
      try {
        outcome = check(op, target, before, after, expectedSha, tag);
      } catch (err) {
        // What was killed, and when, is what a failure needs to be understood.
        const at = `moment ${m}: ${op} of ${target.id} killed after ${delay} ms${finished ? ' (it had finished)' : ''}`;
        console.log(`crash test failed at ${at}; cleared at start-up: ${JSON.stringify(removed)}; before: ${outcomes.join(' ')}`);
        console.log(`sessions before: ${JSON.stringify(before.sessions.map((s) => [s.id, s.status]))}`);
        console.log(`sessions after: ${JSON.stringify(after.sessions.map((s) => [s.id, s.status]))}`);
        throw err;
      }
      const cleared = removed.length ? ` (cleared ${removed.length})` : '';
      // How long processes outlived the browser's connection, where they did.
      const late = lingered > 0 ? ` (exited +${lingered} ms)` : '';
      outcomes.push(`${m}:${op}@${delay}ms${finished ? '(done)' : ''}:${outcome}${cleared}${late}`);
    }
    console.log(`crash test outcomes: ${outcomes.join(' ')}`);
    const wiped = outcomes.filter((o) => o.includes(WIPED)).length;
    if (wiped > 0) console.log(`crash test: Chromium started the database empty after ${wiped} of ${moments} restarts`);
    expect(wiped, 'restarts that found the database emptied').toBeLessThanOrEqual(MAX_WIPED);
  } finally {
    await b.context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Checks one restart against the look before the kill; returns what became of the operation. */
function check(op: Op, target: SessionLook, before: DatabaseLook, after: DatabaseLook, expectedSha: string, tag: string): string {
  if (after.sessions.length === 0 && before.sessions.length > 0) {
    // Chromium, reopening a profile killed at some moments, finds its IndexedDB damaged and starts
    // it empty (seen 3 times in about 400 moments here). All or nothing: not a record of any
    // session may remain. The caller limits how often it may happen.
    expect(Object.keys(after.records), 'records left when the browser emptied the database').toEqual([]);
    return WIPED;
  }
  const known = new Set(after.sessions.map((s) => s.id));
  for (const s of after.sessions) {
    expect(s.status, `session ${s.id} after a restart`).toBe('ready');
    expect(s.consistent, `session ${s.id} reads back whole`).toBeNull();
  }
  for (const id of Object.keys(after.records)) expect(known.has(id), `records of ${id}, a session not in the catalog`).toBe(true);
  const find = (look: DatabaseLook, id: string) => look.sessions.find((s) => s.id === id);
  for (const s of before.sessions) {
    if (s.id === target.id && op !== 'export' && op !== 'import') continue;
    const now = find(after, s.id);
    expect(now, `session ${s.id} (untouched) is still there`).toBeTruthy();
    expect(same(s, now!), `session ${s.id} (untouched) unchanged`).toEqual(allTrue);
    expect(after.records[s.id], `records of ${s.id} (untouched)`).toBe(before.records[s.id]);
  }
  const now = find(after, target.id);
  switch (op) {
    case 'import': {
      const added = after.sessions.filter((s) => !find(before, s.id));
      expect(added.length, 'sessions an interrupted import leaves').toBeLessThanOrEqual(1);
      if (added.length === 0) return 'absent';
      expect(added[0].total_events).toBe(events);
      expect(added[0].events_sha, 'a completed import exports as a reference import does').toBe(expectedSha);
      return 'complete';
    }
    case 'export':
      return 'unchanged';
    case 'bookmarks': {
      expect(now, 'the session given bookmarks').toBeTruthy();
      expect({ ...same(target, now!), bookmarks: true }).toEqual(allTrue);
      const old = target.bookmarks.length;
      expect(JSON.stringify(now!.bookmarks.slice(0, old))).toBe(JSON.stringify(target.bookmarks));
      const added = now!.bookmarks.slice(old);
      added.forEach((bm, i) => {
        expect(bm.label).toBe(`${tag}-${i}`);
        expect(bm.note, `bookmark ${bm.label} whole`).toBe(`${tag}-${i} `.repeat(40000));
      });
      return `${added.length}/${BOOKMARKS}`;
    }
    case 'evict': {
      expect(now, 'the session written to').toBeTruthy();
      expect([target.total_events, target.total_events + EVICT_SIZE]).toContain(now!.total_events);
      return now!.events_sha === target.events_sha ? 'unchanged' : 'written';
    }
    case 'delete':
      if (!now) {
        expect(after.records[target.id] ?? 0, 'records of a deleted session').toBe(0);
        return 'deleted';
      }
      expect(same(target, now), 'a session whose delete was cut short').toEqual(allTrue);
      return 'kept';
  }
}

test('a second tab starting up leaves an import running in the first alone', async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cinema-tabs-import-'));
  const a = await launch(dir, baseURL!);
  try {
    const other = await harnessWorker(await a.context.newPage(), baseURL!); // a second tab
    const importing = run(a.worker, 'importDemo', DB, 7, 40_000);
    // Wait until the first tab's import is under way (a hidden session exists), then start the second's store.
    for (let i = 0; i < 200; i++) {
      if ((await run(other, 'look', DB)).sessions.some((s) => s.status === 'importing')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await run(other, 'startUp', DB), 'imports the second tab clears at its start').toEqual([]);
    const id = await importing;
    const look = await run(other, 'look', DB);
    const s = look.sessions.find((x) => x.id === id);
    expect(s?.status).toBe('ready');
    expect(s?.total_events).toBe(40_000);
    expect(s?.consistent).toBeNull();
  } finally {
    await a.context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
