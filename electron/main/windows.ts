// Creating Cinema's windows: the hidden store window (the store's process: real Chromium IndexedDB, off the UI's thread) and
// the UI window, each with the secure preferences and loading only its app:// page.
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { entryUrl } from './app-protocol';
import { secureWebPreferences } from './security';
import type { WindowState } from './window-state';

/** The store's IndexedDB lives in this persistent partition, under the app://store origin. */
export const STORE_PARTITION = 'persist:store';

/** The hidden store window; resolves once its page (and so the store host) has loaded. */
export async function createStoreWindow(preloadDir: string): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    show: false,
    width: 400,
    height: 300,
    webPreferences: {
      ...secureWebPreferences(join(preloadDir, 'preload-store.cjs')),
      partition: STORE_PARTITION,
      // A hidden window is throttled like a background tab unless told otherwise: imports would crawl.
      backgroundThrottling: false,
    },
  });
  await win.loadURL(entryUrl('store'));
  return win;
}

/** A UI window at the remembered place; shown once its first paint is ready (no white flash). */
export function createUiWindow(preloadDir: string, state: WindowState): BrowserWindow {
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Cinema',
    backgroundColor: '#1b1d22',
    webPreferences: secureWebPreferences(join(preloadDir, 'preload-ui.cjs')),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  void win.loadURL(entryUrl('ui'));
  return win;
}

/** The window's state to remember: its normal (not maximized) bounds, and whether it is maximized. */
export function windowStateOf(win: BrowserWindow): WindowState {
  return { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
}
