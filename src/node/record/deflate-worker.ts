// The thread that compresses a part as its process's writer encodes it (part-deflate.ts): it takes
// each filled slot in turn, deflates it (raw deflate, ended by a sync flush, so parts join into one
// gzip stream without being decompressed), appends it to the part file and hands the slot back.
// Encoding and compressing each took about as long as the other for a recorded render; side by
// side on two cores they take the time of one.
import { workerData } from 'node:worker_threads';
import {
  CONTROL_BYTES,
  Ctl,
  type DeflateWorkerData,
  deflateBlock,
  MESSAGE_AT,
  MESSAGE_BYTES,
  SLOTS,
  SLOTS_AT,
  SLOT_BYTES,
  TOTALS_AT,
  Totals,
} from './deflate-shared';

const { shared, fd, level } = workerData as DeflateWorkerData;
const ctl = new Int32Array(shared, 0, CONTROL_BYTES / 4);
const totals = new Float64Array(shared, TOTALS_AT, Totals.Count);

function run(): void {
  Atomics.store(ctl, Ctl.Started, 1);
  for (let slot = 0; ; slot = (slot + 1) % SLOTS) {
    // Filled, or nothing more to come: the writer fills slots in the same turn as this reads them.
    while (Atomics.load(ctl, Ctl.State + slot) === 0) {
      if (Atomics.load(ctl, Ctl.Done) === 1 && Atomics.load(ctl, Ctl.State + slot) === 0) return;
      Atomics.wait(ctl, Ctl.State + slot, 0, 100);
    }
    const bytes = new Uint8Array(shared, SLOTS_AT + slot * SLOT_BYTES, ctl[Ctl.Length + slot]);
    totals[Totals.Deflated] += deflateBlock(fd, bytes, level);
    Atomics.store(ctl, Ctl.State + slot, 0);
    Atomics.notify(ctl, Ctl.State + slot);
  }
}

try {
  run();
  Atomics.store(ctl, Ctl.Finished, 1);
} catch (err) {
  const message = Buffer.from(String((err as Error)?.message ?? err)).subarray(0, MESSAGE_BYTES);
  new Uint8Array(shared, MESSAGE_AT, MESSAGE_BYTES).set(message);
  ctl[Ctl.ErrorLength] = message.length;
  Atomics.store(ctl, Ctl.Finished, 2);
}
Atomics.notify(ctl, Ctl.Finished);
