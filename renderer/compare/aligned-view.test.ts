import { describe, expect, it } from 'vitest';
import { MIN_SPAN, centreOn, fitAll, panBy, zoomAt } from './aligned-view';

describe('moving over the aligned axis', () => {
  it('zooms around the column under the pointer', () => {
    const v = zoomAt({ from: 0, to: 1000 }, 0.5, 0.5, 1000);
    expect(v).toEqual({ from: 250, to: 750 });
    // The column under a quarter of the width stays under it.
    const w = zoomAt({ from: 0, to: 1000 }, 0.25, 0.5, 1000);
    expect(w.from + 0.25 * (w.to - w.from)).toBe(250);
  });

  it('never shows fewer than MIN_SPAN columns, nor more than there are, nor past either end', () => {
    expect(zoomAt({ from: 100, to: 130 }, 0.5, 0.01, 1000).to - zoomAt({ from: 100, to: 130 }, 0.5, 0.01, 1000).from).toBe(MIN_SPAN);
    expect(zoomAt({ from: 0, to: 1000 }, 0.5, 4, 1000)).toEqual(fitAll(1000));
    expect(panBy({ from: 900, to: 1000 }, 50, 1000)).toEqual({ from: 900, to: 1000 });
    expect(panBy({ from: 10, to: 110 }, -50, 1000)).toEqual({ from: 0, to: 100 });
    expect(centreOn(995, 100, 1000)).toEqual({ from: 900, to: 1000 });
    expect(centreOn(500, 100, 1000)).toEqual({ from: 450, to: 550 });
    expect(zoomAt({ from: 0, to: 5 }, 0.5, 0.5, 5)).toEqual({ from: 0, to: 5 });
  });
});
