// The UI window's preload (a CommonJS bundle, sandboxed): exposes `window.cinemaDesktop`, a few named
// functions and nothing of ipcRenderer itself, and hands the page its store port with a window
// message (ports cannot cross contextBridge). Shell messages that arrive before the page listens
// (an import started from the command line while the page loads) wait here for the first listener.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { type DesktopApi, SHELL_CHANNELS, type ShellCommand, type ShellImportState } from '../../src/rpc/shell';

ipcRenderer.on(SHELL_CHANNELS.storePort, (event) => {
  window.postMessage(SHELL_CHANNELS.pagePort, window.location.origin, [...event.ports]);
});

/** A channel from main whose messages are kept until someone listens. */
function buffered<T>(channel: string) {
  const listeners = new Set<(v: T) => void>();
  const waiting: T[] = [];
  ipcRenderer.on(channel, (_e, v: T) => {
    if (listeners.size === 0) waiting.push(v);
    else for (const l of listeners) l(v);
  });
  return (listener: (v: T) => void) => {
    listeners.add(listener);
    for (const v of waiting.splice(0)) listener(v);
    return () => void listeners.delete(listener);
  };
}

const onImportState = buffered<ShellImportState>(SHELL_CHANNELS.importState);
const onCommand = buffered<ShellCommand>(SHELL_CHANNELS.command);

const api: DesktopApi = {
  connectStore: () => ipcRenderer.send(SHELL_CHANNELS.wantPort),
  openRecording: () => ipcRenderer.invoke(SHELL_CHANNELS.openRecording),
  openDropped: async (file) => {
    // Only a real File dropped on the page has a path; the page never names one itself.
    const path = file instanceof File ? webUtils.getPathForFile(file) : '';
    if (!path) throw new Error('only files dropped from disk can be opened');
    await ipcRenderer.invoke(SHELL_CHANNELS.openPath, { path });
  },
  cancelImport: () => ipcRenderer.send(SHELL_CHANNELS.cancelImport),
  exportSession: (session, format, scope) =>
    ipcRenderer.invoke(SHELL_CHANNELS.exportSession, scope ? { session, format, scope } : { session, format }),
  sessionShown: (session) => ipcRenderer.send(SHELL_CHANNELS.sessionShown, session && { id: session.id, name: session.name }),
  onImportState: (listener) => onImportState(listener),
  onCommand: (listener) => onCommand(listener),
};

contextBridge.exposeInMainWorld('cinemaDesktop', api);
