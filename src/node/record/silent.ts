// Probes that record nothing, for `cinema record --silent`: what the inserted calls cost by
// themselves, the benchmark's middle line between a plain run and a recorded one.
import { PROBES } from '../../instrument/probes';
import { SafeMap } from './safe';

/** Probes that record nothing: what inserted calls cost by themselves (the benchmark's middle line). */
export function silentProbes(): Record<string, unknown> {
  let base = 0;
  const bases = new SafeMap<string, number>();
  const frame = { id: 0 };
  const same = (_f: unknown, _n: unknown, v: unknown) => v;
  return {
    [PROBES.module]: (key: string, count: number) => bases.get(key) ?? (bases.set(key, base), (base += count) - count),
    [PROBES.enter[0]]: () => frame,
    [PROBES.enter[1]]: () => frame,
    [PROBES.enter[2]]: () => frame,
    [PROBES.enter[3]]: () => frame,
    [PROBES.enterMany]: () => frame,
    [PROBES.testRoot]: () => {},
    [PROBES.ret]: same,
    [PROBES.fail]: () => {},
    [PROBES.exit]: () => {},
    [PROBES.assign]: same,
    [PROBES.update]: same,
    [PROBES.destructure]: same,
    [PROBES.thrown]: same,
    [PROBES.suspend]: same,
    [PROBES.resume]: same,
  };
}
