// Progress reports from long work (imports, exports) go to another thread or a window; one a chunk
// would flood the port on fast files, so they are sent at most every 100 ms, and always the last.

/** Calls `report` at most every 100 ms, and always when `done`. */
export function throttled<T>(report: ((p: T & { done: boolean }) => void) | undefined): (p: T, done: boolean) => void {
  let last = 0;
  return (p, done) => {
    const now = Date.now();
    if (!report || (!done && now - last < 100)) return;
    last = now;
    report({ ...p, done });
  };
}
