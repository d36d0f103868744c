// One import the host runs: the chunks a client sends go into a queue the importer reads, with
// back-pressure; the result (or the failure, in plain words when it is about room) waits for the
// client's import.end. Progress samples how much the import has added to the origin's storage, so
// an out-of-space message can say about how much the recording needs. A recording too big for
// Cinema (io/fit.ts) is refused before it is read, or as soon as its first events show it.
import type { Requests } from '../../src/rpc/contract';
import { ChunkQueue } from '../io/chunk-queue';
import { type ImportSpace, importFailure, trackUsage, usedBytes } from '../io/space';
import { DEFAULT_MAX_EVENTS, TooLargeError, refuseWithoutRoom, tooManyEvents } from '../io/fit';
import { importFile } from '../import/import-file';
import type { FileImportResult, ImportOptions, ImportProgress } from '../import/types';
import type { TemporalStorage } from '../temporal-storage';

export interface ImportJob {
  queue: ChunkQueue;
  controller: AbortController;
  done: Promise<FileImportResult>;
  failure: unknown;
}

export interface ImportHooks {
  /** Progress, with the hidden session once it exists. */
  progress(p: ImportProgress, session: string | null): void;
  /** The hidden session exists, written through `storage` (viewers may query it meanwhile). */
  opened(session: string, storage: TemporalStorage): void;
  /** Done or failed: the session is no longer served from the writer's storage. */
  settled(session: string): void;
}

/** Starts an import of what arrives in the job's queue. */
export function startImportJob(
  { file, strict, name, size }: Requests['import.begin']['arg'],
  store: Pick<ImportOptions, 'indexedDB' | 'dbName'>,
  hooks: ImportHooks,
  maxEvents = DEFAULT_MAX_EVENTS,
): ImportJob {
  const queue = new ChunkQueue();
  const controller = new AbortController();
  let session: string | null = null;
  const space: ImportSpace = { read: 0, size: size ?? null, written: 0 };
  const usage0 = usedBytes();
  let refusal: TooLargeError | null = null;
  const done = refuseWithoutRoom(file, space.size)
    .then(() =>
      importFile(queue, {
        file,
        strict,
        name,
        ...store,
        signal: controller.signal,
        maxEvents,
        onProgress: (p) => {
          space.read = p.bytes;
          void trackUsage(space, usage0);
          refusal ??= tooManyEvents(file, { read: p.bytes, events: p.events }, space.size, maxEvents);
          if (refusal) controller.abort(refusal);
          hooks.progress(p, session);
        },
        onSession: (id, storage) => {
          session = id;
          hooks.opened(id, storage);
        },
      }),
    )
    .catch(async (err) => {
      throw refusal ?? (await importFailure(space, err));
    });
  const job: ImportJob = { queue, controller, failure: null, done };
  done.catch((err) => (job.failure = err));
  done.finally(() => session !== null && hooks.settled(session)).catch(() => {});
  return job;
}
