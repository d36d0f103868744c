/**
 * Cancellation without depending on the DOM's AbortController (src/ sees only ECMAScript): the
 * shape matches AbortSignal's, so a real AbortSignal can be passed where a CancelSignal is taken.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
}

/** The controller side: `cancel()` flips `signal.aborted` and calls its listeners once. */
export class Cancellation {
  readonly signal: CancelSignal;
  private listeners: Array<() => void> = [];
  private done = false;

  constructor() {
    const isDone = () => this.done;
    const listen = (listener: () => void) => {
      if (this.done) listener();
      else this.listeners.push(listener);
    };
    this.signal = {
      get aborted() {
        return isDone();
      },
      addEventListener(_type: 'abort', listener: () => void) {
        listen(listener);
      },
    };
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    for (const l of this.listeners.splice(0)) l();
  }
}
