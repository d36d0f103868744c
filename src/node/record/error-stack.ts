// An error's stack, as a snapshot reads it: only where reading it calls none of the program's getters.
import { types } from 'node:util';
import { getDescriptor, getProto, hasOwn } from './safe';

/** The first descriptor of `key` on `o` or its prototypes (null: none; undefined: a Proxy on the way, whose traps are not called). */
function findDescriptor(o: object, key: string): PropertyDescriptor | null | undefined {
  for (let p: object | null = o; p !== null; p = getProto(p) as object | null) {
    if (types.isProxy(p)) return undefined;
    const d = getDescriptor(p, key);
    if (d) return d;
  }
  return null;
}

/**
 * Whether reading the error's stack calls none of the program's getters. V8 formats a stack when
 * it is first read, reading the error's name and message, which a class may define as getters:
 * the snapshot leaves the stack out then. A formatter the program installed
 * (Error.prepareStackTrace: source maps, a test runner's) is called as V8 calls it, once an error,
 * only sooner; the stack is then fixed by the formatter in effect at the snapshot, so one the
 * program installs only afterwards does not apply to that error (README, "What is rewritten").
 */
function stackReadable(e: Error): boolean {
  const name = findDescriptor(e, 'name');
  const message = findDescriptor(e, 'message');
  if (name === undefined || message === undefined) return false;
  return (name === null || hasOwn.call(name, 'value')) && (message === null || hasOwn.call(message, 'value'));
}

/** V8's own getter of an error's stack where V8 makes the stack an accessor (Node 20's reads as a data property). */
const v8StackGetter = getDescriptor(new Error(), 'stack')?.get;

/** The error's stack as V8 keeps it, or undefined where reading it would run the program's code (a getter of its own). */
export function stackOf(e: Error): unknown {
  if (!stackReadable(e)) return undefined;
  const d = findDescriptor(e, 'stack');
  if (!d) return undefined;
  if (hasOwn.call(d, 'value')) return d.value;
  return d.get !== undefined && d.get === v8StackGetter ? d.get.call(e) : undefined;
}
