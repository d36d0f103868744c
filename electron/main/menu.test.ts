import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { type MenuActions, menuTemplate } from './menu';

const actions = (): MenuActions => ({
  openRecording: vi.fn(),
  importRecordings: vi.fn(),
  exportSession: vi.fn(),
  openRecent: vi.fn(),
  clearRecent: vi.fn(),
  closeSession: vi.fn(),
  togglePanel: vi.fn(),
  showShortcuts: vi.fn(),
  showAbout: vi.fn(),
});
const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label || i.role === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as unknown as () => void)();

describe('the application menu', () => {
  it('has File, Edit, View and Help, with the File items the shell promises', () => {
    const menu = menuTemplate(actions(), { sessionOpen: true, recent: [], dev: false, mac: false });
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const file = sub(find(menu, 'File'));
    expect(file.filter((i) => i.label || i.role).map((i) => i.label ?? i.role)).toEqual([
      'Open Recording…',
      'Import…',
      'Export Session…',
      'Open Recent',
      'Close Session',
      'quit',
    ]);
    expect(find(file, 'Open Recording…')!.accelerator).toBe('CmdOrCtrl+O');
  });

  it('enables Export and Close only with a session open', () => {
    for (const sessionOpen of [true, false]) {
      const file = sub(find(menuTemplate(actions(), { sessionOpen, recent: [], dev: false, mac: false }), 'File'));
      expect(find(file, 'Export Session…')!.enabled).toBe(sessionOpen);
      expect(find(file, 'Close Session')!.enabled).toBe(sessionOpen);
    }
  });

  it('lists recent files by name and opens them', () => {
    const a = actions();
    const recent = sub(
      find(
        sub(find(menuTemplate(a, { sessionOpen: false, recent: ['/home/me/a.cinema', '/tmp/b.json'], dev: false, mac: false }), 'File')),
        'Open Recent',
      ),
    );
    expect(recent.slice(0, 2).map((i) => [i.label, i.sublabel])).toEqual([
      ['a.cinema', '/home/me/a.cinema'],
      ['b.json', '/tmp/b.json'],
    ]);
    click(recent[1]);
    expect(a.openRecent).toHaveBeenCalledWith('/tmp/b.json');
    click(find(recent, 'Clear Recent'));
    expect(a.clearRecent).toHaveBeenCalled();
    const empty = sub(find(sub(find(menuTemplate(a, { sessionOpen: false, recent: [], dev: false, mac: false }), 'File')), 'Open Recent'));
    expect(empty[0]).toMatchObject({ label: 'No Recent Files', enabled: false });
  });

  it('offers Reload and developer tools in development only', () => {
    const roles = (dev: boolean) =>
      sub(find(menuTemplate(actions(), { sessionOpen: false, recent: [], dev, mac: false }), 'View'))
        .map((i) => i.role)
        .filter(Boolean);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('routes panel toggles, shortcuts and about to the actions', () => {
    const a = actions();
    const menu = menuTemplate(a, { sessionOpen: true, recent: [], dev: false, mac: false });
    click(find(sub(find(menu, 'View')), 'AST Panel'));
    expect(a.togglePanel).toHaveBeenCalledWith('ast');
    click(find(sub(find(menu, 'help')), 'Keyboard Shortcuts'));
    click(find(sub(find(menu, 'help')), 'About Cinema'));
    click(find(sub(find(menu, 'File')), 'Export Session…'));
    expect([a.showShortcuts, a.showAbout, a.exportSession].every((f) => (f as ReturnType<typeof vi.fn>).mock.calls.length === 1)).toBe(
      true,
    );
  });

  it('puts About and Quit in the app menu on macOS', () => {
    const menu = menuTemplate(actions(), { sessionOpen: false, recent: [], dev: false, mac: true });
    expect(menu[0].label).toBe('Cinema');
    expect(sub(menu[0]).map((i) => i.label ?? i.role)).toContain('quit');
    expect(sub(find(menu, 'File')).map((i) => i.role)).not.toContain('quit');
  });
});
