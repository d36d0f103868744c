// Following a session while it imports: its first events appear within a second or two, and the
// view follows it as it grows (asked for again every second); it joins the library when complete.
// A failed or cancelled import is discarded, and so is its view: whatever was open before comes back.

export interface WatchHooks {
  /** The session shown now (null: the library). */
  shownSession(): string | null;
  /** Shows a session (first time) or refreshes it (every tick after). */
  show(session: string): void;
  refresh(session: string): void;
  /** Puts back what was open before a failed import (null: the library). */
  restore(previous: string | null): void;
}

export class ImportWatch {
  private current: {
    importId: string;
    session: string | null;
    previous: string | null;
    timer: ReturnType<typeof setInterval> | null;
  } | null = null;

  constructor(
    private readonly hooks: WatchHooks,
    private readonly everyMs = 1000,
  ) {}

  /** An import started: remember what was open before it. */
  begin(importId: string): void {
    this.end(false);
    this.current = { importId, session: null, previous: this.hooks.shownSession(), timer: null };
  }

  /** Whether an import is being watched. */
  get active(): boolean {
    return this.current !== null;
  }

  /** The import's session exists and holds events: show it, then follow it. */
  found(importId: string, session: string): void {
    const w = this.current;
    if (!w || w.importId !== importId || w.session !== null) return;
    w.session = session;
    this.hooks.show(session);
    w.timer = setInterval(() => {
      if (this.current === w && this.hooks.shownSession() === session) this.hooks.refresh(session);
    }, this.everyMs);
  }

  /** The import ended; after a failure, what was open before comes back (if its view was shown). */
  end(failed: boolean): void {
    const w = this.current;
    this.current = null;
    if (!w) return;
    if (w.timer !== null) clearInterval(w.timer);
    if (failed && w.session !== null && this.hooks.shownSession() === w.session) this.hooks.restore(w.previous);
  }
}
