// The store window's preload (a CommonJS bundle, sandboxed): each client port main sends is handed to
// the page, which serves the store on it. Nothing is exposed to the page.
import { ipcRenderer } from 'electron';
import { SHELL_CHANNELS } from '../../src/rpc/shell';

ipcRenderer.on(SHELL_CHANNELS.newClient, (event) => {
  window.postMessage(SHELL_CHANNELS.pagePort, window.location.origin, [...event.ports]);
});
