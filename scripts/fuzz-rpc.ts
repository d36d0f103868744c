// `npm run fuzz:rpc -- [--seed S] [--messages N] [--json]`: hostile messages to a store host in Node
// (fake-indexeddb), generated from the seed (store/testing/fuzz-rpc.ts). The last line is the report:
// {"messages": N, "host_crashes": 0, "untyped_replies": 0, "unanswered": 0, "other_ports_disturbed": 0, "max_reply_ms": ...}.
// In the Chromium Worker host it is not run yet.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fuzzHost } from '../store/testing/fuzz-rpc';
import { arg } from './cli-args';

const seed = Number(arg('seed', '1'));
const messages = Number(arg('messages', '2000'));
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(messages) || messages < 1)
  throw new Error('--seed and --messages take integers (messages >= 1)');
// The host runs in this process: an error it lets escape is an uncaught exception or rejection here.
let crashes = 0;
process.on('uncaughtException', (err) => (crashes++, console.error(`[fuzz:rpc] uncaught: ${err.message}`)));
process.on('unhandledRejection', (err) => (crashes++, console.error(`[fuzz:rpc] unhandled rejection: ${String(err)}`)));
const found = await fuzzHost(new IDBFactory() as unknown as IDBFactory, seed, messages, (line) => console.error(`[fuzz:rpc] ${line}`));
const report = { host_crashes: crashes, ...found };
if (!process.argv.includes('--json')) console.error(JSON.stringify(report, null, 2));
console.log(JSON.stringify(report));
process.exit(report.host_crashes + report.untyped_replies + report.unanswered + report.other_ports_disturbed === 0 ? 0 : 1);
