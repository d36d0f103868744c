// The UI benchmark's baseline: what a timeline does when it is simply handed the events, as most
// tools do: 10,000 point items in one vis-timeline DataSet (no windowing), its first render and its
// frames while panning. scripts/bench-ui.ts reads window.naiveResult.
import { Timeline, newItemSet } from '../session/timeline/vis';

function stats(frames: number[]) {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function run(count: number) {
  const items = newItemSet();
  const span = 1_000_000;
  const list = [];
  for (let i = 0; i < count; i++) list.push({ id: `e${i}`, start: new Date(Math.floor((i / count) * span)), type: 'point', content: '' });
  const started = performance.now();
  items.add(list as never);
  const timeline = new Timeline(document.getElementById('timeline')!, items, {
    start: new Date(0),
    end: new Date(span),
    stack: false,
    showCurrentTime: false,
    height: '200px',
  });
  await nextFrame();
  await nextFrame();
  const renderMs = performance.now() - started;
  const frames: number[] = [];
  let last = await nextFrame();
  const until = last + 3000;
  let offset = 0;
  while (last < until) {
    offset += span / 400;
    timeline.setWindow(new Date(offset), new Date(offset + span), { animation: false });
    const now = await nextFrame();
    frames.push(now - last);
    last = now;
  }
  timeline.destroy();
  const f = stats(frames);
  return {
    items: count,
    render_ms: Math.round(renderMs),
    pan_frame_median_ms: Math.round(f.median * 10) / 10,
    pan_frame_p95_ms: Math.round(f.p95 * 10) / 10,
  };
}

(window as unknown as { naiveResult: Promise<unknown> }).naiveResult = run(
  Number(new URLSearchParams(location.search).get('items') ?? 10_000),
);
