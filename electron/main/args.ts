// The recording named on the command line: `cinema trace.json`, or a second launch that the single
// instance lock turns into an open in the first. Electron's argv starts with the executable, and,
// when started as `electron <app folder>`, the app folder; flags (Chromium's or ours) are skipped.

/** The file argument, or null. `defaultApp` is process.defaultApp (started as `electron .`). */
export function fileArgument(argv: readonly string[], defaultApp: boolean): string | null {
  const rest = argv.slice(defaultApp ? 2 : 1);
  for (let i = rest.length - 1; i >= 0; i--) {
    const a = rest[i];
    if (a === '' || a.startsWith('-') || isLink(a)) continue;
    return a;
  }
  return null;
}

/** A cinema:// link among the arguments (the system starts the app with one), or null. */
export function linkArgument(argv: readonly string[]): string | null {
  return argv.find(isLink) ?? null;
}

function isLink(a: string): boolean {
  return a.toLowerCase().startsWith('cinema://');
}
