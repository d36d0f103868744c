// What the app shows of a recorded value (src/cinema/value-text.ts), from snapshots the recorder
// itself takes of real values: if the recorder's tags change, these fail.
import { describe, expect, it } from 'vitest';
import { argsText as shownArgs, valueText } from '../../cinema/value-text';
import { DEFAULT_LIMITS, argsText, snapshot } from './snapshot';

const shown = (v: unknown, max?: number) => valueText(snapshot(v), max);

class Cart {
  items = ['book'];
  total = 12;
}

describe('recorded values as the app shows them', () => {
  it('reads every kind JSON lacks as JavaScript', () => {
    expect(shown(undefined)).toBe('undefined');
    expect(shown(12n)).toBe('12n');
    expect(shown(NaN)).toBe('NaN');
    expect(shown(-0)).toBe('-0');
    expect(shown(-Infinity)).toBe('-Infinity');
    expect(shown(Symbol('k'))).toBe('Symbol(k)');
    expect(shown(function add() {})).toBe('ƒ add');
    expect(shown(() => 1)).toBe('ƒ (anonymous)');
    expect(shown(new Date(0))).toBe('Date(1970-01-01T00:00:00.000Z)');
    expect(shown(Promise.resolve(1))).toBe('Promise');
    expect(
      shown(
        new Map<unknown, unknown>([
          ['a', 1],
          [2, { b: true }],
        ]),
      ),
    ).toBe('Map(2) {"a" => 1, 2 => {b: true}}');
    expect(shown(new Set(['x', 1]))).toBe('Set(2) {"x", 1}');
    expect(shown(new Uint8Array([1, 2, 3]))).toBe('Uint8Array(3) [1, 2, 3]');
    expect(shown(new BigInt64Array([5n]))).toBe('BigInt64Array(1) [5n]');
    expect(shown(new ArrayBuffer(8))).toBe('ArrayBuffer(8)');
    expect(shown(new TypeError('bad sku'))).toBe('TypeError: bad sku');
    expect(shown(new Cart())).toBe('Cart {items: ["book"], total: 12}');
    expect(shown({ 'a-b': 'line\nbreak', ok: null })).toBe('{"a-b": "line\\nbreak", ok: null}');
    const accessor = Object.defineProperty({}, 'lazy', { get: () => 1, enumerable: true });
    expect(shown(accessor)).toBe('{lazy: (getter)}');
    const cyclic: Record<string, unknown> = { name: 'me' };
    cyclic.self = cyclic;
    expect(shown(cyclic)).toBe('{name: "me", self: [Circular]}');
    expect(shown(new Proxy({}, {}))).toBe('Proxy');
  });

  it('says what the recorder left out', () => {
    const keys = DEFAULT_LIMITS.keys;
    expect(shown(Array.from({ length: keys + 3 }, (_, i) => i))).toMatch(/, 19, … 3 more\]$/);
    const wide = Object.fromEntries(Array.from({ length: keys + 2 }, (_, i) => [`k${i}`, i]));
    expect(shown(wide, 1000)).toMatch(/k19: 19, … 2 more\}$/);
    expect(shown(new Map(Array.from({ length: keys + 1 }, (_, i) => [i, i])), 1000)).toMatch(/^Map\(21\) \{0 => 0, .*19 => 19, …\}$/);
    expect(shown({ a: { b: { c: { d: 1 } } } })).toBe('{a: {b: {c: {…}}}}');
    expect(shown([[[[1]]]])).toBe('[[[[…]]]]');
    expect(shown({ a: { b: { c: new Cart() } } })).toBe('{a: {b: {c: Cart {…}}}}');
  });

  it("shows a call's arguments as they were passed", () => {
    expect(shownArgs(JSON.parse(argsText([undefined, 0, 'x'])))).toBe('(undefined, 0, "x")');
    expect(shownArgs(JSON.parse(argsText([])))).toBe('()');
    expect(shownArgs({ $type: 'undefined' })).toBe('()');
  });

  it('stays within its length, ending with …', () => {
    const text = shown({ s: 'x'.repeat(150) }, 40);
    expect(text).toHaveLength(40);
    expect(text.endsWith('…')).toBe(true);
    expect(shown('short', 40)).toBe('"short"');
  });

  it("shows another tool's `$type` objects as the objects they are", () => {
    expect(valueText({ $type: 'Shop.Order, Shop', id: 3 })).toBe('{$type: "Shop.Order, Shop", id: 3}');
    expect(valueText({ $type: 'undefined', extra: 1 })).toBe('{$type: "undefined", extra: 1}');
    expect(valueText({ $type: 'bigint' })).toBe('{$type: "bigint"}');
    expect(valueText({ $type: 'undefined' })).toBe('undefined');
  });
});
