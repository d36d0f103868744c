import { describe, expect, it } from 'vitest';
import { type ParseEvent, fromWire, parseNative, toWire } from './native-parse';

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

describe('parseNative and its wire form', () => {
  it('yields the header, batches, then the end with counts', async () => {
    const evs = await all(TEXT, 2);
    expect(evs.map((e) => e.type)).toEqual(['header', 'records', 'records', 'end']);
    const end = evs.at(-1) as Extract<ParseEvent, { type: 'end' }>;
    expect(end.counts).toEqual({ event: 4, ast: 1, source: 0, link: 1, bookmark: 1 });
    expect(end.lines).toBe(8);
  });

  it('sends a batch as columns and gets the same records back', async () => {
    const batches = (await all(TEXT, 100)).filter((e) => e.type === 'records') as Array<Extract<ParseEvent, { type: 'records' }>>;
    expect(batches.length).toBe(1);
    const batch = batches[0];
    const { wire, transfer } = toWire(batch);
    expect(transfer.length).toBe(5);
    expect(wire.datas).toEqual([[2, { b: true }]]);
    const back = fromWire(structuredClone(wire));
    // Events first, then the other records; each as it was read.
    const order = (r: { kind: string }) => (r.kind === 'event' ? 0 : 1);
    const expected = [...batch.records].sort((a, b) => order(a) - order(b)).map((r) => (r.kind === 'event' && r.json === undefined ? { ...r, json: undefined } : r));
    expect(back.records).toEqual(expected);
    expect(back.records[0]).toMatchObject({ json: '{"a":[1,2.50]}', id: 'e1', ast_node_id: 'f', correlation_id: 'c', timestamp: 1, line: 3 });
    expect(back.records[3]).toMatchObject({ json: 'null', ast_node_id: 'g', correlation_id: null, id: null });
  });
});
