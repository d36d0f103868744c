// npm run fuzz:rpc in Chromium: two of the web build's own store Workers (store/host/worker.ts) on
// this origin's IndexedDB, as two tabs run them. One gets the hostile messages on its port; the
// other serves a well-behaved client that must not notice. A Worker's uncaught error counts as a
// crash here; unhandled rejections reach the console, which the command watches.
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { type FuzzReport, fuzzTarget } from './fuzz-rpc';

const startWorker = () => new Worker(new URL('../host/worker.ts', import.meta.url), { type: 'module', name: 'cinema-store' });

async function fuzzWorkers(seed: number, count: number): Promise<FuzzReport & { worker_errors: number; log: string[] }> {
  const attacked = startWorker();
  const other = startWorker();
  let errors = 0;
  const log: string[] = [];
  for (const w of [attacked, other])
    w.addEventListener('error', (e) => {
      errors++;
      log.push(`worker error: ${e.message}`);
    });
  const report = await fuzzTarget(
    {
      raw: attacked,
      bystander: new RpcClient(other as unknown as PortLike),
      close: () => {
        attacked.terminate();
        other.terminate();
      },
    },
    seed,
    count,
    (line) => log.push(line),
  );
  return { ...report, worker_errors: errors, log };
}

(globalThis as unknown as { cinemaFuzzRpc: typeof fuzzWorkers }).cinemaFuzzRpc = fuzzWorkers;
