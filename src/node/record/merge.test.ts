// Merging the parts each process and thread left into one recording, in time order.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeParts } from './merge';
import { NOTHING_REWRITTEN, summaryLine } from './summary';
import { type PartMeta, endPath, offsetsPath, writePart } from './part';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'cinema-merge-test-'));
  dirs.push(d);
  return d;
}

const meta = (pid: number, events: number): PartMeta => ({
  format: 'cinema-record-part',
  version: 2,
  pid,
  tid: 0,
  argv: ['node'],
  root: '/',
  epoch: '0',
  cacheDir: '/nonexistent',
  modules: [],
  events,
  dropped: 0,
});

/** A part of `offsets.length` events; each line names its part and offset. */
function part(dir: string, name: string, pid: number, offsets: number[], argv = ['node']): string {
  const path = join(dir, `${name}.part`);
  writePart(path, { ...meta(pid, offsets.length), argv }, (out) => {
    for (const offset of offsets) {
      const line = JSON.stringify({ kind: 'event', part: name, offset });
      out.begin(3 * line.length + 1);
      out.utf8(line);
      out.end(offset);
    }
  });
  return path;
}

/** The merged recording's event lines, as [part, offset]. */
function events(file: string): Array<[string, number]> {
  const bytes = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.includes('"kind":"event"'))
    .map((l) => {
      const e = JSON.parse(l) as { part: string; offset: number };
      return [e.part, e.offset];
    });
}

const header = { epoch: '0', name: 'test', command: ['node'] };

