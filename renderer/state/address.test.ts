import { describe, expect, it } from 'vitest';
import { decodeAddress, encodeAddress, samePlace } from './address';

describe('view addresses', () => {
  it('round-trip every part, exact times beyond 2^53 and ids with any characters', () => {
    const a = {
      session: 's-1 / ü',
      t: '1764230400000000123',
      window: ['1764230400000000000', '1764230400999999999'] as [string, string],
      event: '42',
      node: 'src/cart.ts:12:3',
      flow: 'p1:http-7&x=1',
    };
    const text = encodeAddress(a);
    expect(text).not.toContain(' ');
    expect(decodeAddress(text)).toEqual(a);
    expect(decodeAddress(`cinema://open#${text}`)).toEqual(a);
    expect(decodeAddress(`http://127.0.0.1:4310/#${text}`)).toEqual(a);
    expect(decodeAddress(encodeAddress({ compare: { a: 'x', b: 'y' } }))).toEqual({ compare: { a: 'x', b: 'y' } });
    expect(encodeAddress({})).toBe('');
    expect(decodeAddress('')).toEqual({});
  });

  it('say what is wrong with a broken link, and skip parts a newer Cinema may add', () => {
    expect(() => decodeAddress('s=a&t=12.5')).toThrow(/t should be an integer time, found "12.5"/);
    expect(() => decodeAddress('w=1')).toThrow(/w should be two values joined by ~/);
    expect(() => decodeAddress('s')).toThrow(/"s" is not key=value/);
    expect(() => decodeAddress('s=%E0%A4%A')).toThrow(/s is not valid URL text/);
    expect(decodeAddress('s=a&z=later')).toEqual({ session: 'a' });
  });

  it('tell a new place (session, comparison, selection) from a moved playhead', () => {
    expect(samePlace({ session: 'a', t: '1' }, { session: 'a', t: '2', window: ['0', '9'] })).toBe(true);
    expect(samePlace({ session: 'a', event: '1' }, { session: 'a', event: '2' })).toBe(false);
    expect(samePlace({ compare: { a: 'x', b: 'y' } }, { compare: { a: 'y', b: 'x' } })).toBe(false);
  });
});
