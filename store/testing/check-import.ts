// One check for every importer, as speedscope's importer tests do: a fixture's bytes go through
// importFile into a fresh store, and what was stored is summed up in a stable digest (for a snapshot),
// then exported, imported again and exported again; the two exports must be equal.
import type { StoredEvent } from '../../src/event';
import { importFile } from '../import/import-file';
import type { ImportResult } from '../import/types';
import { chunksOf } from './chunks';
import { exportText } from './export-text';
import { TemporalStorage } from '../temporal-storage';

/** What an import stored, in a form that stays the same from run to run (no ids, no dates). */
export interface ImportDigest extends Pick<ImportResult, 'events' | 'ast' | 'sources' | 'links' | 'bookmarks' | 'skipped'> {
  format: string;
  time_unit: string;
  epoch: string;
  notes: string[];
  /** Events per `data.type` (or `(none)`). */
  types: Record<string, number>;
  /** Distinct correlation ids. */
  flows: number;
  /** The first and last few events: offset, AST node, flow, payload. */
  first: Array<Omit<StoredEvent, 'event_id'>>;
  last: Array<Omit<StoredEvent, 'event_id'>>;
}

export interface ImportCheck {
  digest: ImportDigest;
  /** The `.cinema` export of the import, and the export of that export imported again. */
  exported: string;
  reexported: string;
}

/** Imports `bytes` as `file` (strict unless told otherwise), digests it, and round-trips its export. */
export async function checkImport(bytes: Uint8Array, file: string, indexedDB: IDBFactory, strict = true): Promise<ImportCheck> {
  const base = { indexedDB, dbName: 'cinema' };
  const r = await importFile(chunksOf(bytes), { file, strict, ...base });
  const s = await TemporalStorage.start({ session: r.session, ...base, maxEvents: Infinity, cleanupInterval: 0 });
  let digest: ImportDigest;
  try {
    const all = await s.getAllEvents();
    const extras = await s.getExtras();
    const types: Record<string, number> = {};
    for (const e of all) {
      const t =
        e.data !== null && typeof e.data === 'object' && typeof (e.data as { type?: unknown }).type === 'string'
          ? (e.data as { type: string }).type
          : '(none)';
      types[t] = (types[t] ?? 0) + 1;
    }
    const plain = ({ event_id: _id, ...rest }: StoredEvent) => rest;
    digest = {
      format: r.format,
      time_unit: s.sessionInfo.time_unit,
      epoch: s.sessionInfo.epoch,
      events: r.events,
      ast: extras.ast.length,
      sources: extras.sources.length,
      links: extras.links.length,
      bookmarks: extras.bookmarks.length,
      skipped: r.skipped,
      notes: r.notes,
      types,
      flows: new Set(all.map((e) => e.correlation_id).filter((c) => c !== null)).size,
      first: all.slice(0, 3).map(plain),
      last: all.slice(-2).map(plain),
    };
  } finally {
    await s.stop();
  }
  const exported = await exportText(r.session, base);
  const again = await importFile(chunksOf(exported), { file: `${file}.cinema`, ...base });
  const reexported = await exportText(again.session, base);
  return { digest, exported, reexported };
}
