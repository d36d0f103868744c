// `npm run bench:record -- [--sections N] [--reps R] [--seconds S] [--json]`: what recording costs.
// Each figure stands beside a plain run of the same workload and an istanbul-instrumented one, in
// the same run:
//   instrument_ms_per_100kb       rewriting marked (52 KB) from nothing, and from the rewrite cache;
//                                 instrument_warm_ms_per_100kb: the same from the sixth rewrite on
//   cpu: render_x                 marked rendering N sections: probes that record nothing (silent_x),
//                                 full capture of the project's code and marked (record_x, and
//                                 record_written_x: the whole run, writing the recording included),
//                                 istanbul's counters (istanbul_x)
//   buffer_eps                    events a second into the ring (inside a call, values primitive),
//                                 beside clock_ns (one reading of the recorder's clock) and
//                                 ring_only_eps (the ring with the clock read once)
//   http: rps and p99             a fastify server under autocannon, plain and recorded
//   import_eps_recorded           the written recording imported into Chromium's store, beside a
//                                 demo recording of as many events (import_eps_demo)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createInstrumenter } from 'istanbul-lib-instrument';
import { createServer } from 'vite';
import { demoRecordingLines } from '../src/demo/recording';
import { Flows } from '../src/node/record/flows';
import { Kind, Tag } from '../src/node/record/ring';
import { Runtime } from '../src/node/record/runtime';
import { DEFAULT_LIMITS } from '../src/node/record/snapshot';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MB } from '../src/node/record/options';
import { clockSince, wallClockNs } from '../src/node/record/clock';
import { rewrite } from '../src/node/record/transform';
import { inChromium } from './chromium-import';
import { arg } from './cli-args';

const sections = Number(arg('sections', '600'));
const reps = Number(arg('reps', '3'));
const seconds = Number(arg('seconds', '10'));
const json = process.argv.includes('--json');
const root = join(import.meta.dirname, '..');
const work = join(root, 'scripts/bench-record');
const marked = join(root, 'node_modules/marked/lib/marked.esm.js');
const data = join(root, 'bench-data/record');
const log = (m: string) => console.error(`[bench:record] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const cinema = join(root, 'bin/cinema.js');

function instrumentSpeed() {
  const source = readFileSync(marked, 'utf8');
  const kb = source.length / 1024;
  const scope = { root, include: ['node_modules/marked/**'], exclude: [] };
  const cold: number[] = [];
  const cached: number[] = [];
  // The first five rewrites (the figure against the target) include V8 compiling the instrumenter,
  // as a fresh process's first files do; 25 more show the instrumenter's own speed, as a project's
  // later files see it.
  for (let i = 0; i < 30; i++) {
    const cache = mkdtempSync(join(tmpdir(), 'cinema-bench-cache-'));
    let t = performance.now();
    const r = rewrite(marked, source, scope, cache, 'module');
    cold.push(performance.now() - t);
    if (r.warning) throw new Error(r.warning);
    t = performance.now();
    rewrite(marked, source, scope, cache, 'module');
    cached.push(performance.now() - t);
    rmSync(cache, { recursive: true, force: true });
  }
  return {
    file_kb: round(kb, 1),
    instrument_ms_per_100kb: round((median(cold.slice(0, 5)) * 100) / kb),
    instrument_warm_ms_per_100kb: round((median(cold.slice(5)) * 100) / kb),
    cached_ms_per_100kb: round((median(cached.slice(0, 5)) * 100) / kb),
  };
}

/** One run of the CPU-bound workload; its render time (in-process) and the whole run's wall time. */
function render(mode: 'plain' | 'silent' | 'record' | 'istanbul', out: string): { ms: number; wall: number; sha256: string } {
  const args = ['render.mjs', String(sections)];
  const env = { ...process.env } as Record<string, string>;
  let command = [process.execPath, ...args];
  if (mode === 'istanbul') env.MARKED = join(data, 'marked.istanbul.mjs');
  if (mode === 'silent' || mode === 'record') {
    command = [
      process.execPath,
      cinema,
      'record',
      '--out',
      out,
      '--include',
      '../../node_modules/marked/**',
      ...(mode === 'silent' ? ['--silent'] : []),
      '--',
      'node',
      ...args,
    ];
  }
  const t = performance.now();
  const r = spawnSync(command[0], command.slice(1), { cwd: work, env, encoding: 'utf8' });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  const res = JSON.parse(line) as { ms: number; sha256: string };
  if (mode === 'record') log(r.stderr.trim().split('\n').pop()!);
  return { ms: res.ms, wall, sha256: res.sha256 };
}

function cpuBound() {
  mkdirSync(data, { recursive: true });
  const instrumenter = createInstrumenter({ esModules: true, compact: true });
  writeFileSync(join(data, 'marked.istanbul.mjs'), instrumenter.instrumentSync(readFileSync(marked, 'utf8'), marked));
  const out = join(data, 'render.cinema.gz');
  const runs: Record<string, Array<{ ms: number; wall: number; sha256: string }>> = { plain: [], silent: [], record: [], istanbul: [] };
  // Interleaved, so a slow moment of the machine falls on every mode alike.
  for (let i = 0; i < reps; i++) for (const mode of ['plain', 'silent', 'record', 'istanbul'] as const) runs[mode].push(render(mode, out));
  const digests = new Set(Object.values(runs).flatMap((rs) => rs.map((r) => r.sha256)));
  if (digests.size !== 1) throw new Error('a mode rendered different HTML: recording changed what the program did');
  const ms = (m: string) => median(runs[m].map((r) => r.ms));
  const wall = (m: string) => median(runs[m].map((r) => r.wall));
  return {
    sections,
    plain_ms: round(ms('plain'), 1),
    silent_x: round(ms('silent') / ms('plain')),
    record_x: round(ms('record') / ms('plain')),
    record_written_x: round(wall('record') / wall('plain')),
    istanbul_x: round(ms('istanbul') / ms('plain')),
    plain_wall_ms: Math.round(wall('plain')),
    record_wall_ms: Math.round(wall('record')),
    recording: out,
  };
}

/**
 * Events a second into the ring: assignments of numbers inside one call, as a loop body makes
 * them, with the recorder's own clock. Beside it, what one reading of that clock costs here, and
 * the ring alone with the clock read once.
 */
function bufferSpeed() {
  const rt = new Runtime(
    { capacity: DEFAULT_MAX_EVENTS, maxBytes: DEFAULT_MAX_MB * 2 ** 20, limits: DEFAULT_LIMITS, now: clockSince(wallClockNs().toString()) },
    new Flows('bench'),
  );
  const p = rt.probes() as Record<string, (...a: unknown[]) => unknown>;
  const n = 2_000_000;
  const rates: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const frame = p.e0(0);
    const t = performance.now();
    for (let i = 0; i < n; i++) p.v(1, 'i', i);
    rates.push(n / ((performance.now() - t) / 1000));
    p.o(frame);
  }
  const now = clockSince(wallClockNs().toString());
  const clocks: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    let sink = 0;
    const t = performance.now();
    for (let i = 0; i < n; i++) sink += now();
    clocks.push(((performance.now() - t) * 1e6) / n);
    if (sink === 0) log('the clock did not move');
  }
  const ring = rt.ring;
  const ringRates: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) ring.push(i, Kind.Assign, 1, 1, 0, 0, Tag.Number, i, 0);
    ringRates.push(n / ((performance.now() - t) / 1000));
  }
  return { buffer_eps: Math.round(median(rates)), clock_ns: round(median(clocks), 1), ring_only_eps: Math.round(median(ringRates)) };
}

async function serve(recorded: boolean, out: string): Promise<{ port: number; stop(): Promise<void> }> {
  const command = recorded
    ? [process.execPath, cinema, 'record', '--out', out, '--', 'node', 'server.mjs']
    : [process.execPath, 'server.mjs'];
  const child = spawn(command[0], command.slice(1), { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) ok(Number(m[1]));
    });
    child.on('exit', () => fail(new Error(`the server ended: ${stderr}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((ok) => {
        child.on('exit', () => ok());
        // `cinema record` passes SIGTERM on; the server closes, the recording is written.
        child.kill('SIGTERM');
      }),
  };
}

