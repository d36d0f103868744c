// The host side of the store RPC: checks every incoming message, runs the handler of its request,
// replies with the result or an error {code, message}, honours cancellation, and moves buffers in
// results instead of copying them. A malformed message gets an error reply (when it has an id) and
// the server goes on serving.
import type { ErrorCode, PortLike, PushName, Pushes, RequestName, Requests, Transferable, WireMessage } from './contract';
import { ARG_CHECKS, isRequestName } from './validate';
import { type CancelSignal, Cancellation } from './cancel';

/** An error a handler throws to reply with a specific code. */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** What a handler gets besides its argument. */
export interface CallContext {
  signal: CancelSignal;
  /** Pushes an event to this client. */
  push<K extends PushName>(name: K, payload: Pushes[K]): void;
}

/**
 * A handler's result, with the buffers in it to transfer; or, for a bulk result, the result as
 * UTF-8 JSON text in a buffer (`packed`) that is transferred and parsed by the client.
 */
export type Reply<T> =
  { result: T; transfer?: Transferable[]; packed?: undefined } | { packed: ArrayBuffer; result?: undefined; transfer?: undefined };

export type Handlers = { [K in RequestName]: (arg: Requests[K]['arg'], ctx: CallContext) => Promise<Reply<Requests[K]['result']>> };

/** Maps a thrown error to a reply code; the host supplies one that knows its own error types. */
export type ErrorMapper = (err: unknown) => { code: ErrorCode; message: string };

export class RpcServer {
  private running = new Map<number, Cancellation>();
  private readonly onMessage = (e: { data: unknown }) => void this.receive(e.data);

  constructor(
    private readonly port: PortLike,
    private readonly handlers: Handlers,
    private readonly mapError: ErrorMapper,
  ) {
    port.addEventListener('message', this.onMessage);
    port.start?.();
  }

  /** Pushes an event to this client. */
  push<K extends PushName>(name: K, payload: Pushes[K]): void {
    this.port.postMessage({ t: 'push', name, payload } satisfies WireMessage);
  }

  close(): void {
    this.port.removeEventListener?.('message', this.onMessage);
    for (const c of this.running.values()) c.cancel();
  }

  private reply(
    id: number,
    error: { code: ErrorCode; message: string } | null,
    result?: unknown,
    transfer: Transferable[] = [],
    packed?: ArrayBuffer,
  ): void {
    const msg: WireMessage = error
      ? { t: 'res', id, ok: false, error }
      : packed
        ? { t: 'res', id, ok: true, packed }
        : { t: 'res', id, ok: true, result };
    if (packed) transfer = [packed];
    try {
      this.port.postMessage(msg, transfer);
    } catch (err) {
      // A result that cannot be cloned (it should not happen) still gets a reply.
      this.port.postMessage({
        t: 'res',
        id,
        ok: false,
        error: { code: 'internal', message: `the result could not be sent: ${(err as Error).message}` },
      } satisfies WireMessage);
    }
  }

  private async receive(data: unknown): Promise<void> {
    const m = data as Record<string, unknown> | null;
    if (m === null || typeof m !== 'object') return; // nothing to reply to
    const id = m.id;
    const validId = typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
    if (m.t === 'cancel') {
      if (validId) this.running.get(id as number)?.cancel();
      return;
    }
    if (m.t !== 'req') {
      if (validId)
        this.reply(id as number, {
          code: 'bad-request',
          message: `expected a message with t "req" or "cancel", found ${JSON.stringify(m.t)}`,
        });
      return;
    }
    if (!validId) return; // a request without a usable id cannot be answered
    if (this.running.has(id as number)) {
      this.reply(id as number, { code: 'bad-request', message: `request id ${id} is already in use` });
      return;
    }
    if (!isRequestName(m.name)) {
      this.reply(id as number, { code: 'unknown-request', message: `unknown request ${JSON.stringify(m.name)}` });
      return;
    }
    const name = m.name;
    const problem = ARG_CHECKS[name](m.arg, 'arg');
    if (problem) {
      this.reply(id as number, { code: 'bad-request', message: `${name}: ${problem}` });
      return;
    }
    const controller = new Cancellation();
    this.running.set(id as number, controller);
    try {
      const handler = this.handlers[name] as (arg: unknown, ctx: CallContext) => Promise<Reply<unknown>>;
      const out = await handler(m.arg, { signal: controller.signal, push: (n, p) => this.push(n, p) });
      if (controller.signal.aborted) this.reply(id as number, { code: 'cancelled', message: `${name} was cancelled` });
      else this.reply(id as number, null, out.result, out.transfer, out.packed);
    } catch (err) {
      this.reply(id as number, controller.signal.aborted ? { code: 'cancelled', message: `${name} was cancelled` } : this.mapError(err));
    } finally {
      this.running.delete(id as number);
    }
  }
}
