// A drag handle between panes: reports the new size of the pane it belongs to.
import { useRef } from 'react';

export function Resizer({
  axis,
  size,
  onSize,
  invert = false,
  label,
}: {
  axis: 'x' | 'y';
  size: number;
  onSize(px: number): void;
  invert?: boolean;
  label: string;
}) {
  const start = useRef<{ at: number; size: number } | null>(null);
  return (
    <div
      className={`resizer resizer-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      onPointerDown={(e) => {
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        start.current = { at: axis === 'x' ? e.clientX : e.clientY, size };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const d = (axis === 'x' ? e.clientX : e.clientY) - start.current.at;
        onSize(start.current.size + (invert ? -d : d));
      }}
      onPointerUp={() => (start.current = null)}
    />
  );
}
