// Node ids: `file:line:col` of where a node starts in the original source, one node an id.
import type { InstrumentedNode } from './probes';

/** Which node of several starting at one place keeps the plain id: a declaration before what it holds. */
const ID_RANK: Record<string, number> = { module: 0, class: 1, method: 2, function: 2, arrow: 2 };

/**
 * Nodes that start at the same place get ids of their own: the first by rank (then by order) keeps
 * `file:line:col`, the others add their kind (`:call`, `:call2`). Compiled code puts several nodes
 * at one original place - TypeScript's `exports.twice = twice` and `function twice` both map to
 * `export function twice` - and the function keeps the id a user reads in the source.
 */
export function uniqueIds(nodes: InstrumentedNode[]): void {
  const groups = new Map<string, InstrumentedNode[]>();
  for (const n of nodes) {
    const g = groups.get(n.id);
    if (g === undefined) groups.set(n.id, [n]);
    else g.push(n);
  }
  for (const [id, g] of groups) {
    if (g.length === 1) continue;
    const ranked = g
      .map((n, order) => ({ n, order }))
      .sort((a, b) => (ID_RANK[a.n.kind] ?? 3) - (ID_RANK[b.n.kind] ?? 3) || a.order - b.order);
    ranked.forEach(({ n }, k) => {
      if (k > 0) n.id = `${id}:${n.kind}${k > 1 ? k : ''}`;
    });
  }
}
