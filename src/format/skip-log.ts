// Lenient imports skip bad records and go on. A user needs the count and enough messages to find
// the pattern, not a million lines: every importer keeps the first MAX_SKIP_MESSAGES.

/** How many skip messages an import keeps to show; the rest are only counted. */
export const MAX_SKIP_MESSAGES = 20;

/** Records a lenient import passed over: all counted, the first MAX_SKIP_MESSAGES kept. */
export class SkipLog {
  skipped = 0;
  readonly messages: string[] = [];

  /** One record skipped, for this reason. */
  readonly add = (message: string): void => {
    this.skipped++;
    this.keep([message]);
  };

  /** Keeps messages counted elsewhere (a reader's own tally) without counting them again. */
  keep(messages: readonly string[]): void {
    for (const m of messages) {
      if (this.messages.length >= MAX_SKIP_MESSAGES) return;
      this.messages.push(m);
    }
  }
}
