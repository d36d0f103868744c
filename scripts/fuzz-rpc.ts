// `npm run fuzz:rpc -- [--seed S] [--messages N] [--json] [--node-only]`: hostile messages generated
// from the seed (store/testing/fuzz-rpc.ts) to a store host in Node (fake-indexeddb), then to the
// web build's own store Worker in Chromium, beside another Worker on the same database (as two
// tabs). The last line is the report, summed over both, with each beside it:
// {"messages": N, "host_crashes": 0, "untyped_replies": 0, "unanswered": 0, "other_ports_disturbed": 0, "max_reply_ms": ..., "node": {...}, "chromium": {...}}.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createServer } from 'vite';
import { launchProfile } from '../e2e/chromium';
import { type FuzzReport, fuzzHost } from '../store/testing/fuzz-rpc';
import { arg } from './cli-args';

const seed = Number(arg('seed', '1'));
const messages = Number(arg('messages', '2000'));
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(messages) || messages < 1)
  throw new Error('--seed and --messages take integers (messages >= 1)');
const log = (line: string) => console.error(`[fuzz:rpc] ${line}`);

type Report = FuzzReport & { host_crashes: number };

async function inNode(): Promise<Report> {
  // The host runs in this process: an error it lets escape is an uncaught exception or rejection here.
  let crashes = 0;
  process.on('uncaughtException', (err) => (crashes++, log(`node: uncaught: ${err.message}`)));
  process.on('unhandledRejection', (err) => (crashes++, log(`node: unhandled rejection: ${String(err)}`)));
  const found = await fuzzHost(new IDBFactory() as unknown as IDBFactory, seed, messages, (line) => log(`node: ${line}`));
  return { host_crashes: crashes, ...found };
}

async function inChromium(): Promise<Report> {
  const root = new URL('..', import.meta.url).pathname;
  const server = await createServer({
    configFile: `${root}vite.config.ts`,
    server: { port: 4330, strictPort: true, hmr: false, watch: null },
    logLevel: 'warn',
  });
  await server.listen();
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    let crashes = 0;
    // A Worker's unhandled rejection or uncaught error reaches the console; the page's own logs do not count.
    page.on('console', (m) => {
      if (m.type() !== 'error' || !/Uncaught/.test(m.text())) return;
      crashes++;
      log(`chromium: ${m.text().slice(0, 300)}`);
    });
    page.on('crash', () => (crashes++, log('chromium: the page crashed')));
    await page.goto('http://127.0.0.1:4330/store/testing/fuzz-rpc.html');
    await page.waitForFunction(() => 'cinemaFuzzRpc' in window);
    type Run = (s: number, n: number) => Promise<FuzzReport & { worker_errors: number; log: string[] }>;
    const r = await page.evaluate(([s, n]) => (window as unknown as { cinemaFuzzRpc: Run }).cinemaFuzzRpc(s, n), [seed, messages] as const);
    for (const line of r.log) log(`chromium: ${line}`);
    const { log: _lines, worker_errors, ...report } = r;
    return { host_crashes: crashes + worker_errors, ...report };
  } finally {
    await profile.close();
    await server.close();
  }
}

const node = await inNode();
log(`node: ${JSON.stringify(node)}`);
const chromium = process.argv.includes('--node-only') ? null : await inChromium();
if (chromium) log(`chromium: ${JSON.stringify(chromium)}`);
const both = [node, ...(chromium ? [chromium] : [])];
const sum = (k: 'host_crashes' | 'untyped_replies' | 'unanswered' | 'other_ports_disturbed') => both.reduce((n, r) => n + r[k], 0);
const report = {
  messages,
  host_crashes: sum('host_crashes'),
  untyped_replies: sum('untyped_replies'),
  unanswered: sum('unanswered'),
  other_ports_disturbed: sum('other_ports_disturbed'),
  max_reply_ms: Math.max(...both.map((r) => r.max_reply_ms)),
  node,
  chromium,
};
if (!process.argv.includes('--json')) console.error(JSON.stringify(report, null, 2));
console.log(JSON.stringify(report));
process.exit(report.host_crashes + report.untyped_replies + report.unanswered + report.other_ports_disturbed === 0 ? 0 : 1);
