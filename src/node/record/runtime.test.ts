// The runtime's value columns: what each kind of value becomes in the ring, and what it costs.
import { describe, expect, it } from 'vitest';
import { PROBES } from '../../instrument/probes';
import { Flows } from './flows';
import { Tag } from './ring';
import { Runtime } from './runtime';
import { DEFAULT_LIMITS } from './snapshot';

function runtime(maxBytes = 1 << 20) {
  let t = 0;
  const rt = new Runtime({ capacity: 100, maxBytes, limits: { ...DEFAULT_LIMITS, chars: 10 }, now: () => t++ }, new Flows('p1'));
  const assign = rt.probes()[PROBES.assign] as (node: number, name: string, value: unknown) => unknown;
  /** The tag and value column of the last event. */
  const last = () => {
    const slot = rt.ring.slot(rt.ring.length - 1);
    return { tag: rt.ring.tag[slot] as Tag, num: rt.ring.num[slot], value: rt.ring.value[slot] };
  };
  return { rt, assign, last };
}

describe('the runtime writes values', () => {
  it('as numbers, flags and references to short strings, and returns the value unchanged', () => {
    const { assign, last } = runtime();
    expect(assign(0, 'n', 42)).toBe(42);
    expect(last()).toEqual({ tag: Tag.Number, num: 42, value: undefined });
    assign(0, 'b', false);
    expect(last().tag).toBe(Tag.False);
    const s = 'short';
    assign(0, 's', s);
    expect(last()).toMatchObject({ tag: Tag.String, value: s });
  });

  it('as JSON text for what JSON numbers cannot say, and for objects', () => {
    const { assign, last } = runtime();
    assign(0, 'x', -0);
    expect(last()).toMatchObject({ tag: Tag.Json, value: '{"$type":"number","value":"-0"}' });
    const o = { a: 1 };
    expect(assign(0, 'o', o)).toBe(o);
    expect(last()).toMatchObject({ tag: Tag.Json, value: '{"a":1}' });
  });

  it('cuts a long string at once into a new one, counting its cut size against the budget', () => {
    const { rt, assign, last } = runtime();
    const long = 'x'.repeat(1_000_000);
    assign(0, 'big', long);
    const { tag, value } = last();
    expect(tag).toBe(Tag.Json);
    expect(value).toBe(JSON.stringify(`${'x'.repeat(10)}…(999990 more)`));
    expect(rt.ring.bytes).toBeLessThan(200);
  });
});
