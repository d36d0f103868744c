// The AST as a tree for the panel: nodes by parent, event counts summed up the tree (a function's
// heat includes its expressions'), flattened to the rows a filter and the open nodes leave visible.
import type { AstNodeWire } from '../../../src/rpc/contract';

export interface TreeNode {
  node: AstNodeWire;
  children: TreeNode[];
  own: number;
  total: number;
  depth: number;
}

export interface Tree {
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
}

/** Builds the tree; ids that events name but the AST lacks become roots of their own. */
export function buildTree(ast: AstNodeWire[], counts: Map<string, number>): Tree {
  const byId = new Map<string, TreeNode>();
  for (const n of ast) byId.set(n.id, { node: n, children: [], own: counts.get(n.id) ?? 0, total: 0, depth: 0 });
  for (const id of counts.keys())
    if (!byId.has(id))
      byId.set(id, { node: { id, type: 'unknown', name: id }, children: [], own: counts.get(id) ?? 0, total: 0, depth: 0 });
  const roots: TreeNode[] = [];
  for (const t of byId.values()) {
    const parent = t.node.parent_id ? byId.get(t.node.parent_id) : undefined;
    if (parent && parent !== t) parent.children.push(t);
    else roots.push(t);
  }
  // Depths and totals without recursion (an AST can be deep); a cycle is cut where it closes.
  const order: TreeNode[] = [];
  const seen = new Set<TreeNode>();
  const visit = (root: TreeNode) => {
    const stack = [root];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      order.push(t);
      t.children = t.children.filter((c) => !seen.has(c) && c !== root);
      for (const c of t.children) {
        c.depth = t.depth + 1;
        stack.push(c);
      }
    }
  };
  roots.forEach(visit);
  // Nodes only reachable through a cycle of parents: the cycle is cut and its first node made a root.
  for (const t of byId.values()) {
    if (seen.has(t)) continue;
    t.depth = 0;
    roots.push(t);
    visit(t);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    t.total = t.own + t.children.reduce((n, c) => n + c.total, 0);
  }
  const byPosition = (a: TreeNode, b: TreeNode) =>
    (a.node.span?.start_line ?? 0) - (b.node.span?.start_line ?? 0) || (a.node.name ?? a.node.id).localeCompare(b.node.name ?? b.node.id);
  for (const t of order) t.children.sort(byPosition);
  roots.sort(byPosition);
  return { roots, byId };
}

export function label(n: AstNodeWire): string {
  return n.name ?? n.id;
}

/**
 * The visible rows: children of open nodes, or, with a filter, every node whose name, type or id
 * contains it, with its ancestors.
 */
export function visibleRows(tree: Tree, open: ReadonlySet<string>, filter: string): TreeNode[] {
  const out: TreeNode[] = [];
  const f = filter.trim().toLowerCase();
  if (f) {
    const keep = new Set<TreeNode>();
    for (const t of tree.byId.values()) {
      if (`${label(t.node)} ${t.node.type ?? ''} ${t.node.id}`.toLowerCase().includes(f)) {
        for (let p: TreeNode | undefined = t; p && !keep.has(p); p = p.node.parent_id ? tree.byId.get(p.node.parent_id) : undefined)
          keep.add(p);
      }
    }
    const walk = (ts: TreeNode[]) => {
      for (const t of ts)
        if (keep.has(t)) {
          out.push(t);
          walk(t.children);
        }
    };
    walk(tree.roots);
    return out;
  }
  const stack = [...tree.roots].reverse();
  while (stack.length > 0) {
    const t = stack.pop()!;
    out.push(t);
    if (open.has(t.node.id)) for (let i = t.children.length - 1; i >= 0; i--) stack.push(t.children[i]);
  }
  return out;
}

/** How the panel orders its rows: the program's tree, or a flat table by a measure (a profiler's bottom-up view). */
export type AstOrder = 'tree' | 'self' | 'total' | 'calls' | 'events';

export interface NodeTimes {
  calls: number;
  total: number;
  self: number;
}

/**
 * The rows of a flat table: every node the filter leaves (and, for time orders, only nodes that
 * were called), largest first, ties by id so the order is stable.
 */
export function rankedRows(
  tree: Tree,
  times: ReadonlyMap<string, NodeTimes>,
  order: Exclude<AstOrder, 'tree'>,
  filter: string,
): TreeNode[] {
  const f = filter.trim().toLowerCase();
  const measure = (t: TreeNode): number => (order === 'events' ? t.own : (times.get(t.node.id)?.[order] ?? -1));
  const rows = [...tree.byId.values()].filter(
    (t) =>
      measure(t) >= (order === 'events' ? 1 : 0) && (!f || label(t.node).toLowerCase().includes(f) || t.node.id.toLowerCase().includes(f)),
  );
  return rows.sort((a, b) => measure(b) - measure(a) || (a.node.id < b.node.id ? -1 : 1)).map((t) => ({ ...t, depth: 0 }));
}
