// Recordings too big for Cinema, refused before they crash a tab or fill a disk. Two limits:
// - Events per recording. An open session keeps about 55 bytes an event in memory (time columns,
//   posting lists); at 10M events Chromium's processes took ~2.5 GB in all here. Past
//   DEFAULT_MAX_EVENTS a machine with 8 GB would swap or see the tab killed, so the import stops
//   as soon as its first events show the file holds more (their bytes per event times the file's
//   size), or when it counts past the limit (size unknown, or a file whose events grow).
// - Room. The store takes at least a fraction of the file's bytes on disk (0.36-0.45 measured for
//   `.cinema` and Chrome traces, more for gzip, which packs ~4-10x); a file whose least need is
//   beyond what the browser says it may still store is refused before anything is written.
import { freeBytes, mb } from './space';

export const DEFAULT_MAX_EVENTS = 25_000_000;

/** Events counted before a projection from the file's size is trusted. */
const PROJECT_AFTER = 20_000;

export class TooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooLargeError';
  }
}

const size = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : mb(bytes));
const millions = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} million` : Math.round(n).toLocaleString('en');

/** The least the store takes on disk for a file of `bytes` (gzip by its name). */
export function leastStoredBytes(file: string, bytes: number): number {
  return /\.gz$/i.test(file) ? bytes * 1.5 : bytes * 0.3;
}

/** Refuses, before anything is read, a file whose least need is beyond the room the browser reports. */
export async function refuseWithoutRoom(file: string, bytes: number | null, free: Promise<number | null> = freeBytes()): Promise<void> {
  if (bytes === null) return;
  const need = leastStoredBytes(file, bytes);
  const room = await free;
  if (room === null || need <= room) return;
  throw new TooLargeError(
    `${file} (${size(bytes)}) needs at least ${size(need)} of storage and the browser can store ${size(room)} more here; ` +
      'nothing was imported; free disk space or delete recordings you no longer need, then try again',
  );
}

/**
 * The refusal for an import that has read `read` bytes of `bytes` (null: unknown) and counted
 * `events` events, when it holds or will hold more than `max`; null while it fits.
 */
export function tooManyEvents(file: string, p: { read: number; events: number }, bytes: number | null, max: number): TooLargeError | null {
  const advice = 'nothing was imported; record less (cinema record --max-events N) or split the recording';
  if (p.events > max) {
    return new TooLargeError(`${file} holds more than ${millions(max)} events, the most Cinema opens in one recording; ${advice}`);
  }
  if (bytes === null || p.events < PROJECT_AFTER || p.read <= 0) return null;
  const projected = (p.events / p.read) * bytes;
  if (projected <= max * 1.05) return null; // a projection a little over may still fit: the count decides then
  return new TooLargeError(
    `${file} (${size(bytes)}) holds about ${millions(projected)} events (from its first ${p.events.toLocaleString('en')} and its size); ` +
      `Cinema opens at most ${millions(max)} in one recording; ${advice}`,
  );
}
