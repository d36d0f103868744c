// `cinema`: record programs, and inspect, validate, convert and generate recordings, from the
// command line.
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeBase } from '../format/exact-time';
import { ChromeTraceWriter } from '../format/chrome-writer';
import { FormatError } from '../format/format-error';
import { astLine, bookmarkLine, eventLine, eventLineText, headerLine, linkLine, sourceLine } from '../format/native-writer';
import type { CinemaHeader } from '../format/spec';
import { demoRecordingLines } from '../demo/recording';
import { OutputFile } from './output-file';
import { RECORD_HELP, RecordUsageError, parseRecordArgs, record } from './record/command';
export { builtIsCurrent } from './record/command';
import { type OpenedRecording, openRecording } from './recording-file';

export const HELP = `cinema: record programs, and inspect, validate, convert and generate Cinema recordings

Usage:
  cinema record [options] -- COMMAND ARGS...
                                    runs COMMAND with every Node process it starts recorded (see
                                    cinema record --help); its output and exit code pass through
  cinema inspect FILE [--json]      what a recording holds: format, events, AST nodes, correlations,
                                    first and last timestamps (exact), top AST nodes
  cinema validate FILE              exit 0 when valid, else FILE:LINE:COL: message lines and exit 1
  cinema convert IN OUT [--lenient] any readable format to .cinema, .cinema.gz or Chrome JSON (.json),
                                    chosen by OUT's name; no OUT is left behind on failure
  cinema generate --events N [--seed S] [--out FILE]
                                    a deterministic demo recording (.cinema, or .cinema.gz by name);
                                    to standard output without --out

Formats read: .cinema and .cinema.gz (any name; gzip by its bytes), Cinema's one-document and
bare-array JSON forms, Chrome Trace Event JSON, OTLP/JSON traces (.json, .jsonl), speedscope.

Exit codes:
  0  done (validate: the file is valid)
  1  the input is not a valid recording (messages say where and what)
  2  the command line is wrong
  3  a file cannot be read or written
`;

class UsageError extends Error {}

/** Runs the tool; returns the exit code. `out` and `err` receive text. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(HELP);
      return cmd ? 0 : 2;
    }
    const flags = new Set(rest.filter((a) => a.startsWith('--')));
    const value = (name: string) => {
      const i = rest.indexOf(name);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    const positional = rest.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--events', '--seed', '--out'].includes(rest[i - 1])));
    switch (cmd) {
      case 'inspect':
        if (positional.length !== 1) throw new UsageError('inspect takes one FILE');
        return await inspect(positional[0], flags.has('--json'), out);
      case 'validate':
        if (positional.length !== 1) throw new UsageError('validate takes one FILE');
        return await validate(positional[0], out);
      case 'convert':
        if (positional.length !== 2) throw new UsageError('convert takes IN and OUT');
        return await convert(positional[0], positional[1], !flags.has('--lenient'), err);
      case 'record': {
        if (rest[0] === '--help' || rest[0] === '-h') {
          out(RECORD_HELP + '\n');
          return 0;
        }
        let req;
        try {
          req = parseRecordArgs(rest);
        } catch (e) {
          if (e instanceof RecordUsageError) throw new UsageError(e.message);
          throw e;
        }
        return await record(req, err, openInApp);
      }
      case 'generate': {
        const events = Number(value('--events'));
        const seed = value('--seed') === undefined ? 1 : Number(value('--seed'));
        if (!Number.isSafeInteger(events) || events < 1) throw new UsageError('generate needs --events N, a positive integer');
        if (!Number.isSafeInteger(seed)) throw new UsageError('--seed takes an integer');
        return await generate(events, seed, value('--out'), out);
      }
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`cinema: ${e.message} (cinema --help)\n`);
      return 2;
    }
    if (e instanceof FormatError) {
      err(`${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      err(`cinema: ${(e as Error).message}\n`);
      return 3;
    }
    err(`cinema: ${(e as Error).message}\n`);
    return 1;
  }
}

const base = (path: string) => path.split('/').pop() ?? path;

/** Opens a recording in the app (`npm start FILE` in this checkout), as `cinema record --open` asks. */
function openInApp(file: string): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  spawnSync('npm', ['start', '--', file], { cwd: root, stdio: 'inherit' });
}

