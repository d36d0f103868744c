/**
 * A problem at a place in an input file, as a person reads it: `file:line:column: message`. The
 * message says what was expected and what was found.
 */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'FormatError';
  }
}

/** How a value looks in an error message: short, and its kind when it is not a simple value. */
export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `a string ("${value.slice(0, 37)}...")` : `a string (${JSON.stringify(value)})`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `a fraction (${value})`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'an array';
  return 'an object';
}

/**
 * Where V8's JSON.parse error puts the problem in `text` (1-based line and column; the start when
 * it gives no position), and its message without the position and the quoted input.
 */
export function jsonSyntaxError(err: unknown, text: string): { line: number; column: number; message: string } {
  const raw = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(raw);
  const pos = at ? Math.min(Number(at[1]), text.length) : 0;
  const before = text.slice(0, pos);
  const lastBreak = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  const message = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  return { line, column: pos - lastBreak, message };
}
