// The flight recorder's buffer: the last N events, their values in a bounded arena, oldest first.
import { describe, expect, it } from 'vitest';
import { COLUMN_BYTES, GROWTH_STEPS, Kind, Ring, Tag } from './ring';
import { valueText } from './value-bytes';

/** Appends event i with the string value `v<i>` padded to `pad` characters. */
function push(r: Ring, i: number, pad = 0): void {
  const s = `v${i}`.padEnd(pad, '.');
  const at = r.reserve(s.length);
  r.push(i, Kind.Assign, i, 0, 0, 0, Tag.String, 0, r.arena.write(s, at, 'utf8'));
}
const held = (r: Ring) => Array.from({ length: r.length }, (_, k) => r.ts[r.slot(k)]);
const values = (r: Ring) => Array.from({ length: r.length }, (_, k) => JSON.parse(valueText(r, r.slot(k), 1e9)) as string);
/** A budget with room for the columns of `capacity` events and an arena of `arena` bytes. */
const budget = (capacity: number, arena: number) => capacity * COLUMN_BYTES + arena;
const MB = 2 ** 20;

describe('the ring buffer', () => {
  it('keeps the last N events in order once it wraps, and counts those let go', () => {
    const r = new Ring(5, budget(5, MB));
    for (let i = 0; i < 12; i++) push(r, i);
    expect(held(r)).toEqual([7, 8, 9, 10, 11]);
    expect([r.length, r.dropped]).toEqual([5, 7]);
    expect(values(r)).toEqual(['v7', 'v8', 'v9', 'v10', 'v11']);
  });

  it('lets the oldest go when the arena needs their bytes again, and never splits a value at its end', () => {
    const r = new Ring(1000, budget(1000, MB));
    // Values of 60,000 bytes: 17 fit the arena, so from then on each new one takes the oldest's place.
    const big = 60_000;
    for (let i = 0; i < 40; i++) push(r, i, big);
    expect(r.length).toBeLessThanOrEqual(17);
    expect(r.length).toBeGreaterThanOrEqual(16);
    expect(held(r).at(-1)).toBe(39);
    expect(values(r).map((v) => v.slice(0, 3))).toEqual(held(r).map((i) => `v${i}`.padEnd(3, '.')));
    expect(values(r).every((v) => v.length === big)).toBe(true);
    expect(r.bytes).toBeLessThanOrEqual(MB);
  });

  it('keeps events without values whatever the arena holds, up to the capacity', () => {
    const r = new Ring(300_000, budget(300_000, MB));
    for (let i = 0; i < 250_000; i++) r.push(i, Kind.Assign, 1, 0, 0, 0, Tag.Number, i, 0);
    expect(r.length).toBe(250_000);
    expect([r.ts[0], r.num[249_999], r.bytes]).toEqual([0, 249_999, 0]);
  });

  it('grows a share at a time while the budget grants one, then wraps where it stands and never grows again', () => {
    let asked = 0;
    const granted = 2;
    const r = new Ring(16_000, budget(16_000, MB), () => ++asked <= granted);
    const share = 16_000 / GROWTH_STEPS;
    for (let i = 0; i < 10_000; i++) push(r, i);
    // The first share, and two more granted: the third request was refused and the ring wrapped.
    expect(asked).toBe(3);
    expect(r.length).toBe(3 * share);
    expect(held(r)).toEqual(Array.from({ length: 3 * share }, (_, k) => 10_000 - 3 * share + k));
    expect(values(r).at(-1)).toBe('v9999');
    for (let i = 10_000; i < 12_000; i++) push(r, i);
    expect(asked).toBe(3);
    expect(r.length).toBe(3 * share);
  });

  it('grows its arena with its events, and keeps within the shares granted when refused', () => {
    const whole = budget(1000, 16 * MB);
    const r = new Ring(1000, whole, () => false);
    const room = Math.ceil((whole - 1000 * COLUMN_BYTES) / GROWTH_STEPS);
    for (let i = 0; i < 200; i++) push(r, i, 20_000);
    expect(r.bytes).toBeLessThanOrEqual(room);
    expect(values(r).map((v) => v.slice(0, 4))).toEqual(held(r).map((i) => `v${i}`.padEnd(4, '.').slice(0, 4)));
    expect(held(r).at(-1)).toBe(199);
    const grown = new Ring(1000, whole);
    for (let i = 0; i < 200; i++) push(grown, i, 20_000);
    expect(grown.length).toBe(200);
  });

  it('refuses a budget the columns would fill, saying how much they take', () => {
    expect(() => new Ring(4_000_000, 100 * MB)).toThrow(
      /4000000 events takes \d+ MB with its least room for values, more than the 100 MB allowed/,
    );
  });
});
