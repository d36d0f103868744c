// What the user picked: an AST node, a flow (correlation), an event, what the events list shows,
// and a pinned moment the state panel compares with.
import type { StoredEvent } from '../../../src/event';
import type { Getter, Setter } from '../slice';
import type { ViewSlice } from './view';

/** Which events the events list shows. */
export type EventsFilter =
  | { kind: 'window' }
  | { kind: 'ast'; astNodeId: string }
  | { kind: 'correlation'; correlationId: string }
  | { kind: 'search'; query: string; regex: boolean };

export interface SelectionSlice {
  selectedAst: string | null;
  selectedCorrelation: string | null;
  selectedEvent: StoredEvent | null;
  filter: EventsFilter;
  pinned: number | null;
  /** Selects an event (and its flow); `seek` also moves the playhead to it. */
  selectEvent(e: StoredEvent | null, seek?: boolean): void;
  /** Selects an AST node and lists its events (null: back to the window's events). */
  selectAst(id: string | null): void;
  selectCorrelation(id: string | null): void;
  setFilter(f: EventsFilter): void;
  pin(t: number | null): void;
}

export function createSelectionSlice(set: Setter<SelectionSlice>, get: Getter<SelectionSlice & ViewSlice>): SelectionSlice {
  return {
    ...noSelection(),
    selectEvent: (e, seek = true) => {
      set({ selectedEvent: e, ...(e && e.correlation_id ? { selectedCorrelation: e.correlation_id } : {}) });
      if (e && seek) get().seek(e.timestamp, true);
    },
    selectAst: (id) => set({ selectedAst: id, filter: id === null ? { kind: 'window' } : { kind: 'ast', astNodeId: id } }),
    selectCorrelation: (id) => set({ selectedCorrelation: id }),
    setFilter: (filter) => set({ filter, ...(filter.kind === 'ast' ? { selectedAst: filter.astNodeId } : {}) }),
    pin: (t) => set({ pinned: t }),
  };
}

/** Nothing selected, the window's events listed, nothing pinned. */
export function noSelection(): Pick<SelectionSlice, 'selectedAst' | 'selectedCorrelation' | 'selectedEvent' | 'filter' | 'pinned'> {
  return { selectedAst: null, selectedCorrelation: null, selectedEvent: null, filter: { kind: 'window' }, pinned: null };
}

export const selectionSelectors = {
  ast: (s: SelectionSlice) => s.selectedAst,
  correlation: (s: SelectionSlice) => s.selectedCorrelation,
  event: (s: SelectionSlice) => s.selectedEvent,
  filter: (s: SelectionSlice) => s.filter,
  pinned: (s: SelectionSlice) => s.pinned,
};
