// The UI tells the store the person is active: once per interval at most, for pointer, key and
// wheel events, and not after it stops watching.
import { describe, expect, it } from 'vitest';
import { reportActivity } from './activity';

describe('reportActivity', () => {
  it('sends store.active at most once per 200 ms while the person acts, and stops when asked', () => {
    const sent: string[] = [];
    const client = { call: (name: string) => (sent.push(name), Promise.resolve({ ok: true })) } as never;
    const target = new EventTarget();
    let t = 1000;
    const stop = reportActivity(client, target as never, () => t);
    const act = (type: string, at: number) => {
      t = at;
      target.dispatchEvent(new Event(type));
    };
    act('pointermove', 1000);
    act('pointermove', 1100);
    act('keydown', 1199);
    expect(sent).toEqual(['store.active']);
    act('wheel', 1200);
    act('pointerdown', 1450);
    act('scroll', 1900); // not a sign of the person: nothing
    expect(sent).toEqual(['store.active', 'store.active', 'store.active']);
    stop();
    act('pointermove', 5000);
    expect(sent.length).toBe(3);
  });
});
