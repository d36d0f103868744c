// main's own path to the store, end to end in Node: a port brokered the way main does it, the store
// host at the other end (on fake-indexeddb), and real files streamed in and out.
import 'fake-indexeddb/auto'; // idb needs IndexedDB's globals (IDBRequest...)
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { demoRecordingLines } from '../../src/demo/recording';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { SHELL_CHANNELS } from '../../src/rpc/shell';
import { testHost } from '../../store/testing/host-fixture';

// MessagePortMain's API (on/off, events with .data) over a real MessageChannel's port.
class FakePortMain {
  private wrapped = new Map<unknown, (e: MessageEvent) => void>();
  constructor(readonly port: MessagePort) {}
  on(_: 'message', l: (e: { data: unknown }) => void) {
    const w = (e: MessageEvent) => l({ data: e.data });
    this.wrapped.set(l, w);
    this.port.addEventListener('message', w);
  }
  off(_: 'message', l: unknown) {
    this.port.removeEventListener('message', this.wrapped.get(l)!);
  }
  postMessage(m: unknown) {
    this.port.postMessage(m);
  }
  start() {
    this.port.start();
  }
}

vi.mock('electron', () => ({
  MessageChannelMain: class {
    port1: FakePortMain;
    port2: FakePortMain;
    constructor() {
      const c = new MessageChannel();
      this.port1 = new FakePortMain(c.port1);
      this.port2 = new FakePortMain(c.port2);
    }
  },
}));

const { connectFrame, newStoreClient, portLikeOfMain } = await import('./ports');
const { exportToPath, importPath } = await import('./files');

/** A store window stand-in: what main posts to it on SHELL_CHANNELS.newClient is served by the host. */
function storeWindow() {
  const host = testHost(new IDBFactory() as unknown as IDBFactory);
  const posted: string[] = [];
  const contents = {
    postMessage: (channel: string, _msg: unknown, ports: FakePortMain[]) => {
      posted.push(channel);
      host.connect(ports[0].port as unknown as PortLike);
    },
  } as unknown as WebContents;
  return { contents, posted };
}

const dir = mkdtempSync(join(tmpdir(), 'cinema-main-files-'));

describe("main's store client and file streaming", () => {
  it('imports a file from disk in chunks with progress, and exports it back byte for byte', async () => {
    const store = storeWindow();
    const client = new RpcClient(portLikeOfMain(newStoreClient(store.contents)));
    expect(store.posted).toEqual([SHELL_CHANNELS.newClient]);
    const text = [...demoRecordingLines({ events: 6_000, seed: 4 })].join('\n') + '\n';
    const path = join(dir, 'demo.cinema');
    writeFileSync(path, text);
    const progress: Array<[number, number]> = [];
    const r = await importPath(
      client,
      path,
      (b, t) => progress.push([b, t]),
      () => {},
      64 << 10,
    );
    expect(r.events).toBe(6_000);
    expect(progress.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text)]);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * (64 << 10)); // several chunks
    const sessions = await client.call('sessions.list', {});
    expect(sessions.map((s) => s.id)).toEqual([r.session]);

    const out = join(dir, 'out.cinema');
    await exportToPath(client, r.session, 'cinema', out);
    const again = join(dir, 'again.cinema');
    const r2 = await importPath(client, out, () => {});
    await exportToPath(client, r2.session, 'cinema', again);
    expect(readFileSync(again)).toEqual(readFileSync(out));
    const gz = join(dir, 'out.cinema.gz');
    await exportToPath(client, r.session, 'cinema.gz', gz);
    // Compressed once, by the store: gunzipped, it is the .cinema export byte for byte.
    expect([...readFileSync(gz).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(readFileSync(gz))).toEqual(readFileSync(out));
  });

  it('reports a broken file with its line and column, and keeps what was stored', async () => {
    const store = storeWindow();
    const client = new RpcClient(portLikeOfMain(newStoreClient(store.contents)));
    const good = join(dir, 'good.cinema');
    writeFileSync(good, [...demoRecordingLines({ events: 500, seed: 1 })].join('\n') + '\n');
    await importPath(client, good, () => {});
    const bad = join(dir, 'bad.cinema');
    const lines = [...demoRecordingLines({ events: 500, seed: 1 })];
    lines[40] = '{"kind":"event","timestamp":"soon"}';
    writeFileSync(bad, lines.join('\n') + '\n');
    await expect(importPath(client, bad, () => {})).rejects.toThrow(/bad\.cinema:41:\d+: /);
    await expect(importPath(client, join(dir, 'missing.cinema'), () => {})).rejects.toThrow(/missing\.cinema: cannot be opened \(ENOENT\)/);
    await expect(importPath(client, dir, () => {})).rejects.toThrow(/cannot be opened \(not a file\)/);
    const sessions = await client.call('sessions.list', {});
    expect(sessions.map((s) => s.name)).toEqual(['demo (500 events, seed 1)']);
  });

  it('leaves no file behind when an export fails', async () => {
    const store = storeWindow();
    const client = new RpcClient(portLikeOfMain(newStoreClient(store.contents)));
    const target = join(dir, 'never.cinema');
    await expect(exportToPath(client, 'no-such-session', 'cinema', target)).rejects.toThrow(/no session/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('hands a UI frame its own port, on which the store answers', async () => {
    const store = storeWindow();
    let framePort: FakePortMain | null = null;
    const frame = {
      postMessage: (channel: string, _m: unknown, ports: FakePortMain[]) => channel === SHELL_CHANNELS.storePort && (framePort = ports[0]),
    };
    connectFrame(store.contents, frame as never);
    expect(framePort).not.toBeNull();
    const client = new RpcClient(framePort!.port as unknown as PortLike);
    expect(await client.call('sessions.list', {})).toEqual([]);
  });
});
