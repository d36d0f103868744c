// What the inspector's tree (JsonTree.tsx) shows of event data: a recording's tagged values with
// nothing inside (`{"$type":"undefined"}`) become one leaf each, reading as JavaScript (`undefined`).
import { leafText } from '../../../src/cinema/value-text';

/**
 * A leaf of text. The tree (react-json-view-lite) shows a Date as one leaf by its toISOString(),
 * and nothing else that is an object as a leaf, so a leaf's text rides on a Date.
 */
export class Leaf extends Date {
  constructor(private readonly text: string) {
    super(0);
  }
  override toISOString(): string {
    return this.text;
  }
}

/** `v` with its tagged leaves as Leafs; the same object where it has none (nothing copied). */
export function readable(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const text = leafText(v);
  if (text !== null) return new Leaf(text);
  const o = v as Record<string, unknown>;
  let copy: Record<string, unknown> | unknown[] | null = null;
  for (const k of Object.keys(o)) {
    const r = readable(o[k]);
    if (r === o[k]) continue;
    copy ??= Array.isArray(o) ? o.slice() : { ...o };
    (copy as Record<string, unknown>)[k] = r;
  }
  return copy ?? v;
}
