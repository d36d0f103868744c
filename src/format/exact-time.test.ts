import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { TimeBase, isDecimalInteger } from './exact-time';

/** restoreInto's bytes, written after a byte that must stay, as text. */
function restoredInto(base: TimeBase, offset: number): string {
  const buf = new Uint8Array(40).fill(33);
  const end = base.restoreInto(offset, buf, 1);
  expect(buf[0]).toBe(33);
  return String.fromCharCode(...buf.subarray(1, end));
}

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

  it('gives the same offsets on its fast path as through BigInt', () => {
    const base = new TimeBase('1764230400000000000');
    for (const t of [
      '1764230400000000000',
      '1764230400999999999',
      '1764230399999999999',
      '1764230401234567890',
      '1864230400000000000',
      '0764230400000000001',
    ]) {
      if (t.startsWith('0')) {
        expect(() => base.rebase(t)).toThrow(/expected an integer/);
        continue;
      }
      const exact = BigInt(t) - BigInt('1764230400000000000');
      if (exact > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => base.rebase(t)).toThrow(/2\^53/);
      else expect(BigInt(base.rebase(t))).toBe(exact);
    }
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

  it('reads and writes back the same digits as exact BigInt arithmetic, on and off the fast paths', () => {
    const rand = seededRandom(3);
    const epochs = [
      '1764230400000000000',
      '1764230400999999999',
      '999999999999999999',
      '1000000000000000',
      '123',
      '0',
      '-5000000000000000000',
    ];
    for (const epoch of epochs) {
      const base = new TimeBase(epoch);
      let offset = 0;
      for (let i = 0; i < 5000; i++) {
        // Mostly small steps forward (an export's order), sometimes a jump anywhere, either sign.
        offset = rand() < 0.9 ? offset + Math.floor(rand() * 3_000_000) : Math.floor((rand() - 0.5) * 2 * Number.MAX_SAFE_INTEGER);
        const text = (BigInt(epoch) + BigInt(offset)).toString();
        expect(base.restore(offset), `${epoch} + ${offset}`).toBe(text);
        expect(base.rebase(text), text).toBe(offset);
        expect(restoredInto(base, offset), `${epoch} + ${offset} as bytes`).toBe(text);
      }
      for (const edge of [0, 1, -1, 999_999, 1_000_000, -1_000_000, 1e15, -1e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
        expect(base.restore(edge), `${epoch} + ${edge}`).toBe((BigInt(epoch) + BigInt(edge)).toString());
        expect(restoredInto(base, edge), `${epoch} + ${edge} as bytes`).toBe((BigInt(epoch) + BigInt(edge)).toString());
      }
    }
  });
});
