// `npm run bench:ui -- [--events N] [--skip trace,compare] [--json]`
// The UI's speed in Chromium on the production web build, with a generated N-event session (default
// 1,000,000) already imported: open to first timeline paint, the flame chart's first drawing (from
// the span index the import stored), open to the session loaded (the AST panel's counts shown: time
// columns and posting lists read); then, on the loaded session, frames while dragging the playhead
// across the whole range for 3 s, each zoom step from full view to 0.1%, the first rows of an AST
// node with about 10k events, the page's JS heap and Chromium's memory; then a Chrome trace of the
// same events opened from a file, to its first view and to the end of its import; and two runs compared, the second the same session with one
// event repeated 5% in, to the first divergence shown and to both whole runs shown lined up (the
// columns of the pair shown and how many of them changed); then an OTLP file of as many events
// opened the same way, streamed, beside the same file read whole. The baselines, measured in the
// same run: vis-timeline handed 10,000 events directly (its first render, and its frames while
// panning), and the OTLP file read whole (it starts with a member past the sniffed start).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { Page } from '@playwright/test';
import { launchProfile } from '../e2e/chromium';
import { REPO_ROOT } from '../e2e/electron-binary';
import { serveStatic } from '../src/node/serve';
import { serveWebApp } from '../e2e/web-app';
import { arg } from './cli-args';
import { chromiumMemoryByProcessMb } from './chromium-import';
import { DIVERGE_AT, benchFiles } from './bench-ui-files';
import { collectWorkerGarbage } from './worker-gc';

const events = Number(arg('events', '1000000'));
const json = process.argv.includes('--json');
// `--skip trace,compare,otlp`: leave out opening the Chrome trace, comparing two runs, opening the OTLP file (each imports N more events; OTLP twice).
const skip = new Set(arg('skip', '').split(',').filter(Boolean));
const log = (msg: string) => console.error(`[bench:ui] ${msg}`);
const round = (v: number) => Math.round(v * 10) / 10;
function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** Records frame intervals in the page until `stop` is called. */
async function recordFrames(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; framing: boolean };
    w.frames_ = [];
    w.framing = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.frames_.push(now - last);
      last = now;
      if (w.framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { frames_: number[]; framing: boolean };
      w.framing = false;
      return w.frames_.slice(1);
    });
}

/** Waits (in the page) until the timeline has drawn items made for a new window; ms since `since`. */
function timelineRendered(page: Page, before: number): Promise<number> {
  return page.evaluate(async (prev) => {
    const t0 = performance.now();
    const el = document.querySelector('[data-testid=timeline]') as HTMLElement;
    while (Number(el.dataset.rendered ?? 0) <= prev) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, before);
}
const renderedCount = (page: Page) =>
  page.evaluate(() => Number((document.querySelector('[data-testid=timeline]') as HTMLElement | null)?.dataset.rendered ?? 0));

async function baseline(page: Page, origin: string) {
  await page.goto(`${origin}/naive.html?items=10000`);
  return page.evaluate(
    () =>
      (window as unknown as { naiveResult: Promise<{ render_ms: number; pan_frame_median_ms: number; pan_frame_p95_ms: number }> })
        .naiveResult,
  );
}

/** Opens a file from the library: ms to its first view (shown while it imports, when it streams) and to the end. */
async function openDropped(page: Page, file: string) {
  log(`opening ${file}`);
  await page.getByRole('button', { name: '← Library' }).click();
  const dropStart = Date.now();
  await page.getByTestId('import-input').setInputFiles(file);
  // First view: the session shown while it fills, its timeline drawn.
  await page.waitForSelector('[data-testid=timeline][data-rendered] .vis-item', { timeout: 30 * 60_000 });
  const firstView = Date.now() - dropStart;
  const shownWhileImporting = (await page.getByTestId('importing-badge').count()) > 0;
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 30 * 60_000 });
  await page.getByTestId('importing-badge').waitFor({ state: 'detached', timeout: 60_000 });
  return { firstView, shownWhileImporting, complete: Date.now() - dropStart };
}

