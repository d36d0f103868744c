import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REAL_CORPUS_FILES, describeRealCorpus, fixture, realFixture } from '../../fixtures/fixtures';
import { SessionCatalog } from '../catalog/catalog';
import { importFile } from './import-file';
import { TemporalStorage } from '../temporal-storage';

async function* chunks(bytes: Uint8Array, size = 65536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function env() {
  const base = { indexedDB: new IDBFactory(), dbName: 'cinema' };
  return {
    base,
    open: (file: string, bytes: Uint8Array | string) =>
      importFile(chunks(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes), { file, ...base }),
    async events(session: string) {
      const s = await TemporalStorage.start({ session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
      try {
        return { all: await s.getAllEvents(), extras: await s.getExtras(), info: s.sessionInfo };
      } finally {
        await s.stop();
      }
    },
  };
}

describe('opening recordings of every format', () => {
  it("opens Chromium's, the OpenTelemetry SDK's and speedscope's own files, detected by content", async () => {
    const e = env();
    const expected: Array<[string, string, string]> = [
      ['chrome/chromium-trace.json', 'trace.json', 'chrome-trace'],
      ['otlp/otel-sdk-trace.json', 'spans.json', 'otlp'],
      ['otlp/otel-sdk-trace.jsonl', 'spans.jsonl', 'otlp'],
      ['speedscope/node-cpuprofile.speedscope.json', 'profile.json', 'speedscope'],
    ];
    for (const [path, file, format] of expected) {
      const r = await e.open(file, fixture(path));
      expect([file, r.format]).toEqual([file, format]);
      expect(r.events).toBeGreaterThan(0);
      const { all, info } = await e.events(r.session);
      expect(all.length).toBe(r.events);
      expect(info.source).toEqual({ format, file });
    }
    const catalog = await SessionCatalog.open(e.base);
    expect((await catalog.list()).length).toBe(expected.length);
    await catalog.close();
  });

  it('opens a speedscope file and a gzipped Chrome trace whatever its name', async () => {
    const e = env();
    const s = await e.open('profile.json', fixture('speedscope/evented.speedscope.json'));
    expect([s.format, s.events, s.ast]).toEqual(['speedscope', 8, 3]);
    expect(s.notes[0]).toMatch(/sampled profile/);
    const gz = await e.open('trace.bin', gzipSync(fixture('chrome/chromium-trace.json')));
    expect(gz.format).toBe('chrome-trace');
  });

  it('reads an ElixirScope dump (a bare array) and the one-document form exactly', async () => {
    const e = env();
    const dump =
      '[{"timestamp":1700000000000000002,"ast_node_id":"n1","correlation_id":"c","data":{"x":1}},{"timestamp":1700000000000000001,"ast_node_id":"n1","correlation_id":null,"function":"f"}]';
    const r = await e.open('dump.json', dump);
    const { all, info } = await e.events(r.session);
    expect([info.time_unit, info.epoch]).toEqual(['ns', '1700000000000000001']);
    expect(all.map((x) => [x.timestamp, x.data])).toEqual([
      [0, { timestamp: '1700000000000000001', ast_node_id: 'n1', correlation_id: null, function: 'f' }],
      [1, { x: 1 }],
    ]);
    const document =
      '{"format":"cinema-session","version":1,"name":"doc","time_unit":"us","epoch":"5","events":[{"timestamp":7,"data":"a"}],"ast":[{"id":"m","type":"module"}]}';
    const d = await e.open('doc.json', document);
    const got = await e.events(d.session);
    expect([got.info.name, got.info.time_unit, got.all[0].timestamp, got.extras.ast]).toEqual([
      'doc',
      'us',
      2,
      [{ id: 'm', type: 'module' }],
    ]);
  });

  it('streams a native file whatever its name', async () => {
    const e = env();
    const text = '{"format":"cinema-session","version":1,"time_unit":"ms","epoch":"0"}\n{"kind":"event","timestamp":3}\n';
    const r = await e.open('notes.txt', text);
    expect([r.format, r.events]).toEqual(['cinema', 1]);
  });

  it('skips bad elements of foreign formats in lenient mode, and says which', async () => {
    const e = env();
    const trace =
      '{"traceEvents":[{"ph":"X","ts":1,"dur":2,"name":"a","pid":1,"tid":1},{"ph":"X","ts":"later","name":"b"},{"ph":"i","ts":5,"name":"c","pid":1,"tid":1}]}';
    await expect(e.open('t.json', trace)).rejects.toThrow(/traceEvents\[1\]/);
    const r = await importFile(chunks(new TextEncoder().encode(trace)), { file: 't.json', ...e.base, strict: false });
    expect([r.events, r.skipped, r.messages]).toEqual([
      3,
      1,
      ['t.json:1:70: traceEvents[1]: expected ts in microseconds as a number, found a string ("later")'],
    ]);
    const dump = '[{"timestamp":1},{"timestamp":"x"},{"timestamp":3}]';
    const d = await importFile(chunks(new TextEncoder().encode(dump)), { file: 'd.json', ...e.base, strict: false });
    expect([d.events, d.skipped]).toEqual([2, 1]);
    const otlpDoc = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 't',
                  spanId: '1',
                  name: 'ok',
                  startTimeUnixNano: '10',
                  endTimeUnixNano: '20',
                  events: [{ name: 'e', timeUnixNano: '15' }],
                },
                {
                  traceId: 't',
                  spanId: '2',
                  name: 'bad',
                  startTimeUnixNano: '12',
                  endTimeUnixNano: '30',
                  events: [{ name: 'e', timeUnixNano: 'never' }],
                },
              ],
            },
          ],
        },
      ],
    };
    const o = await importFile(chunks(new TextEncoder().encode(JSON.stringify(otlpDoc))), { file: 'o.json', ...e.base, strict: false });
    expect([o.events, o.skipped]).toEqual([3, 1]);
  });

  it('says what it expected when a file is none of the formats, and keeps nothing of it', async () => {
    const e = env();
    await expect(e.open('what.json', '{"hello":"world"}')).rejects.toThrow(
      /^what\.json:1:1: expected a Cinema session .* found an object that is none of them$/,
    );
    // A streamed trace names the element where it breaks; one read whole, the place in the document.
    await expect(e.open('broken.json', '{"traceEvents": [\n{"ph":"X",}]}')).rejects.toThrow(
      /^broken\.json:2:11: traceEvents\[0\]: expected a trace event, found invalid JSON/,
    );
    await expect(e.open('broken.json', '{"resourceSpans": [\n{"scopeSpans":1,}]}')).rejects.toThrow(
      /^broken\.json:2:\d+: expected a JSON document, found invalid JSON/,
    );
    await expect(e.open('t.json', '{"traceEvents":[{"ph":"X","ts":"x"}]}')).rejects.toThrow(
      /^t\.json:1:17: traceEvents\[0\]: expected ts in microseconds/,
    );
    const catalog = await SessionCatalog.open(e.base);
    expect(await catalog.list()).toEqual([]);
    await catalog.close();
  });
});

