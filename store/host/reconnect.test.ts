// A client carried on to a restarted store (the desktop's store process died and main started
// another): calls in flight fail with a message, listeners stay, they are told, and the new host
// serves the same sessions (IndexedDB kept them).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { StoreHost } from './host';
import { demoText, importText } from '../testing/host-client';

describe('RpcClient.reconnect', () => {
  it('goes on over a new port to a new host: waiting calls fail, listeners stay and are told', async () => {
    const indexedDB = new IDBFactory() as unknown as IDBFactory;
    const first = new StoreHost({ indexedDB, dbName: 'cinema' });
    const a = new MessageChannel();
    first.connect(a.port1 as unknown as PortLike);
    const client = new RpcClient(a.port2 as unknown as PortLike);
    const { session } = await importText(client, demoText(1_000));
    const told: string[] = [];
    client.on('store.reconnected', (p) => told.push(p.message));
    const changes: string[] = [];
    client.on('sessions.changed', (c) => changes.push(c.reason));

    // The old host stops answering (its process is gone): a call sent now waits, then fails.
    a.port1.close();
    const waiting = client.call('sessions.list', {}).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    const second = new StoreHost({ indexedDB, dbName: 'cinema' });
    const b = new MessageChannel();
    second.connect(b.port1 as unknown as PortLike);
    client.reconnect(b.port2 as unknown as PortLike, 'Reconnected.');

    expect(await waiting).toBe('the store stopped while this was asked; try again');
    expect(told).toEqual(['Reconnected.']);
    expect((await client.call('sessions.list', {})).map((s) => s.id)).toEqual([session]);
    expect((await client.call('events.all', { session, limit: 5_000 })).events).toHaveLength(1_000);
    // Pushes of the new host reach the listeners registered before.
    await client.call('sessions.rename', { session, name: 'after the restart' });
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toContain('renamed');
    b.port2.close();
  });
});
