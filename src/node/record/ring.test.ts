// The flight recorder's buffer: the last N events, within a byte budget, oldest first.
import { describe, expect, it } from 'vitest';
import { Kind, Ring, Tag } from './ring';

const push = (r: Ring, i: number, bytes = 0) => r.push(i, Kind.Assign, i, 0, 0, 0, Tag.String, 0, `v${i}`, bytes);
const held = (r: Ring) => Array.from({ length: r.length }, (_, k) => r.ts[r.slot(k)]);

describe('the ring buffer', () => {
  it('keeps the last N events in order once it wraps, and counts those let go', () => {
    const r = new Ring(5, 1 << 20);
    for (let i = 0; i < 12; i++) push(r, i);
    expect(held(r)).toEqual([7, 8, 9, 10, 11]);
    expect([r.length, r.dropped]).toEqual([5, 7]);
  });

  it('grows its columns as events come, keeping every slot, up to the capacity', () => {
    const r = new Ring(200_000, 1 << 30);
    for (let i = 0; i < 150_000; i++) push(r, i);
    expect(r.length).toBe(150_000);
    expect([r.ts[0], r.ts[70_000], r.ts[149_999]]).toEqual([0, 70_000, 149_999]);
    expect(r.value[149_999]).toBe('v149999');
  });

  it('lets the oldest go while the snapshots it holds pass the byte budget', () => {
    const r = new Ring(1000, 100);
    for (let i = 0; i < 10; i++) push(r, i, 30);
    expect(held(r)).toEqual([7, 8, 9]);
    expect(r.value[r.slot(0) - 1]).toBeUndefined(); // what was let go is not held either
  });
});
