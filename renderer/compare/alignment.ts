// Two runs side by side from their first divergence: the edit script's runs laid out as aligned
// columns, each holding A's event, B's event, or both (equal), so the view can draw the two
// sequences stacked with insertions and deletions as gaps.
import type { EditRun } from '../../src/cinema/diff';
import type { StoredEvent } from '../../src/event';

export interface AlignedColumn {
  a: StoredEvent | null;
  b: StoredEvent | null;
  op: 'common' | 'equal' | 'delete' | 'insert';
}

/** The common events before, then the script over the events after, as far as both lists reach. */
export function alignColumns(
  before: StoredEvent[],
  afterA: StoredEvent[],
  afterB: StoredEvent[],
  edits: EditRun[] | null,
): AlignedColumn[] {
  const out: AlignedColumn[] = before.map((e) => ({ a: e, b: e, op: 'common' as const }));
  if (!edits) {
    // Too different to align: show both as they come.
    for (let i = 0; i < Math.max(afterA.length, afterB.length); i++) out.push({ a: afterA[i] ?? null, b: afterB[i] ?? null, op: 'delete' });
    return out;
  }
  let i = 0;
  let j = 0;
  for (const run of edits) {
    for (let k = 0; k < run.n; k++) {
      if (run.op === 'equal') {
        if (i >= afterA.length || j >= afterB.length) return out;
        out.push({ a: afterA[i++], b: afterB[j++], op: 'equal' });
      } else if (run.op === 'delete') {
        if (i >= afterA.length) return out;
        out.push({ a: afterA[i++], b: null, op: 'delete' });
      } else {
        if (j >= afterB.length) return out;
        out.push({ a: null, b: afterB[j++], op: 'insert' });
      }
    }
  }
  return out;
}

/** The script's first change in words: what B has that A does not, and when they line up again. */
export function describeEdits(edits: EditRun[] | null): string {
  if (!edits) return 'The runs are too different after this point to line up.';
  const first = edits.findIndex((r) => r.op !== 'equal');
  if (first < 0) return 'They line up again right after.';
  let inserted = 0;
  let deleted = 0;
  let k = first;
  for (; k < edits.length && edits[k].op !== 'equal'; k++) {
    if (edits[k].op === 'insert') inserted += edits[k].n;
    else deleted += edits[k].n;
  }
  const again = k < edits.length ? `, then they line up again for ${edits[k].n.toLocaleString()} events` : '';
  const what =
    inserted && deleted
      ? `${deleted.toLocaleString()} events of A are ${inserted.toLocaleString()} other events in B`
      : inserted
        ? `B has ${inserted.toLocaleString()} event${inserted === 1 ? '' : 's'} A does not`
        : `A has ${deleted.toLocaleString()} event${deleted === 1 ? '' : 's'} B does not`;
  return `${what}${again}.`;
}
