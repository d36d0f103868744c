import { describe, expect, it } from 'vitest';
import { formatOffset, formatShort } from './time-format';

describe('formatOffset', () => {
  it('picks the scale from the label step', () => {
    expect(formatOffset(1_500_000, 'ns')).toBe('1.5 ms');
    expect(formatOffset(250, 'us')).toBe('250 µs');
    expect(formatOffset(2_000, 'ms')).toBe('2 s');
    expect(formatOffset(-3, 'ns')).toBe('-3 ns');
    expect(formatOffset(0, 'ns', 0)).toBe('0 ns');
  });

  it('keeps neighbouring labels distinct at fine steps', () => {
    expect(formatOffset(1_000_250, 'ns', 50)).toBe('1.00025 ms');
    expect(formatOffset(1_000_300, 'ns', 50)).toBe('1.0003 ms');
    expect(formatOffset(1_200_000, 'ns', 100_000)).toBe('1.2 ms');
    expect(formatOffset(1_250_000, 'ns', 50_000)).toBe('1.25 ms');
  });
});

describe('formatShort', () => {
  it('keeps three significant figures', () => {
    expect(formatShort(19_237_500, 'ns')).toBe('19.2 ms');
    expect(formatShort(2_406_000, 'ns')).toBe('2.41 ms');
    expect(formatShort(957_400, 'ns')).toBe('957 µs');
    expect(formatShort(1_200, 'ms')).toBe('1.2 s');
    expect(formatShort(7, 'ns')).toBe('7 ns');
    expect(formatShort(0, 'us')).toBe('0 ns');
  });
});
