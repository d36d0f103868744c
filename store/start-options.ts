// What TemporalStorage.start takes, and the ids of the sessions it creates.
import type { SessionRecord } from './engine/schema';
import type { StoreLayout } from './engine/layout';

export interface StartOptions {
  /** Registers the storage under a name (the seed's storage_ref atom); see whereis. */
  name?: string;
  /** Most events kept; beyond it the oldest are evicted. Default 100,000; Infinity allowed. */
  maxEvents?: number;
  /** Milliseconds between cleanup ticks; 0 disables the timer. Default 60,000. */
  cleanupInterval?: number;
  /** Which recording this storage holds; a new id when omitted. */
  session?: string;
  /** Name shown for a session this call creates. Default: the session id. */
  sessionName?: string;
  /** Default globalThis.indexedDB. */
  indexedDB?: IDBFactory;
  /** Default 'cinema'. */
  dbName?: string;
  /** Block and run sizes; the defaults are measured (layout.ts). Tests use small ones. */
  layout?: Partial<StoreLayout>;
  /** Fields of a session this call creates (an importer sets the unit, epoch and source). */
  sessionInit?: SessionInit;
}

/** What an importer sets on the session it creates or completes. */
export type SessionInit = Partial<Pick<SessionRecord, 'name' | 'time_unit' | 'epoch' | 'source' | 'header' | 'status'>>;

let sessionCounter = 0;
export function newSessionId(): string {
  const rand = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return `s-${Date.now().toString(36)}-${rand}-${(sessionCounter++).toString(36)}`;
}

/** maxEvents (default 100,000) and cleanupInterval (default 60 s), checked. */
export function checkedLimits(opts: StartOptions): { maxEvents: number; cleanupInterval: number } {
  const maxEvents = opts.maxEvents ?? 100_000;
  if (!(maxEvents === Infinity || (Number.isSafeInteger(maxEvents) && maxEvents >= 0))) {
    throw new RangeError(`maxEvents must be a non-negative integer or Infinity, got ${String(maxEvents)}`);
  }
  const cleanupInterval = opts.cleanupInterval ?? 60_000;
  if (!Number.isFinite(cleanupInterval) || cleanupInterval < 0) {
    throw new RangeError(`cleanupInterval must be a non-negative number of ms, got ${String(cleanupInterval)}`);
  }
  return { maxEvents, cleanupInterval };
}
