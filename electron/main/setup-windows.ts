// The windows: the hidden store window (and main's own client of it), and the UI window at its
// remembered place.
import { app, screen } from 'electron';
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
  // When its process dies, store-restart.ts opens another (main.ts watches it).
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
