// The thin layer over vis-timeline: it is created once per session view, draws the items it is
// given as a diff (vis lays out every item added, ~0.8 ms apiece here, so unchanged items are
// never replaced), and reports the user's pans, zooms and clicks in session units. vis keeps times
// as dates: one session unit is one "millisecond", scaled down past 1e15 (a Date's range).
import type { TimelineGroup, TimelineItem } from './items';
import { type GroupSet, type ItemSet, Timeline, newGroupSet, newItemSet } from './vis';

export interface VisHandlers {
  /** The user moved the window (every step of a drag or wheel). */
  onRange(from: number, to: number): void;
  /** A pan or zoom came to rest. */
  onRangeSettled(): void;
  /** A click on an item (its id) or on empty space (a time). */
  onClick(item: string | null, t: number | null): void;
}

export class VisTimeline {
  private readonly timeline: Timeline;
  private readonly items: ItemSet = newItemSet();
  private readonly groups: GroupSet = newGroupSet();
  private readonly scale: number;
  private applied: [number, number];

  constructor(
    host: HTMLElement,
    private readonly t0: number,
    t1: number,
    window: [number, number],
    handlers: VisHandlers,
  ) {
    this.scale = Math.max(1, Math.ceil((t1 - t0) / 1e15));
    const pad = Math.max(1, (t1 - t0) * 0.02);
    this.applied = window;
    this.timeline = new Timeline(host, this.items, {
      start: this.toVis(window[0]),
      end: this.toVis(window[1]),
      min: this.toVis(t0 - pad),
      max: this.toVis(t1 + pad),
      zoomMin: Math.max(1, 10 / this.scale),
      stack: false,
      showMajorLabels: false,
      showMinorLabels: false,
      showCurrentTime: false,
      selectable: true,
      height: '100%',
      // More lanes than fit scroll inside the timeline instead of pushing the panels down.
      verticalScroll: true,
      margin: { item: { horizontal: 0, vertical: 4 }, axis: 0 },
      orientation: { axis: 'none' as never, item: 'top' },
      groupOrder: 'id',
      tooltip: { followMouse: true, delay: 150 },
      zoomFriction: 6,
    });
    this.timeline.setGroups(this.groups);
    this.timeline.on('rangechange', (p: { start: Date; end: Date; byUser: boolean }) => {
      if (!p.byUser) return;
      this.applied = [this.fromVis(p.start), this.fromVis(p.end)];
      handlers.onRange(this.applied[0], this.applied[1]);
    });
    this.timeline.on('rangechanged', () => handlers.onRangeSettled());
    this.timeline.on('click', (p: { item: string | null; time: Date | null }) =>
      handlers.onClick(p.item, p.item ? null : p.time ? this.fromVis(p.time) : null),
    );
  }

  /** Moves the window when it changed elsewhere; false when vis already shows it (the user moved it). */
  setWindow(from: number, to: number): boolean {
    if (from === this.applied[0] && to === this.applied[1]) return false;
    this.applied = [from, to];
    this.timeline.setWindow(this.toVis(from), this.toVis(to), { animation: false });
    return true;
  }

  /** Replaces what is drawn: items that stay are updated in place, lanes only when they change. */
  draw(items: TimelineItem[], groups: TimelineGroup[]): void {
    const have = new Set(this.groups.getIds() as string[]);
    if (have.size !== groups.length || groups.some((g) => !have.has(g.id))) {
      this.items.clear();
      this.groups.clear();
      this.groups.add(groups);
    }
    const keep = new Set(items.map((i) => i.id));
    this.items.remove((this.items.getIds() as string[]).filter((id) => !keep.has(id)));
    this.items.update(
      items.map((i) => ({
        ...i,
        start: this.toVis(i.start),
        end: i.end === undefined ? undefined : this.toVis(i.end),
        content: '',
      })) as never,
    );
  }

  destroy(): void {
    this.timeline.destroy();
  }

  private toVis(t: number): Date {
    return new Date((t - this.t0) / this.scale);
  }

  private fromVis(d: Date | number): number {
    return this.t0 + Number(d.valueOf()) * this.scale;
  }
}