/**
 * Imports the second run and compares it with the first: ms from Compare to the first divergence
 * shown, then to both whole runs shown lined up (which starts once the divergence is found).
 */
async function compareRuns(
  page: Page,
  diverged: string,
): Promise<{ divergence: number; aligned: number; columns: number; changed: number }> {
  log('importing the second run and comparing');
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByTestId('import-input').setInputFiles(diverged);
  await page.getByTestId('progress').waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 30 * 60_000 });
  await page.getByTestId('importing-badge').waitFor({ state: 'detached', timeout: 60_000 });
  await page.getByRole('button', { name: '← Library' }).click();
  // Oldest first: the first run, then the second (the Chrome trace's session left out).
  const picks = page.getByTestId('session-row').filter({ hasNotText: '.json' });
  await picks.nth(0).getByTestId('compare-select').check();
  await picks.nth(1).getByTestId('compare-select').check();
  const compareStart = Date.now();
  await page.getByTestId('compare-button').click();
  await page.waitForSelector('[data-testid=first-divergence][data-event-a]', { timeout: 10 * 60_000 });
  const divergence = Date.now() - compareStart;
  const aligned = await page.waitForSelector('[data-testid=aligned-runs][data-columns]', { timeout: 30 * 60_000 });
  const attr = async (name: string) => Number(await aligned.getAttribute(name));
  return {
    divergence,
    aligned: Date.now() - compareStart,
    columns: await attr('data-columns'),
    changed: (await attr('data-inserted')) + (await attr('data-deleted')),
  };
}

/** The AST panel's nodes and counts, once any count shows (within 120 s). */
async function shownAstCounts(page: Page): Promise<Array<{ id: string; n: number }>> {
  const start = Date.now();
  let nodes: Array<{ id: string; n: number }> = [];
  while (Date.now() - start < 120_000) {
    nodes = await page.getByTestId('ast-node').evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-ast-node-id')!,
        n: Number(e.querySelector('[data-testid=ast-node-count]')?.textContent?.replace(/[^0-9]/g, '') ?? 0),
      })),
    );
    if (nodes.some((n) => n.n > 0)) return nodes;
    await page.waitForTimeout(20);
  }
  throw new Error(`no AST node count shown within 120 s (${nodes.length} nodes listed)`);
}

