// What a program can read of a function the recorder put in place of one of Node's (a timer
// function, an emitter's method, vm's classes): its name and length are the original's, so only
// its text (toString) tells them apart.

/** Gives `wrapper` the name and length of `original`; returns it. */
export function likeOriginal<T extends object>(wrapper: T, original: { name: string; length: number }): T {
  Object.defineProperties(wrapper, { name: { value: original.name }, length: { value: original.length } });
  return wrapper;
}
