import { afterEach, describe, expect, it } from 'vitest';
import { SafeMap, SafeWeakSet } from './safe';

const get = Map.prototype.get;
const has = WeakSet.prototype.has;

describe("the recorder's own built-ins", () => {
  afterEach(() => {
    Map.prototype.get = get;
    WeakSet.prototype.has = has;
  });

  it("keep working, and never call the program's replacement, once a program replaces a prototype's method", () => {
    let called = 0;
    Map.prototype.get = function () {
      called++;
      return 'replaced';
    };
    WeakSet.prototype.has = () => {
      called++;
      return false;
    };
    const m = new SafeMap([['a', 1]]);
    const o = {};
    const s = new SafeWeakSet([o]);
    expect([m.get('a'), s.has(o), called]).toEqual([1, true, 0]);
    // Still a Map to everything that asks.
    expect(m instanceof Map).toBe(true);
    expect(new Map([['a', 1]]).get('a')).toBe('replaced');
  });
});
