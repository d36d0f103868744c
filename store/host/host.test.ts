import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoRecordingLines } from '../../src/demo/recording';
import { Cancellation } from '../../src/rpc/cancel';
import { RpcClient, RpcError } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import type { StoredEvent } from '../../src/event';
import { seededRandom } from '../../src/random';
import { StoreHost } from './host';

function setup() {
  const host = new StoreHost({ indexedDB: new IDBFactory(), dbName: 'cinema' });
  const connect = () => {
    const channel = new MessageChannel();
    host.connect(channel.port1 as unknown as PortLike);
    return { client: new RpcClient(channel.port2 as unknown as PortLike), port: channel.port2 };
  };
  return { host, connect };
}

const text = (events: number) => [...demoRecordingLines({ events, seed: 2 })].join('\n') + '\n';

/** Sends a file in chunks, waiting for each acknowledgement (back-pressure), and ends the import. */
async function importText(client: RpcClient, body: string, file = 'demo.cinema', chunkSize = 16384) {
  const { importId } = await client.call('import.begin', { file });
  const bytes = new TextEncoder().encode(body);
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const chunk = bytes.slice(i, i + chunkSize).buffer;
    await client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
  }
  return client.call('import.end', { importId });
}

/** An export's bytes, pulled chunk by chunk as transferred buffers. */
async function exportBytes(client: RpcClient, session: string, format: 'cinema' | 'cinema.gz' | 'chrome'): Promise<Buffer> {
  const { exportId } = await client.call('export.begin', { session, format });
  const parts: Uint8Array[] = [];
  for (;;) {
    const { bytes } = await client.call('export.next', { exportId });
    if (bytes === null) break;
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    parts.push(new Uint8Array(bytes));
  }
  return Buffer.concat(parts);
}

const exportAll = async (client: RpcClient, session: string, format: 'cinema' | 'chrome') =>
  (await exportBytes(client, session, format)).toString('utf8');

