// `npm run bench:formats -- [--events N] [--json]`
// Generates a demo recording of N events (default 1,000,000), then measures: import into the store
// in Chromium on real IndexedDB, end to end from a streamed fetch (import_eps); export back to text
// (export_eps); in Node, the .cinema line reader (parse_only_eps) against plain JSON.parse of the
// same lines, its ceiling (json_parse_eps); and the peak RSS of all Chromium processes during the
// import (peak_rss_mb), also for a quarter of the events, to show memory does not grow with the file.
import { createReadStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { demoRecordingLines } from '../src/demo/recording';
import { LineSplitter } from '../src/format/line-splitter';
import { NativeReader } from '../src/format/native-reader';
import { OutputFile } from '../src/node/output-file';
import { inChromium } from './chromium-import';
import { arg } from './cli-args';

const events = Number(arg('events', '1000000'));
const json = process.argv.includes('--json');
const log = (msg: string) => console.error(`[bench:formats] ${msg}`);
const DATA = 'bench-data';

async function recordingFile(n: number): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `demo-${n}.cinema`);
  if (existsSync(path)) return path;
  log(`generating ${path}`);
  const out = new OutputFile(path);
  let batch: string[] = [];
  for (const line of demoRecordingLines({ events: n, seed: 1 })) {
    batch.push(line);
    if (batch.length >= 4096) {
      await out.write(batch.join('\n') + '\n');
      batch = [];
    }
  }
  await out.write(batch.join('\n') + '\n');
  await out.commit();
  return path;
}

async function lines(path: string): Promise<string[]> {
  const all: string[] = [];
  const splitter = new LineSplitter((t) => all.push(t));
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    splitter.push(decoder.decode(chunk as Buffer, { stream: true }));
  splitter.end();
  return all;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function parseRates(all: string[]): { parse_only_eps: number; json_parse_eps: number } {
  const n = all.length - 1;
  const parse: number[] = [];
  const plain: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    let t = performance.now();
    for (let i = 1; i < all.length; i++) JSON.parse(all[i]);
    plain.push(performance.now() - t);
    // The reader as the import uses it: payloads kept as text.
    const reader = new NativeReader({ file: 'bench.cinema', payloadText: true });
    t = performance.now();
    for (let i = 0; i < all.length; i++) reader.read(all[i], i + 1);
    parse.push(performance.now() - t);
  }
  return { parse_only_eps: Math.round(n / (median(parse) / 1000)), json_parse_eps: Math.round(n / (median(plain) / 1000)) };
}

async function main(): Promise<void> {
  const path = await recordingFile(events);
  const quarterPath = await recordingFile(Math.round(events / 4));
  log('parsing in Node');
  const rates = parseRates(await lines(path));
  log(JSON.stringify(rates));
  const server = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 4319, strictPort: true, hmr: false, watch: null },
    logLevel: 'warn',
  });
  await server.listen();
  try {
    log(`importing ${path} in Chromium`);
    const full = await inChromium(4319, path, true, log);
    log(`importing ${quarterPath} in Chromium`);
    const quarter = await inChromium(4319, quarterPath, false, log);
    const result = {
      events,
      import_eps: Math.round(full.imported.events / (full.imported.ms / 1000)),
      export_eps: Math.round(full.imported.events / (full.exported!.ms / 1000)),
      parse_only_eps: rates.parse_only_eps,
      json_parse_eps: rates.json_parse_eps,
      peak_rss_mb: Math.round(full.peak),
      peak_rss_mb_quarter_events: Math.round(quarter.peak),
      file_mb: Math.round(readFileSync(path).length / 1e6),
    };
    console.log(json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench:formats failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
