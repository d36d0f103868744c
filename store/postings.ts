// Posting lists: for each AST node id and each correlation id, the events that carry it, as packed
// pointers (block * 256 + offset) in arrival order. A pointer names exactly where the event is, so
// an id lookup reads only the blocks that hold its events, and a page reads only that page's blocks.
// Lists are cut into chunks of 512 pointers (2 KiB): each write batch rewrites only the last chunk
// of each id it touches, which keeps that rewrite small for ids with thousands of events.
import { BLOCK_EVENTS } from './block';
import { IdKind } from './schema';

/** Pointers per posting chunk. */
export const CHUNK_POINTERS = 512;

/** Packs a block number and an offset into one pointer. */
export function packPointer(block: number, offset: number): number {
  return block * BLOCK_EVENTS + offset;
}

/** The block number of a pointer. */
export function pointerBlock(p: number): number {
  return Math.floor(p / BLOCK_EVENTS);
}

/** The offset within its block of a pointer. */
export function pointerOffset(p: number): number {
  return p % BLOCK_EVENTS;
}

/** What the writer knows of one id's list: its last chunk's number and contents. */
export interface PostingTail {
  chunk: number;
  pointers: Uint32Array;
}

/** Map key for an id of a kind (AST and correlation ids live in one map). */
export function tailKey(kind: IdKind, id: string): string {
  return (kind === IdKind.Ast ? 'a:' : 'c:') + id;
}

/**
 * Appends pointers to an id's list without touching the current tail (the batch may still fail):
 * returns the chunks to write and the tail to keep once the write commits.
 */
export function appendPointers(tail: PostingTail | undefined, add: number[]): { writes: Array<[number, Uint32Array]>; tail: PostingTail } {
  let chunk = tail ? tail.chunk : 0;
  let current: number[] = tail ? Array.from(tail.pointers) : [];
  const writes: Array<[number, Uint32Array]> = [];
  for (const p of add) {
    if (current.length >= CHUNK_POINTERS) {
      writes.push([chunk, Uint32Array.from(current)]);
      chunk += 1;
      current = [];
    }
    current.push(p);
  }
  const last = Uint32Array.from(current);
  writes.push([chunk, last]);
  return { writes, tail: { chunk, pointers: last } };
}
