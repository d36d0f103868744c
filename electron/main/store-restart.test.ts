// The store window's process dying, with a mocked electron: main opens another store window and
// client, drops the dead window, cancels what it was streaming, and tells the UI window to ask for
// a new port; a store that keeps dying makes the app relaunch instead of looping.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SHELL_CHANNELS } from '../../src/rpc/shell';
import type { MainContext } from './context';

const calls: string[] = [];
vi.mock('electron', () => ({
  app: { relaunch: () => calls.push('relaunch'), exit: (code: number) => calls.push(`exit ${code}`) },
  dialog: { showErrorBox: (_t: string, m: string) => calls.push(`error box: ${m}`) },
}));

type Gone = (e: unknown, details: { reason: string }) => void;

function fakeStore(name: string) {
  const handlers: Gone[] = [];
  let destroyed = false;
  return {
    name,
    die: (reason: string) => handlers.forEach((h) => h({}, { reason })),
    webContents: { on: (event: string, h: Gone) => event === 'render-process-gone' && handlers.push(h) },
    isDestroyed: () => destroyed,
    destroy: () => ((destroyed = true), calls.push(`destroy ${name}`)),
  };
}
const fakeClient = (name: string) => ({ name, close: (why: string) => calls.push(`close ${name}: ${why}`) });

async function setup() {
  const { watchStore } = await import('./store-restart');
  let made = 0;
  const sent: unknown[] = [];
  const ctx = {
    store: fakeStore('store-0'),
    client: fakeClient('client-0'),
    ui: { webContents: { isDestroyed: () => false, send: (channel: string, payload: unknown) => sent.push([channel, payload]) } },
    importing: { cancel: () => calls.push('import cancelled') },
  } as unknown as MainContext & { store: ReturnType<typeof fakeStore> };
  let clock = 0;
  watchStore(
    ctx,
    async () => {
      made++;
      return { store: fakeStore(`store-${made}`), client: fakeClient(`client-${made}`) } as never;
    },
    () => clock,
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { ctx, sent, settle, advance: (ms: number) => (clock += ms) };
}

describe('the store window dying', () => {
  beforeEach(() => void (calls.length = 0));

  it('is replaced: new window and client, the old one destroyed, the UI told to reconnect', async () => {
    const { ctx, sent, settle } = await setup();
    const first = ctx.store;
    first.die('crashed');
    await settle();
    expect((ctx.store as unknown as { name: string }).name).toBe('store-1');
    expect((ctx.client as unknown as { name: string }).name).toBe('client-1');
    expect(calls).toEqual(['import cancelled', 'close client-0: the store process ended (crashed)', 'destroy store-0']);
    expect(sent).toEqual([[SHELL_CHANNELS.command, { command: 'store-restarted', reason: 'crashed' }]]);
    // The old window's late events change nothing; the new one is watched.
    first.die('crashed');
    await settle();
    expect((ctx.store as unknown as { name: string }).name).toBe('store-1');
    (ctx.store as unknown as ReturnType<typeof fakeStore>).die('oom');
    await settle();
    expect((ctx.store as unknown as { name: string }).name).toBe('store-2');
  });

  it('relaunches the app when the store ends a fourth time within a minute, not before', async () => {
    const { ctx, settle, advance } = await setup();
    for (let i = 0; i < 3; i++) {
      (ctx.store as unknown as ReturnType<typeof fakeStore>).die('crashed');
      await settle();
      advance(10_000);
    }
    expect(calls.filter((c) => c === 'relaunch')).toEqual([]);
    (ctx.store as unknown as ReturnType<typeof fakeStore>).die('crashed');
    await settle();
    expect(calls.slice(-3)).toEqual([
      expect.stringMatching(/^error box: The store process keeps ending \(crashed, 4 times/),
      'relaunch',
      'exit 1',
    ]);
    // Spread out over more than a minute, restarts go on.
    const later = await setup();
    for (let i = 0; i < 6; i++) {
      (later.ctx.store as unknown as ReturnType<typeof fakeStore>).die('killed');
      await later.settle();
      later.advance(30_000);
    }
    expect((later.ctx.store as unknown as { name: string }).name).toBe('store-6');
  });
});
