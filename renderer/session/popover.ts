// A toolbar popover closes when the pointer goes down anywhere outside it.
import { type RefObject, useEffect } from 'react';

export function useDismiss(open: boolean, close: () => void, box: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const down = (e: MouseEvent) => !box.current?.contains(e.target as Node) && close();
    window.addEventListener('mousedown', down);
    return () => window.removeEventListener('mousedown', down);
  }, [open, close, box]);
}
