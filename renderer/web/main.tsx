// The web build's entry: starts the store Worker, hands the UI a client of it. In the desktop app
// the same UI gets its client from a MessagePort that main brokers; only this file differs.
import { createRoot } from 'react-dom/client';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { App } from '../app/App';
import '../app/app.css';

const worker = new Worker(new URL('../../store/host/worker.ts', import.meta.url), { type: 'module', name: 'cinema-store' });
const client = new RpcClient(worker as unknown as PortLike);
createRoot(document.getElementById('root')!).render(<App client={client} />);
