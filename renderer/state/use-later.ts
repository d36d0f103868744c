// Work that can wait for the first view: true once `ms` have passed since the component mounted
// (or `key` last changed). The flame chart and the per-node times need the session's span index,
// whose first build reads the whole session (seconds at 1M events); started at once, it slowed the
// timeline's first paint from ~0.7 s to 1.3-5 s.
import { useEffect, useState } from 'react';

export function useLater(ms: number, key: unknown): boolean {
  const [ready, setReady] = useState<{ key: unknown } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setReady({ key }), ms);
    return () => clearTimeout(timer);
  }, [ms, key]);
  return ready !== null && ready.key === key;
}
