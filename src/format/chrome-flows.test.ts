import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { type FlowStep, type Slice, bindFlowSteps } from './chrome-flows';

/** The rule stated plainly: a scan of the thread's slices per step. */
function bindByScan(slicesByThread: Map<string, Slice[]>, steps: FlowStep[]): Array<string | null> {
  const sorted = new Map([...slicesByThread].map(([t, list]) => [t, [...list].sort((a, b) => a.start - b.start)]));
  return steps.map((s) => {
    const list = sorted.get(s.thread) ?? [];
    if (s.ph === 'f' && s.bp !== 'e') {
      const next = list.find((sl) => sl.start >= s.ts);
      if (next) return next.entry;
    }
    let best: Slice | null = null;
    for (const sl of list) if (sl.start <= s.ts && s.ts <= sl.end && (!best || sl.start >= best.start)) best = sl;
    return best ? best.entry : null;
  });
}

describe('binding old-syntax flow steps to slices', () => {
  it('binds a step to the innermost enclosing slice, and an "f" to the next slice unless bp is "e"', () => {
    const slices = new Map([
      [
        '1:1',
        [
          { start: 0, end: 100, entry: 'outer' },
          { start: 10, end: 20, entry: 'inner' },
          { start: 50, end: 60, entry: 'later' },
        ],
      ],
    ]);
    const steps: FlowStep[] = [
      { ph: 's', ts: 15, thread: '1:1', bp: undefined },
      { ph: 't', ts: 30, thread: '1:1', bp: undefined },
      { ph: 'f', ts: 30, thread: '1:1', bp: undefined },
      { ph: 'f', ts: 30, thread: '1:1', bp: 'e' },
      { ph: 'f', ts: 70, thread: '1:1', bp: undefined },
      { ph: 's', ts: 150, thread: '1:1', bp: undefined },
      { ph: 's', ts: 15, thread: '2:2', bp: undefined },
    ];
    expect(bindFlowSteps(slices, steps)).toEqual(['inner', 'outer', 'later', 'outer', 'outer', null, null]);
  });

  it('agrees with a scan per step on random nested and overlapping slices, ties included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      const slices = new Map<string, Slice[]>();
      for (const thread of ['1:1', '1:2']) {
        const list: Slice[] = [];
        for (let k = 0; k < 60; k++) {
          const start = int(200);
          list.push({ start, end: start + int(rnd() < 0.2 ? 150 : 15), entry: `${thread}#${k}` });
        }
        slices.set(thread, list);
      }
      const steps: FlowStep[] = [];
      for (let k = 0; k < 80; k++)
        steps.push({
          ph: 'stf'[int(3)],
          ts: int(230),
          thread: rnd() < 0.9 ? ['1:1', '1:2'][int(2)] : '9:9',
          bp: rnd() < 0.5 ? 'e' : undefined,
        });
      const copy = new Map([...slices].map(([t, list]) => [t, [...list]]));
      expect(bindFlowSteps(slices, steps), `seed ${seed}`).toEqual(bindByScan(copy, steps));
    }
  });
});
