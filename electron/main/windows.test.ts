import { describe, expect, it, vi } from 'vitest';

// BrowserWindow stand-in: records its options and what it loads.
const created: FakeWindow[] = [];
class FakeWindow {
  loaded: string[] = [];
  maximized = false;
  once = vi.fn();
  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    created.push(this);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  getNormalBounds() {
    return { x: 1, y: 2, width: 1000, height: 700 };
  }
  isMaximized() {
    return this.maximized;
  }
}
vi.mock('electron', () => ({ BrowserWindow: FakeWindow }));

const { createStoreWindow, createUiWindow, STORE_PARTITION, windowStateOf } = await import('./windows');

describe('windows', () => {
  it('the store window is hidden, sandboxed, unthrottled, in its own partition, on app://store', async () => {
    const win = (await createStoreWindow('/app')) as unknown as FakeWindow;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      backgroundThrottling: false,
      partition: STORE_PARTITION,
      preload: '/app/preload-store.cjs',
    });
    expect(STORE_PARTITION).toMatch(/^persist:/); // the database survives restarts
    expect(win.loaded).toEqual(['app://store/store/host/window/index.html']);
  });

  it('a UI window is secure, at the remembered place, shown when ready, on app://ui', () => {
    const win = createUiWindow('/app', { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true }) as unknown as FakeWindow;
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/preload-ui.cjs',
    });
    expect(win.maximized).toBe(true);
    expect(win.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
    expect(win.loaded).toEqual(['app://ui/renderer/electron/index.html']);
    expect(windowStateOf(win as never)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
  });
});
