// A second run that differs from the first at a known event: the same recording with one event
// repeated right after itself (as if a loop ran once more there). The compare view's tests and
// benchmark need two recordings whose first divergence is known exactly.

/** The lines of `lines` with the `at`-th event line (counting from 0) written twice. */
export function* withRepeatedEvent(lines: Iterable<string>, at: number): Generator<string> {
  let n = 0;
  for (const line of lines) {
    yield line;
    if (line.includes('"kind":"event"') && n++ === at) yield line;
  }
}
