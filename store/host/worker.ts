// The web build's store process: a dedicated Worker that runs the store host on the page's
// IndexedDB and serves the UI over its own message port (the Worker's global scope).
import type { PortLike } from '../../src/rpc/contract';
import { StoreHost } from './host';

new StoreHost().connect(self as unknown as PortLike);
