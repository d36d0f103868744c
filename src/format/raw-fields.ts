// Reading a top-level field's raw text from a JSON object line, so a number can be taken digit by
// digit instead of through JSON.parse's float. The line has already been parsed, so it is valid JSON.

/** A field's raw value text and its 1-based column in the line. */
export interface RawField {
  raw: string;
  column: number;
}

// The common shape, as Cinema writes it: kind first, then the timestamp.
const FAST = /^\{"kind":"(?:event|bookmark)","timestamp":(-?[0-9][0-9.eE+-]*)[,}]/;

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}

function skipString(s: string, i: number): number {
  // s[i] is the opening quote.
  for (i++; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return i;
}

function skipValue(s: string, i: number): number {
  if (s[i] === '"') return skipString(s, i);
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '"') i = skipString(s, i) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (--depth === 0) return i + 1;
      }
    }
    return i;
  }
  while (i < s.length && s[i] !== ',' && s[i] !== '}' && s[i] !== ']' && s[i] !== ' ' && s[i] !== '\t' && s[i] !== '\r' && s[i] !== '\n')
    i++;
  return i;
}

/** The raw text of a top-level field of a JSON object line, or undefined when it has none. */
export function rawTopLevelField(line: string, key: string): RawField | undefined {
  if (key === 'timestamp') {
    const m = FAST.exec(line);
    if (m) return { raw: m[1], column: m[0].length - m[1].length };
  }
  let i = skipSpace(line, 0);
  if (line[i] !== '{') return undefined;
  i = skipSpace(line, i + 1);
  let found: RawField | undefined;
  while (i < line.length && line[i] === '"') {
    const end = skipString(line, i);
    const name = JSON.parse(line.slice(i, end)) as string;
    i = skipSpace(line, end);
    i = skipSpace(line, i + 1); // the colon
    const valueEnd = skipValue(line, i);
    // JSON.parse keeps the last of duplicated keys; so does this.
    if (name === key) found = { raw: line.slice(i, valueEnd), column: i + 1 };
    i = skipSpace(line, valueEnd);
    if (line[i] === ',') i = skipSpace(line, i + 1);
  }
  return found;
}
