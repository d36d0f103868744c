// The web build's store process: a dedicated Worker that runs the store host on the page's
// IndexedDB and serves the UI over its own message port (the Worker's global scope).
import type { PortLike } from '../../src/rpc/contract';
import { StoreHost } from './host';

// Tabs of the same origin share the database: each tab's host tells the others what it changed.
new StoreHost({ channel: 'cinema-store' }).connect(self as unknown as PortLike);
