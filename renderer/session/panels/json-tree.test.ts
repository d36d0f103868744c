// The inspector's tree shows a recording's tagged leaves as JavaScript, and leaves other data as it
// is: the tree's own renderer (react-json-view-lite), given what json-leaves.ts makes of the data.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { JsonView, defaultStyles } from 'react-json-view-lite';
import { describe, expect, it } from 'vitest';
import { readable } from './json-leaves';

const text = (value: unknown) =>
  renderToStaticMarkup(createElement(JsonView, { data: readable(value) as object, style: defaultStyles, shouldExpandNode: () => true }))
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

  it('keeps what has insides, and data that only looks tagged, as objects, copying nothing without tags', () => {
    const map = { $type: 'Map', size: 1, entries: [['a', 1]] };
    expect(text({ m: map })).toContain('$type');
    expect(text({ o: { $type: 'Shop.Order', id: 3 } })).toContain('Shop.Order');
    const plain = { a: [1, { b: 'x' }] };
    expect(readable(plain)).toBe(plain);
  });
});
