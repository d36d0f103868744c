// Asks V8 to collect garbage in every dedicated Worker of a page (the store's, the import parser's),
// through the page's DevTools session: attached to its Workers, each gets HeapProfiler.collectGarbage.
// The UI benchmark reports memory both as it is while browsing and once this has run: the difference
// is garbage V8 had not collected yet (it does so within some seconds of quiet).
import type { CDPSession } from '@playwright/test';

type Event = { sessionId?: string; targetInfo?: { type: string }; message?: string };
/** The part of a CDP session used here, without the protocol's typing of deprecated methods. */
type Session = { send(method: string, params?: object): Promise<unknown>; on(event: string, f: (e: Event) => void): void };

/** Collects garbage in the page's Workers; resolves with how many it reached. */
export async function collectWorkerGarbage(cdp: CDPSession, settleMs = 300): Promise<number> {
  const session = cdp as unknown as Session;
  const workers: string[] = [];
  const replies = new Map<number, () => void>();
  session.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo?.type === 'worker' && e.sessionId) workers.push(e.sessionId);
  });
  session.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message ?? '{}') as { id?: number };
    if (reply.id !== undefined) replies.get(reply.id)?.();
  });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((r) => setTimeout(r, settleMs));
  let id = 0;
  const inWorker = (sessionId: string, method: string) =>
    new Promise<void>((resolve) => {
      const n = ++id;
      replies.set(n, resolve);
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method }) });
    });
  for (const w of workers) {
    await inWorker(w, 'HeapProfiler.enable');
    await inWorker(w, 'HeapProfiler.collectGarbage');
  }
  await session.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: false });
  return workers.length;
}
