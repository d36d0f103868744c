// The layout: which panels are shown and whether the shortcuts overlay is open. The panels are
// remembered across sessions (app-store.ts persists them); pane sizes are kept by the panes
// themselves (react-resizable-panels' saved layouts).
import type { Getter, Setter } from '../slice';

export interface Panels {
  ast: boolean;
  inspector: boolean;
  bottom: boolean;
}

export interface LayoutSlice {
  panels: Panels;
  shortcuts: boolean;
  togglePanel(p: keyof Panels): void;
  setShortcuts(open: boolean): void;
}

export const DEFAULT_PANELS: Panels = { ast: true, inspector: true, bottom: true };

export function createLayoutSlice(set: Setter<LayoutSlice>, get: Getter<LayoutSlice>): LayoutSlice {
  return {
    panels: DEFAULT_PANELS,
    shortcuts: false,
    togglePanel: (p) => set({ panels: { ...get().panels, [p]: !get().panels[p] } }),
    setShortcuts: (shortcuts) => set({ shortcuts }),
  };
}

/** What is remembered of the layout, read back defensively: a damaged entry gives the defaults. */
export function restorePanels(saved: unknown): Panels {
  const p = (saved !== null && typeof saved === 'object' ? (saved as { panels?: Partial<Panels> }).panels : undefined) ?? {};
  return { ast: p.ast !== false, inspector: p.inspector !== false, bottom: p.bottom !== false };
}

export const layoutSelectors = {
  panels: (s: LayoutSlice) => s.panels,
  shortcuts: (s: LayoutSlice) => s.shortcuts,
};
