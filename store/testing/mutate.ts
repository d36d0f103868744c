// Broken files for the import fuzzer: a recording mutated the ways files break in the wild and the
// ways a hostile one is made. Each mutation is a plain function of the bytes and a seeded random
// source, so a failing case is found again from its seed and number.

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const at = (r: Random, n: number) => Math.floor(r() * n);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

/** Lines, for the line-wise mutations (a one-line document is one line). */
function lines(b: Uint8Array): string[] {
  return text(b).split('\n');
}

/** A place in the text where a JSON value of the given kind starts (or -1). */
function valueAt(s: string, r: Random, re: RegExp): { start: number; end: number } | null {
  const found: Array<{ start: number; end: number }> = [];
  for (const m of s.matchAll(re)) {
    found.push({ start: m.index!, end: m.index! + m[0].length });
    if (found.length > 2000) break;
  }
  return found.length === 0 ? null : pick(r, found);
}

function replaceAt(s: string, where: { start: number; end: number }, by: string): string {
  return s.slice(0, where.start) + by + s.slice(where.end);
}

const NUMBER = /(?<=[:,[]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,\]}])/g;
const STRING = /(?<=[:,[]\s*)"(?:[^"\\\n]|\\.){0,80}"(?=\s*[,\]}])/g;

export const MUTATIONS: Record<string, (b: Uint8Array, r: Random) => Uint8Array> = {
  truncate: (b, r) => b.subarray(0, at(r, b.length)),
  flipBytes: (b, r) => {
    const out = b.slice();
    const n = 1 + at(r, 5);
    for (let i = 0; i < n && out.length > 0; i++) out[at(r, out.length)] ^= 1 << at(r, 8);
    return out;
  },
  duplicateLine: (b, r) => {
    const ls = lines(b);
    const i = at(r, ls.length);
    ls.splice(i, 0, ls[i]);
    return bytes(ls.join('\n'));
  },
  deleteLine: (b, r) => {
    const ls = lines(b);
    ls.splice(at(r, ls.length), 1);
    return bytes(ls.join('\n'));
  },
  swapLines: (b, r) => {
    const ls = lines(b);
    const i = at(r, ls.length);
    const j = at(r, ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return bytes(ls.join('\n'));
  },
  /** A number becomes a string, an object, null or a flag; a string becomes a number or an array. */
  changeType: (b, r) => {
    const s = text(b);
    const n = r() < 0.5 ? valueAt(s, r, NUMBER) : null;
    if (n) return bytes(replaceAt(s, n, pick(r, ['"12"', '{}', 'null', 'true', '[1]'])));
    const str = valueAt(s, r, STRING);
    return str ? bytes(replaceAt(s, str, pick(r, ['7', '[]', '{"a":1}', 'false', 'null']))) : b;
  },
  hugeNumber: (b, r) => {
    const s = text(b);
    const n = valueAt(s, r, NUMBER);
    return n ? bytes(replaceAt(s, n, pick(r, ['1e400', '-1e400', '123456789012345678901234567890', '1e-400', '9007199254740993']))) : b;
  },
  /** A value replaced by arrays nested thousands deep. */
  deepNesting: (b, r) => {
    const s = text(b);
    const v = valueAt(s, r, r() < 0.5 ? NUMBER : STRING);
    const depth = 1000 + at(r, 20_000);
    return v ? bytes(replaceAt(s, v, '['.repeat(depth) + ']'.repeat(depth))) : b;
  },
  /** A long run of one character in a string, or a string of megabytes. */
  hugeString: (b, r) => {
    const s = text(b);
    const v = valueAt(s, r, STRING);
    return v ? bytes(replaceAt(s, v, `"${'x'.repeat(1000 + at(r, 1_000_000))}"`)) : b;
  },
  insertGarbage: (b, r) => {
    const s = text(b);
    const i = at(r, s.length + 1);
    return bytes(s.slice(0, i) + pick(r, ['\u0000', '}{', ']]', '"', '\\', '\ud800', '\n\n\n', ',', 'NaN', '💥']) + s.slice(i));
  },
  empty: () => new Uint8Array(0),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to three mutations of a seed file, named for the report. */
export function mutate(seedBytes: Uint8Array, r: Random): { bytes: Uint8Array; applied: string[] } {
  let out = seedBytes;
  const applied: string[] = [];
  const n = 1 + at(r, 3);
  for (let i = 0; i < n; i++) {
    const name = pick(r, MUTATION_NAMES);
    out = MUTATIONS[name](out, r);
    applied.push(name);
  }
  return { bytes: out, applied };
}
