import { describe, expect, it } from 'vitest';
import { TimeBase, isDecimalInteger } from './exact-time';

describe('TimeBase', () => {
  it('keeps wall-clock nanoseconds exact and 1 ns apart', () => {
    const base = new TimeBase('1700000000000000000');
    const a = base.rebase('1700000000123456789');
    const b = base.rebase('1700000000123456790');
    expect(b - a).toBe(1);
    expect(a).toBe(123456789);
    expect(base.restore(a)).toBe('1700000000123456789');
    expect(base.restore(b)).toBe('1700000000123456790');
    // Through a float both would be the same number.
    expect(Number('1700000000123456789')).toBe(Number('1700000000123456790'));
  });

  it('allows timestamps before the epoch', () => {
    const base = new TimeBase('1000');
    expect(base.rebase('999')).toBe(-1);
    expect(base.restore(-1)).toBe('999');
  });

  it('refuses what does not fit 2^53 after rebasing', () => {
    const base = new TimeBase('0');
    expect(base.rebase('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => base.rebase('9007199254740992')).toThrow(/more than 2\^53 units from the session epoch 0/);
    expect(() => new TimeBase('1700000000000000000').rebase('-5')).toThrow(/more than 2\^53/);
  });

  it('refuses text that is not an integer', () => {
    for (const bad of ['1.5', '1e3', '', ' 1', '+1', '01', '"1"', 'abc']) expect(isDecimalInteger(bad)).toBe(false);
    expect(() => new TimeBase('0').rebase('1.5')).toThrow(/expected an integer timestamp, found 1.5/);
    expect(() => new TimeBase('1.5')).toThrow(/epoch must be a decimal integer string, got "1.5"/);
  });
});
