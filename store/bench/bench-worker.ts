// The benchmark inside Chromium: one layout per call, on this origin's real IndexedDB.
import { type Layout, runLayout } from './suite';

(self as unknown as { cinemaBench: unknown }).cinemaBench = {
  run: (layout: Layout, events: number, reps: number) =>
    runLayout(layout, self.indexedDB, `bench-${layout}`, events, reps, undefined, (msg) => console.log(msg)),
};
