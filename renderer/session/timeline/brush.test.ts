import { describe, expect, it } from 'vitest';
import { dragTo, pressAt } from './brush';

describe('the density strip brush', () => {
  // 1 px per unit: the strip shows [0, 1000] over 1000 px.
  const win: [number, number] = [200, 400];

  it('grabs an edge near it, pans inside, scrubs elsewhere', () => {
    expect(pressAt(203, win, 1)).toEqual({ kind: 'edge', side: 0 });
    expect(pressAt(397, win, 1)).toEqual({ kind: 'edge', side: 1 });
    expect(pressAt(300, win, 1)).toEqual({ kind: 'pan', grabT: 300, w0: 200, w1: 400 });
    expect(pressAt(600, win, 1)).toEqual({ kind: 'scrub' });
    // A brush a few pixels wide cannot be grabbed for panning: a press in it scrubs.
    expect(pressAt(305, [300, 310], 1)).toEqual({ kind: 'scrub' });
  });

  it('keeps the window inside the session and at least one unit wide', () => {
    const bounds: [number, number] = [0, 1000];
    expect(dragTo({ kind: 'pan', grabT: 300, w0: 200, w1: 400 }, 350, win, bounds)).toEqual({ window: [250, 450] });
    expect(dragTo({ kind: 'pan', grabT: 300, w0: 200, w1: 400 }, 2000, win, bounds)).toEqual({ window: [800, 1000] });
    expect(dragTo({ kind: 'pan', grabT: 300, w0: 200, w1: 400 }, -500, win, bounds)).toEqual({ window: [0, 200] });
    expect(dragTo({ kind: 'edge', side: 0 }, 500, win, bounds)).toEqual({ window: [399, 400] });
    expect(dragTo({ kind: 'edge', side: 1 }, 5000, win, bounds)).toEqual({ window: [200, 1000] });
    expect(dragTo({ kind: 'scrub' }, 777, win, bounds)).toEqual({ seek: 777 });
  });
});
