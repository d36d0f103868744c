import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { Cancellation } from '../../src/rpc/cancel';
import { RpcClient, RpcError } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { seededRandom } from '../../src/random';
import { demoText as text, hostWithClients, importText } from '../testing/host-client';

const setup = () => hostWithClients(new IDBFactory() as unknown as IDBFactory);

describe('store host over a MessageChannel', () => {
  it('serves a session while it imports, unlisted until it is complete', async () => {
    const { connect } = setup();
    const { client } = connect();
    const seen: Array<{ session: string | null; events: number }> = [];
    client.on('import.progress', (p) => seen.push({ session: p.session, events: p.events }));
    const { importId } = await client.call('import.begin', { file: 'growing.cinema' });
    const bytes = new TextEncoder().encode(text(20_000));
    const send = (at: number) => {
      const chunk = bytes.slice(at, at + 16384).buffer;
      return client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
    };
    // Half the file, then a pause longer than the progress throttle (100 ms) and one more chunk:
    // its progress report names the session, which holds events by then. The import cannot end
    // before the rest is sent, so the session is looked at while it imports, whatever the speed.
    const half = Math.floor(bytes.length / 2 / 16384) * 16384;
    for (let i = 0; i < half; i += 16384) await send(i);
    let sent = half;
    let session: string | null = null;
    while (session === null && sent < bytes.length) {
      await new Promise((r) => setTimeout(r, 150));
      await send(sent);
      sent += 16384;
      session = seen.find((x) => x.session !== null && x.events > 0)?.session ?? null;
    }
    expect(session).not.toBeNull();
    const info = await client.call('session.info', { session: session! });
    const page = await client.call('events.all', { session: session!, limit: 100_000 });
    const during = { listed: (await client.call('sessions.list', {})).length, importing: info.importing, events: page.events.length };
    for (let i = sent; i < bytes.length; i += 16384) await send(i);
    const done = await client.call('import.end', { importId });
    expect(during.listed).toBe(0);
    expect(during.importing).toBe(true);
    expect(during.events).toBeGreaterThan(0);
    expect(during.events).toBeLessThan(20_000);
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
    // An id of megabytes is refused before it reaches IndexedDB (the RPC fuzzer found one slow there).
    expect(await err(client.call('session.stats', { session: 'x'.repeat(5000) }))).toEqual([
      'bad-request',
      'session.stats: arg.session is 5000 characters; ids are at most 4096',
    ]);
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
