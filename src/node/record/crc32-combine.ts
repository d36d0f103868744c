// The CRC-32 of two byte runs joined, from each run's CRC and the second's length. A recording's
// parts arrive already deflated, each with the CRC of its own bytes; the gzip file they are joined
// into needs the CRC of everything, and reading the parts again to compute it would undo the point
// of not decompressing them. CRC-32 is linear over GF(2): appending n zero bytes to a message is a
// 32x32 bit matrix applied to its CRC, and that matrix for n is built by squaring the matrix for
// one zero bit, so the cost grows with log(n), not n.

/** The reflected CRC-32 polynomial (gzip's, zlib's). */
const POLY = 0xedb88320;

/** The 32-bit vector `v` times the matrix `m` (one row per bit of `v`). */
function times(m: Uint32Array, v: number): number {
  let sum = 0;
  for (let row = 0; v !== 0; row++, v >>>= 1) if (v & 1) sum ^= m[row];
  return sum >>> 0;
}

/** `into` = m * m. */
function square(into: Uint32Array, m: Uint32Array): void {
  for (let row = 0; row < 32; row++) into[row] = times(m, m[row]);
}

/** crc32(a + b) from crc32(a), crc32(b) and b's length in bytes (any safe integer). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  // One zero bit: shift right, folding the polynomial in when the bit shifted out was set.
  const odd = new Uint32Array(32);
  odd[0] = POLY;
  for (let row = 1; row < 32; row++) odd[row] = 1 << (row - 1);
  const even = new Uint32Array(32);
  square(even, odd); // two zero bits
  square(odd, even); // four
  // Each step squares the operator (8, 16, 32 ... zero bits: a byte, two, four ...) and applies it
  // where the length has a set bit.
  let crc = crcA >>> 0;
  let n = lengthB;
  for (let m = even, other = odd; n > 0; [m, other] = [other, m]) {
    square(m, other);
    if (n % 2 === 1) crc = times(m, crc);
    n = Math.floor(n / 2);
  }
  return (crc ^ crcB) >>> 0;
}
