// `node --import cinema/record app.js` (or NODE_OPTIONS, as `cinema record` sets it): records the
// process it is loaded into, and every worker thread it starts. It installs the runtime the
// rewritten files call, the loader hooks that rewrite the project's files, the roots of flows, and
// the writing of the recording when the process ends - normally, by process.exit(), by an
// uncaught exception, or by SIGINT or SIGTERM - so a crash is recorded up to the crash.
import { mkdtempSync, writeSync } from 'node:fs';
import module from 'node:module';
import vm from 'node:vm';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel, Worker, isMainThread, threadId } from 'node:worker_threads';
import { RUNTIME_GLOBAL } from '../../instrument/probes';
import { clockSince, wallClockNs } from './clock';
import { Budget } from './budget';
import { Ring } from './ring';
import { Flows } from './flows';
import { installCommonJsHook, installModuleHooks } from './hooks';
import { RECORD_ENV, type RecordOptions, optionsFromEnv } from './options';
import { pollForSignal } from './interrupt';
import { likeOriginal } from './like-original';
import { installRoots } from './roots';
import { installVmHook } from './vm-hook';
import { Runtime } from './runtime';
import { silentProbes } from './silent';
import { writeRecording } from './write';

/**
 * A recorded call takes more of the stack than a plain one (its probes' arguments, its try), so
 * recursion runs out about twice as soon: 5,700-5,900 levels of a one-line recursive function
 * against 13,400 without recording, 13,300 with --stack-size=2200 (which NODE_OPTIONS cannot carry).
 */
const STACK_HINT =
  'cinema record: the program ran out of stack; a recorded call takes up to about twice the stack of a plain one, so recursion ends about twice as soon: node --stack-size=2200 gives it room';

/** Whether an uncaught exception is V8's stack overflow (read without calling anything of the program's). */
function outOfStack(err: unknown): boolean {
  if (!(err instanceof RangeError)) return false;
  const message = Object.getOwnPropertyDescriptor(err, 'message');
  return message !== undefined && message.value === 'Maximum call stack size exceeded';
}

/**
 * Calls `write` as the process (or thread) emits 'exit', before its listeners run. A listener of
 * our own was lost to a program that calls process.removeAllListeners() (as some test setups do),
 * and with it the whole recording; Node emits 'exit' through process.emit, looked up by name.
 */
function writeAtExit(write: () => void): void {
  const emit = process.emit;
  const emitting = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'exit') write();
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
  // An own property of process (on its prototype, tsx's child process wrote no recording: not
  // found why): the one thing a program can see of it.
  process.emit = likeOriginal(emitting, emit) as typeof process.emit;
}

function warn(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing to tell
  }
}

/**
 * A worker thread ended by terminate() runs no exit handler: before the parent's terminate()
 * takes effect, the worker is asked (on a channel of this process) to write what it recorded. A
 * worker that does not answer within half a second (busy) is ended anyway; one that starts writing
 * is waited for. The parent's terminate() resolves as it would have.
 */
function flushOnTerminate(write: () => void): void {
  const name = `cinema-record-flush:${process.pid}`;
  if (!isMainThread) {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (e: MessageEvent) => {
      if ((e.data as { flush?: number })?.flush !== threadId) return;
      channel.postMessage({ flushing: threadId });
      write();
      channel.postMessage({ flushed: threadId });
    };
    (channel as unknown as { unref(): void }).unref();
    return;
  }
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = likeOriginal(function (this: Worker) {
    const tid = this.threadId;
    return new Promise<number>((resolve, reject) => {
      const channel = new BroadcastChannel(name);
      let timer: ReturnType<typeof setTimeout>;
      const go = () => {
        clearTimeout(timer);
        channel.close();
        terminate.call(this).then(resolve, reject);
      };
      timer = setTimeout(go, 500);
      channel.onmessage = (e: MessageEvent) => {
        const m = e.data as { flushing?: number; flushed?: number };
        if (m?.flushed === tid) go();
        else if (m?.flushing === tid) {
          clearTimeout(timer);
          timer = setTimeout(go, 60_000);
        }
      };
      channel.postMessage({ flush: tid });
    });
  }, terminate);
}

