// Following one execution flow: the events of a correlation in order, each with its call depth in
// its process (entries open a level, exits close one), so a view can indent the flow as a tree.
import type { StoredEvent } from '../event';
import { pidOfData } from './state';

/** One step of an execution path. */
export interface PathStep {
  event: StoredEvent;
  /** Calls open in the event's process when it happened (an entry is at the depth it opens). */
  depth: number;
}

/** Annotates a flow's events (in time order) with their call depth. */
export function nestExecutionPath(events: StoredEvent[]): PathStep[] {
  const depth = new Map<string, number>();
  return events.map((event) => {
    const data = event.data !== null && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};
    const pid = pidOfData(data);
    const type = data.type ?? data.event_type;
    let d = depth.get(pid) ?? 0;
    if (type === 'function_exit') d = Math.max(0, d - 1);
    const step = { event, depth: d };
    if (type === 'function_entry') d++;
    depth.set(pid, d);
    return step;
  });
}
