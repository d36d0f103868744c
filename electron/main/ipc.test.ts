import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { SHELL_CHECKS } from '../../src/rpc/shell';
import { handleChecked, onChecked } from './ipc';

function fakeIpc() {
  const handles = new Map<string, (e: unknown, p: unknown) => unknown>();
  const ons = new Map<string, (e: unknown, p: unknown) => void>();
  const ipc = {
    handle: (c: string, h: never) => void handles.set(c, h),
    on: (c: string, h: never) => void ons.set(c, h),
  } as unknown as IpcMain;
  return { ipc, handles, ons };
}
const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('IPC handlers', () => {
  it('answer only the UI origin, and only well-formed payloads', async () => {
    const { ipc, handles } = fakeIpc();
    const handler = vi.fn(async (p: { path: string }) => `opened ${p.path}`);
    handleChecked(ipc, 'shell:open-path', 'app://ui', SHELL_CHECKS.openPath, handler);
    const call = handles.get('shell:open-path')!;
    await expect(call(from('app://ui/renderer/electron/index.html'), { path: '/tmp/a.cinema' })).resolves.toBe('opened /tmp/a.cinema');
    await expect(call(from('https://evil.example/'), { path: '/etc/passwd' })).rejects.toThrow(
      /refused a message from https:\/\/evil\.example/,
    );
    await expect(call(from('app://ui/x', { url: 'app://ui/' }), { path: '/a' })).rejects.toThrow(/refused/);
    await expect(call({ senderFrame: null }, { path: '/a' })).rejects.toThrow(/a closed frame/);
    for (const bad of [undefined, null, 'x', { path: '' }, { path: 3 }, { path: '/a', extra: 1 }, [{ path: '/a' }]]) {
      await expect(call(from('app://ui/'), bad)).rejects.toThrow(/open-path takes/);
    }
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('drop untrusted or malformed sends without calling the listener', () => {
    const { ipc, ons } = fakeIpc();
    const listener = vi.fn();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onChecked(ipc, 'shell:session-shown', 'app://ui', SHELL_CHECKS.sessionShown, listener);
    const send = ons.get('shell:session-shown')!;
    send(from('app://store/'), null);
    send(from('app://ui/'), { id: 1 });
    send(from('app://ui/'), { id: 's1', name: 'trace' });
    send(from('app://ui/'), null);
    expect(listener.mock.calls.map((c) => c[0])).toEqual([{ id: 's1', name: 'trace' }, null]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('checks export requests field by field', () => {
    expect(SHELL_CHECKS.exportSession({ session: 's', format: 'cinema.gz' })).toBeNull();
    expect(SHELL_CHECKS.exportSession({ session: 's', format: 'zip' })).toMatch(/format/);
    expect(SHELL_CHECKS.exportSession({ session: 's' })).toMatch(/export-session takes/);
    expect(SHELL_CHECKS.none(undefined)).toBeNull();
    expect(SHELL_CHECKS.none({})).toMatch(/no argument/);
  });
});
