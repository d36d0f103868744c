import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SessionCatalog } from '../catalog/catalog';
import { exportChromeText } from '../export/chrome';
import { encodeText, utf8 as utf8Of } from '../export/encode';
import { exportNativeText } from '../export/native';
import { chromeTrace } from '../../src/format/chrome-trace';
import { importNativeSession } from './native';
import type { ImportOptions } from './types';
import { openDatabase } from '../engine/schema';
import { TemporalStorage } from '../temporal-storage';

const EPOCH = '1700000000000000000';
const HEADER = `{"format":"cinema-session","version":1,"name":"checkout run","created_at":"2026-11-27T10:00:00.000Z","time_unit":"ns","epoch":"${EPOCH}","producer":"elixir_scope 0.0.1","host":"ci-7"}`;
const SAMPLE =
  [
    HEADER,
    '{"kind":"ast","id":"mod","type":"module","name":"Shop"}',
    '{"kind":"ast","id":"fun","type":"function","name":"checkout/1","parent_id":"mod","file":"lib/shop.ex","span":{"start_line":2,"start_col":3,"end_line":8,"end_col":6}}',
    '{"kind":"source","file":"lib/shop.ex","text":"defmodule Shop do\\n  def checkout(cart) do\\n  end\\nend\\n"}',
    '{"kind":"event","timestamp":1700000000000000123,"id":"a","ast_node_id":"fun","correlation_id":"req-1","data":{"type":"function_entry","module":"Shop","function":"checkout","arity":1,"args":[[1,2]],"pid":"<0.90.0>"}}',
    '{"kind":"event","timestamp":1700000000000000124,"ast_node_id":"fun","correlation_id":"req-1","data":{"type":"variable_assignment","variable":"total","value":3,"pid":"<0.90.0>"}}',
    // Out of order, and 1 ns before the first: must sort first and keep its digits.
    '{"kind":"event","timestamp":1700000000000000122,"correlation_id":"req-2","data":{"type":"message_send","to":"<0.91.0>","message":"hi","pid":"<0.90.0>"}}',
    '{"kind":"event","timestamp":1700000000000000124,"id":"b","ast_node_id":"fun","correlation_id":"req-1","data":{"type":"function_exit","return":3,"pid":"<0.90.0>"}}',
    '{"kind":"link","from":"a","to":"b","label":"returns"}',
    '{"kind":"bookmark","timestamp":1700000000000000124,"label":"total computed"}',
  ].join('\n') + '\n';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(gen: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const t of gen) s += t;
  return s;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  for await (const b of encodeText(
    (async function* () {
      yield new TextDecoder().decode(bytes);
    })(),
    true,
  ))
    out.push(b);
  return Buffer.concat(out);
}

