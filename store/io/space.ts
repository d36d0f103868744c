// Running out of space. A browser refuses a write past the origin's quota, or on a full disk, with a
// QuotaExceededError (the transaction aborts; nothing of it is kept). Cinema says so in plain words:
// what was being done, about how much it needs and how much the browser says is free, and what to
// do. The import that hit it has already removed what it wrote; other sessions are untouched.

/** True for the browser's refusal to store more (on the error or its cause). */
export function isOutOfSpace(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'QuotaExceededError') return true;
  }
  return false;
}

/**
 * True when the browser closed the database under Cinema: it does so instead of a
 * QuotaExceededError on some full-disk writes (seen: "The connection was closed", then
 * "The database connection is closing" for every later transaction).
 */
export function isConnectionLost(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    (e?.name === 'AbortError' && /connection was closed/i.test(message)) ||
    (e?.name === 'InvalidStateError' && /connection is clos/i.test(message))
  );
}

/** What Cinema says then. */
export const CONNECTION_LOST =
  "The browser closed Cinema's database (the disk may be full, or the site's data was cleared); free some space and reload";

/** What the browser says this origin stores and may store (null where it cannot say). */
async function estimate(): Promise<{ usage: number; quota: number | null } | null> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage?.estimate) return null;
  try {
    const { usage = 0, quota } = await storage.estimate();
    return { usage, quota: quota ?? null };
  } catch {
    return null;
  }
}

/** Bytes this origin stores now, as the browser counts them (null where it cannot say). */
export async function usedBytes(): Promise<number | null> {
  return (await estimate())?.usage ?? null;
}

/** Space this origin may still use, as the browser estimates it (null where it cannot say). */
export async function freeBytes(): Promise<number | null> {
  const e = await estimate();
  return e === null || e.quota === null ? null : Math.max(0, e.quota - e.usage);
}

/** Bytes in MB to one decimal, as Cinema's messages say them. */
export const mb = (bytes: number) => `${Math.max(0.1, Math.round(bytes / 1e5) / 10).toLocaleString('en')} MB`;
const ADVICE = 'free disk space or delete recordings you no longer need, then try again';

/** The error an out-of-space failure becomes. */
export class OutOfSpaceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutOfSpaceError';
  }
}

/** Where an import was when the browser refused: file bytes read of `size`, and bytes it had added to the origin's storage. */
export interface ImportSpace {
  read: number;
  size: number | null;
  written: number;
}

/** Notes how much an import has added to the origin's storage since it began (`before`): sampled with its progress. */
export async function trackUsage(at: ImportSpace, before: Promise<number | null>): Promise<void> {
  const [was, now] = await Promise.all([before, usedBytes()]);
  if (was !== null && now !== null) at.written = Math.max(at.written, now - was);
}

/**
 * For an import: what fit is what it had written when refused (the browser's own free figure can
 * be far off: Chromium reports a fixed quota, not the disk); the whole recording needs that
 * scaled by how much of the file it was, or more than it when the file's size is unknown.
 */
export async function importOutOfSpace(at: ImportSpace, cause: unknown): Promise<OutOfSpaceError> {
  if (at.written <= 0) return new OutOfSpaceError(`not enough space for this recording; the import was removed; ${ADVICE}`, { cause });
  const share = at.size && at.read > 0 ? Math.min(1, at.read / at.size) : null;
  const need = share ? `about ${mb(at.written / share)} needed` : `more than ${mb(at.written)} needed`;
  return new OutOfSpaceError(`not enough space: ${need}, about ${mb(at.written)} free; the import was removed; ${ADVICE}`, { cause });
}

/** For any other write (a rename, a bookmark): it alone failed. */
export async function writeOutOfSpace(what: string, cause: unknown): Promise<OutOfSpaceError> {
  const free = await freeBytes();
  const left = free === null ? '' : ` (${mb(free)} free)`;
  return new OutOfSpaceError(`not enough space to ${what}${left}; nothing else changed; ${ADVICE}`, { cause });
}

/** A catch handler: an out-of-space failure of `what` becomes a plain one; anything else goes on as it is. */
export function orOutOfSpace(what: string): (err: unknown) => Promise<never> {
  return async (err) => {
    throw isOutOfSpace(err) ? await writeOutOfSpace(what, err) : err;
  };
}

/** An import's failure in plain words when it is about room (or the lost database); else as it is. */
export async function importFailure(at: ImportSpace, err: unknown): Promise<unknown> {
  if (isOutOfSpace(err)) return importOutOfSpace(at, err);
  if (isConnectionLost(err)) return new OutOfSpaceError(`${CONNECTION_LOST}; the import was not kept`, { cause: err });
  return err;
}
