// The client side of the store RPC: typed calls over any MessagePort-like object, each with an id,
// cancellable with an AbortSignal, and pushed events delivered to listeners.
import type { CancelSignal } from './cancel';
import type { ErrorCode, PortLike, PushName, Pushes, RequestName, Requests, Transferable, WireMessage } from './contract';

// TextDecoder exists wherever a client runs (pages, workers, Node); src/ sees only ECMAScript's types.
declare const TextDecoder: new () => { decode(bytes: ArrayBuffer): string };
const utf8 = new TextDecoder();

/** A failed call: the host's error code and message. */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export class RpcClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly onMessage = (e: { data: unknown }) => this.receive(e.data as WireMessage);

  constructor(private port: PortLike) {
    port.addEventListener('message', this.onMessage);
    port.start?.();
  }

  /**
   * Goes on over a new port to a new host (the desktop's store process was restarted): calls still
   * waiting fail (their host is gone), listeners stay, and a `store.reconnected` push with
   * `message` tells them. Sessions live in IndexedDB, so what the views show is still there.
   */
  reconnect(port: PortLike, message: string): void {
    this.close('the store stopped while this was asked; try again');
    this.port = port;
    port.addEventListener('message', this.onMessage);
    port.start?.();
    this.receive({ t: 'push', name: 'store.reconnected', payload: { message } });
  }

  /** Calls a request; `transfer` lists buffers in `arg` to move rather than copy. */
  call<K extends RequestName>(
    name: K,
    arg: Requests[K]['arg'],
    opts: { signal?: CancelSignal; transfer?: Transferable[] } = {},
  ): Promise<Requests[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new RpcError('cancelled', `${name} was cancelled`));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      opts.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          this.port.postMessage({ t: 'cancel', id } satisfies WireMessage);
        },
        { once: true },
      );
      this.port.postMessage({ t: 'req', id, name, arg } satisfies WireMessage, opts.transfer ?? []);
    });
  }

  /** Listens to a pushed event; returns a function that stops listening. */
  on<K extends PushName>(name: K, listener: (payload: Pushes[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set!.delete(listener as (p: unknown) => void);
  }

  /** Stops listening to the port; calls still waiting fail. */
  close(why = 'the client was closed'): void {
    this.port.removeEventListener?.('message', this.onMessage);
    for (const p of this.pending.values()) p.reject(new RpcError('cancelled', why));
    this.pending.clear();
  }

  private receive(m: WireMessage): void {
    if (!m || typeof m !== 'object') return;
    if (m.t === 'push') {
      for (const l of this.listeners.get(m.name) ?? []) l(m.payload);
      return;
    }
    if (m.t !== 'res') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!m.ok) p.reject(new RpcError(m.error.code, m.error.message));
    else if ('packed' in m) {
      try {
        p.resolve(JSON.parse(utf8.decode(m.packed)));
      } catch (err) {
        p.reject(new RpcError('internal', `a packed result could not be read: ${(err as Error).message}`));
      }
    } else p.resolve(m.result);
  }
}
