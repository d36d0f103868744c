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
  const onPort = (e: MessageEvent) => {
    if (e.source !== window || e.data !== SHELL_CHANNELS.pagePort || e.ports.length !== 1) return;
    window.removeEventListener('message', onPort);
    root.render(<App client={new RpcClient(e.ports[0] as unknown as PortLike)} desktop={desktop} />);
  };
  window.addEventListener('message', onPort);
  desktop.connectStore();
}
