// From what the store answered for a window to what vis-timeline draws: items (single events as
// points, or count buckets as ranges) and groups (lanes per process/thread). Pure, so it is tested
// without a browser (items.test.ts).
import { describeEvent, eventType, laneOf } from '../describe';
import type { WindowData } from './window-data';
import { bucketItem } from './windowing';

export interface TimelineItem {
  id: string;
  start: number;
  end?: number;
  type: 'point' | 'range';
  group: string;
  className: string;
  title: string;
}

export interface TimelineGroup {
  id: string;
  content: string;
}

export interface ItemOptions {
  /** Lanes per process/thread (else one lane). */
  lanes: boolean;
  selectedAst: string | null;
  selectedCorrelation: string | null;
  selectedEvent: string | null;
  /** A lane's label (its process's and thread's names); default its ids. */
  laneLabel?: (lane: string) => string;
}

/** Items and lanes for a window's data; times stay in session units (the vis adapter scales them). */
export function windowItems(data: WindowData, opts: ItemOptions): { items: TimelineItem[]; groups: TimelineGroup[] } {
  const items: TimelineItem[] = [];
  if (data.mode === 'events') {
    const lanes = new Set<string>();
    for (const e of data.events) {
      const lane = opts.lanes ? laneOf(e) : 'all';
      lanes.add(lane);
      const marked =
        (opts.selectedAst !== null && e.ast_node_id === opts.selectedAst) ||
        (opts.selectedCorrelation !== null && e.correlation_id === opts.selectedCorrelation);
      items.push({
        id: `e${e.event_id}`,
        start: e.timestamp,
        type: 'point',
        group: lane,
        className: `ev ev-${eventType(e)}${marked ? ' marked' : ''}${opts.selectedEvent === e.event_id ? ' current' : ''}`,
        title: describeEvent(e),
      });
    }
    const label = opts.laneLabel ?? ((g: string) => g);
    const groups = [...lanes].sort().map((g) => ({ id: g, content: g === 'all' ? 'events' : label(g) }));
    return { items, groups };
  }
  let max = 1;
  for (const c of data.counts) max = Math.max(max, c);
  data.counts.forEach((c, i) => {
    if (c === 0) return;
    const b = bucketItem(data.start, data.size, i, c, max);
    items.push({
      id: b.id,
      start: b.from,
      end: b.to + 1,
      type: 'range',
      group: 'all',
      className: b.className,
      title: `${c.toLocaleString()} events`,
    });
  });
  return { items, groups: [{ id: 'all', content: 'events (counts)' }] };
}