async function load(port: number): Promise<{ rps: number; p99: number }> {
  const r = await autocannon({ url: `http://127.0.0.1:${port}/quote/sku-7?qty=12`, connections: 16, duration: seconds });
  return { rps: r.requests.average, p99: r.latency.p99 };
}

async function http() {
  const out = join(data, 'server.cinema.gz');
  const plain: Array<{ rps: number; p99: number }> = [];
  const recorded: Array<{ rps: number; p99: number }> = [];
  for (let i = 0; i < Math.max(1, Math.floor(reps / 2) + 1); i++) {
    for (const rec of [false, true]) {
      const s = await serve(rec, out);
      await load(s.port); // warm-up
      (rec ? recorded : plain).push(await load(s.port));
      await s.stop();
    }
  }
  const rps = (xs: typeof plain) => median(xs.map((x) => x.rps));
  const p99 = (xs: typeof plain) => median(xs.map((x) => x.p99));
  return {
    plain_rps: Math.round(rps(plain)),
    recorded_rps: Math.round(rps(recorded)),
    rps_ratio: round(rps(recorded) / rps(plain)),
    plain_p99_ms: p99(plain),
    recorded_p99_ms: p99(recorded),
    p99_ratio: round(p99(recorded) / Math.max(1, p99(plain))),
  };
}

/** The written recording imported into Chromium's store, beside a demo recording of as many events. */
async function importSpeed(recording: string, events: number) {
  const demo = join(data, `demo-${events}.cinema`);
  writeFileSync(demo, [...demoRecordingLines({ events, seed: 1 })].join('\n') + '\n');
  const server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    server: { port: 4320, strictPort: true, hmr: false, watch: null },
    logLevel: 'warn',
  });
  await server.listen();
  try {
    const rel = (p: string) => p.slice(root.length + 1);
    const rec = await inChromium(4320, rel(recording), false, log);
    const dem = await inChromium(4320, rel(demo), false, log);
    return {
      recorded_events: rec.imported.events,
      import_eps_recorded: Math.round(rec.imported.events / (rec.imported.ms / 1000)),
      import_eps_demo: Math.round(dem.imported.events / (dem.imported.ms / 1000)),
    };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  log('instrumenting marked');
  const instrument = instrumentSpeed();
  log(JSON.stringify(instrument));
  log(`rendering ${sections} sections: plain, silent probes, full capture, istanbul (${reps} rounds)`);
  const cpu = cpuBound();
  log(JSON.stringify(cpu));
  log('events into the buffer');
  const buffer = bufferSpeed();
  log(JSON.stringify(buffer));
  log(`an HTTP server under load for ${seconds} s, plain and recorded`);
  const server = await http();
  log(JSON.stringify(server));
  const count = (
    JSON.parse(spawnSync(process.execPath, [cinema, 'inspect', cpu.recording, '--json'], { encoding: 'utf8' }).stdout) as { events: number }
  ).events;
  log(`importing the recording (${count} events) into Chromium, beside a demo recording of as many`);
  const imported = await importSpeed(cpu.recording, count);
  log(JSON.stringify(imported));
  const result = { ...instrument, cpu, buffer, http: server, import: imported };
  console.log(json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(`bench:record failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
