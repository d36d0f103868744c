// Asking the store host for data from a component: the latest answer for the current inputs. When the
// inputs change before an answer arrives, the older call is cancelled (its reply is dropped, and the
// host stops work that checks for it) so a fast scrub never queues stale queries. While a new answer
// is on its way the last one stays shown, marked loading.
import { useEffect, useState } from 'react';
import { RpcError } from '../../src/rpc/client';

export interface QueryResult<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export function useQuery<T>(run: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): QueryResult<T> {
  // The answer, and the inputs it answers: loading is "the inputs moved on since".
  const [answer, setAnswer] = useState<{ deps: unknown[]; data: T | undefined; error: string | null } | null>(null);
  useEffect(() => {
    if (!run) return;
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => !controller.signal.aborted && setAnswer({ deps, data, error: null }),
      (err: unknown) => {
        if (controller.signal.aborted || (err instanceof RpcError && err.code === 'cancelled')) return;
        setAnswer((a) => ({ deps, data: a?.data, error: err instanceof Error ? err.message : String(err) }));
      },
    );
    return () => controller.abort();
    // `run` is a new closure each render: the caller's `deps` say when it asks something new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  if (!run) return { data: undefined, error: null, loading: false };
  const current = answer !== null && sameDeps(answer.deps, deps);
  return { data: answer?.data, error: current ? answer.error : null, loading: !current };
}
