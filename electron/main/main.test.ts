// main.ts wired against a mocked electron module: the order of start-up, the single instance lock,
// both sessions hardened, the windows, and every IPC handler refusing a foreign sender.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SHELL_CHANNELS } from '../../src/rpc/shell';

const log: string[] = [];
const state = { lock: true, userData: '' };
const handles = new Map<string, (e: unknown, p?: unknown) => unknown>();
const ons = new Map<string, (e: unknown, p?: unknown) => unknown>();
const appEvents = new Map<string, (...a: unknown[]) => void>();
const windows: Array<{ options: { show?: boolean; webPreferences: Record<string, unknown> }; loaded: string[] }> = [];

function fakeSession(name: string) {
  return {
    name,
    protocol: { handle: (scheme: string) => log.push(`${name}.protocol.handle ${scheme}`) },
    setPermissionRequestHandler: () => log.push(`${name}.permissions denied`),
    setPermissionCheckHandler: () => {},
    webRequest: { onHeadersReceived: () => log.push(`${name}.csp`) },
  };
}

vi.mock('electron', () => {
  const sessions = { default: fakeSession('default'), store: fakeSession('persist:store') };
  class BrowserWindow {
    loaded: string[] = [];
    webContents = { postMessage: vi.fn(), on: vi.fn(), send: vi.fn(), isDestroyed: () => false };
    constructor(readonly options: { show?: boolean; webPreferences: Record<string, unknown> }) {
      windows.push(this);
    }
    static fromWebContents() {
      return null;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      log.push(`load ${url}`);
      return Promise.resolve();
    }
    once() {}
    on() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  const port = () => ({ on: vi.fn(), off: vi.fn(), start: vi.fn(), postMessage: vi.fn() });
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => (log.push('lock'), state.lock),
      quit: () => log.push('quit'),
      whenReady: () => (log.push('whenReady'), Promise.resolve()),
      on: (name: string, l: (...a: unknown[]) => void) => appEvents.set(name, l),
      getPath: () => state.userData,
      getVersion: () => '0.1.0',
      setAsDefaultProtocolClient: (scheme: string) => log.push(`protocol client ${scheme}`),
    },
    protocol: { registerSchemesAsPrivileged: (s: Array<{ scheme: string }>) => log.push(`privileged ${s.map((x) => x.scheme)}`) },
    session: { defaultSession: sessions.default, fromPartition: (p: string) => (p === 'persist:store' ? sessions.store : fakeSession(p)) },
    BrowserWindow,
    MessageChannelMain: class {
      port1 = port();
      port2 = port();
    },
    ipcMain: { handle: (c: string, h: never) => handles.set(c, h), on: (c: string, h: never) => ons.set(c, h) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => log.push('menu') },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
});

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('./main');
  // start() runs to its end, where it registers the app's events, unless the lock was refused:
  // waited for, not counted in ticks (50 were once not enough on a loaded machine: it awaits files).
  if (state.lock) await vi.waitFor(() => expect(appEvents.has('second-instance')).toBe(true), { timeout: 10_000, interval: 5 });
  else for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  log.length = 0;
  windows.length = 0;
  handles.clear();
  ons.clear();
  appEvents.clear();
  state.userData = mkdtempSync(join(tmpdir(), 'cinema-main-'));
});

describe('the main process', () => {
  it('quits when another Cinema holds the lock, having opened nothing', async () => {
    state.lock = false;
    await startMain();
    expect(log).toEqual(['privileged app', 'lock', 'quit']);
    expect(windows).toEqual([]);
  });

  it('registers app:// before ready, hardens both sessions, then opens the store and the UI', async () => {
    state.lock = true;
    await startMain();
    expect(log.indexOf('privileged app')).toBeLessThan(log.indexOf('whenReady'));
    for (const s of ['default', 'persist:store']) {
      expect(log).toContain(`${s}.permissions denied`);
      expect(log).toContain(`${s}.csp`);
      expect(log).toContain(`${s}.protocol.handle app`);
    }
    expect(log.indexOf('load app://store/store/host/window/index.html')).toBeLessThan(
      log.indexOf('load app://ui/renderer/electron/index.html'),
    );
    expect(windows).toHaveLength(2);
    const [store, ui] = windows;
    expect(store.options.show).toBe(false);
    expect(store.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      partition: 'persist:store',
    });
    expect(ui.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(appEvents.has('web-contents-created')).toBe(true);
    expect(appEvents.has('second-instance')).toBe(true);
    expect(log).toContain('menu');
    expect(log).toContain('protocol client cinema');
  });

  it('hands a cinema:// link from a second launch or the system to the UI page', async () => {
    state.lock = true;
    await startMain();
    const ui = windows[1] as unknown as { webContents: { send: ReturnType<typeof vi.fn> } };
    appEvents.get('second-instance')!({}, ['/opt/Cinema/cinema', 'cinema://open#s=s-1&t=42']);
    appEvents.get('open-url')!({ preventDefault: () => {} }, 'cinema://open#c=a~b');
    const commands = () => ui.webContents.send.mock.calls.filter(([channel]) => channel === SHELL_CHANNELS.command);
    await vi.waitFor(() => expect(commands()).toHaveLength(2));
    expect(commands()).toEqual([
      [SHELL_CHANNELS.command, { command: 'open-link', link: 'cinema://open#s=s-1&t=42' }],
      [SHELL_CHANNELS.command, { command: 'open-link', link: 'cinema://open#c=a~b' }],
    ]);
  });

  it('every IPC handler refuses a sender that is not the UI page', async () => {
    state.lock = true;
    await startMain();
    expect([...handles.keys()].sort()).toEqual(
      [SHELL_CHANNELS.exportSession, SHELL_CHANNELS.openPath, SHELL_CHANNELS.openRecording].sort(),
    );
    expect([...ons.keys()].sort()).toEqual([SHELL_CHANNELS.cancelImport, SHELL_CHANNELS.sessionShown, SHELL_CHANNELS.wantPort].sort());
    const evil = { senderFrame: { url: 'https://evil.example/', parent: null, postMessage: vi.fn() }, sender: {} };
    for (const [channel, h] of handles)
      await expect(h(evil, { path: '/etc/passwd', session: 's', format: 'cinema' }), channel).rejects.toThrow(/refused/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    ons.get(SHELL_CHANNELS.wantPort)!(evil);
    expect(evil.senderFrame.postMessage).not.toHaveBeenCalled();
    const good = { senderFrame: { url: 'app://ui/renderer/electron/index.html', parent: null, postMessage: vi.fn() }, sender: {} };
    ons.get(SHELL_CHANNELS.wantPort)!(good);
    expect(good.senderFrame.postMessage).toHaveBeenCalledWith(SHELL_CHANNELS.storePort, null, [expect.anything()]);
    warn.mockRestore();
  });
});