function start(): void {
  let opts: RecordOptions;
  try {
    opts = optionsFromEnv();
  } catch (err) {
    warn(`cinema record: ${(err as Error).message}; this process runs without recording`);
    return;
  }
  // A process started on its own (`node --import cinema/record`) owns its recording; one that
  // `cinema record` started (or a child of such) writes a part into its folder.
  // Silent probes write nothing, so they need no folder.
  const epoch = opts.epoch ?? wallClockNs().toString();
  const silent = opts.mode === 'silent';
  const dir = opts.dir ?? (isMainThread && !silent ? mkdtempSync(join(tmpdir(), 'cinema-record-')) : null);
  if (dir === null && !silent) return;
  // What this process's children and threads inherit: they write into the same folder and clock.
  process.env[RECORD_ENV.epoch] = epoch;
  if (dir !== null) process.env[RECORD_ENV.dir] = dir;

  const prefix = threadId === 0 ? `p${process.pid}` : `p${process.pid}.t${threadId}`;
  // The threads of a process share its --max-mb: each ring starts with a share and asks for more as it fills.
  const budget = silent || dir === null ? null : Budget.ofProcess(opts.maxBytes);
  const share = Ring.stepCost(opts.maxEvents, opts.maxBytes);
  const granted = budget !== null && budget.claim(share);
  if (budget !== null && !granted) {
    warn(
      `cinema record: thread ${threadId} of process ${process.pid} is not recorded: the ${opts.maxBytes / 2 ** 20} MB its process may record into (--max-mb) are held by its other threads; a larger --max-mb records more threads at once`,
    );
  }
  if (!granted || budget === null || dir === null) {
    (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = silentProbes();
  } else {
    let claimed = share;
    const more = () => budget.claim(share) && (claimed += share) > 0;
    const flows = new Flows(prefix);
    const rt = new Runtime({ capacity: opts.maxEvents, maxBytes: opts.maxBytes, limits: opts.limits, now: clockSince(epoch), more }, flows);
    (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = rt.probes();
    installRoots(flows, (flow, status) => rt.flowEnd(flow, status));
    process.on('uncaughtExceptionMonitor', (err, origin) => {
      rt.uncaught(err, origin);
      if (outOfStack(err)) warn(STACK_HINT);
    });
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeRecording(rt, opts, { epoch, dir, owner: opts.dir === null && isMainThread, warn });
      budget.release(claimed);
    };
    writeAtExit(write);
    flushOnTerminate(write);
    const onSignal = { SIGINT: () => {}, SIGTERM: () => {} };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      onSignal[signal] = () => {
        write();
        // Ours was the only listener: the signal ends the process, as it would have without us.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      if (isMainThread) process.once(signal, onSignal[signal]);
    }
    if (isMainThread && opts.dir !== null)
      pollForSignal(rt.ring, opts.dir, (signal) => {
        if (process.listeners(signal).length !== 1 || process.listeners(signal)[0] !== onSignal[signal]) return;
        process.off(signal, onSignal[signal]);
        onSignal[signal]();
      });
  }
  // Stack traces of rewritten files point at the original lines (their inline source maps).
  process.setSourceMapsEnabled(true);
  const scope = { root: opts.root, include: opts.include, exclude: opts.exclude, own: dirname(fileURLToPath(import.meta.url)) };
  installModuleHooks(module, scope, opts.cacheDir, import.meta.url);
  if (typeof (module as unknown as { registerHooks?: unknown }).registerHooks !== 'function')
    installCommonJsHook(module, scope, opts.cacheDir, warn);
  installVmHook(vm, scope, opts.cacheDir, warn);
}

start();
