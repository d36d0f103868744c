// What the density strip shows, fetched: the whole session's events in buckets of a power-of-two
// width aligned to its start, one or two pixels each (a session opened from its overview gets these
// from it at once, before its time columns load), fetched again when the strip's width or the
// session's bounds change, and the selected node's or flow's marks, asked for a moment after the
// selection changes so the events list's first rows are asked for first.
import { useEffect, useState } from 'react';
import { useServices } from '../../state/context';
import { alignedBuckets } from './windowing';

export interface DensityData {
  counts: Uint32Array | null;
  marks: Uint32Array | null;
  /** Each bucket's width in time; bucket i starts at t0 + i * size. */
  size: number;
}

/** Marks wait this long after a selection. */
const MARKS_DELAY_MS = 60;

export function useDensityData(
  session: { id: string; t0: number; t1: number } | null,
  buckets: number,
  selected: { ast: string | null; correlation: string | null },
): DensityData {
  const { client } = useServices();
  const [counts, setCounts] = useState<{ key: string; counts: Uint32Array } | null>(null);
  const [marks, setMarks] = useState<{ key: string; counts: Uint32Array } | null>(null);
  const id = session?.id ?? null;
  const t0 = session?.t0 ?? 0;
  const t1 = session?.t1 ?? 0;
  const countsKey = `${id}:${t0}:${t1}:${buckets}`;
  const { size, count } = alignedBuckets(t0, t0, t1, buckets); // one or two pixels each
  const end = t0 + count * size - 1;
  const marksKey = `${countsKey}:${selected.ast}:${selected.correlation}`;

  // Nothing is asked for before the strip has a width (0 buckets).
  useEffect(() => {
    if (id === null || buckets < 1) return;
    let live = true;
    client.call('session.density', { session: id, start: t0, end, buckets: count }).then(
      (r) => live && setCounts({ key: countsKey, counts: r.counts }),
      () => {},
    );
    return () => void (live = false);
  }, [client, id, t0, end, count, buckets, countsKey]);

  useEffect(() => {
    if (id === null || buckets < 1) return;
    const filter =
      selected.ast !== null ? { astNodeId: selected.ast } : selected.correlation !== null ? { correlationId: selected.correlation } : null;
    if (!filter) return;
    let live = true;
    const timer = setTimeout(() => {
      client.call('session.density', { session: id, start: t0, end, buckets: count, ...filter }).then(
        (r) => live && setMarks({ key: marksKey, counts: r.counts }),
        () => {},
      );
    }, MARKS_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, id, t0, end, count, buckets, selected.ast, selected.correlation, marksKey]);

  // Counts of other bounds are still worth showing until the new ones come; marks of another selection are not.
  return { counts: counts?.counts ?? null, marks: marks?.key === marksKey ? marks.counts : null, size };
}
