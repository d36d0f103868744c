import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { FormatError } from './format-error';
import { JsonElementStream } from './json-elements';

/** Feeds `text` in chunks cut at the given sizes (cycled); returns the parsed elements. */
function stream(text: string, cuts: number[] = [text.length], key?: string) {
  const s = new JsonElementStream('t.json', key);
  const out: Array<{ value: unknown; line: number; column: number }> = [];
  let at = 0;
  for (let k = 0; at < text.length; k++) {
    const n = Math.max(1, cuts[k % cuts.length]);
    for (const e of s.push(text.slice(at, at + n))) out.push({ value: JSON.parse(e.text), line: e.line, column: e.column });
    at += n;
  }
  s.end();
  return { out, found: s.foundArray };
}

const tricky = [
  { ph: 'X', name: 'a]b}c', args: { s: 'quote \\" and [ { ,', nested: [[1, 2], { x: [] }] } },
  1,
  -2.5e3,
  'plain',
  'with \\\\ backslash \\"',
  true,
  null,
  [],
  {},
  { emoji: '🎬', unicode: '\\u00e9' },
];

describe('JsonElementStream', () => {
  it('gives every element of a bare array, whatever the chunk sizes', () => {
    const text = JSON.stringify(tricky, null, 1);
    const whole = JSON.parse(text);
    const rand = seededRandom(5);
    for (const cuts of [[text.length], [1], [2], [3], [7], [64], Array.from({ length: 50 }, () => 1 + Math.floor(rand() * 20))]) {
      expect(
        stream(text, cuts).out.map((e) => e.value),
        `cuts ${cuts.slice(0, 3)}`,
      ).toEqual(whole);
    }
  });

  it('finds the array under its key in an object, skipping the other members wherever they are', () => {
    const doc = {
      displayTimeUnit: 'ns',
      otherData: { a: [1, { traceEvents: [9] }], s: '}]' },
      traceEvents: tricky,
      metadata: { x: 1 },
      n: 5,
    };
    const text = JSON.stringify(doc);
    for (const cuts of [[text.length], [1], [5], [13]]) {
      const r = stream(text, cuts);
      expect(r.found).toBe(true);
      expect(r.out.map((e) => e.value)).toEqual(JSON.parse(text).traceEvents);
    }
    expect(stream('{"a": 1, "b": [1,2]}').found).toBe(false);
    expect(stream('{"events": [1, 2]}', [3], 'events').out.map((e) => e.value)).toEqual([1, 2]);
  });

  it('tells where each element starts', () => {
    const r = stream('[\n  {"a": 1},\n  {"b": 2}, 3\n]');
    expect(r.out.map((e) => [e.line, e.column])).toEqual([
      [2, 3],
      [3, 3],
      [3, 13],
    ]);
    // The same when elements span many chunks (their scanned parts are set aside as they go).
    const text = '[\n  {"a": "x\\ny"},\n  {"b": [1,\n 2]}, 345\n, "z"]';
    for (const cut of [1, 2, 3, 5]) {
      const c = stream(text, [cut]);
      expect(
        c.out.map((e) => [e.line, e.column, e.value]),
        `chunks of ${cut}`,
      ).toEqual([
        [2, 3, { a: 'x\ny' }],
        [3, 3, { b: [1, 2] }],
        [4, 7, 345],
        [5, 3, 'z'],
      ]);
    }
  });

  it('reads a string of megabytes in small chunks in linear time', () => {
    const text = `[{"s": "${'x'.repeat(2_000_000)}"}, 1]`;
    const t = performance.now();
    const r = stream(text, [97]);
    expect(r.out.map((e) => (typeof e.value === 'object' ? (e.value as { s: string }).s.length : e.value))).toEqual([2_000_000, 1]);
    // 20k chunks: copying the value each time took minutes; linear is well under a second.
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it('says where a cut or broken document goes wrong', () => {
    const err = (text: string) => {
      try {
        stream(text, [4]);
      } catch (e) {
        if (e instanceof FormatError) return e.message;
        throw e;
      }
      return 'no error';
    };
    expect(err('')).toBe('t.json:1:1: expected a JSON document, found an empty file');
    expect(err(`[{"a": 1}, {"b": `)).toMatch(/^t\.json:1:12: expected the rest of this value/);
    expect(err('{"traceEvents": [1, 2]')).toMatch(/cut short/);
    expect(err('x')).toMatch(/^t\.json:1:1: expected a JSON array or object/);
    expect(err('{"a" 1}')).toMatch(/^t\.json:1:6: expected ":"/);
    expect(err('[1, 2] x')).toMatch(/^t\.json:1:8: expected nothing after the array/);
    // A stray closing bracket where an element should start (fuzz:import found it looping forever).
    expect(err('{"traceEvents": [\n  {"a": 1},\n  },\n  {"b": 2}\n]}')).toBe('t.json:3:3: expected a value, found "}"');
  });
});
