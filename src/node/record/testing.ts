// Recording the fixture programs (fixtures/programs/) for the recorder's tests, as a user would:
// `cinema record --out FILE -- COMMAND` in the program's folder, then reading the recording back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const root = resolve(fileURLToPath(import.meta.url), '../../../..');

/** An event as the tests read it: its payload's fields by name. */
export interface RecordedEvent {
  timestamp: number;
  ast_node_id: string | null;
  correlation_id: string | null;
  data: Record<string, unknown> & { type: string; function?: string; value?: unknown; return?: unknown; exception?: { message?: string } };
}

export interface Recorded {
  dir: string;
  status: number | null;
  stdout: string;
  stderr: string;
  header: Record<string, unknown> | null;
  events: RecordedEvent[];
  ast: Array<{ id: string; type: string; name: string; parent_id: string | null; file: string; span: Record<string, number> }>;
  sources: Array<{ file: string; text: string }>;
}

/** Runs `cinema record` on a fixture program; `args` go before the command (options). */
export function recordProgram(
  program: string,
  command: string[],
  opts: { out?: string; args?: string[]; env?: Record<string, string> } = {},
): Recorded {
  const dir = join(root, 'fixtures/programs', program);
  const out = opts.out ?? join(mkdtempSync(join(tmpdir(), 'cinema-rec-')), `${program}.cinema`);
  const r = spawnSync(process.execPath, [join(root, 'bin/cinema.js'), 'record', '--out', out, ...(opts.args ?? []), '--', ...command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    timeout: 120_000,
  });
  return readRecording(out, { dir, status: r.status, stdout: r.stdout, stderr: r.stderr });
}

/** A recording read back (a missing file reads as empty), with how its run went. */
export function readRecording(out: string, run: Pick<Recorded, 'dir' | 'status' | 'stdout' | 'stderr'>): Recorded {
  const rec: Recorded = { ...run, header: null, events: [], ast: [], sources: [] };
  if (!existsSync(out)) return rec;
  const bytes = readFileSync(out);
  const text = out.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    if (record.format === 'cinema-session') rec.header = record;
    else if (record.kind === 'event') rec.events.push(record as unknown as RecordedEvent);
    else if (record.kind === 'ast') rec.ast.push(record as unknown as Recorded['ast'][number]);
    else if (record.kind === 'source') rec.sources.push(record as unknown as Recorded['sources'][number]);
  }
  return rec;
}
