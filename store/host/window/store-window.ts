// The desktop app's store process: the hidden store window's page runs the store host on the
// app://store origin's IndexedDB and serves every port main hands it (one per UI window, one for
// main). The web build runs the same host in a Worker (store/host/worker.ts).
import type { PortLike } from '../../../src/rpc/contract';
import { SHELL_CHANNELS } from '../../../src/rpc/shell';
import { StoreHost } from '../host';

const host = new StoreHost();

self.addEventListener('message', (e: MessageEvent) => {
  // Only the preload (same window) hands ports; anything else posting here is ignored.
  if (e.source !== (self as unknown) || e.data !== SHELL_CHANNELS.pagePort || e.ports.length !== 1) return;
  host.connect(e.ports[0] as unknown as PortLike);
});
