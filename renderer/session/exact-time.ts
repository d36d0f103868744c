// Absolute times as people and tools read them: the session's epoch (an exact decimal string, up to
// ~1.7e18 ns) plus a stored offset, added exactly with BigInt.

export function absoluteTime(epoch: string, t: number): string {
  return (BigInt(epoch) + BigInt(Math.round(t))).toString();
}
