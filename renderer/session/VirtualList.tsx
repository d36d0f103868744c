// A list that renders only the rows in view (plus a few), for lists of any length at a fixed row
// height. `onNearEnd` asks for more rows when the view comes within a screen of the last loaded one.
import { type ReactNode, useEffect, useRef, useState } from 'react';

interface Props {
  count: number;
  rowHeight: number;
  row(index: number): ReactNode;
  onNearEnd?(): void;
  /** Row to bring into view when it changes. */
  scrollTo?: number | null;
  className?: string;
  testId?: string;
  label?: string;
}

export function VirtualList({ count, rowHeight, row, onNearEnd, scrollTo, className, testId, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  useEffect(() => {
    const el = box.current!;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    update();
    return () => resize.disconnect();
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el || scrollTo === null || scrollTo === undefined || scrollTo < 0) return;
    const y = scrollTo * rowHeight;
    if (y < el.scrollTop || y + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - el.clientHeight / 3);
  }, [scrollTo, rowHeight]);
  const first = Math.max(0, Math.floor(view.top / rowHeight) - 5);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + 5);
  useEffect(() => {
    if (onNearEnd && last + Math.ceil(view.height / rowHeight) >= count) onNearEnd();
  }, [last, count, onNearEnd, view.height, rowHeight]);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}>
        {row(i)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      className={`vlist ${className ?? ''}`}
      data-testid={testId}
      role="list"
      aria-label={label}
      onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
