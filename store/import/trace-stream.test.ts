// Chrome traces and OTLP files streamed element by element give exactly what the whole-document path
// gives; a bad element is named at its line and column; a cut file leaves no session.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { describeRealCorpus, fixtureText, realFixture } from '../../fixtures/fixtures';
import { SessionCatalog } from '../catalog/catalog';
import { openDatabase } from '../engine/schema';
import { importFile } from './import-file';
import { looksLikeStreamableOtlp, looksLikeStreamableTrace } from '../../src/format/streamed-formats';
import { TimeBase } from '../../src/format/exact-time';
import { TemporalStorage } from '../temporal-storage';

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function contents(base: { indexedDB: IDBFactory; dbName: string }, session: string) {
  const s = await TemporalStorage.start({ session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
  try {
    const all = await s.getAllEvents();
    const extras = await s.getExtras();
    // Event ids differ between two imports; links are compared by the times of their ends.
    const at = new Map(all.map((e) => [e.event_id, e.timestamp]));
    return {
      events: all.map(({ event_id: _id, ...rest }) => rest),
      links: extras.links.map((l) => [at.get(l.from), at.get(l.to), l.label]).sort(),
      ast: extras.ast.sort((a, b) => a.id.localeCompare(b.id)),
      header: s.sessionInfo.header,
      /** Times as exact absolute text: a streamed OTLP file's epoch is its first span's start, a whole one's the earliest. */
      absolute: all.map((e) => new TimeBase(s.sessionInfo.epoch).restore(e.timestamp)),
    };
  } finally {
    await s.stop();
  }
}

/**
 * Streams `text` in 777-byte chunks and batches of 7 events (so a slice's B and E land in different
 * batches), reads the same trace whole, and requires the same session.
 */
async function streamedEqualsWhole(name: string, text: string): Promise<void> {
  const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
  const doc = JSON.parse(text);
  // The same trace with a big member first (past the sniffed start) is read whole.
  const filler = 'x'.repeat(70_000);
  const whole = JSON.stringify(Array.isArray(doc) ? { otherData: { filler }, traceEvents: doc } : { otherData: { filler }, ...doc });
  expect(looksLikeStreamableTrace(text.slice(0, 65536))).not.toBeNull();
  expect(looksLikeStreamableTrace(whole.slice(0, 65536))).toBeNull();
  const streamed = await importFile(chunks(text, 777), { file: name, ...base, batchSize: 7 });
  const read = await importFile(chunks(whole, 65536), { file: name, ...base });
  expect(streamed.events).toBe(read.events);
  expect(streamed.events).toBeGreaterThan(0);
  const [a, b] = [await contents(base, streamed.session), await contents(base, read.session)];
  expect(a.events).toEqual(b.events);
  expect(a.links).toEqual(b.links);
  expect(a.ast).toEqual(b.ast);
  expect(a.header).toEqual(b.header);
}

describe('streaming Chrome traces', () => {
  it('sniffs which traces can stream', () => {
    expect(looksLikeStreamableTrace('{"traceEvents": [ {"ph":"X"')).toBe('traceEvents');
    expect(looksLikeStreamableTrace('\n[{"pid":1,"ph":"B"}')).toBe('');
    expect(looksLikeStreamableTrace('[{"timestamp": 1, "data": {}}]')).toBeNull(); // Cinema events
    expect(looksLikeStreamableTrace('{"displayTimeUnit":"ns","otherData":{"a":[1]},"traceEvents":[{"ph":"B"')).toBe('traceEvents');
    expect(looksLikeStreamableTrace('{"otherData":{"traceEvents":[1]}, "x": 1')).toBeNull(); // nested: not the trace's
    expect(looksLikeStreamableTrace('{"resourceSpans": []}')).toBeNull();
  });

  it('a trace recorded by Chromium, streamed in small chunks, equals the document read whole', () =>
    streamedEqualsWhole('chromium-trace.json', fixtureText('chrome/chromium-trace.json')));

  it('a bare array of trace events streams the same way', () =>
    streamedEqualsWhole('chromium-array.json', JSON.stringify(JSON.parse(fixtureText('chrome/chromium-trace.json')).traceEvents)));

  it("closes a slice whose B and E come in different batches: the exit keeps the B's name and node", async () => {
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const xs = Array.from({ length: 10 }, (_, i) => ({ ph: 'X', ts: 2 + i, dur: 1, pid: 1, tid: 1, name: `x${i}`, cat: 'c' }));
    const trace = {
      traceEvents: [{ ph: 'B', ts: 1, pid: 1, tid: 1, name: 'outer', cat: 'c' }, ...xs, { ph: 'E', ts: 20, pid: 1, tid: 1 }],
    };
    const r = await importFile(chunks(JSON.stringify(trace), 50), { file: 'split.json', ...base, batchSize: 2 });
    const s = await TemporalStorage.start({ session: r.session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      const last = (await s.getAllEvents()).at(-1)!;
      expect(last.data).toMatchObject({ type: 'function_exit', name: 'outer' });
      expect(last.ast_node_id).toBe((await s.getAllEvents())[0].ast_node_id);
    } finally {
      await s.stop();
    }
  });

  it('keeps values JSON would change as they are (-0, Infinity, a missing pid), and a duration of -0 as 0', async () => {
    const text =
      '{"traceEvents": [{"ph": "X", "ts": 1, "dur": -0.0001, "pid": 1, "tid": 1, "name": "a", "args": {"x": -0, "big": 1e999}},' +
      ' {"ph": "i", "ts": 2, "tid": 1, "name": "no pid"}, {"ph": "i", "ts": 3, "pid": 1, "tid": 1, "name": "plain", "args": {"n": 1.5}}]}';
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const r = await importFile(chunks(text, 13), { file: 'values.json', ...base });
    const s = await TemporalStorage.start({ session: r.session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      const [entry, , noPid, plain] = (await s.getAllEvents()).map((e) => e.data as Record<string, unknown>);
      const args = entry.args as { x: number; big: number };
      expect([Object.is(args.x, -0), args.big, Object.is(entry.dur_ns, 0)]).toEqual([true, Infinity, true]);
      expect(Object.keys(noPid)).toContain('pid'); // as the converter gave it: undefined, not dropped by JSON
      expect(noPid.pid).toBeUndefined();
      expect(plain).toEqual({ type: 'instant', name: 'plain', cat: '', pid: 1, tid: 1, args: { n: 1.5 } });
    } finally {
      await s.stop();
    }
  });

  it('names a bad element by its line and column, and leaves nothing behind', async () => {
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const bad =
      '{"traceEvents": [\n  {"ph": "X", "ts": 1, "dur": 2, "pid": 1, "tid": 1, "name": "a"},\n  {"ph": "X", "ts": "soon", "pid": 1, "tid": 1}\n]}';
    await expect(importFile(chunks(bad, 10), { file: 'bad.json', ...base })).rejects.toThrow(
      /^bad\.json:3:3: traceEvents\[1\]: expected ts in microseconds as a number, found a string \("soon"\)$/,
    );
    const cut = '{"traceEvents": [\n  {"ph": "X", "ts": 1, "dur": 2, "pid": 1, "tid": 1, "name": "a"},\n  {"ph": "X", "ts": 5,';
    await expect(importFile(chunks(cut, 10), { file: 'cut.json', ...base })).rejects.toThrow(
      /^cut\.json:3:3: expected the rest of this value/,
    );
    const broken = '[{"ph": "X", "ts": 1, "pid": 1, "tid": 1},\n {"ph": "X", "ts": 2, oops}]';
    await expect(importFile(chunks(broken, 7), { file: 'broken.json', ...base })).rejects.toThrow(
      /^broken\.json:2:23: \[1\]: expected a trace event, found invalid JSON/,
    );
    const lenient = await importFile(chunks(broken, 7), { file: 'broken.json', ...base, strict: false });
    expect(lenient).toMatchObject({ events: 2, skipped: 1 });
    const catalog = await SessionCatalog.open(base);
    expect((await catalog.list()).map((s) => s.id)).toEqual([lenient.session]);
  });
});

describe('streaming OTLP files', () => {
  it('sniffs which files can stream', () => {
    expect(looksLikeStreamableOtlp('{"resourceSpans": [{"resource": {}, "scopeSpans": [{"spans": [{"a"')).toBe(true);
    expect(looksLikeStreamableOtlp('{"resourceSpans": []}\n{"resourceSpans": [')).toBe(true); // JSON lines
    expect(looksLikeStreamableOtlp('{"other": {"resourceSpans": [1]}, "x": 1')).toBe(false); // nested: not the file's
    expect(looksLikeStreamableOtlp('{"traceEvents": [')).toBe(false);
    expect(looksLikeStreamableOtlp('[{"resourceSpans": []}]')).toBe(false);
  });

  it('an OpenTelemetry SDK export, streamed in small chunks, equals the document read whole', async () => {
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const text = fixtureText('otlp/otel-sdk-trace.json');
    const whole = JSON.stringify({ filler: 'x'.repeat(70_000), ...JSON.parse(text) });
    expect(looksLikeStreamableOtlp(whole.slice(0, 65536))).toBe(false);
    const streamed = await importFile(chunks(text, 333), { file: 'sdk.json', ...base, batchSize: 5 });
    const read = await importFile(chunks(whole, 65536), { file: 'sdk.json', ...base });
    expect([streamed.format, streamed.events, streamed.links]).toEqual(['otlp', read.events, read.links]);
    const [a, b] = [await contents(base, streamed.session), await contents(base, read.session)];
    expect(a.events.map(({ timestamp: _t, ...rest }) => rest)).toEqual(b.events.map(({ timestamp: _t, ...rest }) => rest));
    expect(a.absolute).toEqual(b.absolute);
    expect(a.ast).toEqual(b.ast);
  });

  it('a Chrome trace or an OTLP file can be cancelled as it streams, leaving nothing behind', async () => {
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const spans = Array.from({ length: 3000 }, (_, i) => ({
      traceId: `t${i % 7}`,
      spanId: `s${i}`,
      name: 'work',
      startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1000n),
      endTimeUnixNano: String(1_700_000_000_000_000_500n + BigInt(i) * 1000n),
    }));
    const files: Array<[string, string]> = [
      ['long.otlp.json', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })],
      ['long.json', JSON.stringify({ traceEvents: spans.map((_, i) => ({ ph: 'X', ts: i, dur: 1, pid: 1, tid: 1, name: 'w' })) })],
    ];
    for (const [file, text] of files) {
      const controller = new AbortController();
      const run = importFile(chunks(text, 4096), {
        file,
        ...base,
        batchSize: 500,
        signal: controller.signal,
        // The first report comes as the first batch is written (later ones at most every 100 ms).
        onProgress: (p) => {
          if (p.bytes > 0) controller.abort();
        },
      });
      await expect(run, file).rejects.toThrow(/import cancelled/);
    }
    // Nothing at all: no session record (an importing one is hidden from the catalog's list), no block.
    const db = await openDatabase(base.indexedDB, base.dbName);
    expect([await db.count('sessions'), await db.count('blocks')]).toEqual([0, 0]);
    db.close();
  });

  it('a cut file leaves no session', async () => {
    const base = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const text = fixtureText('otlp/otel-sdk-trace.json');
    await expect(importFile(chunks(text.slice(0, text.length - 200), 100), { file: 'cut.json', ...base, batchSize: 2 })).rejects.toThrow(
      /^cut\.json:\d+:\d+: expected the rest of this value/,
    );
    const db = await openDatabase(base.indexedDB, base.dbName);
    expect([await db.count('sessions'), await db.count('blocks')]).toEqual([0, 0]);
    db.close();
  });
});

describeRealCorpus('streaming Chrome traces', () => {
  for (const name of [
    'chrome-116-trace.json',
    'chrome-65-simple-timeline.json',
    'perfetto-flow-events-v1.json',
    'perfetto-flow-events-v2.json',
  ]) {
    it(`${name}: streamed in small chunks equals the document read whole`, () =>
      streamedEqualsWhole(name, realFixture(name).toString('utf8')));
  }
});
