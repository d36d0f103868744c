// The built-ins the recorder uses while the program runs, as they were before the program could
// change them. A program may replace Map.prototype.get, Array.prototype.push or Object.keys
// (polyfills, mocks, a counter around a built-in): the recorder's own calls to them would then run
// the program's code - calls it would see and count, and, the replacement being recorded code, a
// probe calling itself until the stack ran out. This module loads with the recorder, before the
// program's first line.

/** A class whose prototype holds its own copies of the base class's methods, which a program's changes to the base's prototype do not reach. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's constructor type must take any[] (TypeScript's rule)
function kept<C extends new (...args: any[]) => object>(Base: C): C {
  const Kept = class extends Base {};
  for (const key of Reflect.ownKeys(Base.prototype)) {
    if (key === 'constructor') continue;
    Reflect.defineProperty(Kept.prototype, key, Reflect.getOwnPropertyDescriptor(Base.prototype, key)!);
  }
  Object.freeze(Kept.prototype);
  return Kept;
}

export const SafeMap = kept(Map) as MapConstructor;
export const SafeSet = kept(Set) as SetConstructor;
export const SafeWeakMap = kept(WeakMap) as WeakMapConstructor;
export const SafeWeakSet = kept(WeakSet) as WeakSetConstructor;

export const keysOf = Object.keys;
export const getDescriptor = Object.getOwnPropertyDescriptor;
export const getProto = Object.getPrototypeOf;
/** Called as hasOwn.call(o, key). */
export const hasOwn = Object.prototype.hasOwnProperty;
export const isArray = Array.isArray;
export const stringify = JSON.stringify;
