// Ctrl+C reaching a recorded program busy in its own code (interrupt.ts): it ends at once, as it
// would without the recorder, and what it did up to there is recorded.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, root } from './testing';

describe('a recorded program busy in a loop', () => {
  it('ends on Ctrl+C within moments, by the signal, with its recording written', async () => {
    const dir = join(root, 'fixtures/programs/busy');
    const out = join(mkdtempSync(join(tmpdir(), 'cinema-busy-')), 'busy.cinema');
    // A process group of its own, as a terminal's foreground job: Ctrl+C signals every process in it.
    const child = spawn(
      process.execPath,
      [join(root, 'bin/cinema.js'), 'record', '--out', out, '--max-events', '5000', '--', 'node', 'busy.js'],
      {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 2000));
    const signalled = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    // The loop runs for a minute; the recorder's listener alone would have waited for it.
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(code).toBe(130);
    const rec = readRecording(out, { dir, status: code, stdout: '', stderr });
    expect(rec.events.length).toBeLessThanOrEqual(5000);
    expect(rec.events.filter((e) => e.data.type === 'function_entry' && e.data.function === 'step').length).toBeGreaterThan(1000);
  }, 60_000);
});
