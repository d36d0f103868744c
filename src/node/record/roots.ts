// Where root tasks start, so each gets a flow of its own: an incoming HTTP request (the server's
// 'request' event), a timer or immediate callback, a message a worker thread or its parent
// receives. Each entry point is wrapped to run its callback in a new flow; everything the callback
// starts (promises, awaits, callbacks) carries that flow. The wrappers pass every argument, `this`
// and return value through, and keep what Node hangs on the originals (promisify's custom forms).
import http from 'node:http';
import https from 'node:https';
import timers from 'node:timers';
import { promisify } from 'node:util';
import { MessagePort, Worker } from 'node:worker_threads';
import { type Flow, type Flows, Root } from './flows';
import { likeOriginal } from './like-original';
import { SafeWeakMap } from './safe';

type Listener = (...args: unknown[]) => unknown;

/**
 * Installs every root; returns nothing to undo (the recording lasts as long as the process).
 * `answered` hears when a request's response is ended, with the request's flow and the status.
 */
export function installRoots(flows: Flows, answered: (flow: Flow, status: number) => void = () => {}): void {
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    const emit = proto.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    proto.emit = likeOriginal(function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event !== 'request') return emit.call(this, event, ...args);
      const req = args[0] as { method?: string; url?: string };
      const res = typeof args[1] === 'object' ? args[1] : null;
      return flows.run(Root.Http, `${req.method ?? '?'} ${req.url ?? ''}`, flows.peek(), () => emit.call(this, event, ...args), res);
    }, emit) as typeof proto.emit;
  }
  // A response ended where the program ends it, in its request's flow: the flow holds its response
  // (our object, not the program's: nothing is added to the response, no listener joins its
  // counts, and a table of responses cost a recorded server 3-9% of its requests/s). A response
  // ended from another flow's code (one request answering another) goes unheard.
  const end = http.ServerResponse.prototype.end;
  const ended = function (this: object) {
    const flow = flows.active();
    if (flow !== undefined && flow.response === this) {
      flow.response = null;
      // Heard once the code that ended it has run on (a handler returning after `end`), so the
      // answer is the flow's latest event, which the app reads as its status.
      process.nextTick(answered, flow, (this as { statusCode?: number }).statusCode ?? 0);
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(end, this, arguments) as unknown;
  };
  // As the original reads to a program that looks (its name, its parameters' count).
  http.ServerResponse.prototype.end = likeOriginal(ended, end) as typeof http.ServerResponse.prototype.end;

  for (const name of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
    const original = globalThis[name] as unknown as (...a: unknown[]) => unknown;
    const root = name === 'setImmediate' ? Root.Immediate : Root.Timer;
    const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]) {
      if (typeof callback !== 'function') return original.call(this, callback, ...rest);
      const parent = flows.peek();
      const detail = name === 'setImmediate' ? null : `${name}(${typeof rest[0] === 'number' ? rest[0] : 0} ms)`;
      return original.call(
        this,
        function (this: unknown, ...args: unknown[]) {
          return flows.run(root, detail, parent, () => (callback as Listener).apply(this, args));
        },
        ...rest,
      );
    };
    likeOriginal(wrapped, original);
    const custom = (original as unknown as Record<symbol, unknown>)[promisify.custom];
    if (custom !== undefined) Object.defineProperty(wrapped, promisify.custom, { value: custom });
    (globalThis as unknown as Record<string, unknown>)[name] = wrapped;
    (timers as unknown as Record<string, unknown>)[name] = wrapped;
  }

  // Messages between threads (a Worker object, and every MessagePort, parentPort among them):
  // listeners for 'message' run each message in a new flow.
  wrapMessageListeners(Worker.prototype as unknown as EmitterLike, flows);
  wrapMessageListeners(MessagePort.prototype as unknown as EmitterLike, flows);
}

interface EmitterLike {
  on(event: string | symbol, l: Listener): unknown;
  once(event: string | symbol, l: Listener): unknown;
  addListener(event: string | symbol, l: Listener): unknown;
  off(event: string | symbol, l: Listener): unknown;
  removeListener(event: string | symbol, l: Listener): unknown;
}

const wrappers = new SafeWeakMap<Listener, Listener>();

function wrapMessageListeners(target: EmitterLike, flows: Flows): void {
  const wrap = (l: Listener): Listener => {
    let w = wrappers.get(l);
    if (!w) {
      w = function (this: unknown, ...args: unknown[]) {
        return flows.run(Root.Message, null, 0, () => l.apply(this, args));
      };
      wrappers.set(l, w);
    }
    return w;
  };
  for (const method of ['on', 'once', 'addListener'] as const) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = likeOriginal(function (this: unknown, event: string | symbol, l: Listener) {
      return original.call(this, event, event === 'message' && typeof l === 'function' ? wrap(l) : l);
    }, original);
  }
  for (const method of ['off', 'removeListener'] as const) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = likeOriginal(function (this: unknown, event: string | symbol, l: Listener) {
      return original.call(this, event, event === 'message' ? (wrappers.get(l) ?? l) : l);
    }, original);
  }
}
