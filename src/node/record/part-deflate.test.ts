// Compressing a part as it is written, on a worker thread or on the writer's own: the bytes inflate
// back to what was written, and the summary's CRC and lengths are the file's.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, crc32, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { partDeflater } from './part-deflate';

const WORKER = new URL('../../../dist/record/deflate-worker.mjs', import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** ~`mb` MB of event-like lines, in pieces of uneven sizes, some larger than a slot. */
function pieces(mb: number): Buffer[] {
  const out: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < mb << 20; i++) {
    const lines = Array.from(
      { length: 1 + ((i * 7919) % 40_000) },
      (_, k) => `{"kind":"event","n":${i * 1e5 + k},"v":"${(k * 2654435761) % 1e9}"}\n`,
    );
    // Every seventh piece four times over: longer than a slot (4 MB), as a very long line's buffer is.
    const b = Buffer.from(lines.join('').repeat(i % 7 === 3 ? 4 : 1));
    out.push(b);
    size += b.length;
  }
  return out;
}

function written(worker: URL | null, input: Buffer[]): { file: Buffer; sum: ReturnType<ReturnType<typeof partDeflater>['end']> } {
  const dir = mkdtempSync(join(tmpdir(), 'cinema-deflate-test-'));
  dirs.push(dir);
  const path = join(dir, 'p');
  const fd = openSync(path, 'w');
  try {
    const d = partDeflater(fd, worker ? 1 << 30 : 0, worker);
    // As LineBytes writes: into the room given when the piece fits there (no copy), else from its own buffer.
    for (const b of input) {
      const room = d.room();
      if (b.length <= room.length) {
        room.set(b);
        d.write(room.subarray(0, b.length));
      } else d.write(b);
    }
    const sum = d.end();
    return { file: readFileSync(path), sum };
  } finally {
    closeSync(fd);
  }
}

describe('a part compressed as it is written', () => {
  it('inflates to what was written, with its CRC and lengths, on a worker thread', () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER.pathname} is missing: run npm run build:record first (npm test does)`);
    const input = pieces(20);
    const all = Buffer.concat(input);
    const { file, sum } = written(WORKER, input);
    expect(inflateRawSync(file, { finishFlush: constants.Z_SYNC_FLUSH }).equals(all)).toBe(true);
    expect(sum).toEqual({ crc: crc32(all), raw: all.length, deflated: file.length });
    expect(file.length).toBeLessThan(all.length / 3);
  });

  it('gives the same bytes on the writer thread', () => {
    const input = pieces(9);
    const a = written(null, input);
    expect(existsSync(WORKER)).toBe(true);
    const b = written(WORKER, input);
    expect(a.file.equals(b.file)).toBe(true);
    expect(a.sum).toEqual(b.sum);
  });

  it('says why when the worker cannot write (a descriptor that is not open), instead of waiting', () => {
    const d = partDeflater(999_999, 1 << 30, WORKER);
    expect(() => {
      for (const b of pieces(13)) d.write(b);
      d.end();
    }).toThrow(/compressing the part failed \(EBADF: bad file descriptor/);
  });
});
