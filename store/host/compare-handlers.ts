// The store host's answers about two sessions at once: per-node counts and times side by side,
// and the first divergence, read from both in time order with progress pushed and cancellation.
import { compareNodes } from '../../src/cinema/compare-nodes';
import { firstDivergence } from '../../src/cinema/divergence';
import type { Handlers } from '../../src/rpc/server';
import type { TemporalStorage } from '../temporal-storage';

/** Events read from each session per step of the divergence walk. */
const PAGE = 16384;

export function compareHandlers(
  storage: (session: string) => Promise<TemporalStorage>,
): Pick<Handlers, 'compare.nodes' | 'compare.divergence'> {
  return {
    'compare.nodes': async ({ a, b }) => {
      const [sa, sb] = [await storage(a), await storage(b)];
      const all = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
      const [ea, eb, ta, tb, xa, xb] = await Promise.all([
        sa.getActiveAstNodes(...all),
        sb.getActiveAstNodes(...all),
        sa.getNodeTimes(),
        sb.getNodeTimes(),
        sa.getExtras({ links: false }),
        sb.getExtras({ links: false }),
      ]);
      const names = new Map<string, string>();
      for (const n of [...xb.ast, ...xa.ast]) if (n.name) names.set(n.id, n.name);
      const rows = compareNodes(ea, eb, ta, tb);
      return { result: rows.map((r) => (names.has(r.ast_node_id) ? { ...r, name: names.get(r.ast_node_id) } : r)) };
    },
    'compare.divergence': async ({ a, b, by, values }, ctx) => {
      const [sa, sb] = [await storage(a), await storage(b)];
      const [totalA, totalB] = [(await sa.getStats()).total_events, (await sb.getStats()).total_events];
      const source = (s: TemporalStorage) => {
        const pages = s.pages((o) => s.queryAll(o), PAGE);
        return async () => {
          const next = await pages.next();
          return next.done ? null : next.value;
        };
      };
      const divergence = await firstDivergence(source(sa), source(sb), {
        by,
        values,
        cancelled: () => ctx.signal.aborted,
        onProgress: (readA, readB) => ctx.push('compare.progress', { a, b, readA, readB, totalA, totalB }),
      });
      return { result: { divergence } };
    },
  };
}
