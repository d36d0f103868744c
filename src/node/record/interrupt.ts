// Ctrl+C reaching a program busy in its own code. A signal's listener runs only when the event loop
// is free, so a recorded program stuck in a loop (the very program one records to see why it hangs)
// ignored Ctrl+C and SIGTERM until the loop ended, where without the recorder the signal ends it at
// once. `cinema record` also leaves the signal it got in its folder; the recorded process looks for
// it as its events go into the ring (every POLL_MS of the recording's time, one comparison an event
// otherwise) and, when the recorder's is the signal's only listener, writes its recording and ends
// by that signal, as it would have. A program with listeners of its own is left to them, as its
// own loop would leave it; `node --import cinema/record` alone has no folder to look in.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ring } from './ring';

/** The file in a recording's folder that names the signal `cinema record` got. */
const SIGNAL_FILE = 'signal';
const POLL_MS = 100;

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** `cinema record`'s side: leaves the signal it got where the recorded processes look. */
export function leaveSignal(dir: string, signal: StopSignal): void {
  try {
    writeFileSync(join(dir, SIGNAL_FILE), signal);
  } catch {
    // The folder is gone (the command ended meanwhile): nothing is listening.
  }
}

/** The recorded process's side: `stop` is called once, within POLL_MS of the signal being left. */
export function pollForSignal(ring: Ring, dir: string, stop: (signal: StopSignal) => void): void {
  const file = join(dir, SIGNAL_FILE);
  ring.tickAt = 0;
  ring.onTick = (ts) => {
    ring.tickAt = ts + POLL_MS * 1e6;
    if (!existsSync(file)) return false;
    const signal = readFileSync(file, 'utf8');
    if (signal !== 'SIGINT' && signal !== 'SIGTERM') return false;
    ring.tickAt = Infinity;
    stop(signal);
    return false;
  };
}
