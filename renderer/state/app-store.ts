// The UI's state, one zustand store made of slices (slices/): the library and imports, the open
// session, the view of time, the selection, playback, the layout and the comparison of two runs.
// Panels read what they need
// through the slices' named selectors and ask the store host for data themselves; nothing here
// holds events in bulk. The layout's panels are remembered in localStorage (zustand's persist).
import { type StateStorage, createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { type CompareSlice, createCompareSlice } from './slices/compare';
import { type LayoutSlice, createLayoutSlice, restorePanels } from './slices/layout';
import { type LibraryServices, type LibrarySlice, createLibrarySlice } from './slices/library';
import { type PlaybackSlice, createPlaybackSlice } from './slices/playback';
import { type SelectionSlice, createSelectionSlice } from './slices/selection';
import { type SessionSlice, createSessionSlice } from './slices/session';
import { type ViewSlice, createViewSlice } from './slices/view';

export type { EventsFilter } from './slices/selection';
export type { OpenSession } from './slices/session';
export type { Speed } from './slices/playback';
export type { Panels } from './slices/layout';

export type AppState = LibrarySlice & SessionSlice & ViewSlice & SelectionSlice & PlaybackSlice & LayoutSlice & CompareSlice;

export interface AppStoreOptions extends LibraryServices {
  /** Where the layout is remembered; default localStorage (tests pass one of their own). */
  layoutStorage?: StateStorage;
}

export const LAYOUT_KEY = 'cinema.layout';

export function createAppStore(options: AppStoreOptions) {
  return createStore<AppState>()(
    persist(
      (set, get) => ({
        ...createLayoutSlice(set, get),
        ...createPlaybackSlice(set),
        ...createViewSlice(set, get),
        ...createSelectionSlice(set, get),
        ...createSessionSlice(set, get),
        ...createLibrarySlice(options, set, get),
        ...createCompareSlice(set, get),
      }),
      {
        name: LAYOUT_KEY,
        version: 2,
        storage: createJSONStorage(() => options.layoutStorage ?? globalThis.localStorage),
        partialize: (s) => ({ panels: s.panels }),
        // A saved layout from an older version, or a damaged one, gives the defaults for what it lacks.
        migrate: (saved) => ({ panels: restorePanels(saved) }),
        merge: (saved, current) => ({ ...current, panels: restorePanels(saved) }),
      },
    ),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;
