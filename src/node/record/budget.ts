// The memory a process's recording may take (`--max-mb`), shared by all its threads. Each thread
// keeps its own ring buffer; a ring starts with a share of its size and asks here for another
// each time it fills. The threads of a process see one counter (a SharedArrayBuffer handed to every
// worker through the environment data workers inherit), so a program that starts many threads
// still holds at most the budget: without it, each thread could take the whole budget for itself.
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';

const KEY = 'cinema-record-budget';
/** Counted in KiB, so an Int32 holds up to 2 TiB. */
const UNIT = 1024;

export class Budget {
  /** [0]: KiB taken, [1]: KiB in all. */
  private constructor(private readonly cells: Int32Array) {}

  /** The budget of this process: made by its main thread, found by its workers. */
  static ofProcess(bytes: number): Budget {
    const found = isMainThread ? undefined : getEnvironmentData(KEY);
    if (found instanceof SharedArrayBuffer) return new Budget(new Int32Array(found));
    const budget = Budget.of(bytes);
    setEnvironmentData(KEY, budget.cells.buffer as SharedArrayBuffer);
    return budget;
  }

  /** A budget of its own (tests). */
  static of(bytes: number): Budget {
    const cells = new Int32Array(new SharedArrayBuffer(8));
    cells[1] = Math.floor(bytes / UNIT);
    return new Budget(cells);
  }

  /** Takes `bytes` if they are left, all or nothing. */
  claim(bytes: number): boolean {
    const want = Math.ceil(bytes / UNIT);
    for (;;) {
      const taken = Atomics.load(this.cells, 0);
      if (taken + want > this.cells[1]) return false;
      if (Atomics.compareExchange(this.cells, 0, taken, taken + want) === taken) return true;
    }
  }

  /** Gives back what a claim took (a thread whose recording is written). */
  release(bytes: number): void {
    Atomics.sub(this.cells, 0, Math.ceil(bytes / UNIT));
  }

  /** Bytes taken now, by every thread of the process. */
  get taken(): number {
    return Atomics.load(this.cells, 0) * UNIT;
  }
}
