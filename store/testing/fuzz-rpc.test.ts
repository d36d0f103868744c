// A short run of fuzz:rpc in npm test (the command sends thousands, to Node and to Chromium's
// Worker): every request with a usable id gets one typed reply, and the client beside is served.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fuzzHost } from './fuzz-rpc';

describe('hostile messages to a store host', () => {
  it('300 generated messages: typed replies, none unanswered, the other client undisturbed', async () => {
    const escaped: unknown[] = [];
    const onError = (e: unknown) => escaped.push(e);
    process.on('unhandledRejection', onError);
    try {
      const lines: string[] = [];
      const r = await fuzzHost(new IDBFactory() as unknown as IDBFactory, 3, 300, (l) => lines.push(l));
      expect(lines).toEqual([]);
      expect(r).toMatchObject({ messages: 300, untyped_replies: 0, unanswered: 0, other_ports_disturbed: 0 });
      expect(escaped).toEqual([]);
    } finally {
      process.off('unhandledRejection', onError);
    }
  }, 180_000);
});
