import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { exportNativeText } from '../export/native';
import type { ReadEvent } from '../../src/format/native-reader';
import { type ParseEvent, parseNative, toWire } from './native-parse';
import { SessionWriter } from './session-writer';
import { TemporalStorage } from '../temporal-storage';

const HEADER = '{"format":"cinema-session","version":1,"name":"w","time_unit":"ns","epoch":"1700000000000000000"}';
const TEXT = [
  HEADER,
  '{"kind":"ast","id":"f","type":"function"}',
  '{"kind":"event","timestamp":1700000000000000001,"id":"e1","ast_node_id":"f","correlation_id":"c","data":{"a":[1,2.50]}}',
  '{"kind":"event","timestamp":1700000000000000002,"ast_node_id":null,"correlation_id":"c","data":"x"}',
  // White space: read the general way, its payload parsed.
  '{"kind": "event", "timestamp": 1700000000000000003, "id": "e3", "data": {"b": true}}',
  '{"kind":"event","timestamp":1700000000000000004,"ast_node_id":"g","correlation_id":null}',
  '{"kind":"link","from":"e1","to":"e3"}',
  '{"kind":"bookmark","timestamp":1700000000000000002,"label":"here"}',
].join('\n');

async function all(text: string, batchSize: number): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  const input = (async function* () {
    yield new TextEncoder().encode(text);
  })();
  for await (const ev of parseNative(input, { file: 'w.cinema', strict: true, batchSize })) out.push(ev);
  return out;
}

describe('parseNative and its columns', () => {
  it('yields the header, batches, then the end with counts', async () => {
    const evs = await all(TEXT, 2);
    expect(evs.map((e) => e.type)).toEqual(['header', 'records', 'records', 'end']);
    const end = evs.at(-1) as Extract<ParseEvent, { type: 'end' }>;
    expect(end.counts).toEqual({ event: 4, ast: 1, source: 0, link: 1, bookmark: 1 });
    expect(end.lines).toBe(8);
  });

  it('stores a batch sent as columns as it stores the records: events, ids for links, refusals', async () => {
    // Deeper than the store keeps: the reader refuses it, as the store would.
    const deep = `{"kind":"event","timestamp":1700000000000000005,"data":${'['.repeat(1200)}${']'.repeat(1200)}}`;
    await expect(all(`${TEXT}\n${deep}`, 100)).rejects.toThrow(
      'w.cinema:9:1: data is nested more than 1000 levels deep; the store keeps at most 1000',
    );
    const batch = (await all(TEXT, 100)).find((e) => e.type === 'records') as Extract<ParseEvent, { type: 'records' }>;
    // A payload the store cannot keep (no reader makes one: other importers could), refused when stored.
    const odd = batch.records.find((r) => r.kind === 'event' && r.line === 5) as ReadEvent;
    odd.data = () => 1;
    const { wire, transfer } = toWire(batch);
    expect(transfer.length).toBe(5);
    expect(wire.datas.map(([i]) => i)).toEqual([2]);
    const indexedDB = new IDBFactory();
    const stored = async (how: 'records' | 'columns', strict: boolean) => {
      const skipped: string[] = [];
      const init = {
        name: 'w',
        time_unit: 'ns' as const,
        epoch: '1700000000000000000',
        source: null,
        header: { created_at: '2026-11-28T00:00:00.000Z' },
      };
      const w = await SessionWriter.begin(init, { file: 'w.cinema', strict, indexedDB, dbName: 'cols', onSkip: (m) => skipped.push(m) });
      try {
        if (how === 'records') await w.write(batch.records);
        else await w.writeColumns(wire);
      } catch (err) {
        await w.discard();
        return { error: (err as Error).message };
      }
      await w.publish();
      const s = await TemporalStorage.start({ session: w.session, indexedDB, dbName: 'cols', maxEvents: Infinity, cleanupInterval: 0 });
      let text = '';
      for await (const t of exportNativeText(s)) text += t;
      await s.stop();
      return { events: w.events, links: w.links, skipped, text };
    };
    const lenient = await stored('columns', false);
    expect(lenient).toEqual(await stored('records', false));
    expect(lenient).toMatchObject({
      events: 3,
      links: 0,
      skipped: [expect.stringMatching(/^w\.cinema:5:1: data cannot be structured-cloned/)],
    });
    const strict = await stored('columns', true);
    expect(strict).toEqual(await stored('records', true));
    expect(strict).toEqual({ error: expect.stringMatching(/^w\.cinema:5:1: data cannot be structured-cloned/) });
  });
});
