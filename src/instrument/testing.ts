// For tests: probes standing in for the recorder, logging what the instrumented code reports.
import { instrument } from './instrument';
import { PROBES, RUNTIME_GLOBAL } from './probes';

/** Probes that log what they see and hand back what they were given. */
export function loggingRuntime() {
  const log: string[] = [];
  const show = (v: unknown) => {
    try {
      return JSON.stringify(v);
    } catch {
      return '[value]';
    }
  };
  let base = 0;
  const frame = (n: number) => ({ n });
  const r: Record<string, unknown> = {
    [PROBES.module]: (_k: string, count: number) => ((base += count), base - count),
    [PROBES.enterMany]: (n: number, args: unknown[]) => (log.push(`enter ${n} ${show(args)}`), frame(n)),
    [PROBES.testRoot]: (name: string) => log.push(`test root ${name}`),
    [PROBES.ret]: (_f: unknown, _n: number, v: unknown) => (log.push(`return ${show(v)}`), v),
    [PROBES.fail]: () => log.push('fail'),
    [PROBES.exit]: (f: { n: number }) => log.push(`exit ${f.n}`),
    [PROBES.assign]: (_n: number, name: string, v: unknown) => (log.push(`${name} = ${show(v)}`), v),
    [PROBES.update]: (_n: number, name: string, result: unknown, now: unknown) => (log.push(`${name} = ${show(now)}`), result),
    [PROBES.destructure]: (_n: number, names: string[], result: unknown, ...values: unknown[]) => (
      names.forEach((x, i) => log.push(`${x} = ${show(values[i])}`)),
      result
    ),
    [PROBES.thrown]: (_f: unknown, _n: number, e: unknown) => (log.push('throw'), e),
    [PROBES.suspend]: (_f: unknown, _n: number, v: unknown) => (log.push('suspend'), v),
    [PROBES.resume]: (_f: unknown, _n: number, v: unknown) => (log.push('resume'), v),
  };
  PROBES.enter.forEach(
    (name, arity) => (r[name] = (n: number, ...a: unknown[]) => (log.push(`enter ${n} ${show(a.slice(0, arity))}`), frame(n))),
  );
  return { r, log };
}

/** Runs a script body (its value is `result`) as written and as instrumented, with logging probes. */
export function both(body: string): { plain: unknown; instrumented: unknown; log: string[]; code: string } {
  const run = (code: string) => new Function(`${code}\nreturn result;`)() as unknown;
  const { r, log } = loggingRuntime();
  (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = r;
  const out = instrument(body, { file: 'snippet.js', key: 'k', sourceType: 'script' });
  return { plain: run(body), instrumented: run(out.code), log, code: out.code };
}