async function inspect(path: string, json: boolean, out: (s: string) => void): Promise<number> {
  const rec = await openRecording(path, base(path));
  let events = 0;
  let ast = 0;
  let min = Infinity;
  let max = -Infinity;
  const correlations = new Set<string>();
  const perNode = new Map<string, number>();
  await rec.records((batch) => {
    for (const r of batch) {
      if (r.kind === 'ast') ast++;
      if (r.kind !== 'event') continue;
      events++;
      if (r.timestamp < min) min = r.timestamp;
      if (r.timestamp > max) max = r.timestamp;
      if (r.correlation_id !== null) correlations.add(r.correlation_id);
      if (r.ast_node_id !== null) perNode.set(r.ast_node_id, (perNode.get(r.ast_node_id) ?? 0) + 1);
    }
  });
  const tb = new TimeBase(rec.header.epoch);
  const report = {
    file: path,
    format: rec.format,
    name: rec.header.name ?? null,
    time_unit: rec.header.time_unit,
    events,
    ast_nodes: ast,
    correlations: correlations.size,
    first_timestamp: events > 0 ? tb.restore(min) : null,
    last_timestamp: events > 0 ? tb.restore(max) : null,
    top_ast_nodes: [...perNode]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([id, n]) => ({ id, events: n })),
    notes: rec.notes,
  };
  if (json) out(JSON.stringify(report) + '\n');
  else {
    out(`${report.file}: ${report.format}${report.name ? ` "${report.name}"` : ''}, time unit ${report.time_unit}\n`);
    out(`  events ${events}, AST nodes ${ast}, correlations ${correlations.size}\n`);
    out(`  first ${report.first_timestamp ?? '-'}, last ${report.last_timestamp ?? '-'}\n`);
    for (const { id, events: n } of report.top_ast_nodes) out(`  ${String(n).padStart(8)}  ${id}\n`);
    for (const note of rec.notes) out(`  note: ${note}\n`);
  }
  return 0;
}

async function validate(path: string, out: (s: string) => void): Promise<number> {
  let rec: OpenedRecording;
  try {
    rec = await openRecording(path, path, false);
    await rec.records(() => {});
  } catch (e) {
    if (e instanceof FormatError) {
      out(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { skipped, messages } = rec.problems();
  for (const m of messages) out(`${m}\n`);
  if (skipped > messages.length) out(`${path}: ${skipped - messages.length} more problem(s) not shown\n`);
  return skipped > 0 ? 1 : 0;
}

async function convert(inPath: string, outPath: string, strict: boolean, err: (s: string) => void): Promise<number> {
  const toChrome = /\.json$/i.test(outPath);
  if (!toChrome && !/\.cinema(\.gz)?$/i.test(outPath))
    throw new UsageError(`OUT must end in .cinema, .cinema.gz or .json (Chrome trace), got ${outPath}`);
  const rec = await openRecording(inPath, base(inPath), strict);
  const file = new OutputFile(outPath);
  try {
    const tb = new TimeBase(rec.header.epoch);
    const unit = rec.header.time_unit as 'ns' | 'us' | 'ms';
    if (toChrome) {
      const w = new ChromeTraceWriter(unit, rec.header.name ?? base(inPath));
      await file.write(w.begin());
      await rec.records(async (batch) => {
        const text: string[] = [];
        for (const r of batch) {
          if (r.kind === 'event') text.push(w.event(r));
          else if (r.kind === 'link') w.link(r.from, r.to);
        }
        if (text.length > 0) await file.write(text.join(''));
      });
      await file.write(w.end());
    } else await writeCinema(rec, file, tb, `${outPath}.lines-${process.pid}`);
    const { skipped, messages } = rec.problems();
    for (const m of messages) err(`${m}\n`);
    if (skipped > messages.length) err(`${base(inPath)}: ${skipped - messages.length} more skipped record(s) not shown\n`);
    await file.commit();
    return 0;
  } catch (e) {
    await file.abort();
    throw e;
  }
}

/**
 * Writes a recording as .cinema lines: the header first. A streamed Chrome trace's header is
 * complete only at its end (process and thread names), so its lines wait in a file beside OUT.
 */
async function writeCinema(rec: OpenedRecording, file: OutputFile, tb: TimeBase, aside: string): Promise<void> {
  const header = () => headerLine({ ...rec.header, format: 'cinema-session', version: 1 } as unknown as CinemaHeader) + '\n';
  if (!rec.headerAtEnd) await file.write(header());
  const body = rec.headerAtEnd ? new OutputFile(aside, { gzip: false }) : null;
  const out = body ?? file;
  let kept = false;
  try {
    await rec.records(async (batch) => {
      const text = batch.map((r) => {
        // A streamed reader gives a payload's JSON text where it is exact: it is not made twice.
        if (r.kind === 'event') return r.json !== undefined ? eventLineText(r, r.id ?? null, r.json, tb) : eventLine(r, tb);
        if (r.kind === 'ast') return astLine(r);
        if (r.kind === 'source') return sourceLine(r);
        if (r.kind === 'link') return linkLine(r);
        return bookmarkLine(r, tb);
      });
      if (text.length > 0) await out.write(text.join('\n') + '\n');
    });
    if (!body) return;
    await body.commit();
    kept = true;
    await file.write(header());
    for await (const chunk of createReadStream(aside)) await file.write(chunk as Buffer);
  } finally {
    if (body && !kept) await body.abort();
    if (kept) await rm(aside, { force: true });
  }
}

async function generate(events: number, seed: number, outPath: string | undefined, out: (s: string) => void): Promise<number> {
  if (!outPath) {
    for (const line of demoRecordingLines({ events, seed })) out(line + '\n');
    return 0;
  }
  const file = new OutputFile(outPath);
  try {
    let batch: string[] = [];
    for (const line of demoRecordingLines({ events, seed })) {
      batch.push(line);
      if (batch.length >= 2048) {
        await file.write(batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length > 0) await file.write(batch.join('\n') + '\n');
    await file.commit();
    return 0;
  } catch (e) {
    await file.abort();
    throw e;
  }
}
