import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random';
import { BlockBuilder } from './block';
import { resolveLayout } from './layout';
import { bucketOf, buildRun, decodeFromRun } from './runs';

/** Blocks of random events, each block sorted inside but overlapping the others in time (a late batch). */
function blocks(count: number, perBlock: number, seed: number) {
  const rand = seededRandom(seed);
  let seq = 0;
  return Array.from({ length: count }, (_, no) => {
    const b = new BlockBuilder(no, resolveLayout({}));
    const ts = Array.from({ length: perBlock }, () => Math.floor(rand() * 1000)).sort((x, y) => x - y);
    for (const t of ts)
      b.push({
        ts: t,
        seq: seq++,
        ast: rand() < 0.1 ? null : `n${Math.floor(rand() * 30)}`,
        corr: rand() < 0.5 ? null : `c${Math.floor(rand() * 5)}`,
        json: JSON.stringify({ t }),
        clone: undefined,
        clocked: false,
      });
    return [b.toIndexRecord(), b.toDataRecord()] as [ReturnType<BlockBuilder['toIndexRecord']>, ReturnType<BlockBuilder['toDataRecord']>];
  });
}

describe('buildRun', () => {
  it('groups every event by AST id in (time, arrival) order, even across overlapping blocks', () => {
    const input = blocks(6, 200, 5);
    const run = buildRun(input, 4);
    const expected = new Map<string, Array<[number, number]>>();
    for (const [index, data] of input) {
      for (let i = 0; i < index.n; i++) {
        const a = data.ast[i];
        if (a === 0) continue;
        const id = data.astDict[a - 1];
        if (!expected.has(id)) expected.set(id, []);
        expected.get(id)!.push([index.ts[i], index.seq[i]]);
      }
    }
    expect(expected.size).toBeGreaterThan(20);
    for (const [id, keys] of expected) {
      keys.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      const record = run.get(bucketOf(id, 4))!;
      const got = decodeFromRun(record, id, keys);
      expect(
        got.map((e) => e && [e.timestamp, Number(e.event_id)]),
        id,
      ).toEqual(keys);
      expect(got.every((e) => e !== undefined && (e.data as { t: number }).t === e.timestamp)).toBe(true);
    }
  });
});
