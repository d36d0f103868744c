// The windows: the hidden store window (main's own client of it, and what happens when its process
// dies), and the UI window at its remembered place.
import { app, dialog, screen } from 'electron';
import { join } from 'node:path';
import { RpcClient } from '../../src/rpc/client';
import type { MainContext } from './context';
import { newStoreClient, portLikeOfMain } from './ports';
import { createStoreWindow, createUiWindow, windowStateOf } from './windows';
import { loadWindowState, saveWindowState } from './window-state';

/** Opens the store window and main's client of it. */
export async function setupStore(here: string): Promise<Pick<MainContext, 'store' | 'client'>> {
  const store = await createStoreWindow(here);
  const client = new RpcClient(portLikeOfMain(newStoreClient(store.webContents)));
  store.webContents.on('render-process-gone', (_e, details) => {
    // The store is gone with its open transactions; IndexedDB keeps what was committed. Start over.
    dialog.showErrorBox('Cinema', `The store process ended (${details.reason}). Cinema restarts.`);
    app.relaunch();
    app.exit(1);
  });
  return { store, client };
}

/** How the UI window is shown: at its remembered place, remembered again when it closes. */
export function setupUiWindow(ctx: MainContext): void {
  const stateFile = () => join(app.getPath('userData'), 'window-state.json');
  ctx.showUi = async () => {
    const areas = screen.getAllDisplays().map((d) => d.workArea);
    const win = createUiWindow(ctx.here, await loadWindowState(stateFile(), areas));
    ctx.ui = win;
    const remember = () => void saveWindowState(stateFile(), windowStateOf(win)).catch(() => {});
    win.on('close', remember);
    win.on('closed', () => {
      if (ctx.ui === win) ctx.ui = null;
      ctx.shown = null;
      ctx.rebuildMenu();
    });
    return win;
  };
}
