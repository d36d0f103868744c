// `npm run test:crash -- [--seed S] [--moments N] [--events E]`: the crash test (e2e/crash.spec.ts)
// at a chosen size. npm test runs it with seed 1, 20 moments and 3,000-event recordings.
import { spawnSync } from 'node:child_process';
import { arg } from './cli-args';

const env = {
  ...process.env,
  CINEMA_CRASH_SEED: arg('seed', '1'),
  CINEMA_CRASH_MOMENTS: arg('moments', '60'),
  CINEMA_CRASH_EVENTS: arg('events', '20000'),
};
const r = spawnSync('npx', ['playwright', 'test', 'e2e/crash.spec.ts', '--project', 'chromium'], { env, stdio: 'inherit' });
process.exit(r.status ?? 1);
