// Values as the recording keeps them: bounded, JSON-shaped, and taken without the program noticing.
import { EventEmitter } from 'node:events';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, READ_LIMIT, argsText, snapshot } from './snapshot';

describe('value snapshots', () => {
  it('never calls a getter, a Proxy trap, toJSON or Symbol.toPrimitive, and changes nothing', () => {
    const touched: string[] = [];
    const o = {
      plain: 1,
      get lazy() {
        touched.push('getter');
        return 2;
      },
      toJSON() {
        touched.push('toJSON');
        return 'json';
      },
      [Symbol.toPrimitive]() {
        touched.push('toPrimitive');
        return 3;
      },
    };
    const proxy = new Proxy(
      { secret: 1 },
      { get: () => touched.push('get'), ownKeys: () => (touched.push('ownKeys'), []), getPrototypeOf: () => (touched.push('proto'), null) },
    );
    const keysBefore = Object.keys(o);
    expect(snapshot({ o, proxy })).toEqual({
      o: { plain: 1, lazy: { $type: 'accessor' }, toJSON: { $type: 'function', name: 'toJSON' } },
      proxy: { $type: 'Proxy' },
    });
    expect(touched).toEqual([]);
    expect(Object.keys(o)).toEqual(keysBefore);
  });

  it("never calls a subclass's getters of built-in fields (a typed array's length, a buffer's byteLength)", () => {
    let reads = 0;
    class Bytes extends Uint8Array {
      override get length() {
        reads++;
        return 99;
      }
    }
    class Buf extends ArrayBuffer {
      override get byteLength() {
        reads++;
        return 99;
      }
    }
    expect(snapshot([new Bytes([1, 2]), new Buf(4)])).toEqual([
      { $type: 'Bytes', length: 2, values: [1, 2] },
      { $type: 'Buf', byteLength: 4 },
    ]);
    expect(reads).toBe(0);
  });

  it("leaves an error's stack out where formatting it would call the program's getters (of its name, message or stack)", () => {
    let calls = 0;
    class Named extends Error {
      override get name() {
        calls++;
        return 'Named';
      }
    }
    const odd = Object.create(Error.prototype, { message: { value: 'c' }, stack: { get: () => (calls++, 'mine') } }) as Error;
    expect(snapshot([new Named('a'), odd])).toEqual([
      { $type: 'Error', class: 'Named', message: 'a' },
      { $type: 'Error', class: 'Error', message: 'c' },
    ]);
    expect(calls).toBe(0);
    // A formatter the program installed formats it, as V8 would when the program read it.
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = () => 'formatted';
    try {
      expect(snapshot(new Error('b'))).toEqual({ $type: 'Error', class: 'Error', message: 'b', stack: 'formatted' });
    } finally {
      Error.prepareStackTrace = prepare;
    }
  });

  it("shows a large object's first keys from its listing of the last second, with their values now", () => {
    const big: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) big[`k${i}`] = i;
    const first = snapshot(big) as Record<string, unknown>;
    expect([first.k0, first.k19, first.k20, first.$more]).toEqual([0, 19, undefined, 4980]);
    delete big.k0;
    big.k1 = -1;
    big.extra = 1;
    // Listed again only after a second (V8 collects every key each time: see object-keys.ts).
    const next = snapshot(big) as Record<string, unknown>;
    expect(['k0' in next, next.k1, next.k19, next.$more]).toEqual([false, -1, 19, 4981]);
    // A small object is listed each time.
    const small: Record<string, number> = { a: 1 };
    snapshot(small);
    small.b = 2;
    expect(snapshot(small)).toEqual({ a: 1, b: 2 });
  });

  it('calls no trap of a Proxy met as a prototype or a function (its class, an instanceof, a name)', () => {
    let traps = 0;
    const counting: ProxyHandler<object> = {
      getOwnPropertyDescriptor: (t, k) => (traps++, Reflect.getOwnPropertyDescriptor(t, k)),
      getPrototypeOf: (t) => (traps++, Reflect.getPrototypeOf(t)),
      get: (t, k, r) => (traps++, Reflect.get(t, k, r) as unknown),
    };
    const child = Object.create(new Proxy({}, counting) as object) as Record<string, number>;
    child.own = 1;
    class Failure extends Error {}
    Object.setPrototypeOf(Failure.prototype, new Proxy(Error.prototype, counting));
    const fn = new Proxy(function named() {}, counting);
    expect(snapshot([child, new Failure('x'), fn])).toEqual([
      { own: 1 },
      { $type: 'Error', class: 'Failure', message: 'x' },
      { $type: 'function', name: '' },
    ]);
    expect(traps).toBe(0);
  });

  it('keeps what JSON cannot carry as tagged values: bigint exactly, undefined, NaN, -0, symbols, functions', () => {
    expect(snapshot([123456789012345678901234567890n, undefined, NaN, -0, Infinity, Symbol('s'), function named() {}])).toEqual([
      { $type: 'bigint', value: '123456789012345678901234567890' },
      { $type: 'undefined' },
      { $type: 'number', value: 'NaN' },
      { $type: 'number', value: '-0' },
      { $type: 'number', value: 'Infinity' },
      { $type: 'symbol', description: 's' },
      { $type: 'function', name: 'named' },
    ]);
  });

  it('names classes, opens Maps, Sets, typed arrays, Dates and Errors with their stack', () => {
    class Cart {
      items = ['a'];
    }
    const err = new TypeError('bad');
    const s = snapshot({
      cart: new Cart(),
      m: new Map([['k', 1]]),
      set: new Set([1, 2]),
      bytes: new Uint8Array([1, 2, 3]),
      when: new Date(0),
      err,
    }) as Record<string, unknown>;
    expect(s.cart).toEqual({ $class: 'Cart', items: ['a'] });
    expect(s.m).toEqual({ $type: 'Map', size: 1, entries: [['k', 1]] });
    expect(s.set).toEqual({ $type: 'Set', size: 2, values: [1, 2] });
    expect(s.bytes).toEqual({ $type: 'Uint8Array', length: 3, values: [1, 2, 3] });
    expect(s.when).toEqual({ $type: 'Date', iso: '1970-01-01T00:00:00.000Z' });
    expect(s.err).toMatchObject({ $type: 'Error', class: 'TypeError', message: 'bad' });
    expect((s.err as { stack: string }).stack).toMatch(/^TypeError: bad\n\s+at /);
  });

  it("shows Node's own objects by their public fields, and a program's objects with all of theirs", () => {
    const req = new IncomingMessage(new Socket());
    req.url = '/cart';
    req.method = 'GET';
    const shown = snapshot(req, { ...DEFAULT_LIMITS, depth: 1 }) as Record<string, unknown>;
    expect(shown).toMatchObject({ $class: 'IncomingMessage', url: '/cart', method: 'GET', httpVersion: null });
    expect(Object.keys(shown).filter((k) => k.startsWith('_'))).toEqual([]);
    expect(Object.keys(req).some((k) => k.startsWith('_'))).toBe(true); // there were some to leave out
    // A program's own class, even one extending Node's, keeps its `_` fields.
    class Queue extends EventEmitter {
      _pending = [1];
    }
    expect(snapshot(new Queue())).toMatchObject({ $class: 'Queue', _pending: [1], _eventsCount: 0 });
    expect(snapshot({ _id: 7 })).toEqual({ _id: 7 });
  });

  it('stops at cycles and at its limits of depth, keys and characters', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(snapshot(a)).toEqual({ name: 'a', self: { $type: 'circular' } });
    expect(snapshot({ l1: { l2: { l3: { l4: 1 } } } }, { depth: 2, keys: 20, chars: 200, values: 100 })).toEqual({
      l1: { l2: { $type: 'object', class: 'Object', truncated: true } },
    });
    expect(snapshot({ a: 1, b: 2, c: 3 }, { depth: 3, keys: 2, chars: 200, values: 100 })).toEqual({ a: 1, b: 2, $more: 1 });
    expect(snapshot([1, 2, 3], { depth: 3, keys: 2, chars: 200, values: 100 })).toEqual([1, 2, { $type: 'more', count: 1 }]);
    expect(snapshot('x'.repeat(10), { depth: 3, keys: 20, chars: 4, values: 100 })).toBe('xxxx…(6 more)');
    // Past READ_LIMIT a string is not read at all, only measured (see snapshot.ts).
    expect(snapshot('y'.repeat(READ_LIMIT))).toBe(`${'y'.repeat(200)}…(${READ_LIMIT - 200} more)`);
    expect(snapshot({ html: 'y'.repeat(READ_LIMIT + 1) })).toEqual({ html: { $type: 'string', length: READ_LIMIT + 1 } });
  });

  it('keeps at most `values` values in all, the outer level first, saying how many more there were', () => {
    const limits = { depth: 3, keys: 20, chars: 200, values: 5 };
    const wide = { a: { x: 1, y: 2, z: 3 }, b: { x: 1, y: 2 }, c: [1, 2, 3] };
    // The three outer keys take 3 of the 5; a gets the other 2; b and c have none left.
    expect(snapshot(wide, limits)).toEqual({ a: { x: 1, y: 2, $more: 1 }, b: { $more: 2 }, c: [{ $type: 'more', count: 3 }] });
    const big = new Map(Array.from({ length: 100 }, (_, i) => [i, i]));
    expect(snapshot(big, limits)).toEqual({ $type: 'Map', size: 100, entries: [0, 1, 2, 3, 4].map((i) => [i, i]) });
    // Each argument of a call is a snapshot of its own.
    expect(JSON.parse(argsText([{ p: 1, q: 2, r: 3, s: 4, t: 5 }, [1, 2, 3, 4, 5, 6]], { ...limits, values: 4 }))).toEqual([
      { p: 1, q: 2, r: 3, s: 4, $more: 1 },
      [1, 2, 3, 4, { $type: 'more', count: 2 }],
    ]);
  });

  it('shows the next instances of a class as it showed the first, whatever kind the class is', () => {
    class Shop {
      open = true;
    }
    class Catalog extends Map<string, number> {}
    class Tags extends Set<string> {}
    class Stamp extends Date {}
    class Refused extends Error {}
    class Row extends Array<number> {}
    const make = [
      () => new Shop(),
      () => new Catalog([['a', 1]]),
      () => new Tags(['x']),
      () => new Stamp(0),
      () => new Refused('no'),
      () => Row.from([1, 2]),
      () => Object.create(new Shop()) as object, // an instance of an instance: its prototype is an object of its own
    ];
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/"stack":"[^"]*"/, '"stack":""')) as unknown;
    for (const m of make) {
      const first = strip(snapshot(m()));
      for (let i = 0; i < 3; i++) expect(strip(snapshot(m()))).toEqual(first);
      expect(strip(snapshot({ deep: { deeper: { deepest: m() } } }))).toMatchObject({ deep: { deeper: {} } });
    }
    expect(snapshot(new Catalog([['a', 1]]))).toMatchObject({ $type: 'Map', entries: [['a', 1]] });
    expect(snapshot(new Tags(['x']))).toMatchObject({ $type: 'Set', values: ['x'] });
    expect(snapshot(new Stamp(0))).toEqual({ $type: 'Date', iso: '1970-01-01T00:00:00.000Z' });
    expect(snapshot(new Refused('no'))).toMatchObject({ $type: 'Error', class: 'Refused', message: 'no' });
    expect(snapshot(Row.from([1, 2]))).toEqual([1, 2]);
    expect(snapshot(new Shop())).toEqual({ $class: 'Shop', open: true });
  });
});
