// The app store's actions without a browser: the view, the selection and the layout as plain
// state, and the library's orchestration against a real store host (fake-indexeddb) over a
// MessageChannel: opening, importing with progress, following a growing import, failures.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { demoRecordingLines } from '../../src/demo/recording';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { sendChunks } from '../../src/rpc/send-chunks';
import type { StoredEvent } from '../../src/event';
import { testHost } from '../../store/testing/host-fixture';
import { LAYOUT_KEY, createAppStore } from './app-store';
import { openSessionOf } from './slices/session';

/** A Storage in memory, as localStorage behaves. */
class MemoryStorage implements StateStorage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

function client(): RpcClient {
  const channel = new MessageChannel();
  testHost(new IDBFactory() as unknown as IDBFactory).connect(channel.port1 as unknown as PortLike);
  return new RpcClient(channel.port2 as unknown as PortLike);
}

async function* chunksOf(source: Blob | string): AsyncGenerator<ArrayBuffer> {
  const bytes = new TextEncoder().encode(typeof source === 'string' ? source : await source.text());
  for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.slice(at, at + 64 * 1024).buffer as ArrayBuffer;
}

function appStore(c: RpcClient = client(), layoutStorage: StateStorage = new MemoryStorage()) {
  return createAppStore({
    client: c,
    layoutStorage,
    sendFile: (cl, source, file, onStarted) => sendChunks(cl, chunksOf(source), file, onStarted),
  });
}

const info = (id: string, oldest: number, newest: number) => ({
  id,
  name: id,
  created_at: 0,
  time_unit: 'ns' as const,
  epoch: '1700000000000000000',
  source: null,
  total_events: 10,
  ast_node_count: 0,
  correlation_count: 0,
  oldest_event: oldest,
  newest_event: newest,
});
const extras = { ast: [], sources: [], bookmarks: [], link_count: 0 };
const event = (id: string, ts: number, corr: string | null): StoredEvent => ({
  event_id: id,
  timestamp: ts,
  ast_node_id: 'n1',
  correlation_id: corr,
  data: {},
});

describe('the view', () => {
  it('keeps the playhead inside the open session, rounded, and settles it only when asked', () => {
    const store = appStore();
    store.getState().open(openSessionOf(info('s', 100, 200), extras));
    const s = () => store.getState();
    s().seek(150.6);
    expect([s().playhead, s().settled]).toEqual([151, 100]);
    s().seek(1_000, true);
    expect([s().playhead, s().settled]).toEqual([200, 200]);
    s().seek(-5);
    expect(s().playhead).toBe(100);
    s().settle();
    expect(s().settled).toBe(100);
  });

  it('follows a growing session when the window showed all of it, and keeps a zoomed window', () => {
    const store = appStore();
    const s = () => store.getState();
    s().open(openSessionOf(info('s', 0, 100), extras));
    s().refresh(openSessionOf(info('s', 0, 500), extras));
    expect(s().window).toEqual([0, 500]);
    s().setWindow(10, 20);
    s().refresh(openSessionOf(info('s', 0, 900), extras));
    expect([s().window, s().session?.t1]).toEqual([[10, 20], 900]);
    s().refresh(openSessionOf(info('other', 0, 5), extras));
    expect(s().session?.info.id).toBe('s');
  });

  it('a session opened before its first event starts its view at that event once it arrives', () => {
    const store = appStore();
    const s = () => store.getState();
    s().open(openSessionOf({ ...info('s', 0, 0), oldest_event: null, newest_event: null }, extras));
    expect(s().playhead).toBe(0);
    s().refresh(openSessionOf(info('s', 9_632_361_274_000, 9_632_675_888_000), extras));
    expect([s().playhead, s().settled]).toEqual([9_632_361_274_000, 9_632_361_274_000]);
    expect(s().window).toEqual([9_632_361_274_000, 9_632_675_888_000]);
    // Later growth keeps the playhead where the user put it, inside the bounds.
    s().seek(9_632_400_000_000, true);
    s().refresh(openSessionOf(info('s', 9_632_361_274_000, 9_633_000_000_000), extras));
    expect(s().playhead).toBe(9_632_400_000_000);
  });

  it('keeps at most two recordings picked for comparing, the newest two', () => {
    const store = appStore();
    const s = () => store.getState();
    s().toggleComparePick('a');
    s().toggleComparePick('b');
    s().toggleComparePick('c');
    expect(s().comparePicks).toEqual(['b', 'c']);
    s().toggleComparePick('b');
    expect(s().comparePicks).toEqual(['c']);
    s().startCompare('x', 'y');
    expect([s().compare, s().comparePicks]).toEqual([{ a: 'x', b: 'y' }, []]);
    s().closeCompare();
    expect(s().compare).toBeNull();
  });

  it('opening a session starts a fresh view: whole window, playhead at the start, nothing selected', () => {
    const store = appStore();
    const s = () => store.getState();
    s().open(openSessionOf(info('a', 0, 100), extras));
    s().selectEvent(event('3', 50, 'c1'));
    s().pin(40);
    s().open(openSessionOf(info('b', 1_000, 2_000), extras));
    expect([s().window, s().playhead, s().selectedEvent, s().selectedCorrelation, s().pinned, s().filter]).toEqual([
      [1_000, 2_000],
      1_000,
      null,
      null,
      null,
      { kind: 'window' },
    ]);
  });
});