function env() {
  const indexedDB = new IDBFactory();
  const base: Pick<ImportOptions, 'indexedDB' | 'dbName'> = { indexedDB, dbName: 'cinema' };
  return {
    base,
    importText: (text: string | Uint8Array, opts: Partial<ImportOptions> = {}) =>
      importNativeSession(chunked(typeof text === 'string' ? utf8(text) : text), { file: 'run.cinema', ...base, ...opts }),
    async exportText(session: string, opts = {}) {
      const s = await TemporalStorage.start({ session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
      try {
        return await collect(exportNativeText(s, opts));
      } finally {
        await s.stop();
      }
    },
    /** Every session record, hidden ones included. */
    async allSessionRecords() {
      const db = await openDatabase(indexedDB, 'cinema');
      const all = await db.getAll('sessions');
      const blocks = await db.count('blocks');
      db.close();
      return { ids: all.map((r) => r.id), blocks };
    },
  };
}

describe('importing and exporting .cinema files', () => {
  it('encodes export chunks as TextEncoder does, ASCII or not', () => {
    const encoder = new TextEncoder();
    for (const text of [
      '',
      'plain ascii {"a":1}\n',
      'caf\u00e9',
      '\u{1F600} at the start',
      'ends with \u00e9',
      'lone \ud800 surrogate',
      'x'.repeat(100_000) + '\u4e2d',
    ]) {
      expect(Array.from(utf8Of(encoder, text)), JSON.stringify(text.slice(0, 30))).toEqual(Array.from(encoder.encode(text)));
    }
  });

  it('imports exactly, lists the session, and exports byte-identically after a round trip', async () => {
    const e = env();
    const progress: Array<{ bytes: number; done: boolean }> = [];
    const result = await e.importText(SAMPLE, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ events: 4, ast: 2, sources: 1, links: 1, bookmarks: 1, skipped: 0 });
    expect(progress[progress.length - 1]).toMatchObject({ bytes: utf8(SAMPLE).length, done: true });

    const catalog = await SessionCatalog.open(e.base);
    expect((await catalog.list()).map((s) => [s.name, s.total_events, s.time_unit, s.epoch])).toEqual([['checkout run', 4, 'ns', EPOCH]]);
    await catalog.close();

    const s = await TemporalStorage.start({ session: result.session, ...e.base, maxEvents: Infinity, cleanupInterval: 0 });
    expect((await s.getAllEvents()).map((x) => x.timestamp)).toEqual([122, 123, 124, 124]);
    const extras = await s.getExtras();
    expect(extras.ast.map((n) => n.id)).toEqual(['fun', 'mod']);
    expect(extras.links).toHaveLength(1);
    await s.stop();

    const first = await e.exportText(result.session);
    expect(first.split('\n')[0]).toBe(
      '{"format":"cinema-session","version":1,"name":"checkout run","created_at":"2026-11-27T10:00:00.000Z","time_unit":"ns","epoch":"1700000000000000000","producer":"elixir_scope 0.0.1","host":"ci-7"}',
    );
    for (const digits of ['1700000000000000122', '1700000000000000123', '1700000000000000124'])
      expect(first).toContain(`"timestamp":${digits}`);
    expect(first).toContain('{"kind":"link","from":"e1","to":"e3","label":"returns"}');
    const again = await e.importText(first);
    expect(await e.exportText(again.session)).toBe(first);
  });

  it('detects gzip by its bytes whatever the name, and rejects a truncated one', async () => {
    const e = env();
    const gz = await gzip(utf8(SAMPLE));
    const r = await e.importText(gz, { file: 'named-plainly.cinema' });
    expect(r.events).toBe(4);
    await expect(e.importText(gz.slice(0, gz.length - 12), { file: 'cut.cinema.gz' })).rejects.toThrow(
      /^cut\.cinema\.gz:\d+:1: expected complete gzip data, found a truncated or corrupt gzip stream/,
    );
    expect((await e.allSessionRecords()).ids).toEqual([r.session]);
  });

  it('exports a session as Chrome Trace JSON that reads back as a trace, its link a flow arrow', async () => {
    const e = env();
    const { session } = await e.importText(SAMPLE);
    const s = await TemporalStorage.start({ session, ...e.base, maxEvents: Infinity, cleanupInterval: 0 });
    const text = await collect(exportChromeText(s));
    await s.stop();
    const trace = JSON.parse(text);
    expect(trace.traceEvents.filter((x: { ph: string }) => x.ph === 'B' || x.ph === 'E' || x.ph === 'i')).toHaveLength(4);
    // The link becomes a flow arrow: a start and a finish with one id.
    const flow = trace.traceEvents.filter((x: { ph: string }) => x.ph === 's' || x.ph === 'f');
    expect(flow.map((x: { ph: string; id: number }) => [x.ph, x.id])).toEqual([
      ['s', 1],
      ['f', 1],
    ]);
    expect(chromeTrace.convert(trace, 'x.json').records.filter((r) => r.kind === 'event')).toHaveLength(4);
    expect(trace.traceEvents.find((x: { ph: string }) => x.ph === 'M').args.name).toBe('<0.90.0>');
  });

  it('exports a time range, an AST node and a correlation', async () => {
    const e = env();
    const { session } = await e.importText(SAMPLE);
    const lines = (t: string) =>
      t
        .trim()
        .split('\n')
        .filter((l) => l.includes('"kind":"event"')).length;
    expect(lines(await e.exportText(session, { range: [123, 124] }))).toBe(3);
    expect(lines(await e.exportText(session, { astNodeId: 'fun' }))).toBe(3);
    expect(lines(await e.exportText(session, { correlationId: 'req-2' }))).toBe(1);
  });

  it('fails bad files with file:line:column, leaving no session and touching no other', async () => {
    const e = env();
    const kept = await e.importText(SAMPLE);
    const garbage = new Uint8Array(4096).map((_v, i) => (i * 7919) % 256);
    let deep = '"x"';
    for (let i = 0; i < 10_000; i++) deep = `[${deep}]`;
    const bad: Array<[string | Uint8Array, RegExp]> = [
      ['', /^run\.cinema:1:1: expected a cinema-session header, found an empty file$/],
      [garbage, /^run\.cinema:1:1: expected UTF-8 text, found bytes that are not/],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000001}\n{"kind":"event","times`,
        /^run\.cinema:3:\d+: expected a JSON record, found invalid JSON/,
      ],
      [
        `${HEADER}\n{"kind":"event","timestamp":"1700000000000000001"}\n`,
        /^run\.cinema:2:29: expected an integer timestamp, found a string/,
      ],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000001.5}\n`,
        /^run\.cinema:2:29: expected an integer timestamp, found 1700000000000000001\.5$/,
      ],
      [
        '{"kind":"event","timestamp":1}\n',
        /^run\.cinema:1:1: expected a header with "format":"cinema-session", found a record before any header$/,
      ],
      [
        `${HEADER}\n{"kind":"span","timestamp":1}\n`,
        /^run\.cinema:2:9: expected a record kind of event, ast, source, link or bookmark, found a string \("span"\)$/,
      ],
      [
        `${HEADER}\n{"kind":"event","timestamp":1700000000000000001,"data":${deep}}\n`,
        /^run\.cinema:2:1: data is nested more than 1000 levels deep/,
      ],
      [
        `${HEADER}\n{"kind":"ast","id":"x","parent_id":"ghost"}\n`,
        /^run\.cinema:2:\d+: expected parent_id to name an ast record of this file, found "ghost"/,
      ],
      [`${HEADER}\n{"kind":"ast","id":"x"}\n{"kind":"ast","id":"x"}\n`, /^run\.cinema:3:20: expected a new ast node id, found "x" again/],
    ];
    for (const [input, pattern] of bad) {
      await expect(e.importText(input), String(pattern)).rejects.toThrow(pattern);
    }
    const after = await e.allSessionRecords();
    expect(after.ids).toEqual([kept.session]);
    const s = await TemporalStorage.start({ session: kept.session, ...e.base, maxEvents: Infinity, cleanupInterval: 0 });
    expect((await s.getStats()).total_events).toBe(4);
    await s.stop();
  });

  it('imports one 50 MB line', async () => {
    const e = env();
    const big = `${HEADER}\n{"kind":"event","timestamp":1700000000000000001,"data":"${'z'.repeat(50_000_000)}"}\n`;
    const r = await importNativeSession(chunked(utf8(big), 1 << 20), { file: 'big.cinema', ...e.base });
    expect(r.events).toBe(1);
  });

  it('skips bad records in lenient mode and says how many', async () => {
    const e = env();
    const text = SAMPLE + '{"kind":"event","timestamp":"late"}\n{"kind":"nope"}\n';
    const r = await e.importText(text, { strict: false });
    expect(r).toMatchObject({ events: 4, skipped: 2 });
    expect(r.messages).toEqual([
      'run.cinema:11:29: expected an integer timestamp, found a string ("late")',
      'run.cinema:12:9: expected a record kind of event, ast, source, link or bookmark, found a string ("nope")',
    ]);
  });

  it('removes imports a crashed process left hidden, and only those', async () => {
    const e = env();
    const done = await e.importText(SAMPLE);
    // A process that died mid-import leaves an 'importing' session behind.
    const stale = await TemporalStorage.start({ session: 'stale', ...e.base, sessionInit: { status: 'importing' } });
    await stale.storeEvents([{ timestamp: 1 }]);
    await stale.stop();
    // One still importing in this process must survive.
    const live = await TemporalStorage.start({ session: 'live', ...e.base, sessionInit: { status: 'importing' } });
    const catalog = await SessionCatalog.open(e.base);
    expect(await catalog.removeAbandonedImports()).toEqual(['stale']);
    expect((await e.allSessionRecords()).ids.sort()).toEqual([done.session, 'live'].sort());
    await live.stop();
    await catalog.close();
  });

  it('can be cancelled, leaving nothing behind', async () => {
    const e = env();
    const lines = [HEADER];
    for (let i = 0; i < 30_000; i++) lines.push(`{"kind":"event","timestamp":${1700000000000000000n + BigInt(i)},"data":{"i":${i}}}`);
    const controller = new AbortController();
    const run = importNativeSession(chunked(utf8(lines.join('\n')), 4096), {
      file: 'long.cinema',
      ...e.base,
      batchSize: 1000,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.events > 0) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/import cancelled/);
    expect(await e.allSessionRecords()).toEqual({ ids: [], blocks: 0 });
  });
});
