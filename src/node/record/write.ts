// Writing what a process recorded, as it ends (synchronously: the exit handler cannot wait). Every
// process and thread writes its part into the recording's folder; a process that owns its
// recording (started on its own with --import) then merges the folder into the recording file in
// a child process, since merging and compressing are asynchronous. Nothing here may change how the
// program ends: a recording that cannot be written is reported in one line, and that is all.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { TimeBase } from '../../format/exact-time';
import type { InstrumentedNode } from '../../instrument/probes';
import { encodeEvents } from './encode';
import type { RecordOptions } from './options';
import { writePart } from './part';
import type { Runtime } from './runtime';
import { type CacheEntry, readCache } from './transform';

export interface WriteContext {
  epoch: string;
  dir: string;
  /** This process merges the folder into `opts.out` itself. */
  owner: boolean;
  warn(line: string): void;
}

/** A lookup from global node numbers to the rewritten files' tables. */
export function nodeLookup(rt: Runtime, cacheDir: string): (global: number) => { node: InstrumentedNode; file: string } | null {
  const entries: Array<{ base: number; count: number; entry: CacheEntry | null }> = rt.modules.map((m) => ({
    ...m,
    entry: readCache(cacheDir, m.key),
  }));
  return (global) => {
    for (const m of entries) {
      if (global >= m.base && global < m.base + m.count && m.entry) {
        const node = m.entry.nodes[global - m.base];
        return node ? { node, file: m.entry.file } : null;
      }
    }
    return null;
  };
}

/** About what an event line takes (a recorded render's averaged ~300 bytes): whether a thread compresses the part. */
const BYTES_PER_EVENT = 200;

/** The compressing thread's script, built beside this code (none when this runs from the sources, as in unit tests). */
function deflateWorker(): URL | null {
  const url = new URL('./deflate-worker.mjs', import.meta.url);
  return existsSync(url) ? url : null;
}

export function writeRecording(rt: Runtime, opts: RecordOptions, ctx: WriteContext): void {
  rt.stop();
  try {
    const node = nodeLookup(rt, opts.cacheDir);
    const path = join(ctx.dir, `${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 8)}.part`);
    writePart(
      path,
      {
        format: 'cinema-record-part',
        version: 2,
        pid: process.pid,
        tid: threadId,
        argv: process.argv,
        root: opts.root,
        epoch: ctx.epoch,
        cacheDir: opts.cacheDir,
        modules: rt.modules,
        events: rt.ring.length,
        dropped: rt.ring.dropped,
      },
      (out) => encodeEvents(rt, { pid: process.pid, tid: threadId, base: new TimeBase(ctx.epoch), chars: opts.limits.chars, node }, out),
      { expected: rt.ring.length * BYTES_PER_EVENT, worker: deflateWorker() },
    );
    if (ctx.owner) mergeInChild(ctx, opts);
  } catch (err) {
    ctx.warn(`cinema record: the recording could not be written (${(err as Error).message}); the program's own result is unchanged`);
  }
}

/** Merges the folder into the recording in a child Node (without the recorder), then removes it. */
function mergeInChild(ctx: WriteContext, opts: RecordOptions): void {
  const script = fileURLToPath(new URL('./merge-cli.mjs', import.meta.url));
  if (!existsSync(script)) throw new Error(`the merge script is missing (${script}); run npm run build:record`);
  const env = { ...process.env, NODE_OPTIONS: '' };
  const r = spawnSync(process.execPath, [script, ctx.dir, opts.out, ctx.epoch, process.argv.slice(1).join(' ')], { env, encoding: 'utf8' });
  if (r.stderr) ctx.warn(r.stderr.trimEnd());
  rmSync(ctx.dir, { recursive: true, force: true });
}