describe('the selection', () => {
  it('selecting an event selects its flow and moves the playhead there, unless told not to', () => {
    const store = appStore();
    const s = () => store.getState();
    s().open(openSessionOf(info('s', 0, 100), extras));
    s().selectEvent(event('7', 42, 'flow-1'));
    expect([s().selectedEvent?.event_id, s().selectedCorrelation, s().playhead, s().settled]).toEqual(['7', 'flow-1', 42, 42]);
    s().selectEvent(event('8', 60, null), false);
    expect([s().selectedEvent?.event_id, s().selectedCorrelation, s().playhead]).toEqual(['8', 'flow-1', 42]);
  });

  it('an AST node lists its events, and clearing it lists the window again', () => {
    const store = appStore();
    const s = () => store.getState();
    s().selectAst('n9');
    expect(s().filter).toEqual({ kind: 'ast', astNodeId: 'n9' });
    s().selectAst(null);
    expect([s().selectedAst, s().filter]).toEqual([null, { kind: 'window' }]);
    s().setFilter({ kind: 'ast', astNodeId: 'n2' });
    expect(s().selectedAst).toBe('n2');
  });
});

describe('the layout', () => {
  it('remembers which panels are shown, and reads a damaged entry as the defaults', () => {
    const storage = new MemoryStorage();
    const first = appStore(client(), storage);
    first.getState().togglePanel('inspector');
    expect(appStore(client(), storage).getState().panels).toEqual({ ast: true, inspector: false, bottom: true });
    storage.setItem(LAYOUT_KEY, '{"state": {"panels": 7}, "version": 2}');
    expect(appStore(client(), storage).getState().panels).toEqual({ ast: true, inspector: true, bottom: true });
  });
});

describe('the library', () => {
  const recording = [...demoRecordingLines({ events: 3_000, seed: 3 })].join('\n') + '\n';

  it('imports a recording, lists it, opens it with its bounds and says how many events came in', async () => {
    const store = appStore();
    const s = () => store.getState();
    const stop = s().connect();
    await s().importSource(recording, 'demo.cinema');
    expect(s().error).toBeNull();
    expect(s().importing).toBeNull();
    expect(s().notice).toBe('Opened demo.cinema: 3,000 events.');
    await expect.poll(() => s().session?.info.total_events).toBe(3_000);
    await expect.poll(() => s().sessions?.map((x) => x.source?.file)).toEqual(['demo.cinema']);
    const open = s().session!;
    expect([open.t0, open.t1]).toEqual([open.info.oldest_event, open.info.newest_event]);
    expect(open.time.restore(open.t0)).toMatch(/^\d+$/);
    s().closeSession();
    expect(s().session).toBeNull();
    stop();
  });

  it('a broken file leaves an error that says where, no session, and what was open stays open', async () => {
    const store = appStore();
    const s = () => store.getState();
    const stop = s().connect();
    await s().importSource(recording, 'good.cinema');
    await expect.poll(() => s().session?.info.source?.file).toBe('good.cinema');
    await s().importSource(recording.replace('"kind":"event"', '"kind":"evnt"'), 'bad.cinema');
    expect(s().error).toMatch(/^bad\.cinema:\d+:\d+: /);
    expect(s().session?.info.source?.file).toBe('good.cinema');
    await s().listSessions();
    expect(s().sessions?.map((x) => x.source?.file)).toEqual(['good.cinema']);
    stop();
  });

  it('a session deleted elsewhere closes here', async () => {
    const c = client();
    const store = appStore(c);
    const s = () => store.getState();
    const stop = s().connect();
    await s().importSource(recording, 'gone.cinema');
    await expect.poll(() => s().session?.info.source?.file).toBe('gone.cinema');
    await c.call('sessions.delete', { session: s().session!.info.id });
    await expect.poll(() => s().session).toBeNull();
    stop();
  });

  it('only the latest open applies', async () => {
    const store = appStore();
    const s = () => store.getState();
    const stop = s().connect();
    await s().importSource(recording, 'one.cinema');
    await s().importSource(recording, 'two.cinema');
    await s().listSessions();
    const [one, two] = s().sessions!;
    await Promise.all([s().openSession(one.id), s().openSession(two.id)]);
    expect(s().session?.info.id).toBe(two.id);
    stop();
  });
});
