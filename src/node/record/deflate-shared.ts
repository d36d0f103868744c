// What a process's writer and its deflate worker share when a part is written (part-deflate.ts,
// deflate-worker.ts): slots of bytes handed over in turn, and a control array. Both sides wait
// with Atomics, since the writer runs in an exit handler where no event loop turns.
import { writeSync } from 'node:fs';
import zlib from 'node:zlib';

/** Bytes a slot holds: a deflate block of a recording's lines compresses as well as a whole stream, near enough. */
export const SLOT_BYTES = 4 << 20;
export const SLOTS = 3;

/** Int32 indexes of the control array. */
export const enum Ctl {
  /** Per slot (SLOTS of them from here): 0 empty, 1 filled. */
  State = 0,
  /** Per slot: how many bytes it holds. */
  Length = SLOTS,
  /** Set by the writer: no more slots will be filled. */
  Done = 2 * SLOTS,
  /** Set by the worker as it starts. */
  Started,
  /** Set by the worker: 1 once it has written everything, 2 if it failed (its message follows). */
  Finished,
  /** A failure message's length in bytes (the message itself is at MESSAGE_AT). */
  ErrorLength,
  Count,
}

/** Float64 indexes after the Int32 control words: the compressed length, past 2^31 in a long run. */
export const enum Totals {
  Deflated = 0,
  Count,
}

/** The shared memory's layout: control words, totals, an error message, then the slots. */
export const CONTROL_BYTES = Ctl.Count * 4;
export const TOTALS_AT = Math.ceil(CONTROL_BYTES / 8) * 8;
export const MESSAGE_AT = TOTALS_AT + Totals.Count * 8;
export const MESSAGE_BYTES = 1024;
export const SLOTS_AT = MESSAGE_AT + MESSAGE_BYTES;
export const SHARED_BYTES = SLOTS_AT + SLOTS * SLOT_BYTES;

export interface DeflateWorkerData {
  shared: SharedArrayBuffer;
  /** The part file's descriptor, opened by the writer; the worker appends to it. */
  fd: number;
  level: number;
}

/**
 * Compresses one block as raw deflate ended by a sync flush (so blocks, and parts, join into one
 * stream) and appends it to `fd`; returns the compressed length.
 */
export function deflateBlock(fd: number, bytes: Uint8Array, level: number): number {
  // memLevel 9 (zlib's most hash memory, 256 KB more than its default) compressed a recording's
  // lines ~3% faster, and no larger.
  const out = zlib.deflateRawSync(bytes, { level, memLevel: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 });
  for (let at = 0; at < out.length;) at += writeSync(fd, out, at, out.length - at);
  return out.length;
}