describe('merging parts', () => {
  it('interleaves the parts by offset, across chunk boundaries, and counts every event', async () => {
    const dir = folder();
    // 200,000 events a part: several read chunks each; a and b alternate line by line, then a runs
    // alone for a while, then c comes after both.
    const n = 200_000;
    part(
      dir,
      'a',
      1,
      Array.from({ length: n }, (_, i) => i * 3),
    );
    part(
      dir,
      'b',
      2,
      Array.from({ length: n }, (_, i) => i * 3 + 1 + (i >= n / 2 ? 100_000 : 0)),
    );
    part(
      dir,
      'c',
      3,
      Array.from({ length: n }, (_, i) => 1_000_000 + i),
    );
    const out = join(dir, 'all.cinema.gz');
    const r = await mergeParts(dir, out, header);
    expect(r).toMatchObject({ events: 3 * n, processes: 3, threads: 3 });
    const got = events(out);
    expect(got.length).toBe(3 * n);
    for (let i = 1; i < got.length; i++)
      if (got[i][1] < got[i - 1][1]) throw new Error(`out of order at ${i}: ${got[i - 1]} then ${got[i]}`);
    for (const name of ['a', 'b', 'c']) expect(got.filter(([p]) => p === name).length).toBe(n);
  });

  it('keeps the whole lines of a part cut short as its process was killed, and drops the half line, wherever the cut falls', async () => {
    const dir = folder();
    const offsets = [10, 20, 30, 40];
    const path = part(dir, 'cut', 1, offsets);
    rmSync(endPath(path)); // a process killed as it wrote never wrote its end
    const whole = readFileSync(path);
    const bodyAt = whole.indexOf(10) + 1;
    let before = 0;
    let halfLines = 0;
    for (let size = bodyAt; size <= whole.length; size++) {
      writeFileSync(path, whole.subarray(0, size));
      const out = join(dir, 'all.cinema');
      const r = await mergeParts(dir, out, header);
      const got = events(out); // parses every event line: a half line kept would throw
      expect(got).toEqual(offsets.slice(0, got.length).map((o) => ['cut', o]));
      expect(r.events).toBe(got.length);
      expect(got.length).toBeGreaterThanOrEqual(before);
      before = got.length;
      const text = inflateRawSync(whole.subarray(bodyAt, size), { finishFlush: constants.Z_SYNC_FLUSH }).toString();
      if (!text.endsWith('\n') && text.length > 0) halfLines++;
    }
    expect(before).toBe(offsets.length);
    expect(halfLines).toBeGreaterThan(0); // some cuts did fall inside a line
  });

  it('ignores offsets beyond the lines written (a process killed between the two writes)', async () => {
    const dir = folder();
    const path = part(dir, 'p', 1, [1, 2]);
    appendFileSync(offsetsPath(path), new Uint8Array(new Float64Array([3, 4]).buffer));
    const out = join(dir, 'all.cinema');
    expect((await mergeParts(dir, out, header)).events).toBe(2);
    expect(events(out)).toEqual([
      ['p', 1],
      ['p', 2],
    ]);
  });

  it('writes a part read alone whole, after a first line longer than a read chunk', async () => {
    const dir = folder();
    const n = 300_000; // ~14 MB of lines: a read chunk is 4 MB
    part(
      dir,
      'only',
      1,
      Array.from({ length: n }, (_, i) => i),
      ['node', 'x'.repeat(5 << 20)],
    );
    const out = join(dir, 'all.cinema.gz');
    expect((await mergeParts(dir, out, header)).events).toBe(n);
    const got = events(out);
    expect(got.length).toBe(n);
    for (let i = 0; i < n; i++) if (got[i][1] !== i) throw new Error(`event ${i} is ${got[i]}`);
  });

  it('joins whole parts that do not interleave as they are, in time order, into one gzip member', async () => {
    const dir = folder();
    // Named so the later part's file sorts first: the join orders parts by their first event.
    const later = part(
      dir,
      'a',
      1,
      Array.from({ length: 50_000 }, (_, i) => 1_000_000 + i),
    );
    const earlier = part(
      dir,
      'b',
      1,
      Array.from({ length: 50_000 }, (_, i) => i),
    );
    const out = join(dir, 'all.cinema.gz');
    expect((await mergeParts(dir, out, header)).events).toBe(100_000);
    const got = events(out);
    expect(got.length).toBe(100_000);
    for (let i = 0; i < got.length; i++) {
      const want = i < 50_000 ? ['b', i] : ['a', 1_000_000 + i - 50_000];
      if (got[i][0] !== want[0] || got[i][1] !== want[1]) throw new Error(`event ${i} is ${got[i]}, not ${want}`);
    }
    // Joined, not compressed again: each part's deflate blocks stand in the file as they were.
    const file = readFileSync(out);
    for (const path of [earlier, later]) {
      const bytes = readFileSync(path);
      const body = bytes.subarray(bytes.indexOf(10) + 1);
      expect(file.indexOf(body)).toBeGreaterThan(0);
    }
  });

  it('reads a part whose end was cut short as far as its lines go, as one cut short', async () => {
    const dir = folder();
    const path = part(dir, 'p', 1, [1, 2, 3]);
    const end = readFileSync(endPath(path), 'utf8');
    for (const broken of [end.slice(0, end.length >> 1), '', '{"crc":1}']) {
      writeFileSync(endPath(path), broken);
      const out = join(dir, 'all.cinema.gz');
      expect((await mergeParts(dir, out, header)).events).toBe(3);
      expect(events(out)).toEqual([
        ['p', 1],
        ['p', 2],
        ['p', 3],
      ]);
    }
  });

  it('leaves out a part cut before its first line was whole, keeps the others, and says so', async () => {
    const dir = folder();
    part(dir, 'good', 1, [5, 6]);
    writeFileSync(join(dir, 'killed.part'), '{"format":"cinema-record-part","vers'); // no newline: killed at the start
    writeFileSync(join(dir, 'killed.part.offsets'), '');
    const out = join(dir, 'all.cinema.gz');
    const r = await mergeParts(dir, out, header);
    expect(r).toMatchObject({ events: 2, unreadable: 1, threads: 1 });
    expect(events(out)).toEqual([
      ['good', 5],
      ['good', 6],
    ]);
    expect(summaryLine(r)).toContain('(1 process or thread killed as it began writing: left out)');
    // No rewritten file ran in these parts: the line (one line) says what to check.
    expect(summaryLine(r)).toContain(`0 files instrumented${NOTHING_REWRITTEN} -> `);
    expect(summaryLine(r)).not.toContain('\n');
    expect(summaryLine({ ...r, files: 2 })).not.toContain(NOTHING_REWRITTEN);
  });
});
