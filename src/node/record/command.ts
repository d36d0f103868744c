// `cinema record [options] -- COMMAND ARGS...`: runs the command with every Node process it starts
// recorded (the runtime is injected with `--import` through NODE_OPTIONS, as coverage tools do),
// then merges what each process left into one recording. The command's standard output, standard
// error and exit code pass through unchanged; one line on stderr says what was recorded and where.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wallClockNs } from './clock';
import { leaveSignal } from './interrupt';
import { mergeParts } from './merge';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MB, RECORD_ENV, defaultRecordingName } from './options';
import { bufferProblem } from './ring';
import { DEFAULT_LIMITS } from './snapshot';
import { newestSource } from './sources';
import { summaryLine } from './summary';

export const RECORD_HELP = `cinema record [options] -- COMMAND ARGS...
  Runs COMMAND (node app.js, npm test, npx tsx src/main.ts, ...) and records every Node process
  it starts, then writes one recording.
  --out FILE          where to write it (default recording-<time>.cinema.gz; .cinema for plain text)
  --include GLOB      record these files too (repeatable; e.g. "node_modules/marked/**")
  --exclude GLOB      do not record these (repeatable; e.g. "src/generated/**")
  --max-events N      keep the last N events of each process (default ${DEFAULT_MAX_EVENTS.toLocaleString('en-US')})
  --max-mb N          memory for them, per process, its threads together (default ${DEFAULT_MAX_MB})
  --depth N, --keys N, --chars N, --values N
                      how much of each value is kept: levels, properties of each object,
                      characters of each string, values in all (${DEFAULT_LIMITS.depth}, ${DEFAULT_LIMITS.keys}, ${DEFAULT_LIMITS.chars}, ${DEFAULT_LIMITS.values})
  --open              open the recording in Cinema when it is written
  --silent            run the inserted calls but keep nothing (what they cost on their own)
  By default the project's own files are recorded: those under the working directory, outside
  node_modules. A // cinema-ignore comment before a function leaves it out.`;

/** What the user asked for. */
export interface RecordRequest {
  out: string;
  include: string[];
  exclude: string[];
  env: Record<string, string>;
  open: boolean;
  command: string[];
}

/** Thrown for a command line that does not say what to run. */
export class RecordUsageError extends Error {}

const NUMERIC: Record<string, string> = {
  '--max-events': RECORD_ENV.maxEvents,
  '--max-mb': RECORD_ENV.maxMb,
  '--depth': RECORD_ENV.depth,
  '--keys': RECORD_ENV.keys,
  '--chars': RECORD_ENV.chars,
  '--values': RECORD_ENV.values,
};

/** Reads `cinema record`'s arguments (those after `record`). */
export function parseRecordArgs(args: string[], cwd = process.cwd()): RecordRequest {
  const req: RecordRequest = { out: resolve(cwd, defaultRecordingName()), include: [], exclude: [], env: {}, open: false, command: [] };
  let i = 0;
  const value = (flag: string) => {
    const v = args[++i];
    if (v === undefined || v === '--') throw new RecordUsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('--')) break;
    if (a === '--out') req.out = resolve(cwd, value(a));
    else if (a === '--include') req.include.push(value(a));
    else if (a === '--exclude') req.exclude.push(value(a));
    else if (a === '--open') req.open = true;
    else if (a === '--silent') req.env[RECORD_ENV.mode] = 'silent';
    else if (a in NUMERIC) {
      const v = value(a);
      if (!/^[1-9]\d*$/.test(v)) throw new RecordUsageError(`${a} takes a positive integer, got ${JSON.stringify(v)}`);
      req.env[NUMERIC[a]] = v;
    } else throw new RecordUsageError(`unknown option ${a}`);
  }
  const maxEvents = Number(req.env[RECORD_ENV.maxEvents] ?? DEFAULT_MAX_EVENTS);
  const maxMb = Number(req.env[RECORD_ENV.maxMb] ?? DEFAULT_MAX_MB);
  const tooSmall = bufferProblem(maxEvents, maxMb * 2 ** 20);
  if (tooSmall) throw new RecordUsageError(`${tooSmall}: raise --max-mb or lower --max-events`);
  req.command = args.slice(i);
  if (req.command.length === 0) throw new RecordUsageError('record needs a command to run, after --');
  if (!/\.cinema(\.gz)?$/.test(req.out)) throw new RecordUsageError(`--out must end in .cinema or .cinema.gz, got ${req.out}`);
  return req;
}

/**
 * Where the built runtime is (`npm run build:record` writes it; `npm install` runs that): beside
 * this code when it runs built (dist/record/), else in dist/record/ of the checkout.
 */
export function runtimeEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith('.ts') ? join(here, '../../../dist/record/register.mjs') : join(here, 'register.mjs');
}

/** Whether the build in dist/record/ (the tool, dist/record/cli.mjs, among it) is as new as every source it is built from. */
export function builtIsCurrent(): boolean {
  const entry = runtimeEntry();
  return existsSync(entry) && newestSource(join(dirname(entry), '../../src')) <= statSync(entry).mtimeMs;
}

/** The exit code a process killed by `signal` reports in a shell (128 + its number). */
function signalCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 1);
}

/** Runs the command recorded; resolves to the exit code to leave with. */
export async function record(req: RecordRequest, err: (s: string) => void, open: (file: string) => void): Promise<number> {
  const entry = runtimeEntry();
  if (!existsSync(entry)) throw new Error(`the recorder's runtime is not built (${entry}); run npm run build:record`);
  if (!builtIsCurrent()) {
    err('cinema record: the recorder was changed since it was built; run npm run build:record to record with the change\n');
  }
  const dir = mkdtempSync(join(tmpdir(), 'cinema-record-'));
  const epoch = wallClockNs().toString();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...req.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${JSON.stringify(pathToFileURL(entry).href)}`.trim(),
    [RECORD_ENV.dir]: dir,
    [RECORD_ENV.epoch]: epoch,
    [RECORD_ENV.root]: process.cwd(),
    [RECORD_ENV.include]: req.include.join('\n'),
    [RECORD_ENV.exclude]: req.exclude.join('\n'),
  };
  const child = spawn(req.command[0], req.command.slice(1), { stdio: 'inherit', env });
  // Ctrl+C reaches the command from the terminal; this process waits for it to end and writes.
  // A recorded process busy in its own code hears it through the folder (interrupt.ts).
  const interrupted = () => leaveSignal(dir, 'SIGINT');
  const forward = () => (leaveSignal(dir, 'SIGTERM'), child.kill('SIGTERM'));
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((done) => {
    child.on('error', (e) => {
      err(`cinema record: cannot run ${req.command[0]} (${(e as NodeJS.ErrnoException).code ?? e.message})\n`);
      done(127);
    });
    child.on('exit', (c, signal) => done(c ?? (signal ? signalCode(signal) : 1)));
  });
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', forward);
  try {
    const r = await mergeParts(dir, req.out, { epoch, name: req.command.join(' '), command: req.command });
    err(summaryLine(r) + '\n');
    if (req.open) open(req.out);
  } catch (e) {
    err(
      `cinema record: the recording could not be written to ${req.out} (${(e as Error).message}); the command's exit code is unchanged\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return code;
}
