// Holding back a session's background loads while a question is out. Chromium's IndexedDB answers a
// Worker's requests one after another, so a question asked while an open still loads its time columns
// waits behind every chunk request already sent: at 1M events each took ~3-5 ms, and the first
// question about the program's state (two rounds of requests) took 42-48 ms as the open returned.
// While a question holds the gate, loads send nothing new; it waits only for the chunks already out.
// Questions hold it only while they read (early-range.ts), never while they wait for the loads.

export class LoadGate {
  private out = 0;
  private waiters: Array<() => void> = [];

  /** Runs `question` with the gate held. */
  async hold<T>(question: () => Promise<T>): Promise<T> {
    this.out++;
    try {
      return await question();
    } finally {
      if (--this.out === 0) {
        const waiting = this.waiters;
        this.waiters = [];
        for (const go of waiting) go();
      }
    }
  }

  /** Resolves at once when no question holds the gate, else once none does (in call order). */
  clear(): Promise<void> {
    return this.out === 0 ? Promise.resolve() : new Promise((go) => this.waiters.push(go));
  }
}
