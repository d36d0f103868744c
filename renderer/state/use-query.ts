// Asking the store host for data from a component: the latest answer for the current inputs. When the
// inputs change before an answer arrives, the older call is cancelled (its reply is dropped, and the
// host stops work that checks for it) so a fast scrub never queues stale queries.
import { useEffect, useState } from 'react';
import { RpcError } from '../../src/rpc/client';

export interface QueryResult<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

export function useQuery<T>(run: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): QueryResult<T> {
  const [state, setState] = useState<QueryResult<T>>({ data: undefined, error: null, loading: run !== null });
  useEffect(() => {
    if (!run) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    run(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, error: null, loading: false }),
      (err: unknown) => {
        if (controller.signal.aborted || (err instanceof RpcError && err.code === 'cancelled')) return;
        setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err), loading: false }));
      },
    );
    return () => controller.abort();
    // `run` is a new closure each render: the caller's `deps` say when it asks something new.
  }, deps);
  return state;
}
