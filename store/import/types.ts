// What every importer takes and gives back: options, progress reports and results, one place.
import type { TemporalStorage } from '../temporal-storage';

export interface ImportOptions {
  /** The file's name: shown in messages and kept as the session's source. */
  file: string;
  /** Default true: the first bad record aborts. False: bad records are skipped and counted. */
  strict?: boolean;
  /** The session's name; default the header's name, else the file name. */
  name?: string;
  indexedDB?: IDBFactory;
  dbName?: string;
  signal?: AbortSignal;
  /** Called at most every 100 ms while importing, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  /** Events a write batch; default BATCH_EVENTS. */
  batchSize?: number;
  /**
   * Where lines are read: 'worker' (a parser Worker, beside the writes), or 'here'. Default: a
   * Worker wherever one can start (browsers, Electron's windows), else here (Node).
   */
  parser?: 'worker' | 'here';
  /** Makes the parser Worker; default the bundled one (a test gives one that cannot start). */
  startParser?: () => Worker;
  /**
   * Called once the hidden session exists, with the storage being written: a viewer may query it
   * while the import goes on (it joins the library only when complete).
   */
  onSession?: (session: string, storage: TemporalStorage) => void;
  /** The most events the recording may hold: past it the import fails and is removed (io/fit.ts). */
  maxEvents?: number;
}

export interface ImportProgress {
  bytes: number;
  lines: number;
  events: number;
  done: boolean;
}

export interface ImportResult {
  session: string;
  events: number;
  ast: number;
  sources: number;
  links: number;
  bookmarks: number;
  /** Lenient mode: records skipped, and the first MAX_SKIP_MESSAGES messages. */
  skipped: number;
  messages: string[];
}

/** An import's result, with the format it was read as and what the importer passed over. */
export interface FileImportResult extends ImportResult {
  format: string;
  notes: string[];
}
