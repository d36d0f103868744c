// When the store window's process dies (a crash, the system killing it for memory): main opens a
// new store window and client, and tells every UI window to ask for a new port; the UI goes on
// where it was and says it reconnected. IndexedDB kept everything committed; what was in flight
// (an import main was streaming) fails and says so. A store that keeps dying (more than
// MAX_RESTARTS within WINDOW_MS) is not restarted in a loop: the app says so and relaunches whole.
import { app, dialog } from 'electron';
import { SHELL_CHANNELS } from '../../src/rpc/shell';
import { type MainContext, sendTo } from './context';

export const MAX_RESTARTS = 3;
export const WINDOW_MS = 60_000;

type StoreParts = Pick<MainContext, 'store' | 'client'>;

/** Watches ctx.store; `open` makes a new store window and main's client of it. */
export function watchStore(ctx: MainContext, open: () => Promise<StoreParts>, now: () => number = Date.now): void {
  const restarts: number[] = [];
  const watch = (store: MainContext['store']) =>
    store.webContents.on('render-process-gone', (_e, details) => {
      if (ctx.store !== store) return; // an old window, already replaced
      void restart(details.reason);
    });
  const restart = async (reason: string) => {
    const t = now();
    while (restarts.length > 0 && t - restarts[0] > WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      dialog.showErrorBox(
        'Cinema',
        `The store process keeps ending (${reason}, ${restarts.length + 1} times in a minute). Cinema restarts.`,
      );
      app.relaunch();
      app.exit(1);
      return;
    }
    restarts.push(t);
    const old = ctx.store;
    ctx.importing?.cancel();
    ctx.client.close(`the store process ended (${reason})`);
    try {
      Object.assign(ctx, await open());
    } catch (err) {
      dialog.showErrorBox('Cinema', `The store could not be restarted (${(err as Error).message}). Cinema restarts.`);
      app.relaunch();
      app.exit(1);
      return;
    }
    watch(ctx.store);
    if (!old.isDestroyed()) old.destroy();
    sendTo(ctx.ui?.webContents, SHELL_CHANNELS.command, { command: 'store-restarted', reason });
  };
  watch(ctx.store);
}
