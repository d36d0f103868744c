// Writing an imported recording into a new session: hidden (status 'importing') until `publish`,
// removed by `discard`. Every importer, native or foreign, ends here.
import { FormatError } from '../../src/format/format-error';
import type { ReadEvent, ReadRecord } from '../../src/format/native-reader';
import type { WireRecords } from './native-parse';
import { acquireDatabase, releaseDatabase } from '../engine/connection';
import type { AstNodeRecord, LinkRecordStored } from '../engine/schema';
import { deleteSession } from '../catalog/sessions';
import { tooManyEvents } from '../io/fit';
import type { SessionExtras } from '../catalog/session-extras';
import { type SessionInit, TemporalStorage } from '../temporal-storage';

export interface WriterOptions {
  file: string;
  strict: boolean;
  indexedDB?: IDBFactory;
  dbName?: string;
  /** Called for each record the store refuses in lenient mode. */
  onSkip(message: string): void;
  /** The most events the recording may hold (io/fit.ts): one more fails the import. */
  maxEvents?: number;
}

let counter = 0;

export class SessionWriter {
  events = 0;
  links = 0;
  /** Program-state checkpoints stored with the session (none when its events came out of time order). */
  checkpoints = 0;
  private fileIds = new Map<string, string>();
  private pendingLinks: Array<{ from: string; to: string; label?: string }> = [];

  private constructor(
    readonly storage: TemporalStorage,
    private readonly opts: WriterOptions,
  ) {}

  /** Creates the hidden session. */
  static async begin(init: SessionInit & { name: string }, opts: WriterOptions): Promise<SessionWriter> {
    const session = `import-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    const storage = await TemporalStorage.start({
      session,
      indexedDB: opts.indexedDB,
      dbName: opts.dbName,
      maxEvents: Infinity,
      cleanupInterval: 0,
      // An import reads back only the blocks of its next run, and a viewer watching it the few it
      // shows. Kept for long, the blocks it writes (every one is cached as written) outlived the
      // young generation and piled up in the old one: peak memory of a 1M-event import went from
      // +23% of a 250k one to +16% with 32 blocks kept (runs then reread their blocks: ~6% slower).
      layout: { cacheBlocks: 32 },
      sessionName: init.name,
      sessionInit: { ...init, status: 'importing' },
    });
    return new SessionWriter(storage, opts);
  }

  get session(): string {
    return this.storage.session;
  }

  /** Writes records: events in one batch, AST nodes, sources and bookmarks beside; links wait for `publish`. */
  async write(records: ReadRecord[]): Promise<void> {
    await this.storeEvents(records.filter((r): r is ReadEvent => r.kind === 'event'));
    await this.writeOthers(records);
  }

  /** Writes a batch the parser Worker sent as columns (see native-parse.ts), the same way. */
  async writeColumns(w: WireRecords): Promise<void> {
    this.mayAdd(w.n);
    const skip = new Set<number>();
    for (;;) {
      try {
        const ids = await this.storage.storeColumns(w, skip);
        for (const [i, fileId] of w.ids) if (!skip.has(i)) this.fileIds.set(fileId, ids[i]);
        this.events += w.n - skip.size;
        break;
      } catch (err) {
        const index = (err as { index?: number }).index;
        if (index === undefined) throw err;
        this.refuse(err as Error, w.line[index]);
        skip.add(index);
      }
    }
    await this.writeOthers(w.others);
  }

  /** AST nodes, sources and bookmarks go in beside the events; links wait for `publish`. */
  private async writeOthers(records: ReadRecord[]): Promise<void> {
    const ast: AstNodeRecord[] = [];
    const sources: Array<{ file: string; text: string }> = [];
    const bookmarks: SessionExtras['bookmarks'] = [];
    for (const r of records) {
      if (r.kind === 'event') continue;
      if (r.kind === 'ast') {
        const { kind: _k, line: _l, ...node } = r;
        ast.push(node);
      } else if (r.kind === 'source') sources.push({ file: r.file, text: r.text });
      else if (r.kind === 'link')
        this.pendingLinks.push(r.label === undefined ? { from: r.from, to: r.to } : { from: r.from, to: r.to, label: r.label });
      else bookmarks.push({ timestamp: r.timestamp, label: r.label, ...(r.note ? { note: r.note } : {}) });
    }
    if (ast.length + sources.length + bookmarks.length > 0) await this.storage.addExtras({ ast, sources, bookmarks });
  }

  /** A record the store refused, at its line: fatal when strict, else counted and skipped. */
  private refuse(err: Error, line: number): void {
    const why = err.message.replace(/^event \d+: /, '');
    const bad = new FormatError(this.opts.file, line, 1, why);
    if (this.opts.strict) throw bad;
    this.opts.onSkip(bad.message);
  }

  /** Refuses, before it is written, a batch that would take the recording past its limit. */
  private mayAdd(n: number): void {
    const max = this.opts.maxEvents;
    const over = max === undefined ? null : tooManyEvents(this.opts.file, { read: 0, events: this.events + n }, null, max);
    if (over) throw over;
  }

  private async storeEvents(batch: ReadEvent[]): Promise<void> {
    this.mayAdd(batch.length);
    let rest = batch;
    while (rest.length > 0) {
      try {
        const ids = await this.storage.storeImported(rest);
        rest.forEach((e, i) => e.id !== null && this.fileIds.set(e.id, ids[i]));
        this.events += rest.length;
        return;
      } catch (err) {
        // The store refused one event (a payload too deep, say): name its line.
        const index = (err as { index?: number }).index;
        if (index === undefined) throw err;
        this.refuse(err as Error, rest[index].line);
        rest = rest.filter((_e, i) => i !== index);
      }
    }
  }

  /** Resolves links to stored events, then makes the session visible. */
  async publish(): Promise<void> {
    const stored: LinkRecordStored[] = [];
    for (const l of this.pendingLinks) {
      const from = this.fileIds.get(l.from);
      const to = this.fileIds.get(l.to);
      if (from !== undefined && to !== undefined) stored.push(l.label === undefined ? { from, to } : { from, to, label: l.label });
    }
    if (stored.length > 0) await this.storage.addExtras({ links: stored });
    this.links = stored.length;
    this.checkpoints = await this.storage.persistCheckpoints();
    await this.storage.updateSession({ status: 'ready' });
    await this.storage.stop();
  }

  /**
   * Removes the half-written session; other sessions are untouched. Never throws: when removing
   * fails too (the disk is full, the browser closed the database) the caller's own error is the one
   * to report, and the hidden session is cleared when Cinema next starts.
   */
  async discard(): Promise<void> {
    await this.removeSession().catch(() => {});
  }

  private async removeSession(): Promise<void> {
    await this.storage.stop().catch(() => {});
    const factory = this.opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB!;
    const dbName = this.opts.dbName ?? 'cinema';
    const db = await acquireDatabase(factory, dbName);
    try {
      await deleteSession(db, this.session);
    } finally {
      await releaseDatabase(factory, dbName);
    }
  }
}
