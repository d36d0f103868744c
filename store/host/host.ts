// The store host: serves the RPC contract (src/rpc) on any number of ports, over one database.
// The web build runs it in a Worker, the desktop app in its hidden store window. Sessions are opened
// on demand and shared by every client; imports arrive as chunks with back-pressure and report
// progress; exports leave as transferred buffers, pulled one at a time.
import type { Bookmark } from '../catalog/session-extras';
import { alignHandlers } from './align-handlers';
import { compareHandlers } from './compare-handlers';
import { type ImportJob, startImportJob } from './import-job';
import { EventValidationError } from '../../src/event';
import type { LinkWire, PortLike, Requests, SessionChange, SessionWire } from '../../src/rpc/contract';
import { type CallContext, type ErrorMapper, type Handlers, HostError, type Reply, RpcServer } from '../../src/rpc/server';
import { isExactJson } from '../engine/payload';
import { FormatError } from '../../src/format/format-error';
import { toSessionInfo } from '../catalog/sessions';
import { SessionCatalog } from '../catalog/catalog';
import { exportChromeText } from '../export/chrome';
import { encodeText } from '../export/encode';
import { exportNativeText } from '../export/native';
import { TemporalStorage } from '../temporal-storage';
import { onConnectionLost } from '../engine/schema';
import { userActive } from '../engine/merge-job';
import { CONNECTION_LOST, OutOfSpaceError, isConnectionLost, orOutOfSpace } from '../io/space';
import { TooLargeError } from '../io/fit';
import type { SessionInfo } from '../engine/types';

export interface HostOptions {
  indexedDB?: IDBFactory;
  dbName?: string;
  /**
   * A BroadcastChannel name shared by every host on the same database (the web build's tabs each
   * run one): library changes made by one reach the others' clients. None by default.
   */
  channel?: string;
  /** The most events one recording may hold (io/fit.ts; tests set a small one). */
  maxImportEvents?: number;
}

/** What hosts tell each other over the channel. */
interface ChangeMessage {
  reason: SessionChange;
  session?: string;
}

const CHANGES = new Set<SessionChange>(['imported', 'renamed', 'deleted', 'bookmarks']);

interface ExportJob {
  chunks: AsyncIterator<Uint8Array>;
  storage: TemporalStorage;
}

