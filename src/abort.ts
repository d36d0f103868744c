/**
 * The error a cancelled import, export or search rejects with. It is named like the DOM's own
 * (`AbortError`), so callers that check `err.name` treat a cancelled fetch and ours alike, and the
 * store host answers both with the `cancelled` code.
 */
export function abortError(what: 'import' | 'export' | 'search'): Error {
  const err = new Error(`${what} cancelled`);
  err.name = 'AbortError';
  return err;
}
