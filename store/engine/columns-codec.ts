// A block's time columns as stored. In memory they are two Float64Arrays (exact for any safe
// integer); on disk most blocks need far less: their timestamps ascend in small steps and their
// arrival numbers count up by one. Stored so, a block's columns take ~16 KB instead of 64, below
// Chromium's ~64 KiB limit past which IndexedDB keeps a value in a file of its own, and opening a
// session reads a quarter of the bytes (160 MB of columns at 10M events as doubles).
import type { BlockIndexRecord, StoredBlockIndex } from './schema';

/** The stored form of `r`: each column as compact as its values allow, exact either way. */
export function encodeColumns(r: BlockIndexRecord): StoredBlockIndex {
  const { no, n, base, bytes } = r;
  return { no, n, base, bytes, ...encodeTimes(r.ts), ...encodeSeqs(r.seq) };
}

/** The in-memory record of a stored one (either form: blocks written before 2026-12-02 are doubles). */
export function decodeColumns(s: StoredBlockIndex): BlockIndexRecord {
  const { no, n, base, bytes } = s;
  return { no, n, base, bytes, ts: decodeTimes(s), seq: decodeSeqs(s) };
}

/** Timestamps as steps from the one before (Uint32Array, the first from ts0) while they ascend in steps below 2^32. */
function encodeTimes(ts: Float64Array): Pick<StoredBlockIndex, 'ts' | 'ts0'> {
  if (ts.length === 0) return { ts };
  const steps = new Uint32Array(ts.length);
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i] - ts[i - 1];
    if (!(d >= 0 && d <= 0xffffffff)) return { ts }; // the put copies it
    steps[i] = d;
  }
  return { ts: steps, ts0: ts[0] };
}

function decodeTimes(s: StoredBlockIndex): Float64Array {
  if (s.ts instanceof Float64Array) return s.ts;
  const out = new Float64Array(s.ts.length);
  let t = s.ts0!;
  for (let i = 0; i < out.length; i++) out[i] = t += s.ts[i];
  return out;
}

/** Arrival numbers as the first alone when they count up by one (an import in time order), else as they are. */
function encodeSeqs(seq: Float64Array): Pick<StoredBlockIndex, 'seq' | 'seq0'> {
  for (let i = 1; i < seq.length; i++) if (seq[i] !== seq[0] + i) return { seq };
  return seq.length === 0 ? { seq: new Float64Array(0) } : { seq: null, seq0: seq[0] };
}

function decodeSeqs(s: StoredBlockIndex): Float64Array {
  if (s.seq !== null) return s.seq;
  const out = new Float64Array(s.ts.length);
  for (let i = 0; i < out.length; i++) out[i] = s.seq0! + i;
  return out;
}
