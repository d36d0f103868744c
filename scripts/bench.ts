// `npm run bench -- [--events N] [--reps R] [--only chromium|node] [--layouts store,baseline,imported] [--json]`
// Benchmarks the store against the naive one-record-per-event baseline in the same run: in headless
// Chromium on real IndexedDB (each layout in a fresh profile, so its disk use is measured alone) and
// in Node on fake-indexeddb. The last line with --json is one JSON object.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { launchProfile } from '../e2e/chromium';
import { type Layout, type Metrics, runLayout } from '../store/bench/suite';
import { planRecording } from '../store/bench/workload';
import { arg } from './cli-args';

const events = Number(arg('events', '1000000'));
const reps = Number(arg('reps', '7'));
const only = arg('only', 'all');
const json = process.argv.includes('--json');
const layouts = arg('layouts', 'store,baseline,imported').split(',') as Layout[];
if (!Number.isSafeInteger(events) || events < 10_000) throw new Error(`--events must be an integer >= 10000, got ${arg('events', '')}`);
const log = (msg: string) => console.error(`[bench] ${msg}`);

function diskMb(dir: string): number {
  const idb = join(dir, 'Default', 'IndexedDB');
  if (!existsSync(idb)) return 0;
  const bytes = Number(execFileSync('du', ['-sb', idb], { encoding: 'utf8' }).split('\t')[0]);
  return Math.round((bytes / 1e6) * 10) / 10;
}

async function inChromium(layout: Layout, port: number): Promise<Metrics> {
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    page.on('console', (m) => log(`chromium ${m.text()}`));
    page.on('crash', () => log('chromium: the page crashed'));
    await page.goto(`http://127.0.0.1:${port}/store/bench/bench.html`);
    const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
    await worker.evaluate(async () => {
      for (let i = 0; i < 1000 && !(self as unknown as { cinemaBench?: unknown }).cinemaBench; i++)
        await new Promise((r) => setTimeout(r, 10));
    });
    const metrics = (await worker.evaluate(
      ([l, n, r]) =>
        (self as unknown as { cinemaBench: { run(l: string, n: number, r: number): Promise<Metrics> } }).cinemaBench.run(
          l as string,
          n as number,
          r as number,
        ),
      [layout, events, reps] as const,
    )) as Metrics;
    await page.close();
    await profile.context.close();
    metrics.disk_mb = diskMb(profile.dir);
    return metrics;
  } finally {
    await profile.close();
  }
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = { events };
  if (only === 'all' || only === 'chromium') {
    // No file watching: an edit during a run would make Vite reload the page and kill the Worker.
    const server = await createServer({
      configFile: 'vite.config.ts',
      server: { port: 4318, strictPort: true, hmr: false, watch: null },
      logLevel: 'warn',
    });
    await server.listen();
    try {
      const chromium: Record<string, Metrics> = {};
      for (const layout of layouts) {
        log(`chromium ${layout}: ${events} events`);
        chromium[layout] = await inChromium(layout, 4318);
        log(JSON.stringify(chromium[layout]));
      }
      result.chromium = chromium;
    } finally {
      await server.close();
    }
  }
  if (only === 'all' || only === 'node') {
    const plan = planRecording(events);
    const node: Record<string, Metrics> = {};
    for (const layout of layouts) {
      log(`node (fake-indexeddb) ${layout}: ${events} events`);
      node[layout] = await runLayout(layout, new IDBFactory(), `bench-${layout}`, events, reps, plan, (msg) => log(`node ${msg}`));
      log(JSON.stringify(node[layout]));
    }
    result.node = node;
  }
  if (json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
