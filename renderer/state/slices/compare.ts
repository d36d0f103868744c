// Comparing two runs: the sessions picked in the library, and the pair being compared. While a pair
// is set and no session is open the compare view shows; opening one side from it (its first
// divergence) and closing that session comes back to the comparison.
import type { Getter, Setter } from '../slice';

export interface CompareSlice {
  /** Sessions checked in the library for comparing, in the order they were checked. */
  comparePicks: string[];
  compare: { a: string; b: string } | null;
  toggleComparePick(id: string): void;
  startCompare(a: string, b: string): void;
  closeCompare(): void;
}

export function createCompareSlice(set: Setter<CompareSlice>, get: Getter<CompareSlice>): CompareSlice {
  return {
    comparePicks: [],
    compare: null,
    toggleComparePick: (id) => {
      const picks = get().comparePicks;
      // Two at most: checking a third lets go of the oldest.
      set({ comparePicks: picks.includes(id) ? picks.filter((p) => p !== id) : [...picks, id].slice(-2) });
    },
    startCompare: (a, b) => set({ compare: { a, b }, comparePicks: [] }),
    closeCompare: () => set({ compare: null }),
  };
}

export const compareSelectors = {
  picks: (s: CompareSlice) => s.comparePicks,
  compare: (s: CompareSlice) => s.compare,
};
