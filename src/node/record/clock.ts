// The recording's clock: exact nanoseconds from one wall-clock epoch shared by every process of a
// recording. Each process reads its monotonic clock (process.hrtime) and the wall clock once at the
// start; an event's time is that start's offset from the epoch plus the monotonic time since.

/** Wall-clock nanoseconds now (microsecond precision: the platform's). */
export function wallClockNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/** A clock giving nanoseconds since `epoch` (decimal nanoseconds) as an integer number. */
export function clockSince(epoch: string): () => number {
  const hr0 = process.hrtime.bigint();
  const start = Number(wallClockNs() - BigInt(epoch));
  const hrtime = process.hrtime.bigint;
  return () => start + Number(hrtime() - hr0);
}
