// Exact timestamps. Files carry integers that may exceed 2^53 (wall-clock nanoseconds are ~1.7e18):
// they are read as decimal text, rebased to the session epoch with BigInt, and kept as numbers only
// once they are offsets that fit. Writing adds the epoch back, so every original digit returns.

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const ZEROS = ['', '0', '00', '000', '0000', '00000'];

/** True for a decimal integer written without sign tricks, fraction or exponent ("-12", "0", "1700"). */
export function isDecimalInteger(text: string): boolean {
  return INTEGER.test(text);
}

/** A session's zero point: turns absolute file timestamps into safe offsets and back. */
export class TimeBase {
  private readonly zero: bigint;
  // For the fast path: the epoch's leading digits and the value of its last 15.
  private readonly head: string;
  private readonly tail: number;
  // The last millions restored and their text (nearly always the same from one call to the next).
  private lastHi = -1;
  private lastHiText = '';

  /** `epoch` is a decimal integer string; throws RangeError on anything else. */
  constructor(readonly epoch: string) {
    if (!isDecimalInteger(epoch)) throw new RangeError(`epoch must be a decimal integer string, got ${JSON.stringify(epoch)}`);
    this.zero = BigInt(epoch);
    this.head = epoch.length > 15 && epoch[0] !== '-' ? epoch.slice(0, epoch.length - 15) : '';
    this.tail = this.head ? Number(epoch.slice(epoch.length - 15)) : 0;
  }

  /**
   * The offset of an absolute timestamp (decimal text) from the epoch. Throws RangeError when the
   * text is not an integer or the offset does not fit 2^53: such a recording cannot be held exactly.
   */
  rebase(text: string): number {
    // Fast path, exact without BigInt: same length and sign as the epoch with at most 15 digits
    // after a shared prefix, so both suffixes are safe integers and their difference is the offset.
    if (this.head && text.length === this.epoch.length && text.startsWith(this.head)) {
      // The low digits' value, read in place (a regex and a slice per event cost more here).
      let low = 0;
      for (let i = this.head.length; i < text.length; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) {
          low = -1;
          break;
        }
        low = low * 10 + d;
      }
      if (low >= 0) return low - this.tail;
    }
    if (!isDecimalInteger(text)) throw new RangeError(`expected an integer timestamp, found ${text}`);
    const offset = BigInt(text) - this.zero;
    if (offset > MAX || offset < -MAX) {
      throw new RangeError(
        `timestamp ${text} is more than 2^53 units from the session epoch ${this.epoch}; the recording spans too long to keep exactly`,
      );
    }
    return Number(offset);
  }

  /** The absolute timestamp, as exact decimal text, of an offset. */
  restore(offset: number): string {
    // Fast path (an export writes one per event, in time order): while the epoch's last 15
    // digits plus the offset stay 15 digits, the text is the head, the millions (kept from the last
    // call, which is nearly always the same) and six low digits; no BigInt, no padStart.
    if (this.head) {
      const v = this.tail + offset;
      if (v >= 0 && v < 1e15) {
        const hi = Math.floor(v / 1e6);
        const low = String(v - hi * 1e6);
        return this.hiText(hi) + ZEROS[6 - low.length] + low;
      }
    }
    return (this.zero + BigInt(offset)).toString();
  }

  /** The text of a fast-path value's millions: the epoch's head and nine digits. */
  private hiText(hi: number): string {
    if (hi !== this.lastHi) {
      this.lastHi = hi;
      this.lastHiText = this.head + String(hi).padStart(9, '0');
    }
    return this.lastHiText;
  }

  /**
   * Writes restore(offset)'s text as ASCII into `buf` at `at` and returns where it ends: for
   * writers of millions of lines (a recording's events), no string is made on the fast path.
   */
  restoreInto(offset: number, buf: Uint8Array, at: number): number {
    let p = at;
    const v = this.tail + offset;
    if (this.head && v >= 0 && v < 1e15) {
      const hi = Math.floor(v / 1e6);
      const text = this.hiText(hi);
      for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
      // Below a million: integer arithmetic (a float's % is a slow call).
      let lo = (v - hi * 1e6) | 0;
      for (let k = 5; k >= 0; k--) {
        const q = (lo / 10) | 0;
        buf[p + k] = 48 + lo - q * 10;
        lo = q;
      }
      return p + 6;
    }
    const text = this.restore(offset);
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
    return p;
  }
}
