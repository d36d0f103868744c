// The desktop app's UI entry: the same App as the web build, given a client on the port main brokers
// to the hidden store window, and the shell's native services (dialogs, menus, file streaming).
import { createRoot } from 'react-dom/client';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { type DesktopApi, SHELL_CHANNELS } from '../../src/rpc/shell';
import { App } from '../app/App';
import '../app/app.css';

declare global {
  interface Window {
    cinemaDesktop?: DesktopApi;
  }
}

const desktop = window.cinemaDesktop;
const root = createRoot(document.getElementById('root')!);
if (!desktop) {
  root.render(<p className="message error">This page runs inside the Cinema desktop app; open the web build for a browser.</p>);
} else {
  // The first port renders the app; a later one (main restarted the store's process) carries the
  // same client on to the new store, and the app says it reconnected.
  let client: RpcClient | null = null;
  let restarted = '';
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== window || e.data !== SHELL_CHANNELS.pagePort || e.ports.length !== 1) return;
    const port = e.ports[0] as unknown as PortLike;
    if (!client) {
      client = new RpcClient(port);
      root.render(<App client={client} desktop={desktop} />);
    } else client.reconnect(port, `Reconnected: the store's process ended (${restarted}) and was started again; nothing stored was lost.`);
  });
  desktop.onCommand((c) => {
    if (c.command !== 'store-restarted') return;
    restarted = c.reason;
    desktop.connectStore();
  });
  desktop.connectStore();
}
