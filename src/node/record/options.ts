// The recorder's options, as the `cinema record` command passes them to every Node process it
// starts (environment variables, so child processes and worker threads inherit them), and as a
// user sets them for `node --import cinema/record app.js`.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bufferProblem } from './ring';
import { DEFAULT_LIMITS, type SnapshotLimits } from './snapshot';

export interface RecordOptions {
  /** Where each process writes its part (set by `cinema record`); null: this process writes `out` itself. */
  dir: string | null;
  /** The recording to write when there is no `dir` (default recording-<time>.cinema.gz). */
  out: string;
  /** The recording's epoch: wall-clock nanoseconds, exact (decimal). */
  epoch: string | null;
  root: string;
  include: string[];
  exclude: string[];
  /** Events kept (the last ones: a flight recorder). */
  maxEvents: number;
  /** What the buffer may hold, in bytes (columns and value snapshots). */
  maxBytes: number;
  limits: SnapshotLimits;
  /** 'silent': the probes run but record nothing (what the inserted calls cost by themselves). */
  mode: 'record' | 'silent';
  cacheDir: string;
}

/**
 * Defaults: 2 million events in 256 MB, the project's own files. The columns take about 100 MB of
 * that (ring.ts COLUMN_BYTES an event), the values the rest.
 */
export const DEFAULT_MAX_EVENTS = 2_000_000;
export const DEFAULT_MAX_MB = 256;

const ENV = {
  dir: 'CINEMA_RECORD_DIR',
  out: 'CINEMA_RECORD_OUT',
  epoch: 'CINEMA_RECORD_EPOCH',
  root: 'CINEMA_RECORD_ROOT',
  include: 'CINEMA_RECORD_INCLUDE',
  exclude: 'CINEMA_RECORD_EXCLUDE',
  maxEvents: 'CINEMA_RECORD_MAX_EVENTS',
  maxMb: 'CINEMA_RECORD_MAX_MB',
  depth: 'CINEMA_RECORD_DEPTH',
  keys: 'CINEMA_RECORD_KEYS',
  chars: 'CINEMA_RECORD_CHARS',
  values: 'CINEMA_RECORD_VALUES',
  mode: 'CINEMA_RECORD_MODE',
  cache: 'CINEMA_RECORD_CACHE',
} as const;

export { ENV as RECORD_ENV };

/** A timestamped default name for a recording: recording-2026-11-30T23-59-01.cinema.gz. */
export function defaultRecordingName(now = new Date()): string {
  return `recording-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.cinema.gz`;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

function globs(text: string | undefined): string[] {
  if (!text) return [];
  return text.split('\n').filter((g) => g.trim() !== '');
}

/** Reads the options from the environment; throws with the variable's name when one is wrong. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RecordOptions {
  const root = resolve(env[ENV.root] ?? cwd);
  const mode = env[ENV.mode] ?? 'record';
  if (mode !== 'record' && mode !== 'silent') throw new Error(`${ENV.mode} must be "record" or "silent", got ${JSON.stringify(mode)}`);
  const maxEvents = positive(ENV.maxEvents, env[ENV.maxEvents], DEFAULT_MAX_EVENTS);
  const maxBytes = positive(ENV.maxMb, env[ENV.maxMb], DEFAULT_MAX_MB) * 1024 * 1024;
  const tooSmall = bufferProblem(maxEvents, maxBytes);
  if (tooSmall) throw new Error(`${tooSmall}: raise ${ENV.maxMb} or lower ${ENV.maxEvents}`);
  return {
    dir: env[ENV.dir] || null,
    out: resolve(cwd, env[ENV.out] || defaultRecordingName()),
    epoch: env[ENV.epoch] || null,
    root,
    include: globs(env[ENV.include]),
    exclude: globs(env[ENV.exclude]),
    maxEvents,
    maxBytes,
    limits: {
      depth: positive(ENV.depth, env[ENV.depth], DEFAULT_LIMITS.depth),
      keys: positive(ENV.keys, env[ENV.keys], DEFAULT_LIMITS.keys),
      chars: positive(ENV.chars, env[ENV.chars], DEFAULT_LIMITS.chars),
      values: positive(ENV.values, env[ENV.values], DEFAULT_LIMITS.values),
    },
    mode,
    cacheDir: env[ENV.cache] || join(tmpdir(), `cinema-record-cache-${process.getuid?.() ?? 'user'}`),
  };
}
