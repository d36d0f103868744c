// Importing a file into the store in a fresh headless Chromium, as the app does (a streamed fetch
// into the store's Worker), timed, with the resident memory of all its processes sampled: what the
// session files benchmark and the recorder's benchmark both measure.
import { readdirSync, readFileSync } from 'node:fs';
import { launchProfile } from '../e2e/chromium';

/** Total resident memory of every process started with this profile folder, in MB. */
export function chromiumRssMb(profileDir: string): number {
  return Object.values(chromiumRssByProcessMb(profileDir)).reduce((a, b) => a + b, 0);
}

/**
 * The same per kind of process, in MB: the browser, renderers (the page and its Workers: the
 * store), the GPU process, and utilities by sub-type (the storage service holds IndexedDB).
 */
export function chromiumRssByProcessMb(profileDir: string): Record<string, number> {
  return chromiumMemoryByProcessMb(profileDir, 'Rss');
}

/**
 * Per kind of process, in MB: `Rss` counts every page a process maps, so pages Chromium's processes
 * share (its code, the zygote's heap) count once per process in a sum of them; `Pss` splits each
 * shared page between the processes sharing it, so its sum is what the whole browser occupies.
 */
export function chromiumMemoryByProcessMb(profileDir: string, field: 'Rss' | 'Pss'): Record<string, number> {
  const kb: Record<string, number> = {};
  // VmRSS in status is cheap to read; Pss needs smaps_rollup, which walks the page tables (kept out
  // of the import benchmark's sampling every 100 ms).
  const [file, pattern] = field === 'Rss' ? ['status', /^VmRSS:\s+(\d+) kB/m] : ['smaps_rollup', /^Pss:\s+(\d+) kB/m];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(profileDir)) continue;
      const m = pattern.exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1];
      const kind = sub ? sub.replace(/\.mojom\./, '.').split('.')[0] : type;
      if (m) kb[kind] = (kb[kind] ?? 0) + Number(m[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return Object.fromEntries(Object.entries(kb).map(([k, v]) => [k, Math.round(v / 1024)]));
}

/** Imports `file` (served by the dev server on `port`) into a fresh Chromium's store; optionally exports it back. */
export async function inChromium(port: number, file: string, withExport: boolean, log: (msg: string) => void) {
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    page.on('console', (m) => log(`chromium ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/store/bench/formats.html`);
    const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
    await worker.evaluate(async () => {
      for (let i = 0; i < 1000 && !(self as unknown as { cinemaFormats?: unknown }).cinemaFormats; i++)
        await new Promise((r) => setTimeout(r, 10));
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb(profile.dir))), 100);
    type Api = {
      importFile(u: string, f: string): Promise<{ session: string; events: number; ms: number }>;
      exportSession(s: string): Promise<{ bytes: number; ms: number }>;
    };
    const imported = await worker.evaluate(([u, f]) => (self as unknown as { cinemaFormats: Api }).cinemaFormats.importFile(u, f), [
      `/${file}`,
      file.split('/').pop()!,
    ] as const);
    clearInterval(sampler);
    const exported = withExport
      ? await worker.evaluate((s) => (self as unknown as { cinemaFormats: Api }).cinemaFormats.exportSession(s), imported.session)
      : null;
    return { imported, exported, peak };
  } finally {
    await profile.close();
  }
}
