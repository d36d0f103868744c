// The runtime's value columns: what each kind of value becomes in the ring, and what it costs.
import { describe, expect, it } from 'vitest';
import { PROBES } from '../../instrument/probes';
import { Flows } from './flows';
import { Tag } from './ring';
import { Runtime } from './runtime';
import { DEFAULT_LIMITS } from './snapshot';
import { valueText } from './value-bytes';

function runtime(maxBytes = 2 << 20) {
  let t = 0;
  const rt = new Runtime({ capacity: 100, maxBytes, limits: { ...DEFAULT_LIMITS, chars: 10 }, now: () => t++ }, new Flows('p1'));
  const assign = rt.probes()[PROBES.assign] as (node: number, name: string, value: unknown) => unknown;
  /** The tag, number column and value (as JSON text) of the last event. */
  const last = () => {
    const slot = rt.ring.slot(rt.ring.length - 1);
    return { tag: rt.ring.tag[slot] as Tag, num: rt.ring.num[slot], value: valueText(rt.ring, slot, 1000) };
  };
  return { rt, assign, last };
}

describe('the runtime writes values', () => {
  it('numbers and flags into the columns, short strings into the arena as they are, returning the value', () => {
    const { rt, assign, last } = runtime();
    expect(assign(0, 'n', 42)).toBe(42);
    expect(last()).toEqual({ tag: Tag.Number, num: 42, value: '42' });
    assign(0, 'b', false);
    expect(last()).toMatchObject({ tag: Tag.False, value: 'false' });
    expect(rt.ring.bytes).toBe(0);
    assign(0, 's', 'short é');
    expect(last()).toMatchObject({ tag: Tag.String, value: '"short é"' });
    expect(rt.ring.bytes).toBe(8);
    const lone = 'lone \ud800'; // UTF-8 cannot carry it: it goes as JSON text, exactly
    assign(0, 'l', lone);
    expect(last()).toMatchObject({ tag: Tag.Json, value: JSON.stringify(lone) });
    expect(JSON.parse(last().value)).toBe(lone);
  });

  it('JSON text for what JSON numbers cannot say, and for objects, taken when the event happens', () => {
    const { assign, last } = runtime();
    assign(0, 'x', -0);
    expect(last()).toMatchObject({ tag: Tag.Json, value: '{"$type":"number","value":"-0"}' });
    const o = { a: 1, é: 'ü' };
    expect(assign(0, 'o', o)).toBe(o);
    o.a = 2;
    expect(last()).toMatchObject({ tag: Tag.Json, value: '{"a":1,"é":"ü"}' });
  });

  it('cuts a long string before it goes in, so the arena holds what is kept, not the string', () => {
    const { rt, assign, last } = runtime();
    assign(0, 'long', 'x'.repeat(1000));
    expect(last()).toMatchObject({ tag: Tag.Json, value: JSON.stringify(`${'x'.repeat(10)}…(990 more)`) });
    expect(rt.ring.bytes).toBeLessThan(100);
    assign(0, 'huge', 'x'.repeat(1_000_000)); // past READ_LIMIT: measured, not read
    expect(last()).toMatchObject({ tag: Tag.Json, value: '{"$type":"string","length":1000000}' });
  });

  it("keeps a call's plain arguments as they are, and snapshots the others when the call starts", () => {
    const { rt, last } = runtime();
    const enter = rt.probes()[PROBES.enter[3]] as (node: number, a: unknown, b: unknown, c: unknown) => unknown;
    const arg = { a: 1 };
    enter(0, 7.5, arg, 'x'.repeat(50));
    arg.a = 2; // a later change does not reach what was recorded
    const { tag, value } = last();
    expect(tag).toBe(Tag.Args);
    expect(JSON.parse(value)).toEqual([7.5, { a: 1 }, `${'x'.repeat(10)}…(40 more)`]);
    const enterMany = rt.probes()[PROBES.enterMany] as (node: number, args: unknown[]) => unknown;
    enterMany(0, [null, undefined, true, 'ok', -0, '\udc00']);
    expect(JSON.parse(last().value)).toEqual([null, { $type: 'undefined' }, true, 'ok', { $type: 'number', value: '-0' }, '\udc00']);
  });

  it('names each assignment by the variable it was given, kept per node and checked each time', () => {
    const { rt, assign } = runtime();
    const name = () => rt.names[rt.ring.aux[rt.ring.slot(rt.ring.length - 1)]];
    assign(3, 'a', 1);
    assign(3, 'a', 2);
    expect(name()).toBe('a');
    assign(3, 'b', 3); // the same node with another name (no instrumented file does this): still its own
    expect(name()).toBe('b');
    assign(3, 'a', 4);
    expect(name()).toBe('a');
    assign(5_000_000, 'far', 5); // past the table kept per node, which grows
    expect(name()).toBe('far');
    assign(-1, 'none', 6);
    expect(name()).toBe('none');
    expect(rt.names.filter((n) => n === 'a')).toHaveLength(1);
  });
});
