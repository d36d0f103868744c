import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { FormatError } from './format-error';
import { type JsonPathItem, type JsonPathOptions, JsonPathStream } from './json-path-stream';

const OTLP: JsonPathOptions = { path: [['resourceSpans'], ['scopeSpans', 'instrumentationLibrarySpans'], ['spans']], many: true };

/** Feeds `text` in chunks cut at the given sizes (cycled); returns the items, element and member texts parsed. */
function stream(text: string, opts: JsonPathOptions, cuts: number[] = [text.length]) {
  const s = new JsonPathStream('t.json', opts);
  const out: unknown[] = [];
  let at = 0;
  for (let k = 0; at < text.length; k++) {
    const n = Math.max(1, cuts[k % cuts.length]);
    for (const it of s.push(text.slice(at, at + n))) out.push(shown(it));
    at += n;
  }
  s.end();
  return { out, found: s.foundArray };
}

function shown(it: JsonPathItem): unknown {
  if (it.kind === 'element') return ['element', JSON.parse(it.text), it.line, it.column];
  if (it.kind === 'member') return ['member', it.depth, it.key, JSON.parse(it.text), it.line, it.column];
  return [it.kind, it.depth];
}

const doc = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a]}"' } }] },
      scopeSpans: [
        { scope: { name: 's1' }, spans: [{ name: 'x', n: [1, { y: '[' }] }, 2, 'three'] },
        { spans: [], schemaUrl: 'u' },
      ],
    },
    5,
    { scopeSpans: [{ spans: [{ name: 'late' }], scope: { name: 's2' } }], resource: null },
  ],
  other: { resourceSpans: [{ scopeSpans: [{ spans: ['nested: not the file\u2019s'] }] }] },
};

/** What the stream must give for `doc`, in document order (no places). */
const expected = [
  ['open', 0],
  ['open', 1],
  ['member', 1, 'resource', { attributes: [{ key: 'service.name', value: { stringValue: 'a]}"' } }] }],
  ['open', 2],
  ['member', 2, 'scope', { name: 's1' }],
  ['element', { name: 'x', n: [1, { y: '[' }] }],
  ['element', 2],
  ['element', 'three'],
  ['close', 2],
  ['open', 2],
  ['member', 2, 'schemaUrl', 'u'],
  ['close', 2],
  ['close', 1],
  ['open', 1],
  ['open', 2],
  ['element', { name: 'late' }],
  ['member', 2, 'scope', { name: 's2' }],
  ['close', 2],
  ['member', 1, 'resource', null],
  ['close', 1],
  ['close', 0],
];

const withoutPlaces = (out: unknown[]) =>
  out.map((x) => {
    const a = x as unknown[];
    return a[0] === 'element' ? a.slice(0, 2) : a[0] === 'member' ? a.slice(0, 4) : a;
  });

describe('JsonPathStream', () => {
  it('gives the objects along the path, their other members and the innermost elements, in order, whatever the chunks', () => {
    const text = JSON.stringify(doc, null, 1);
    const rand = seededRandom(9);
    for (const cuts of [[text.length], [1], [3], [17], Array.from({ length: 40 }, () => 1 + Math.floor(rand() * 30))]) {
      const r = stream(text, OTLP, cuts);
      expect(r.found).toBe(true);
      expect(withoutPlaces(r.out), `cuts ${cuts.slice(0, 3)}`).toEqual(expected);
    }
  });

  it('tells where elements and members start', () => {
    const text = '{"resourceSpans": [\n {"resource": {},\n  "scopeSpans": [{"spans": [\n   {"a": 1}, 2]}]}]}';
    const places = stream(text, OTLP, [2]).out.filter((x) => (x as unknown[])[0] !== 'open' && (x as unknown[])[0] !== 'close');
    expect(places).toEqual([
      ['member', 1, 'resource', {}, 2, 15],
      ['element', { a: 1 }, 4, 4],
      ['element', 2, 4, 14],
    ]);
  });

  it('counts lines right when a line holds many elements (a one-line export), whatever the chunks', () => {
    const text = '{"resourceSpans": [{"scopeSpans": [{"spans": [1, 22, 333,\n 4, {"s": "\\n"}, 6,\n\n7]}]}]}';
    for (const cuts of [[1], [4], [9], [text.length]]) {
      const places = stream(text, OTLP, cuts)
        .out.filter((x) => (x as unknown[])[0] === 'element')
        .map((x) => (x as number[]).slice(2));
      expect(places, `cuts ${cuts}`).toEqual([
        [1, 47],
        [1, 50],
        [1, 54],
        [2, 2],
        [2, 5],
        [2, 18],
        [4, 1],
      ]);
    }
  });

  it('reads several documents one after another (JSON lines), each with its array', () => {
    const line = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [1] }] }] });
    const r = stream(`${line}\n${line}\n`, OTLP, [5]);
    expect(r.out.filter((x) => (x as unknown[])[0] === 'element').length).toBe(2);
    expect(r.out.filter((x) => (x as unknown[])[0] === 'open' && (x as unknown[])[1] === 0).length).toBe(2);
    expect(() => stream(`${line}\n${line}`, { path: OTLP.path })).toThrow(/^t\.json:2:1: expected nothing after the document, found "\{"$/);
  });

  it('refuses what JSON refuses on the path (missing and extra commas), at its place', () => {
    const err = (text: string) => {
      try {
        stream(text, OTLP, [3]);
      } catch (e) {
        if (e instanceof FormatError) return e.message;
        throw e;
      }
      return 'no error';
    };
    expect(err('{"resourceSpans": [{"scopeSpans": [{"spans": [1, 2,]}]}]}')).toBe('t.json:1:52: expected a value, found "]"');
    expect(err('{"resourceSpans": [{"scopeSpans": [{"spans": [1 2]}]}]}')).toBe(
      't.json:1:49: expected "," or "]" between elements, found "2"',
    );
    expect(err('{"resourceSpans": [{"resource": {}, }]}')).toBe('t.json:1:37: expected a member name in quotes, found "}"');
    expect(err('{"resourceSpans": [{"resource": {} "x": 1}]}')).toBe('t.json:1:36: expected "," or "}" between members, found "\\""');
    expect(err('{"resourceSpans": [,]}')).toBe('t.json:1:20: expected a value, found ","');
    expect(err('[1]')).toBe('t.json:1:1: expected a JSON object, found "["');
    expect(err('{"resourceSpans": [{"re\u0001source": {}}]}')).toMatch(
      /^t\.json:1:21: expected a member name in quotes, found invalid JSON \(/,
    );
    expect(err('{"resourceSpans": [{"scopeSpans": [{"spans": [1, 2]}]}]')).toMatch(/cut short/);
  });
});