describe('every request kind, on one imported session', () => {
  // One host and one imported recording for the whole block; the cases that change the session
  // (store, bookmark, rename, delete) come last, in order.
  const { connect } = setup();
  const { client } = connect();
  const progress: number[] = [];
  const changes: string[] = [];
  client.on('import.progress', (p) => progress.push(p.events));
  client.on('sessions.changed', (c) => changes.push(c.reason));
  let session: string;
  let stats: Awaited<ReturnType<typeof client.call<'session.stats'>>>;
  let first: StoredEvent;
  let second: StoredEvent;
  let ast: string;
  let corr: string;
  let half: number;

  beforeAll(async () => {
    const imported = await importText(client, text(4000));
    expect(imported).toMatchObject({ format: 'cinema', events: 4000, skipped: 0 });
    session = imported.session;
    stats = await client.call('session.stats', { session });
    [first, second] = (await client.call('events.all', { session, limit: 2 })).events;
    ast = first.ast_node_id!;
    corr = first.correlation_id!;
    half = Math.floor((stats.oldest_event! + stats.newest_event!) / 2);
  });

  it('import.*: reports progress and lists the session once complete', async () => {
    expect(progress.length).toBeGreaterThan(0);
    expect((await client.call('sessions.list', {})).map((s) => [s.id, s.total_events])).toEqual([[session, 4000]]);
    expect(changes).toEqual(['imported']);
  });

  it('events.all: pages with a cursor, in time order', async () => {
    const page = await client.call('events.all', { session, limit: 100 });
    expect(page.events).toHaveLength(100);
    const next = await client.call('events.all', { session, limit: 100, after: page.next });
    expect(next.events[0].timestamp).toBeGreaterThanOrEqual(page.events[99].timestamp);
  });

  it('events.range: the events of a time window', async () => {
    const range = await client.call('events.range', { session, start: first.timestamp, end: first.timestamp + 100_000 });
    expect(range.events.length).toBeGreaterThan(0);
    expect(range.events.every((e) => e.timestamp >= first.timestamp && e.timestamp <= first.timestamp + 100_000)).toBe(true);
  });

  it("events.astNode and events.correlation: only that node's, that flow's events", async () => {
    const byNode = (await client.call('events.astNode', { session, astNodeId: ast, limit: 5 })).events;
    expect(byNode.length).toBe(5);
    expect(byNode.every((e) => e.ast_node_id === ast)).toBe(true);
    const byFlow = (await client.call('events.correlation', { session, correlationId: corr })).events;
    expect(byFlow.length).toBeGreaterThan(0);
    expect(byFlow.every((e) => e.correlation_id === corr)).toBe(true);
  });

  it('session.stats: the seed fields', () => {
    expect(stats.total_events).toBe(4000);
    expect(stats.oldest_event).toBe(first.timestamp);
  });

  it('session.density: counts per bucket in a transferred buffer, whole or for one AST node or flow', async () => {
    const { counts } = await client.call('session.density', { session, start: stats.oldest_event!, end: stats.newest_event!, buckets: 50 });
    expect(counts).toBeInstanceOf(Uint32Array);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4000);
    const allOfNode = (await client.call('events.astNode', { session, astNodeId: ast, limit: 100_000 })).events;
    const nodeCounts = (
      await client.call('session.density', { session, start: stats.oldest_event!, end: stats.newest_event!, buckets: 50, astNodeId: ast })
    ).counts;
    expect(nodeCounts.reduce((a, b) => a + b, 0)).toBe(allOfNode.length);
    const firstHalf = (await client.call('session.density', { session, start: stats.oldest_event!, end: half, buckets: 7, astNodeId: ast }))
      .counts;
    expect(firstHalf.reduce((a, b) => a + b, 0)).toBe(allOfNode.filter((e) => e.timestamp <= half).length);
    const flowCounts = (
      await client.call('session.density', {
        session,
        start: stats.oldest_event!,
        end: stats.newest_event!,
        buckets: 3,
        correlationId: corr,
      })
    ).counts;
    const flow = (await client.call('events.correlation', { session, correlationId: corr, limit: 100_000 })).events;
    expect(flowCounts.reduce((a, b) => a + b, 0)).toBe(flow.length);
  });

  it('session.extras: AST nodes and sources, the links only counted', async () => {
    const extras = await client.call('session.extras', { session });
    expect(extras.ast.some((n) => n.id === ast)).toBe(true);
    expect(extras.sources.length).toBeGreaterThan(0);
    expect(extras).not.toHaveProperty('links');
    const inFile = (await exportAll(client, session, 'cinema')).split('\n').filter((l) => l.includes('"kind":"link"')).length;
    expect(inFile).toBeGreaterThan(0);
    expect(extras.link_count).toBe(inFile);
  });

  it('session.links: the links that touch the events asked for', async () => {
    const allIds = (await client.call('events.all', { session, limit: 100_000 })).events.map((e) => e.event_id);
    const every = await client.call('session.links', { session, eventIds: allIds });
    expect(every).toHaveLength((await client.call('session.extras', { session })).link_count);
    const one = every[0].from;
    const touching = await client.call('session.links', { session, eventIds: [one] });
    expect(touching.length).toBeGreaterThan(0);
    expect(touching.length).toBeLessThan(every.length);
    expect(touching.every((l) => l.from === one || l.to === one)).toBe(true);
    expect(await client.call('session.links', { session, eventIds: [] })).toEqual([]);
  });

  it('session.stateAt and session.stackAstNodes: the program at a moment', async () => {
    const state = await client.call('session.stateAt', { session, t: stats.newest_event! });
    expect(state.processes.length).toBeGreaterThan(0);
    const stacks = await client.call('session.stackAstNodes', { session, t: stats.newest_event! });
    expect(stacks.map((s) => s.pid)).toEqual(state.processes.filter((p) => p.stack.length > 0).map((p) => p.pid));
  });

  it('events.path: the flow of an event with call depths; an unknown event is invalid input', async () => {
    const path = await client.call('events.path', { session, eventId: first.event_id });
    expect(path.correlation_id).toBe(corr);
    expect(path.steps.every((s) => s.event.correlation_id === corr && s.depth >= 0)).toBe(true);
    await expect(client.call('events.path', { session, eventId: '99999999' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('session.activeAstNodes: every AST-tagged event counted once', async () => {
    const active = await client.call('session.activeAstNodes', { session, start: stats.oldest_event!, end: stats.newest_event! });
    expect(active.reduce((n, a) => n + a.events, 0)).toBe(stats.ast_index_size);
  });

  it('events.step: the next event after one, nothing before the first', async () => {
    const stepped = await client.call('events.step', {
      session,
      from: { ts: first.timestamp, seq: Number(first.event_id) },
      direction: 'next',
    });
    expect(stepped.event?.event_id).toBe(second.event_id);
    expect((await client.call('events.step', { session, from: first.timestamp, direction: 'prev' })).event).toBeNull();
  });

  it('events.search: a page of matches and their total', async () => {
    const found = await client.call('events.search', { session, query: 'function_exit', limit: 10 });
    expect(found.total).toBeGreaterThan(10);
    expect(found.events).toHaveLength(10);
    expect(found.events.every((e) => JSON.stringify(e.data).includes('function_exit'))).toBe(true);
  });

  it('export.*: .cinema imports back to the same bytes; .cinema.gz is that file compressed; Chrome JSON parses', async () => {
    const exported = await exportAll(client, session, 'cinema');
    expect(exported.split('\n').filter((l) => l.includes('"kind":"event"'))).toHaveLength(4000);
    const again = await importText(client, exported, 'again.cinema');
    expect(await exportAll(client, again.session, 'cinema')).toBe(exported);
    expect(gunzipSync(await exportBytes(client, session, 'cinema.gz')).toString('utf8')).toBe(exported);
    const chrome = JSON.parse(await exportAll(client, session, 'chrome'));
    expect(chrome.traceEvents.length).toBeGreaterThan(4000);
    expect((await client.call('sessions.delete', { session: again.session })).deleted).toBe(true);
  });

  it('events.store: adds events to a session', async () => {
    const stored = await client.call('events.store', {
      session,
      events: [{ timestamp: stats.newest_event! + 1, data: { note: 'added' } }],
    });
    expect(stored.event_ids).toHaveLength(1);
    expect((await client.call('session.stats', { session })).total_events).toBe(4001);
  });

  it('session.addBookmark: kept with the session', async () => {
    const { bookmarks } = await client.call('session.addBookmark', { session, timestamp: half, label: 'here' });
    expect(bookmarks).toContainEqual({ timestamp: half, label: 'here' });
    expect((await client.call('session.extras', { session })).bookmarks).toContainEqual({ timestamp: half, label: 'here' });
  });

  it('sessions.rename and sessions.delete, each told to every client', async () => {
    expect((await client.call('sessions.rename', { session, name: 'checkout bug' })).name).toBe('checkout bug');
    expect((await client.call('sessions.delete', { session })).deleted).toBe(true);
    expect(await client.call('sessions.list', {})).toEqual([]);
    expect(changes).toEqual(['imported', 'imported', 'deleted', 'renamed', 'deleted']);
  });
});

describe('store host over a MessageChannel', () => {
  it('serves a session while it imports, unlisted until it is complete', async () => {
    const { connect } = setup();
    const { client } = connect();
    const seen: Array<{ session: string | null; events: number }> = [];
    client.on('import.progress', (p) => seen.push({ session: p.session, events: p.events }));
    const { importId } = await client.call('import.begin', { file: 'growing.cinema' });
    const bytes = new TextEncoder().encode(text(20_000));
    let during: { listed: number; importing: boolean; events: number } | null = null;
    for (let i = 0; i < bytes.length; i += 16384) {
      const chunk = bytes.slice(i, i + 16384).buffer;
      await client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
      const named = seen.find((p) => p.session !== null && p.events > 0);
      if (named && during === null) {
        const info = await client.call('session.info', { session: named.session! });
        const page = await client.call('events.all', { session: named.session!, limit: 100_000 });
        during = { listed: (await client.call('sessions.list', {})).length, importing: info.importing, events: page.events.length };
      }
    }
    const done = await client.call('import.end', { importId });
    expect(during).not.toBeNull();
    expect(during!.listed).toBe(0);
    expect(during!.importing).toBe(true);
    expect(during!.events).toBeGreaterThan(0);
    expect(during!.events).toBeLessThan(20_000);
    expect(seen.find((p) => p.session !== null)!.session).toBe(done.session);
    const after = await client.call('session.info', { session: done.session });
    expect([after.importing, after.total_events]).toEqual([false, 20_000]);
    expect((await client.call('sessions.list', {})).map((s) => s.id)).toEqual([done.session]);
  });

  it('sends pages of events as JSON in transferred buffers, unless a payload needs a structured clone', async () => {
    const { connect } = setup();
    const { client, port } = connect();
    const replies: Array<Record<string, unknown>> = [];
    port.addEventListener('message', (e) => replies.push(e.data as Record<string, unknown>));
    const { session } = await importText(client, text(500));
    const page = await client.call('events.all', { session, limit: 50 });
    const last = replies.filter((r) => r.t === 'res').at(-1)!;
    expect(last.packed).toBeInstanceOf(ArrayBuffer);
    expect(last).not.toHaveProperty('result');
    expect(page.events).toHaveLength(50);
    expect(page.next).toEqual({ ts: page.events[49].timestamp, seq: Number(page.events[49].event_id) });
    const path = await client.call('events.path', { session, eventId: page.events.find((e) => e.correlation_id !== null)!.event_id });
    expect(replies.filter((r) => r.t === 'res').at(-1)!.packed).toBeInstanceOf(ArrayBuffer);
    expect(path.steps.length).toBeGreaterThan(0);
    // A payload JSON cannot carry (a Date, undefined) comes back as it went in, as objects.
    await client.call('events.store', {
      session,
      events: [{ timestamp: 1, ast_node_id: null, correlation_id: null, data: { when: new Date(5), gone: undefined } }],
    });
    const withDate = await client.call('events.range', { session, start: 1, end: 1 });
    expect(replies.filter((r) => r.t === 'res').at(-1)!.result).toBeTruthy();
    const stored = withDate.events.find((e) => (e.data as { when?: unknown }).when !== undefined)!;
    expect((stored.data as { when: Date }).when).toBeInstanceOf(Date);
    expect(Object.prototype.hasOwnProperty.call(stored.data, 'gone')).toBe(true);
  });

  it('a client refuses a packed result it cannot read, with an error instead of a crash', async () => {
    const channel = new MessageChannel();
    const client = new RpcClient(channel.port2 as unknown as PortLike);
    channel.port1.addEventListener('message', (e) => {
      const id = (e.data as { id: number }).id;
      const bytes = new TextEncoder().encode(id === 1 ? '{"events": [' : '{"events": [], "next": null}').buffer;
      channel.port1.postMessage({ t: 'res', id, ok: true, packed: bytes }, [bytes]);
    });
    channel.port1.start();
    await expect(client.call('events.all', { session: 's' })).rejects.toMatchObject({ code: 'internal' });
    await expect(client.call('events.all', { session: 's' })).resolves.toEqual({ events: [], next: null });
  });

  it('replies with error codes that say what was wrong', async () => {
    const { connect } = setup();
    const { client } = connect();
    const err = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: RpcError) => [e.code, e.message],
      );
    expect(await err(client.call('session.stats', { session: 'nope' }))).toEqual(['not-found', 'no session "nope"']);
    expect(await err(client.call('events.range', { session: 's', start: 1.5, end: 2 }))).toEqual([
      'bad-request',
      'events.range: arg.start must be a safe integer',
    ]);
    expect(await err(client.call('events.all', { session: 's', extra: 1 } as never))).toEqual([
      'bad-request',
      'events.all: arg.extra is not a field of this request',
    ]);
    expect(await err(client.call('no.such' as never, {} as never))).toEqual(['unknown-request', 'unknown request "no.such"']);
    expect(
      await err(
        importText(
          client,
          '{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":"x"}\n',
          'bad.cinema',
        ),
      ),
    ).toEqual(['invalid-input', 'bad.cinema:2:29: expected an integer timestamp, found a string ("x")']);
    expect(await client.call('sessions.list', {})).toEqual([]);
  });

  it('cancels an import through import.cancel and through a cancelled call, leaving no session', async () => {
    const { connect } = setup();
    const { client } = connect();
    const { importId } = await client.call('import.begin', { file: 'a.cinema' });
    const chunk = new TextEncoder().encode(text(2000)).buffer;
    await client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
    expect(await client.call('import.cancel', { importId })).toEqual({ cancelled: true });

    const second = await client.call('import.begin', { file: 'b.cinema' });
    const bytes = new TextEncoder().encode(text(20_000));
    for (let i = 0; i < bytes.length; i += 1 << 20) {
      const c = bytes.slice(i, i + (1 << 20)).buffer;
      await client.call('import.chunk', { importId: second.importId, bytes: c }, { transfer: [c] });
    }
    const cancel = new Cancellation();
    const ending = client.call('import.end', { importId: second.importId }, { signal: cancel.signal });
    cancel.cancel();
    await expect(ending).rejects.toMatchObject({ code: 'cancelled' });
    expect(await client.call('sessions.list', {})).toEqual([]);
  });

  it('serves two clients at once and tells both when sessions change', async () => {
    const { connect } = setup();
    const a = connect().client;
    const b = connect().client;
    const seen: string[] = [];
    b.on('sessions.changed', (c) => seen.push(c.reason));
    const [ra, rb] = await Promise.all([importText(a, text(1500), 'a.cinema'), importText(b, text(2500), 'b.cinema')]);
    const [la, lb] = await Promise.all([a.call('sessions.list', {}), b.call('sessions.list', {})]);
    expect(la).toEqual(lb);
    expect(la.map((s) => s.total_events).sort()).toEqual([1500, 2500]);
    const [sa, sb] = await Promise.all([
      b.call('session.stats', { session: ra.session }),
      a.call('session.stats', { session: rb.session }),
    ]);
    expect([sa.total_events, sb.total_events]).toEqual([1500, 2500]);
    expect(seen).toEqual(['imported', 'imported']);
  });

  it('answers malformed messages of many shapes and keeps serving', async () => {
    const { connect } = setup();
    const { client, port } = connect();
    const replies: unknown[] = [];
    port.addEventListener('message', (e) => replies.push(e.data));
    const rand = seededRandom(42);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const values = [
      null,
      undefined,
      0,
      -1,
      1.5,
      NaN,
      'x',
      '',
      true,
      [],
      {},
      [1, 2],
      { a: { b: [] } },
      2 ** 60,
      'sessions.list',
      'events.range',
    ];
    let withValidId = 0;
    for (let i = 0; i < 300; i++) {
      const shape = i % 4;
      let msg: unknown;
      if (shape === 0) msg = pick(values);
      else if (shape === 1)
        msg = {
          t: pick(['req', 'res', 'push', 'x', 1, null]),
          id: pick([1000 + i, -5, 'id', null, 1.5]),
          name: pick(values),
          arg: pick(values),
        };
      else if (shape === 2)
        msg = {
          t: 'req',
          id: 2000 + i,
          name: pick(['events.range', 'session.density', 'import.chunk', 'export.begin', 'sessions.rename']),
          arg: {
            session: pick(values),
            start: pick(values),
            end: pick(values),
            bytes: pick(values),
            format: pick(values),
            buckets: pick(values),
          },
        };
      else msg = { t: 'req', id: 3000 + i, name: 'events.all', arg: pick(values) };
      const m = msg as { t?: unknown; id?: unknown };
      if (
        m &&
        typeof m === 'object' &&
        (m.t === 'req' || (m.t !== 'cancel' && m.t !== undefined)) &&
        typeof m.id === 'number' &&
        Number.isSafeInteger(m.id) &&
        m.id > 0
      )
        withValidId++;
      port.postMessage(msg);
    }
    // A good request still works after all of that.
    expect(await client.call('sessions.list', {})).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    const errors = replies.filter((r) => (r as { t: string; ok: boolean }).t === 'res' && (r as { ok: boolean }).ok === false);
    expect(errors.length).toBe(withValidId);
    expect(
      errors.every((r) =>
        ['bad-request', 'unknown-request', 'not-found', 'invalid-input'].includes((r as { error: { code: string } }).error.code),
      ),
    ).toBe(true);
  });
});
