// A list that renders only the rows in view (and a few more), for lists of any length at a fixed
// row height, on @tanstack/react-virtual. `onNearEnd` asks for more rows when the view comes within
// a screen of the last loaded one; `scrollTo` brings a row into view when it changes.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';

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
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in render only, as its documentation shows
  const virtualizer = useVirtualizer({ count, getScrollElement: () => box.current, estimateSize: () => rowHeight, overscan: 5 });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.length > 0 ? rows[rows.length - 1].index : -1;
  const screen = Math.ceil((virtualizer.scrollRect?.height ?? 400) / rowHeight);
  useEffect(() => {
    if (onNearEnd && lastShown + 1 + screen >= count) onNearEnd();
  }, [lastShown, screen, count, onNearEnd]);
  useEffect(() => {
    if (scrollTo !== null && scrollTo !== undefined && scrollTo >= 0 && scrollTo < count)
      virtualizer.scrollToIndex(scrollTo, { align: 'auto' });
  }, [scrollTo, count, virtualizer]);
  return (
    <div ref={box} className={`vlist ${className ?? ''}`} data-testid={testId} role="list" aria-label={label}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((r) => (
          <div key={r.index} className="vrow" style={{ transform: `translateY(${r.start}px)`, height: rowHeight }}>
            {row(r.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