describeRealCorpus('opening recordings of every format', () => {
  it('opens the real Chrome, Perfetto and OpenTelemetry files, detected by content', async () => {
    const e = env();
    const expected = REAL_CORPUS_FILES;
    for (const [file, format] of expected) {
      const r = await e.open(file, realFixture(file));
      expect([file, r.format]).toEqual([file, format]);
      expect(r.events).toBeGreaterThan(0);
      const { all, info } = await e.events(r.session);
      expect(all.length).toBe(r.events);
      expect(info.source).toEqual({ format, file });
    }
    const flows = await e.open('flows.json', realFixture('perfetto-flow-events-v2.json'));
    expect((await e.events(flows.session)).extras.links).toHaveLength(4);
    const catalog = await SessionCatalog.open(e.base);
    expect((await catalog.list()).length).toBe(expected.length + 1);
    await catalog.close();
  });
});

describe('values nested past the limit', () => {
  it('are refused at their place in every format, never overflowing the stack', async () => {
    const { open } = env();
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const err = (p: Promise<unknown>) =>
      p.then(
        () => 'imported',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    const header = `{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0","x":${deep}}\n`;
    expect(await err(open('h.cinema', header))).toBe(
      'FormatError: h.cinema:1:1: the header is nested more than 1000 levels deep; Cinema reads at most 1000',
    );
    const ast = `{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"ast","id":"a","type":"call","name":"f","parent_id":null,"file":"f.js","span":${deep}}\n`;
    expect(await err(open('a.cinema', ast))).toMatch(/^FormatError: a\.cinema:2:1: the record is nested more than 1000 levels/);
    const trace = `{"traceEvents":[\n{"name":"a","ph":"X","ts":1,"dur":2,"pid":1,"tid":1},\n{"name":${deep},"ph":"X","ts":1,"dur":2,"pid":1,"tid":1}]}`;
    expect(await err(open('t.json', trace))).toMatch(
      /^FormatError: t\.json:3:1: traceEvents\[1\]: the event is nested more than 1000 levels/,
    );
    const speedscope = `{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[{"name":"f","x":${deep}}]},"profiles":[]}`;
    expect(await err(open('s.speedscope.json', speedscope))).toBe(
      'FormatError: s.speedscope.json:1:1: the document is nested more than 1000 levels deep; Cinema reads at most 1000',
    );
  });
});
