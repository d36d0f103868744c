// A recorded value as a JavaScript developer reads it, on one line: `undefined`, `12n`, `ƒ add`,
// `Map(2) {"a" => 1, …}`, `Cart {items: […], total: 12}`. `cinema record` keeps what JSON lacks as
// tagged objects (src/format/spec.ts, RecordedPayload); shown as JSON they read as
// `{"$type":"undefined"}`. A tag is read as one only when the object has exactly a tag's keys, so
// another tool's data that happens to use a `$type` key is shown as the object it is.

/** The keys each tag may have besides `$type` (every one of `required` must be there). */
const TAGS: Record<string, { required: string[]; optional?: string[] }> = {
  undefined: { required: [] },
  accessor: { required: [] },
  circular: { required: [] },
  Proxy: { required: [] },
  unreadable: { required: [] },
  Promise: { required: [] },
  WeakMap: { required: [] },
  WeakSet: { required: [] },
  'too large': { required: [], optional: ['bytes'] },
  string: { required: ['length'] },
  number: { required: ['value'] },
  bigint: { required: ['value'] },
  symbol: { required: ['description'] },
  function: { required: ['name'] },
  object: { required: ['class', 'truncated'] },
  Date: { required: ['iso'] },
  Map: { required: ['size', 'entries'] },
  Set: { required: ['size', 'values'] },
  Error: { required: ['class'], optional: ['message', 'stack'] },
  more: { required: ['count'] },
};

type Tagged = Record<string, unknown> & { $type: string };

/** The tag an object is, or null. Buffers and typed arrays are tagged by their class name: matched by their keys. */
function tagOf(o: Record<string, unknown>): string | null {
  const t = o.$type;
  if (typeof t !== 'string') return null;
  const keys = Object.keys(o).filter((k) => k !== '$type');
  const has = (names: string[]) => keys.length === names.length && names.every((k) => k in o);
  if (has(['byteLength']) && typeof o.byteLength === 'number') return 'buffer';
  if (has(['length', 'values']) && Array.isArray(o.values) && t !== 'string') return 'typed';
  const shape = TAGS[t];
  if (!shape) return null;
  const allowed = new Set([...shape.required, ...(shape.optional ?? [])]);
  return shape.required.every((k) => k in o) && keys.every((k) => allowed.has(k)) ? t : null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Writes pieces until the budget is spent: then the text ends with `…`. */
class Out {
  text = '';
  constructor(private readonly max: number) {}
  get full(): boolean {
    return this.text.length > this.max;
  }
  put(s: string): void {
    if (!this.full) this.text += s;
  }
  result(): string {
    return this.full ? `${this.text.slice(0, this.max - 1)}…` : this.text;
  }
}

/** `v` as one line of at most `max` characters. */
export function valueText(v: unknown, max = 120): string {
  const out = new Out(max);
  write(out, v);
  return out.result();
}

/** Tags with nothing inside to open (everything but Map, Set, Error and typed arrays). */
const COMPOSITE = new Set(['Map', 'Set', 'Error', 'typed']);

/**
 * The text of a tagged value that has nothing inside to open (`undefined`, `12n`, `ƒ add`), or
 * null for anything else: a tree view shows such a value as one leaf.
 */
export function leafText(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const tag = tagOf(v as Record<string, unknown>);
  return tag === null || COMPOSITE.has(tag) ? null : valueText(v);
}

/** A call's arguments, as they would be written at the call: `("book", 12)`. */
export function argsText(args: unknown, max = 120): string {
  // Recordings made before calls without arguments were given an empty list have `undefined` there.
  if (!Array.isArray(args)) return leafText(args) === 'undefined' ? '()' : valueText(args, max);
  const out = new Out(max);
  out.put('(');
  list(out, args, (x) => write(out, x));
  out.put(')');
  return out.result();
}

function write(out: Out, v: unknown): void {
  if (out.full) return;
  if (typeof v === 'string') return out.put(JSON.stringify(v));
  if (v === null || typeof v !== 'object') return out.put(String(v));
  if (Array.isArray(v)) {
    out.put('[');
    list(out, v, (x) => write(out, x));
    return out.put(']');
  }
  const o = v as Record<string, unknown>;
  const tag = tagOf(o);
  if (tag !== null) return tagged(out, tag, o as Tagged);
  const cls = typeof o.$class === 'string' ? o.$class : null;
  const keys = Object.keys(o).filter((k) => k !== '$class' && k !== '$more');
  if (cls) out.put(`${cls} `);
  out.put('{');
  list(out, keys, (k) => {
    out.put(`${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: `);
    write(out, o[k]);
  });
  if (typeof o.$more === 'number') out.put(`${keys.length ? ', ' : ''}… ${o.$more} more`);
  out.put('}');
}

/** Items separated by commas; a trailing `more` tag (an array the recorder cut) reads `… N more`. */
function list<T>(out: Out, items: T[], each: (x: T) => void): void {
  items.forEach((x, i) => {
    if (out.full) return;
    if (i) out.put(', ');
    each(x);
  });
}

/** What closes a collection the recorder kept only part of: `, …` (or `…` when it kept none). */
const cut = (kept: unknown[], size: unknown) => (typeof size === 'number' && size > kept.length ? (kept.length ? ', …' : '…') : '');

function tagged(out: Out, tag: string, o: Tagged): void {
  const s = (k: string) => String(o[k]);
  switch (tag) {
    case 'undefined':
    case 'Proxy':
    case 'Promise':
    case 'WeakMap':
    case 'WeakSet':
      return out.put(tag);
    case 'accessor':
      return out.put('(getter)');
    case 'circular':
      return out.put('[Circular]');
    case 'unreadable':
      return out.put('(unreadable)');
    case 'too large':
      return out.put(o.bytes === undefined ? '(too large)' : `(too large: ${s('bytes')} bytes)`);
    case 'string':
      return out.put(`(a string of ${s('length')} characters)`);
    case 'number':
      return out.put(s('value'));
    case 'bigint':
      return out.put(`${s('value')}n`);
    case 'symbol':
      return out.put(`Symbol(${s('description')})`);
    case 'function':
      return out.put(`ƒ ${s('name') || '(anonymous)'}`);
    case 'object':
      return out.put(o.class === 'Array' ? '[…]' : o.class === 'Object' ? '{…}' : `${s('class')} {…}`);
    case 'Date':
      return out.put(`Date(${s('iso')})`);
    case 'Error':
      return out.put(o.message === undefined ? s('class') : `${s('class')}: ${typeof o.message === 'string' ? o.message : s('message')}`);
    case 'more':
      return out.put(`… ${s('count')} more`);
    case 'buffer':
      return out.put(`${o.$type}(${s('byteLength')})`);
    case 'typed':
      out.put(`${o.$type}(${s('length')}) [`);
      list(out, o.values as unknown[], (x) => (typeof x === 'string' ? out.put(`${x}n`) : write(out, x)));
      return out.put(`${cut(o.values as unknown[], o.length)}]`);
    case 'Map': {
      const entries = Array.isArray(o.entries) ? o.entries : [];
      out.put(`Map(${s('size')}) {`);
      list(out, entries, (e) => {
        if (Array.isArray(e) && e.length === 2) {
          write(out, e[0]);
          out.put(' => ');
          write(out, e[1]);
        } else write(out, e);
      });
      return out.put(`${cut(entries, o.size)}}`);
    }
    case 'Set': {
      const values = Array.isArray(o.values) ? o.values : [];
      out.put(`Set(${s('size')}) {`);
      list(out, values, (x) => write(out, x));
      return out.put(`${cut(values, o.size)}}`);
    }
  }
}
