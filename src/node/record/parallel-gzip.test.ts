// gzip on every core: one ordinary gzip member, whatever the block boundaries.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParallelGzip } from './parallel-gzip';

async function gzipped(chunks: Buffer[]): Promise<Buffer> {
  return buffer(Readable.from(chunks).pipe(new ParallelGzip(1)));
}

describe('parallel gzip', () => {
  it('writes one gzip member that gunzips to the input, across many blocks and uneven chunks', async () => {
    // ~13 MB of lines: several 4 MB blocks, compressed at once.
    const lines = Array.from(
      { length: 200_000 },
      (_, i) => `{"kind":"event","timestamp":${1e15 + i * 7},"value":"${(i * 2654435761) % 1e9}"}\n`,
    );
    const input = Buffer.from(lines.join(''));
    const chunks: Buffer[] = [];
    for (let at = 0, step = 1; at < input.length; at += step, step = ((step * 31 + 7) % 1_500_000) + 1)
      chunks.push(input.subarray(at, at + step));
    const out = await gzipped(chunks);
    expect(out.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 8]));
    expect(gunzipSync(out).equals(input)).toBe(true);
    expect(out.length).toBeLessThan(input.length / 4);
  });

  it('writes a valid gzip of nothing', async () => {
    expect(gunzipSync(await gzipped([])).length).toBe(0);
  });
});
