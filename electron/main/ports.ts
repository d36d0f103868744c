// Brokering MessagePorts (main owns the store window and hands out its ports): every client of the store (each UI window, and main
// itself) gets one end of a fresh MessageChannelMain, the hidden store window the other end.
import { MessageChannelMain, type MessagePortMain, type WebContents, type WebFrameMain } from 'electron';
import type { PortLike } from '../../src/rpc/contract';
import { SHELL_CHANNELS } from '../../src/rpc/shell';

/** Gives the store window a new client port; returns the other end. */
export function newStoreClient(store: WebContents): MessagePortMain {
  const { port1, port2 } = new MessageChannelMain();
  store.postMessage(SHELL_CHANNELS.newClient, null, [port1]);
  return port2;
}

/** Connects a UI frame to the store: the frame's preload receives its end on SHELL_CHANNELS.storePort. */
export function connectFrame(store: WebContents, frame: WebFrameMain): void {
  frame.postMessage(SHELL_CHANNELS.storePort, null, [newStoreClient(store)]);
}

/**
 * main's own end as the PortLike the RPC client speaks. Messages through a MessagePortMain are
 * serialized, so buffers are copied, not transferred: main's traffic is file chunks, a few per second.
 */
export function portLikeOfMain(port: MessagePortMain): PortLike {
  const wrapped = new Map<(e: { data: unknown }) => void, (e: { data: unknown }) => void>();
  return {
    postMessage: (message) => port.postMessage(message),
    addEventListener: (_type, listener) => {
      const w = (e: { data: unknown }) => listener({ data: e.data });
      wrapped.set(listener, w);
      port.on('message', w);
    },
    removeEventListener: (_type, listener) => {
      const w = wrapped.get(listener);
      if (w) port.off('message', w);
      wrapped.delete(listener);
    },
    start: () => port.start(),
  };
}
