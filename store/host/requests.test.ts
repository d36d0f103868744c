// Every request kind of the store RPC, one case each, against one host on fake-indexeddb.
import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/event';
import { IDBFactory } from 'fake-indexeddb';
import { demoRecordingLines } from '../../src/demo/recording';
import { withRepeatedEvent } from '../../src/demo/diverged';
import { demoText as text, exportBytes, exportText as exportAll, hostWithClients, importText } from '../testing/host-client';

const setup = () => hostWithClients(new IDBFactory() as unknown as IDBFactory);

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

  it('session.spans, session.openSpans, events.get and session.nodeTimes: calls as spans, the stacks they make, time per node', async () => {
    const all = await client.call('session.spans', { session, start: stats.oldest_event!, end: stats.newest_event! });
    expect(all.start).toBeInstanceOf(Float64Array);
    expect(all.start.length).toBeGreaterThan(100);
    const merged = await client.call('session.spans', {
      session,
      start: stats.oldest_event!,
      end: stats.newest_event!,
      minWidth: (stats.newest_event! - stats.oldest_event!) / 100,
      maxDepth: 1,
    });
    expect(merged.start.length).toBeLessThan(all.start.length);
    expect(Math.max(...merged.depth)).toBeLessThanOrEqual(1);
    // The spans open at a moment are the stacks the state there holds, per process.
    const open = await client.call('session.openSpans', { session, t: half });
    const state = await client.call('session.stateAt', { session, t: half });
    const stacks = state.processes.filter((p) => p.stack.length > 0);
    expect(open.map((l) => [l.lane, l.spans.map((s) => s.event)])).toEqual(stacks.map((p) => [p.pid, p.stack.map((f) => f.event_id)]));
    const entry = await client.call('events.get', { session, eventId: open[0].spans[0].event });
    expect(entry.event).toMatchObject({ event_id: open[0].spans[0].event, timestamp: open[0].spans[0].start });
    expect((entry.event!.data as { type: string }).type).toBe('function_entry');
    expect(await client.call('events.get', { session, eventId: '99999999' })).toEqual({ event: null });
    const times = await client.call('session.nodeTimes', { session });
    expect(times.length).toBeGreaterThan(0);
    for (const n of times) expect(n.self).toBeLessThanOrEqual(n.total);
    await expect(client.call('session.spans', { session, start: 0, end: 1, minWidth: -1 })).rejects.toMatchObject({ code: 'bad-request' });
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

  it('session.addBookmark and session.updateBookmark: kept with the session, a note added, changed and removed', async () => {
    const { bookmarks } = await client.call('session.addBookmark', { session, timestamp: half, label: 'here' });
    const mark = bookmarks.find((b) => b.label === 'here')!;
    expect(mark).toMatchObject({ timestamp: half, label: 'here' });
    const noted = await client.call('session.addBookmark', {
      session,
      timestamp: half + 1,
      label: 'why',
      note: '# The *retry*\nstarts here',
    });
    const why = noted.bookmarks.find((b) => b.label === 'why')!;
    expect(why.note).toBe('# The *retry*\nstarts here');
    expect((await client.call('session.extras', { session })).bookmarks).toEqual(noted.bookmarks);
    const changed = await client.call('session.updateBookmark', { session, id: mark.id, label: 'here too', note: 'checked' });
    expect(changed.bookmarks.find((b) => b.id === mark.id)).toEqual({ id: mark.id, timestamp: half, label: 'here too', note: 'checked' });
    const cleared = await client.call('session.updateBookmark', { session, id: mark.id, note: '' });
    expect(cleared.bookmarks.find((b) => b.id === mark.id)).toEqual({ id: mark.id, timestamp: half, label: 'here too' });
    const removed = await client.call('session.updateBookmark', { session, id: why.id, remove: true });
    expect(removed.bookmarks.map((b) => b.id)).toEqual([mark.id]);
    await expect(client.call('session.updateBookmark', { session, id: why.id, label: 'x' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('sessions.rename and sessions.delete, each told to every client', async () => {
    expect((await client.call('sessions.rename', { session, name: 'checkout bug' })).name).toBe('checkout bug');
    expect((await client.call('sessions.delete', { session })).deleted).toBe(true);
    expect(await client.call('sessions.list', {})).toEqual([]);
    // Two bookmarks added, two changed and one removed above: each told too (other tabs follow them).
    expect(changes).toEqual(['imported', 'imported', 'deleted', ...Array(5).fill('bookmarks'), 'renamed', 'deleted']);
  });
});

describe('comparing two sessions', () => {
  const { connect } = setup();
  const { client } = connect();
  let session: string;
  beforeAll(async () => {
    session = (await importText(client, text(4000))).session;
  });

  it('compare.nodes and compare.divergence: the same run matches itself; one repeated event is found where it is', async () => {
    const same = await importText(client, text(4000));
    const other = await importText(client, [...withRepeatedEvent(demoRecordingLines({ events: 4000, seed: 2 }), 1500)].join('\n') + '\n');
    expect(await client.call('compare.divergence', { a: session, b: same.session, by: 'process' })).toEqual({ divergence: null });
    const rows = await client.call('compare.nodes', { a: session, b: other.session });
    expect(rows.filter((r) => r.events_a !== r.events_b)).toHaveLength(1);
    // Each node named as the recordings name it.
    const ast = (await client.call('session.extras', { session })).ast;
    expect(rows.every((r) => r.name === ast.find((n) => n.id === r.ast_node_id)?.name)).toBe(true);
    expect(rows.some((r) => r.name !== undefined)).toBe(true);
    const progress: number[] = [];
    client.on('compare.progress', (p) => progress.push(p.readA));
    const { divergence: d } = await client.call('compare.divergence', { a: session, b: other.session, by: 'process' });
    const repeated = (await client.call('events.all', { session: other.session, limit: 1501 })).events[1500];
    // B's copy (event 1501, right after the original) is where B goes on and A does not.
    expect(d!.b.event!.event_id).toBe('1501');
    expect(d!.b.event).toMatchObject({ ast_node_id: repeated.ast_node_id, timestamp: repeated.timestamp });
    expect(d!.edits![0]).toEqual({ op: 'insert', n: 1 });
    expect(d!.a.before.at(-1)!.event_id).toBe('1500');
    expect(progress.length).toBeGreaterThan(0);
  });
});

describe('two whole runs lined up', () => {
  const { connect } = setup();
  const { client } = connect();

  it('compare.alignment and compare.alignedEvents: one repeated event is one insertion, the rest in step', async () => {
    const a = (await importText(client, text(4000))).session;
    const b = (await importText(client, [...withRepeatedEvent(demoRecordingLines({ events: 4000, seed: 2 }), 1500)].join('\n') + '\n'))
      .session;
    const arg = { a, b, by: 'process' as const };
    await expect(client.call('compare.alignedEvents', { ...arg, pair: 0, from: 0, to: 10 })).rejects.toThrow(/not lined up/);
    const progress: string[] = [];
    client.on('compare.alignProgress', (p) => progress.push(p.phase));
    const { pairs } = await client.call('compare.alignment', arg);
    expect(progress).toContain('reading');
    // Every process of A matched with B's; only the pair holding the repeated event has a change.
    const repeated = (await client.call('events.all', { session: b, limit: 1501 })).events[1500];
    const changed = pairs.filter((p) => p.inserted + p.deleted > 0);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ inserted: 1, deleted: 0, columns: changed[0].lengthB, lengthB: changed[0].lengthA + 1 });
    expect(pairs.reduce((n, p) => n + p.lengthA, 0)).toBe(4000);
    // The inserted column holds B's copy of the event and nothing of A; its neighbours hold both.
    const k = pairs.indexOf(changed[0]);
    const at = changed[0].runs[0].n;
    const { columns } = await client.call('compare.alignedEvents', { ...arg, pair: k, from: at - 1, to: at + 2 });
    expect(columns.map((c) => c.op)).toEqual(['equal', 'insert', 'equal']);
    expect(columns[1].a).toBeNull();
    expect(columns[1].b).toMatchObject({ event_id: '1501', ast_node_id: repeated.ast_node_id });
    expect(columns[0].a!.event_id).toBe(columns[0].b!.event_id);
    await expect(client.call('compare.alignedEvents', { ...arg, pair: k, from: 0, to: 5000 })).rejects.toThrow(/at most 2000/);
  });
});