async function main() {
  const { native, chrome, diverged, otlp, otlpWhole } = benchFiles(events, skip, log);
  log('building the web app and the baseline page');
  const app = await serveWebApp();
  const naiveOut = join(REPO_ROOT, '.bench', 'ui-naive');
  await build({
    root: join(REPO_ROOT, 'renderer/bench'),
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: naiveOut, emptyOutDir: true, rollupOptions: { input: join(REPO_ROOT, 'renderer/bench/naive.html') } },
  });
  const naiveServer = await serveStatic(naiveOut);
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    const cdp = await profile.context.newCDPSession(page);
    // tsx compiles this file keeping function names through a `__name` helper that the functions
    // sent to page.evaluate then call: give the page one.
    await page.addInitScript('globalThis.__name = (f) => f;');

    log('baseline: vis-timeline with 10,000 items');
    const base = await baseline(page, naiveServer.origin);

    log(`importing ${events.toLocaleString()} events`);
    await page.goto(`${app.origin}/`);
    const importStart = Date.now();
    await page.getByTestId('import-input').setInputFiles(native);
    await page.getByTestId('progress').waitFor({ timeout: 60_000 });
    await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 30 * 60_000 });
    await page.getByTestId('importing-badge').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('session-title').waitFor({ timeout: 60_000 });
    log(`imported in ${((Date.now() - importStart) / 1000).toFixed(1)} s`);

    // Open to first paint, from the library (a fresh page: nothing cached in the renderer). The
    // page's address names the session now; a reload would open it by itself, racing the click.
    await page.goto(`${app.origin}/`);
    await page.getByTestId('session-row').first().waitFor();
    const openedAt = Date.now();
    const openMs = await page.evaluate(async () => {
      // The library may render its rows again as its list refreshes: the button is taken as it is
      // when clicked (one run found none between the rows' first showing and the click).
      let button: HTMLButtonElement | null = null;
      for (let i = 0; i < 5000 && !button; i++) {
        button = document.querySelector('[data-testid=session-row] button.session-name');
        if (!button) await new Promise((r) => setTimeout(r, 2));
      }
      if (!button) throw new Error('the library shows no session to open');
      const t0 = performance.now();
      button.click();
      for (;;) {
        const el = document.querySelector('[data-testid=timeline]') as HTMLElement | null;
        if (el && Number(el.dataset.rendered ?? 0) > 0 && document.querySelector('.vis-item')) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    });
    // The flame chart's first drawing: the store builds the session's span index on the way.
    const flameMs = await page.evaluate(async () => {
      const t0 = performance.now();
      for (;;) {
        const el = document.querySelector('[data-testid=flame-chart]') as HTMLElement | null;
        if (el && Number(el.dataset.spans ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now() - t0;
    });
    const flameSpans = Number(await page.getByTestId('flame-chart').getAttribute('data-spans'));
    // Browsing is measured on the session loaded: its time columns and posting lists read, which
    // the AST panel's counts wait for (at 10M events the flame chart, drawn from its stored spans,
    // comes seconds before them; scrubbing meanwhile shares the store with the loading).
    await shownAstCounts(page);
    const loadedMs = Date.now() - openedAt;
    await page.waitForTimeout(1000);

    // Scrub (the flame chart shown, redrawn with the playhead): drag on the ruler from the start to the end of the recording over 3 s.
    const ruler = (await page.locator('.ruler').boundingBox())!;
    const y = ruler.y + ruler.height / 2;
    const stop = await recordFrames(page);
    await page.mouse.move(ruler.x + 2, y);
    await page.mouse.down();
    const started = Date.now();
    while (Date.now() - started < 3000) {
      const f = (Date.now() - started) / 3000;
      await page.mouse.move(ruler.x + 2 + f * (ruler.width - 4), y);
    }
    await page.mouse.up();
    const scrub = quantiles(await stop());
    await page.waitForTimeout(500);

    // Zoom from the full view to 0.1% in steps (each '+' narrows the window 1.6x around the playhead).
    await page.keyboard.press('f');
    await page.waitForTimeout(500);
    await page.keyboard.press('Home');
    await page.waitForTimeout(500);
    const zoomSteps: number[] = [];
    for (let i = 0; i < 15; i++) {
      const before = await renderedCount(page);
      const wait = timelineRendered(page, before);
      const t0 = Date.now();
      await page.keyboard.press('+');
      const inPage = await wait;
      zoomSteps.push(Math.max(inPage, Date.now() - t0));
    }

    // The AST node with the count nearest 10,000: click to its first rows. The panel's counts come
    // after the full view is shown (at 10M events they were not there yet when first read).
    await page.keyboard.press('f');
    const countsStart = Date.now();
    const nodes = await shownAstCounts(page);
    const countsMs = Date.now() - countsStart;
    const target = nodes.filter((n) => n.n > 0).sort((a, b) => Math.abs(a.n - 10_000) - Math.abs(b.n - 10_000))[0];
    if (!target) throw new Error('no AST node with events');
    const firstRowsMs = await page.evaluate(async (id) => {
      const t0 = performance.now();
      (document.querySelector(`[data-testid=ast-node][data-ast-node-id="${CSS.escape(id)}"]`) as HTMLElement).click();
      for (;;) {
        const title = document.querySelector('.events-panel h2')?.textContent ?? '';
        if (title.startsWith('Events of') && document.querySelector('[data-testid=event-row]')) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }, target.id);

    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const rssByProcess = chromiumMemoryByProcessMb(profile.dir, 'Rss');
    const pssByProcess = chromiumMemoryByProcessMb(profile.dir, 'Pss');
    const total = (byProcess: Record<string, number>) => Object.values(byProcess).reduce((a, b) => a + b, 0);
    // The same once V8 has collected the garbage of the page's Workers (their heaps grow with the
    // session's opening and span index, and shrink only after some seconds of quiet).
    const workersCollected = await collectWorkerGarbage(cdp);
    await page.waitForTimeout(1000);
    const pssAfterGc = total(chromiumMemoryByProcessMb(profile.dir, 'Pss'));
    const browsing = {
      open_to_first_paint_ms: Math.round(openMs),
      scrub_fps_median: round(1000 / scrub.median),
      scrub_frame_median_ms: round(scrub.median),
      scrub_frame_p95_ms: round(scrub.p95),
      zoom_step_ms: Math.round(Math.max(...zoomSteps)),
      zoom_step_median_ms: Math.round(quantiles(zoomSteps).median),
      zoom_steps_ms: zoomSteps.map(Math.round),
      open_to_loaded_ms: loadedMs,
      ast_counts_ms: countsMs,
      hot_node_first_rows_ms: Math.round(firstRowsMs),
      hot_node_events: target.n,
      heap_mb: round(heap.usedSize / 2 ** 20),
      // The sum of each process's resident pages counts the pages they share once per process; the sum
      // of proportional shares counts each page once: what the browser occupies in all.
      chromium_pss_mb: total(pssByProcess),
      chromium_pss_by_process_mb: pssByProcess,
      chromium_pss_after_worker_gc_mb: pssAfterGc,
      workers_collected: workersCollected,
      chromium_rss_mb: total(rssByProcess),
      chromium_rss_by_process_mb: rssByProcess,
      flame_first_draw_ms: Math.round(flameMs),
      flame_spans_drawn: flameSpans,
    };
    log(`browsing the session: ${JSON.stringify(browsing)}`);
    const baselineFigures = {
      baseline_naive_10k_render_ms: base.render_ms,
      baseline_naive_10k_pan_frame_median_ms: base.pan_frame_median_ms,
      baseline_naive_10k_pan_frame_p95_ms: base.pan_frame_p95_ms,
    };

    // A Chrome trace of the same events, opened from a file.
    const drop = skip.has('trace') ? null : await openDropped(page, chrome);
    // Two runs compared: the session against itself with one event repeated 5% in.
    const compared = skip.has('compare') ? null : await compareRuns(page, diverged);
    // An OTLP file of as many events, read whole (the way before streaming), then streamed.
    const otlpRead = skip.has('otlp') ? null : await openDropped(page, otlpWhole);
    const otlpDrop = skip.has('otlp') ? null : await openDropped(page, otlp);

    const result = {
      events,
      ...browsing,
      compare_first_divergence_ms: compared?.divergence ?? null,
      compare_diverges_at: DIVERGE_AT,
      compare_whole_aligned_ms: compared?.aligned ?? null,
      compare_aligned_columns: compared?.columns ?? null,
      compare_aligned_changed: compared?.changed ?? null,
      drop_to_first_view_ms: drop?.firstView ?? null,
      drop_first_view_while_importing: drop?.shownWhileImporting ?? null,
      drop_to_complete_ms: drop?.complete ?? null,
      chrome_trace_mb: drop ? round(statSync(chrome).size / 1e6) : null,
      otlp_drop_to_first_view_ms: otlpDrop?.firstView ?? null,
      otlp_first_view_while_importing: otlpDrop?.shownWhileImporting ?? null,
      otlp_drop_to_complete_ms: otlpDrop?.complete ?? null,
      otlp_mb: otlpDrop ? round(statSync(otlp).size / 1e6) : null,
      baseline_otlp_read_whole_first_view_ms: otlpRead?.firstView ?? null,
      baseline_otlp_read_whole_complete_ms: otlpRead?.complete ?? null,
      ...baselineFigures,
    };
    if (!json) console.error(JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result));
  } finally {
    await profile.close();
    naiveServer.server.close();
    app.close();
  }
}

await main();
