// What a snapshot knows of an object by its prototype, learned once per prototype: its class's
// name, whether it is one of Node's own classes (whose `_` fields are internals), and whether its
// instances are ordinary objects rather than one of the kinds a snapshot shows its own way.
import { createRequire } from 'node:module';
import { types } from 'node:util';
import { SafeSet, SafeWeakMap, SafeWeakSet, getDescriptor, getProto } from './safe';

/**
 * Names read once per function and class names once per prototype: reading a descriptor makes an
 * object each time, and a recorded server's request and reply objects carry dozens of functions and
 * classes, so descriptors were a third of what their snapshots cost. A name redefined after it was
 * first read keeps its first reading.
 */
const functionNames = new SafeWeakMap<object, string>();
const classNames = new SafeWeakMap<object, string | null>();

export function functionName(f: unknown): string {
  let name = functionNames.get(f as object);
  if (name === undefined) {
    // A Proxy's name would be its getOwnPropertyDescriptor trap's answer: the program's code.
    const d = types.isProxy(f) ? undefined : getDescriptor(f as object, 'name');
    name = d && typeof d.value === 'string' ? d.value : '';
    functionNames.set(f as object, name);
  }
  return name;
}

/** The class of an object, read from its prototype's own `constructor` data property. */
export function className(o: object): string | null {
  const proto = getProto(o);
  if (proto === null) return null;
  let name = classNames.get(proto);
  if (name === undefined) {
    // A prototype may be a Proxy (Object.create(new Proxy(...))): its traps are not called.
    const d = types.isProxy(proto) ? undefined : getDescriptor(proto, 'constructor');
    name = d && typeof d.value === 'function' ? functionName(d.value) || null : null;
    classNames.set(proto, name);
  }
  return name;
}

const errorPrototype = Error.prototype;

/** Whether Error.prototype is on the object's prototype chain, walked without entering a Proxy (as `instanceof` would, calling its traps). */
export function inheritsError(o: object): boolean {
  for (let p = getProto(o) as object | null; p !== null; p = getProto(p) as object | null) {
    if (p === errorPrototype) return true;
    if (types.isProxy(p)) return false;
  }
  return false;
}

/**
 * Node's own classes, whose instances are shown by their public fields: their `_`-named ones are
 * Node's internals (`_readableState`, `_events`, `_removedContLen`), never the program's, and a
 * recorded server's request and response spent a quarter of their snapshot on them. Only instances
 * of these very classes: a program's subclass keeps every field. The modules are looked at once
 * an object of one of these names is met, so a program that has none loads nothing more.
 */
const NODE_CLASSES = new SafeSet(['IncomingMessage', 'ServerResponse', 'ClientRequest', 'Socket', 'TLSSocket', 'Server', 'EventEmitter']);
let nodePrototypes: Set<unknown> | null = null;

export function nodeInternalsHidden(o: object, cls: string): boolean {
  if (!NODE_CLASSES.has(cls)) return false;
  if (nodePrototypes === null) {
    const load = createRequire(import.meta.url);
    const http = load('node:http') as typeof import('node:http');
    const net = load('node:net') as typeof import('node:net');
    const tls = load('node:tls') as typeof import('node:tls');
    const { EventEmitter } = load('node:events') as typeof import('node:events');
    const classes = [
      http.IncomingMessage,
      http.ServerResponse,
      http.ClientRequest,
      http.Server,
      net.Socket,
      net.Server,
      tls.TLSSocket,
      tls.Server,
      EventEmitter,
    ];
    nodePrototypes = new SafeSet();
    for (let i = 0; i < classes.length; i++) nodePrototypes.add(classes[i].prototype as unknown);
  }
  return nodePrototypes.has(getProto(o));
}

/**
 * Prototypes whose instances have been found to be none of the kinds a snapshot shows its own way
 * (Date, Error, Promise, Map, Set, typed arrays...): their next instances skip the dozen checks,
 * each a call into Node, that found it - a class instance's snapshot (a recorded server's request
 * and reply hold several) spent most of its time there. An instance made with another kind's
 * internals under such a prototype (Reflect.construct(Map, [], Foo) after a plain Foo was met) is
 * then shown by its own properties: less than it could show, and still nothing of it is called.
 */
const ordinaryPrototypes = new SafeWeakSet<object>();

export function isOrdinary(proto: object): boolean {
  return ordinaryPrototypes.has(proto);
}

export function ordinary(proto: object): void {
  ordinaryPrototypes.add(proto);
}
