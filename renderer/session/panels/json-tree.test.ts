// The event inspector's tree shows a recording's tagged leaves as JavaScript, and leaves other data as it is.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JsonTree } from './JsonTree';

const html = (value: unknown) => renderToStaticMarkup(createElement(JsonTree, { value }));
const text = (value: unknown) =>
  html(value)
    .replace(/<[^>]+>/g, '')
    .replaceAll('&quot;', '"');

describe('the inspector tree', () => {
  it('shows tagged leaves as one value each', () => {
    const shown = text({ args: [{ $type: 'undefined' }, 0, { $type: 'bigint', value: '12' }], fn: { $type: 'function', name: 'add' } });
    expect(shown).toContain('undefined');
    expect(shown).toContain('12n');
    expect(shown).toContain('ƒ add');
    expect(shown).not.toContain('$type');
  });

  it('keeps what has insides, and data that only looks tagged, as objects', () => {
    const map = { $type: 'Map', size: 1, entries: [['a', 1]] };
    expect(text({ m: map })).toContain('$type');
    expect(text({ o: { $type: 'Shop.Order', id: 3 } })).toContain('Shop.Order');
    expect(text({ $type: 'undefined' })).toMatch(/^(0:)?undefined$/);
    expect(text('plain')).toContain('"plain"');
  });
});
