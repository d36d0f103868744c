// Every IPC handler of main goes through these two: the sender must be the top frame of one of
// Cinema's UI pages, and the payload must pass its check, before the handler sees anything.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { isTrustedSender } from './security';

type Check = (payload: unknown) => string | null;

/** An `invoke` handler: an untrusted sender or a bad payload rejects the call with a message. */
export function handleChecked<T, R>(
  ipc: IpcMain,
  channel: string,
  origin: string,
  check: Check,
  handler: (payload: T, event: IpcMainInvokeEvent) => Promise<R> | R,
): void {
  ipc.handle(channel, async (event, payload: unknown) => {
    if (!isTrustedSender(event, origin))
      throw new Error(`${channel}: refused a message from ${event.senderFrame?.url ?? 'a closed frame'}`);
    const problem = check(payload);
    if (problem) throw new Error(`${channel}: ${problem}`);
    return handler(payload as T, event);
  });
}

/** A `send` listener: untrusted or malformed messages are dropped (and logged; there is no reply). */
export function onChecked<T>(
  ipc: IpcMain,
  channel: string,
  origin: string,
  check: Check,
  listener: (payload: T, event: IpcMainEvent) => void,
): void {
  ipc.on(channel, (event, payload: unknown) => {
    if (!isTrustedSender(event, origin)) {
      console.warn(`${channel}: ignored a message from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return;
    }
    const problem = check(payload);
    if (problem) {
      console.warn(`${channel}: ${problem}`);
      return;
    }
    listener(payload as T, event);
  });
}
