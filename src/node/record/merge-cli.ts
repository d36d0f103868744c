// `node merge-cli.mjs DIR OUT EPOCH COMMAND`: merges a recording folder into OUT and says so in one
// line on stderr. What a process recorded on its own (`node --import cinema/record`) runs this as
// it exits; `cinema record` merges in its own process instead.
import { mergeParts } from './merge';
import { summaryLine } from './summary';

const [dir, out, epoch, command] = process.argv.slice(2);
mergeParts(dir, out, { epoch, name: command || 'recording', command: command ? command.split(' ') : [] }).then(
  (r) => process.stderr.write(summaryLine(r) + '\n'),
  (err: Error) => {
    process.stderr.write(`cinema record: the recording could not be written to ${out} (${err.message})\n`);
    process.exitCode = 1;
  },
);
