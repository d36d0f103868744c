// Recordings too big for Cinema: refused with their size and the limit in the message, before they
// are read (no room) or as soon as their first events show it (too many events), and nothing
// already stored changes.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { RpcError, type RpcClient } from '../../src/rpc/client';
import { leastStoredBytes, refuseWithoutRoom, tooManyEvents } from '../io/fit';
import { demoText, hostWithClients, importText } from '../testing/host-client';

/** Imports `body` telling the host its size, as the app does. */
async function importSized(client: RpcClient, body: string, file: string) {
  const bytes = new TextEncoder().encode(body);
  const { importId } = await client.call('import.begin', { file, size: bytes.length });
  try {
    for (let i = 0; i < bytes.length; i += 65536) {
      const chunk = bytes.slice(i, i + 65536).buffer;
      await client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
    }
  } catch {
    // a refused import stops taking chunks; import.end says why
  }
  return client.call('import.end', { importId });
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the import was accepted');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(RpcError);
      return e as RpcError;
    },
  );

describe('limits', () => {
  it('project events from the first ones and the size, and count past the limit', () => {
    expect(tooManyEvents('a.cinema', { read: 1_000_000, events: 10_000 }, 100e9, 25e6)).toBeNull(); // too few to project from
    const projected = tooManyEvents('a.cinema', { read: 4_600_000, events: 20_000 }, 9.2e9, 25e6);
    expect(projected?.message).toMatch(/^a\.cinema \(9\.2 GB\) holds about 40 million events .*at most 25 million/);
    expect(tooManyEvents('a.cinema', { read: 4_600_000, events: 20_000 }, 5e9, 25e6)).toBeNull();
    expect(tooManyEvents('a.cinema', { read: 9e9, events: 25_000_001 }, null, 25e6)?.message).toMatch(/holds more than 25 million events/);
  });

  it('refuse a file whose least need is beyond the room the browser reports', async () => {
    expect(leastStoredBytes('x.cinema.gz', 1e9)).toBeGreaterThan(leastStoredBytes('x.cinema', 1e9));
    await expect(refuseWithoutRoom('big.cinema', 4e9, Promise.resolve(0.5e9))).rejects.toThrow(
      /^big\.cinema \(4\.0 GB\) needs at least 1\.2 GB of storage and the browser can store 500 MB more here; nothing was imported/,
    );
    await expect(refuseWithoutRoom('big.cinema', 4e9, Promise.resolve(2e9))).resolves.toBeUndefined();
    await expect(refuseWithoutRoom('big.cinema', 4e9, Promise.resolve(null))).resolves.toBeUndefined(); // the browser cannot say
  });
});

describe('an import over the event limit', () => {
  it('is refused from its first events, removed, and the library is as it was', async () => {
    const { connect } = hostWithClients(new IDBFactory() as unknown as IDBFactory, 60_000);
    const { client } = connect();
    const { session } = await importText(client, demoText(2_000));
    const before = await client.call('sessions.list', {});

    // Progress comes every 100 ms: between 20,000 events (projection trusted) and 60,000 there are many.
    const projected = await refusal(importSized(client, demoText(200_000), 'big.cinema'));
    expect([projected.code, projected.message]).toEqual([
      'no-space',
      expect.stringMatching(
        /^big\.cinema \(45\.\d MB\) holds about [\d,]+ events \(from its first [\d,]+ and its size\); Cinema opens at most 60,000 in/,
      ),
    ]);
    // Without a size, the count stops it, before the batch that would pass it is written.
    const counted = await refusal(importText(client, demoText(70_000), 'unsized.cinema'));
    expect([counted.code, counted.message]).toEqual([
      'no-space',
      expect.stringMatching(/^unsized\.cinema holds more than 60,000 events, the most Cinema opens/),
    ]);

    expect(await client.call('sessions.list', {})).toEqual(before);
    expect((await client.call('events.all', { session, limit: 10_000 })).events).toHaveLength(2_000);
    expect((await importSized(client, demoText(3_000), 'fits.cinema')).events).toBe(3_000);
  });
});
