// The preloads with a mocked electron module and a stand-in window: what they expose, what they
// send, and how ports reach the page.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_FUNCTIONS, type DesktopApi, SHELL_CHANNELS, type ShellImportState } from '../../src/rpc/shell';

const exposed = new Map<string, unknown>();
const ipcListeners = new Map<string, (event: unknown, payload?: unknown) => void>();
const sent: Array<[string, unknown]> = [];
const invoked: Array<[string, unknown]> = [];
const pagePosts: Array<[unknown, string, unknown[]]> = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    on: (channel: string, l: (event: unknown, payload?: unknown) => void) => ipcListeners.set(channel, l),
    send: (channel: string, payload?: unknown) => sent.push([channel, payload]),
    invoke: async (channel: string, payload?: unknown) => void invoked.push([channel, payload]),
  },
  webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
}));

class FakeFile {
  constructor(readonly path: string) {}
}
Object.assign(globalThis, {
  File: FakeFile,
  window: {
    location: { origin: 'app://ui' },
    postMessage: (m: unknown, origin: string, ports: unknown[]) => pagePosts.push([m, origin, ports]),
  },
});

beforeEach(() => {
  sent.length = 0;
  invoked.length = 0;
  pagePosts.length = 0;
});

describe('the UI preload', async () => {
  await import('./ui');
  const api = exposed.get('cinemaDesktop') as DesktopApi;

  it('exposes only named functions, never ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['cinemaDesktop']);
    expect(Object.keys(api).sort()).toEqual([...DESKTOP_FUNCTIONS]);
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
  });

  it('asks for a store port and hands it to the page on its own origin', () => {
    api.connectStore();
    expect(sent).toEqual([[SHELL_CHANNELS.wantPort, undefined]]);
    const port = { fake: 'port' };
    ipcListeners.get(SHELL_CHANNELS.storePort)!({ ports: [port] });
    expect(pagePosts).toEqual([[SHELL_CHANNELS.pagePort, 'app://ui', [port]]]);
  });

  it('opens only real dropped files, by the path the preload finds', async () => {
    await api.openDropped(new FakeFile('/home/me/trace.json'));
    expect(invoked).toEqual([[SHELL_CHANNELS.openPath, { path: '/home/me/trace.json' }]]);
    await expect(api.openDropped({ path: '/etc/passwd' })).rejects.toThrow(/only files dropped from disk/);
    await expect(api.openDropped(new FakeFile(''))).rejects.toThrow(/only files dropped from disk/);
    expect(invoked).toHaveLength(1);
  });

  it('keeps import states that arrive before the page listens', () => {
    const early: ShellImportState = { phase: 'progress', file: 'a.cinema', bytes: 1, total: 2 };
    ipcListeners.get(SHELL_CHANNELS.importState)!({}, early);
    const heard: ShellImportState[] = [];
    const off = api.onImportState((s) => heard.push(s));
    expect(heard).toEqual([early]);
    const failed: ShellImportState = { phase: 'failed', file: 'a.cinema', message: 'a.cinema:3:1: expected an object' };
    ipcListeners.get(SHELL_CHANNELS.importState)!({}, failed);
    expect(heard).toEqual([early, failed]);
    off();
  });

  it('sends export and session-shown requests in the shapes main checks', async () => {
    await api.exportSession('s1', 'chrome');
    api.sessionShown({ id: 's1', name: 'trace' });
    expect(invoked).toEqual([[SHELL_CHANNELS.exportSession, { session: 's1', format: 'chrome' }]]);
    expect(sent).toEqual([[SHELL_CHANNELS.sessionShown, { id: 's1', name: 'trace' }]]);
  });
});

describe('the store preload', async () => {
  await import('./store');
  it('hands each client port main sends to the store page', () => {
    const port = { fake: 'client' };
    ipcListeners.get(SHELL_CHANNELS.newClient)!({ ports: [port] });
    expect(pagePosts).toEqual([[SHELL_CHANNELS.pagePort, 'app://ui', [port]]]);
  });
});
