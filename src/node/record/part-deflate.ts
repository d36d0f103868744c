// A part's lines, compressed as they are written: raw deflate ended by a sync flush per block, so
// the merge can join parts into a gzip file without decompressing them (merge.ts), with the CRC-32
// and length of what was compressed. A large part is compressed by a worker thread while this
// thread goes on encoding (deflate-worker.ts); a small one, or one whose worker cannot start, is
// compressed here, in the same blocks.
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import {
  CONTROL_BYTES,
  Ctl,
  type DeflateWorkerData,
  deflateBlock,
  MESSAGE_AT,
  SHARED_BYTES,
  SLOTS,
  SLOTS_AT,
  SLOT_BYTES,
  TOTALS_AT,
  Totals,
} from './deflate-shared';
import { RECORD_ENV } from './options';

/** What a part's compressed lines hold: the merge checks it, and joins CRCs with it. */
export interface DeflatedSummary {
  crc: number;
  /** Bytes before compression and after. */
  raw: number;
  deflated: number;
}

/** The fastest level: a recording is written while its user waits. */
const LEVEL = 1;
/** Below this many bytes expected (~80,000 events), a worker's start (35-70 ms here) costs more than it saves. */
const WORKER_FROM_BYTES = 16 << 20;
/** How long the writer waits for the worker to start, and then for it to free a slot, before it gives up on the part. */
const START_MS = 10_000;
const STALL_MS = 60_000;

export interface PartDeflater {
  /** A buffer to write the next lines into: handed back to write() as it is, it is compressed without a copy. */
  room(): Buffer;
  /** Compresses `bytes`: the start of the last room() given, or any other bytes (copied). */
  write(bytes: Uint8Array): void;
  /** Waits for everything to be compressed and written. */
  end(): DeflatedSummary;
}

/** A deflater appending to `fd`; `expected` (bytes) decides whether a worker compresses. */
export function partDeflater(fd: number, expected: number, workerUrl: URL | null): PartDeflater {
  const slots = (workerUrl !== null && expected >= WORKER_FROM_BYTES ? workerSlots(fd, workerUrl) : null) ?? ownSlot(fd);
  return over(slots);
}

/** Where blocks are filled and who compresses them. */
interface Slots {
  /** A slot free to fill (waiting for one if need be): SLOT_BYTES long. */
  free(): Buffer;
  /** The slot free() gave last, filled with `n` bytes, to be compressed in its turn. */
  hand(n: number): void;
  /** Waits for every slot handed over to be compressed and written. */
  end(): DeflatedSummary;
}

/**
 * Lines written into slots: in place (LineBytes writes into room() and hands that back) or copied
 * (a line longer than a slot had a buffer of its own), each slot handed over as it fills.
 */
function over(slots: Slots): PartDeflater {
  let slot: Buffer | null = null;
  let at = 0;
  const hand = () => {
    slots.hand(at);
    slot = null;
    at = 0;
  };
  return {
    room() {
      if (at > 0) hand(); // bytes copied in before: compressed first, to keep the order
      return (slot ??= slots.free());
    },
    write(bytes) {
      if (slot !== null && at === 0 && bytes.buffer === slot.buffer && bytes.byteOffset === slot.byteOffset) {
        at = bytes.length; // written in place
        if (at > 0) hand();
        return;
      }
      for (let from = 0; from < bytes.length;) {
        const into: Buffer = (slot ??= slots.free());
        const n = Math.min(bytes.length - from, SLOT_BYTES - at);
        into.set(bytes.subarray(from, from + n), at);
        at += n;
        from += n;
        if (at === SLOT_BYTES) hand();
      }
    },
    end() {
      if (at > 0) hand();
      return slots.end();
    },
  };
}

/** One block of the writer's own, compressed on this thread as it is handed over. */
function ownSlot(fd: number): Slots {
  const block = Buffer.allocUnsafe(SLOT_BYTES);
  const sum: DeflatedSummary = { crc: 0, raw: 0, deflated: 0 };
  return {
    free: () => block,
    hand(n) {
      const bytes = block.subarray(0, n);
      sum.deflated += deflateBlock(fd, bytes, LEVEL);
      sum.crc = zlib.crc32(bytes, sum.crc);
      sum.raw += n;
    },
    end: () => sum,
  };
}

/** Slots of shared memory that a worker thread compresses in turn; null when the thread cannot be had. */
function workerSlots(fd: number, url: URL): Slots | null {
  let shared: SharedArrayBuffer;
  try {
    shared = new SharedArrayBuffer(SHARED_BYTES);
    const env = { ...process.env };
    // The worker is the recorder's own: it must not record itself (register.ts records only where a
    // folder is set; the process's --import loads it in every worker started from a file).
    delete env[RECORD_ENV.dir];
    const data: DeflateWorkerData = { shared, fd, level: LEVEL };
    new Worker(url, { workerData: data, env, execArgv: [], stdout: false, stderr: false }).unref();
  } catch {
    return null; // no memory to share, no thread to start: compressed here instead
  }
  const ctl = new Int32Array(shared, 0, CONTROL_BYTES / 4);
  const slotAt = (n: number) => SLOTS_AT + n * SLOT_BYTES;
  let slot = 0;
  const failed = () => {
    const n = ctl[Ctl.ErrorLength];
    return new Error(`compressing the part failed (${Buffer.from(new Uint8Array(shared, MESSAGE_AT, n)).toString()})`);
  };
  /** Waits until `index` holds something other than `value`, or the worker ended. */
  const waitWhile = (index: number, value: number) => {
    for (let waited = 0; Atomics.load(ctl, index) === value; waited += 100) {
      if (Atomics.load(ctl, Ctl.Finished) === 2) throw failed();
      if (waited >= START_MS && Atomics.load(ctl, Ctl.Started) === 0)
        throw new Error(`the thread that compresses the part did not start in ${START_MS / 1000} s`);
      if (waited >= STALL_MS) throw new Error(`compressing the part stalled for ${STALL_MS / 1000} s`);
      Atomics.wait(ctl, index, value, 100);
    }
  };
  // The CRC and length of what is handed over are counted here: compressing is the slower half
  // (~0.7 s against encoding's ~0.6 for a recorded render), so the CRC's ~0.1 s goes on this side.
  let crc = 0;
  let raw = 0;
  return {
    free() {
      waitWhile(Ctl.State + slot, 1); // the slot is still being compressed
      return Buffer.from(shared, slotAt(slot), SLOT_BYTES);
    },
    hand(n) {
      crc = zlib.crc32(new Uint8Array(shared, slotAt(slot), n), crc);
      raw += n;
      ctl[Ctl.Length + slot] = n;
      Atomics.store(ctl, Ctl.State + slot, 1);
      Atomics.notify(ctl, Ctl.State + slot);
      slot = (slot + 1) % SLOTS;
    },
    end() {
      Atomics.store(ctl, Ctl.Done, 1);
      for (let s = 0; s < SLOTS; s++) Atomics.notify(ctl, Ctl.State + s);
      waitWhile(Ctl.Finished, 0);
      if (ctl[Ctl.Finished] === 2) throw failed();
      return { crc, raw, deflated: new Float64Array(shared, TOTALS_AT, Totals.Count)[Totals.Deflated] };
    },
  };
}
