// `cinema record`'s arguments and the recorder's environment: what a user gets wrong is said plainly.
import { describe, expect, it } from 'vitest';
import { RecordUsageError, parseRecordArgs } from './command';
import { DEFAULT_MAX_EVENTS, RECORD_ENV, optionsFromEnv } from './options';

describe('cinema record arguments', () => {
  it('reads the options before the command and passes the limits on as environment variables', () => {
    const r = parseRecordArgs(
      ['--out', 'x.cinema', '--include', 'lib/**', '--depth', '2', '--values', '9', '--', 'node', 'app.js', '--depth', '7'],
      '/w',
    );
    expect(r.out).toBe('/w/x.cinema');
    expect(r.include).toEqual(['lib/**']);
    expect(r.env).toEqual({ [RECORD_ENV.depth]: '2', [RECORD_ENV.values]: '9' });
    expect(r.command).toEqual(['node', 'app.js', '--depth', '7']);
  });

  it.each([
    [['--', 'node', 'a.js'], null],
    [['--bogus', '--', 'node'], /unknown option --bogus/],
    [['--keys', '0', '--', 'node'], /--keys takes a positive integer, got "0"/],
    [['--out', 'x.json', '--', 'node'], /--out must end in .cinema or .cinema.gz/],
    [['--out'], /--out needs a value/],
    [
      ['--max-events', '9000000', '--max-mb', '64', '--', 'node'],
      /9000000 events takes \d+ MB with its least room for values, more than the 64 MB allowed: raise --max-mb/,
    ],
    [['--'], /needs a command to run/],
  ])('%j', (args, error) => {
    if (error === null) expect(() => parseRecordArgs(args)).not.toThrow();
    else expect(() => parseRecordArgs(args)).toThrow(error);
    if (error !== null) expect(() => parseRecordArgs(args)).toThrow(RecordUsageError);
  });
});

describe('the recorder environment', () => {
  it('has defaults that fit their own budget', () => {
    const o = optionsFromEnv({}, '/w');
    expect(o.maxEvents).toBe(DEFAULT_MAX_EVENTS);
    expect(o.limits).toEqual({ depth: 3, keys: 20, chars: 200, values: 50 });
  });

  it('names the variable that is wrong', () => {
    expect(() => optionsFromEnv({ [RECORD_ENV.chars]: 'many' })).toThrow(/CINEMA_RECORD_CHARS must be a positive integer, got "many"/);
    expect(() => optionsFromEnv({ [RECORD_ENV.maxMb]: '10' })).toThrow(/raise CINEMA_RECORD_MAX_MB or lower CINEMA_RECORD_MAX_EVENTS/);
  });
});
