import { describe, expect, it } from 'vitest';
import { buildTree, visibleRows } from './ast-tree';

const ast = [
  { id: 'm', type: 'module', name: 'Pipeline' },
  { id: 'f1', type: 'function', name: 'run/1', parent_id: 'm', span: { start_line: 10, start_col: 1, end_line: 20, end_col: 3 } },
  { id: 'f0', type: 'function', name: 'init/0', parent_id: 'm', span: { start_line: 2, start_col: 1, end_line: 8, end_col: 3 } },
  { id: 'c1', type: 'call', name: 'Enum.map', parent_id: 'f1' },
  { id: 'orphan', type: 'call', name: 'lost', parent_id: 'gone' },
];

describe('the AST tree', () => {
  it('sums counts up the tree and orders children by source position', () => {
    const t = buildTree(
      ast,
      new Map([
        ['f1', 3],
        ['c1', 5],
        ['f0', 1],
        ['unlisted', 2],
      ]),
    );
    expect(t.byId.get('m')!.total).toBe(9);
    expect(t.byId.get('f1')!.total).toBe(8);
    expect(t.byId.get('m')!.children.map((c) => c.node.id)).toEqual(['f0', 'f1']);
    expect(t.roots.map((r) => r.node.id).sort()).toEqual(['m', 'orphan', 'unlisted']);
    expect(t.byId.get('c1')!.depth).toBe(2);
  });

  it('shows children of open nodes, or filter matches with their ancestors', () => {
    const t = buildTree(ast, new Map());
    expect(visibleRows(t, new Set(), '').map((r) => r.node.id)).toEqual(expect.arrayContaining(['m', 'orphan']));
    expect(visibleRows(t, new Set(), '').some((r) => r.node.id === 'f1')).toBe(false);
    expect(
      visibleRows(t, new Set(['m']), '')
        .filter((r) => r.depth === 1)
        .map((r) => r.node.id),
    ).toEqual(['f0', 'f1']);
    expect(visibleRows(t, new Set(), 'enum').map((r) => r.node.id)).toEqual(['m', 'f1', 'c1']);
  });

  it('survives a parent cycle', () => {
    const t = buildTree(
      [
        { id: 'a', parent_id: 'b' },
        { id: 'b', parent_id: 'a' },
      ],
      new Map([['a', 1]]),
    );
    expect(t.byId.size).toBe(2);
    expect(
      visibleRows(t, new Set(['a', 'b']), '')
        .map((r) => r.node.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(t.roots.reduce((n, r) => n + r.total, 0)).toBe(1);
  });
});