let counter = 0;
const newId = (kind: string) => `${kind}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const mapError: ErrorMapper = (err) => {
  if (err instanceof HostError) return { code: err.code, message: err.message };
  if (err instanceof FormatError || err instanceof EventValidationError || err instanceof TypeError || err instanceof RangeError)
    return { code: 'invalid-input', message: err.message };
  if (err instanceof OutOfSpaceError || err instanceof TooLargeError) return { code: 'no-space', message: err.message };
  if (isConnectionLost(err)) return { code: 'internal', message: CONNECTION_LOST };
  if (err instanceof Error && err.name === 'AbortError') return { code: 'cancelled', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
};

const utf8 = new TextEncoder();
/** Stored bookmarks (each has its id) in time order, then in the order they were made. */
const inTimeOrder = (bookmarks: Bookmark[]) =>
  bookmarks.map((b) => ({ ...b, id: b.id! })).sort((a, b) => a.timestamp - b.timestamp || a.id - b.id);
/** Longest bookmark note kept (a page of markdown is a few thousand characters). */
const NOTE_CHARS = 20_000;

/**
 * A page of events sent as JSON text in a transferred buffer, so the page's thread parses one
 * string instead of receiving a copied object graph. Only when JSON carries every payload exactly;
 * a page holding a Date, a Map or undefined (kept as structured clones) goes as objects.
 */
function pageReply<T>(result: T, events: Array<{ data: unknown }>): Reply<T> {
  try {
    if (!events.every((e) => isExactJson(e.data))) return { result };
  } catch {
    return { result };
  }
  const bytes = utf8.encode(JSON.stringify(result));
  return { packed: ownBuffer(bytes) };
}

const paged = <T extends { events: Array<{ data: unknown }> }>(page: T): Reply<T> => pageReply(page, page.events);

/** Copies a view into a buffer of its own, so it can be transferred. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

export class StoreHost {
  private storages = new Map<string, Promise<TemporalStorage>>();
  /** Sessions being imported: not listed yet, but a viewer may already query what is written. */
  private importing = new Map<string, TemporalStorage>();
  private links = new Map<string, Promise<LinkWire[]>>();
  private imports = new Map<string, ImportJob>();
  private exports = new Map<string, ExportJob>();
  private servers = new Set<RpcServer>();
  private catalog: Promise<SessionCatalog>;

  private channel: BroadcastChannel | null = null;

  constructor(private readonly opts: HostOptions = {}) {
    this.catalog = SessionCatalog.open(opts).then(async (c) => {
      await c.removeAbandonedImports(); // left by a host that ended mid-import
      return c;
    });
    if (opts.channel && typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(opts.channel);
      this.channel.onmessage = (e: MessageEvent<unknown>) => void this.changedElsewhere(e.data);
    }
    onConnectionLost((name, why) => {
      if (name !== (opts.dbName ?? 'cinema')) return;
      const message = why === 'upgraded' ? 'Cinema was updated in another tab; reload this one.' : `${CONNECTION_LOST}.`;
      for (const s of this.servers) s.push('store.closed', { message });
    });
  }

  /** A change another host made: what this one holds of that session is dropped, and its clients told. */
  private async changedElsewhere(data: unknown): Promise<void> {
    const m = data as Partial<ChangeMessage> | null;
    if (!m || typeof m !== 'object' || !CHANGES.has(m.reason as SessionChange)) return;
    const session = typeof m.session === 'string' ? m.session : undefined;
    if (session && (m.reason === 'renamed' || m.reason === 'deleted')) await this.forget(session);
    for (const s of this.servers) s.push('sessions.changed', { reason: m.reason as SessionChange, ...(session ? { session } : {}) });
  }

  /** Serves one client on a port. */
  connect(port: PortLike): RpcServer {
    const server = new RpcServer(port, this.handlers(), mapError);
    this.servers.add(server);
    return server;
  }

  private broadcast(reason: SessionChange, session?: string): void {
    const message: ChangeMessage = { reason, ...(session ? { session } : {}) };
    for (const s of this.servers) s.push('sessions.changed', message);
    this.channel?.postMessage(message);
  }

  /** A session's bookmarks in time order, as the bookmark requests answer. */
  private async bookmarksOf(storage: TemporalStorage) {
    return inTimeOrder((await storage.getExtras({ links: false })).bookmarks);
  }

  /** The open storage of a listed (or importing) session; not-found for any other id. */
  private async storage(session: string): Promise<TemporalStorage> {
    const writing = this.importing.get(session);
    if (writing) return writing;
    let open = this.storages.get(session);
    if (!open) {
      open = (async () => {
        const known = (await (await this.catalog).list()).some((s) => s.id === session);
        if (!known) throw new HostError('not-found', `no session "${session}"`);
        return TemporalStorage.start({ ...this.opts, session, maxEvents: Infinity, cleanupInterval: 0 });
      })();
      this.storages.set(session, open);
      open.catch(() => this.storages.delete(session));
    }
    return open;
  }

  /** A session's links, read once and kept: a flow view asks for the few that touch its events. */
  private linksOf(session: string): Promise<LinkWire[]> {
    let links = this.links.get(session);
    if (!links) {
      links = this.storage(session)
        .then((s) => s.getExtras())
        .then((x) => x.links);
      this.links.set(session, links);
      links.catch(() => this.links.delete(session));
    }
    return links;
  }

  private async forget(session: string): Promise<void> {
    const open = this.storages.get(session);
    this.storages.delete(session);
    this.links.delete(session);
    if (open) await (await open.catch(() => null))?.stop();
  }

  private handlers(): Handlers {
    const wire = (s: SessionInfo): SessionWire => ({ ...s });
    return {
      'sessions.list': async () => ({ result: (await (await this.catalog).list()).map(wire) }),
      'store.active': async () => {
        userActive();
        return { result: { ok: true } };
      },
      'sessions.rename': async ({ session, name }) => {
        await this.forget(session); // its meta record changes: reopen it fresh
        const r = await (
          await this.catalog
        )
          .rename(session, name)
          .catch((e: Error) => {
            throw /no session/.test(e.message) ? new HostError('not-found', e.message) : e;
          })
          .catch(orOutOfSpace('rename the recording'));
        this.broadcast('renamed', session);
        return { result: wire(r) };
      },
      'sessions.delete': async ({ session }) => {
        await this.forget(session);
        const deleted = await (await this.catalog).delete(session);
        if (deleted) this.broadcast('deleted', session);
        return { result: { deleted } };
      },
      'session.info': async ({ session }) => {
        const storage = await this.storage(session);
        return { result: { ...toSessionInfo(storage.sessionInfo), importing: this.importing.has(session) } };
      },
      'events.store': async ({ session, events }) => ({ result: { event_ids: await (await this.storage(session)).storeEvents(events) } }),
      'events.range': async ({ session, start, end, limit, after }) =>
        paged(await (await this.storage(session)).queryRange(start, end, { limit, after })),
      'events.astNode': async ({ session, astNodeId, limit, after }) =>
        paged(await (await this.storage(session)).queryAstNode(astNodeId, { limit, after })),
      'events.correlation': async ({ session, correlationId, limit, after }) =>
        paged(await (await this.storage(session)).queryCorrelation(correlationId, { limit, after })),
      'events.all': async ({ session, limit, after }) => paged(await (await this.storage(session)).queryAll({ limit, after })),
      'session.stats': async ({ session }) => ({ result: { ...(await (await this.storage(session)).getStats()) } }),
      'session.stateAt': async ({ session, t }) => ({ result: await (await this.storage(session)).reconstructStateAt(t) }),
      // A search scans the session: a cancelled one stops early instead of running to its end.
      'events.search': async ({ session, query, regex, ignoreCase, limit, after }, ctx) =>
        paged(await (await this.storage(session)).search(query, { regex, ignoreCase, limit, after, signal: ctx.signal })),
      'events.path': async ({ session, eventId }) => {
        const path = await (await this.storage(session)).traceExecutionPath(eventId);
        return pageReply(
          path,
          path.steps.map((s) => s.event),
        );
      },
      'events.step': async ({ session, from, direction, astNodeId, correlationId, pid }) => ({
        result: { event: await (await this.storage(session)).step(from, direction, { astNodeId, correlationId, pid }) },
      }),
      'session.activeAstNodes': async ({ session, start, end }) => ({
        result: await (await this.storage(session)).getActiveAstNodes(start, end),
      }),
      'session.stackAstNodes': async ({ session, t }) => ({ result: await (await this.storage(session)).getStackAstNodes(t) }),
      'session.spans': async ({ session, start, end, maxDepth, minWidth, lane }) => {
        const spans = await (await this.storage(session)).getSpans(start, end, { maxDepth, minWidth, lane });
        const columns = [spans.lane, spans.depth, spans.start, spans.end, spans.name, spans.node, spans.event, spans.count];
        return { result: spans, transfer: columns.map((c) => c.buffer as ArrayBuffer) };
      },
      'events.get': async ({ session, eventId }) => ({ result: { event: await (await this.storage(session)).getEvent(eventId) } }),
      'session.openSpans': async ({ session, t }) => ({ result: await (await this.storage(session)).getOpenSpans(t) }),
      ...compareHandlers((session) => this.storage(session)),
      ...alignHandlers((session) => this.storage(session)),
      'session.nodeTimes': async ({ session }) => ({ result: await (await this.storage(session)).getNodeTimes() }),
      'session.flows': async ({ session, sort, descending, offset, limit, match }) => ({
        result: await (await this.storage(session)).listFlows({ sort, descending, offset, limit: limit ?? 100, match: match ?? '' }),
      }),
      'session.extras': async ({ session }) => {
        const { ast, sources, bookmarks, link_count } = await (await this.storage(session)).getExtras({ links: false });
        return { result: { ast, sources, bookmarks: inTimeOrder(bookmarks), link_count } };
      },
      'session.links': async ({ session, eventIds }) => {
        const ids = new Set(eventIds.filter((x): x is string => typeof x === 'string'));
        const all = await this.linksOf(session);
        return { result: all.filter((l) => ids.has(l.from) || ids.has(l.to)) };
      },
      'session.addBookmark': async ({ session, timestamp, label, note }) => {
        const storage = await this.storage(session);
        await storage
          .addExtras({ bookmarks: [{ timestamp, label: label.slice(0, 200), ...(note ? { note: note.slice(0, NOTE_CHARS) } : {}) }] })
          .catch(orOutOfSpace('save the bookmark'));
        this.broadcast('bookmarks', session);
        return { result: { bookmarks: await this.bookmarksOf(storage) } };
      },
      'session.updateBookmark': async ({ session, id, label, note, remove }) => {
        const storage = await this.storage(session);
        const patch = remove ? null : { label: label?.slice(0, 200), note: note?.slice(0, NOTE_CHARS) };
        await storage
          .updateBookmark(id, patch)
          .catch(orOutOfSpace('save the bookmark'))
          .catch((err: Error) => {
            throw err instanceof OutOfSpaceError ? err : new HostError('invalid-input', err.message);
          });
        this.broadcast('bookmarks', session);
        return { result: { bookmarks: await this.bookmarksOf(storage) } };
      },
      'session.density': async ({ session, start, end, buckets, astNodeId, correlationId }) => {
        const counts = await (await this.storage(session)).getDensity(start, end, buckets, { astNodeId, correlationId });
        return { result: { counts }, transfer: [counts.buffer as ArrayBuffer] };
      },
      'import.begin': async (arg, ctx) => this.beginImport(arg, ctx),
      'import.chunk': async ({ importId, bytes }) => {
        const job = this.importJob(importId);
        if (job.failure) throw job.failure;
        await Promise.race([
          job.queue.push(new Uint8Array(bytes)),
          job.done.then(
            () => {},
            () => {},
          ),
        ]);
        if (job.failure) throw job.failure;
        return { result: { accepted: true as const } };
      },
      'import.end': async ({ importId }, ctx) => {
        const job = this.importJob(importId);
        // Cancelling this call cancels the import it is waiting for.
        ctx.signal.addEventListener('abort', () => job.controller.abort(), { once: true });
        job.queue.end();
        try {
          const r = await job.done;
          this.broadcast('imported', r.session);
          return {
            result: { session: r.session, format: r.format, events: r.events, skipped: r.skipped, messages: r.messages, notes: r.notes },
          };
        } finally {
          this.imports.delete(importId);
        }
      },
      'import.cancel': async ({ importId }) => {
        const job = this.imports.get(importId);
        if (!job) return { result: { cancelled: false } };
        job.controller.abort();
        job.queue.end();
        await job.done.catch(() => {});
        this.imports.delete(importId);
        return { result: { cancelled: true } };
      },
      'export.begin': async ({ session, format, range, astNodeId, correlationId }) => {
        const storage = await this.storage(session);
        const text =
          format === 'chrome'
            ? exportChromeText(storage, { range, astNodeId, correlationId })
            : exportNativeText(storage, { range, astNodeId, correlationId });
        const exportId = newId('export');
        this.exports.set(exportId, { storage, chunks: encodeText(text, format === 'cinema.gz')[Symbol.asyncIterator]() });
        return { result: { exportId } };
      },
      'export.next': async ({ exportId }) => {
        const job = this.exports.get(exportId);
        if (!job) throw new HostError('not-found', `no export "${exportId}"`);
        const next = await job.chunks.next();
        if (next.done) {
          this.exports.delete(exportId);
          return { result: { bytes: null } };
        }
        const bytes = ownBuffer(next.value);
        return { result: { bytes }, transfer: [bytes] };
      },
      'export.cancel': async ({ exportId }) => {
        const job = this.exports.get(exportId);
        if (!job) return { result: { cancelled: false } };
        this.exports.delete(exportId);
        await job.chunks.return?.();
        return { result: { cancelled: true } };
      },
    };
  }

  private importJob(importId: string): ImportJob {
    const job = this.imports.get(importId);
    if (!job) throw new HostError('not-found', `no import "${importId}"`);
    return job;
  }

  private async beginImport(arg: Requests['import.begin']['arg'], ctx: CallContext) {
    const importId = newId('import');
    await this.catalog; // abandoned imports are cleared before this one starts
    const job = startImportJob(
      arg,
      this.opts,
      {
        progress: (p, session) => ctx.push('import.progress', { importId, ...p, session }),
        opened: (id, storage) => this.importing.set(id, storage),
        settled: (id) => this.importing.delete(id),
      },
      this.opts.maxImportEvents,
    );
    this.imports.set(importId, job);
    return { result: { importId } };
  }
}
