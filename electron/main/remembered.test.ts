import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileArgument, linkArgument } from './args';
import { MAX_RECENT, RecentFiles, parseRecent, withRecent } from './recent-files';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, parseWindowState, saveWindowState } from './window-state';

const dir = () => mkdtempSync(join(tmpdir(), 'cinema-userdata-'));
const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('round-trips through userData and restores where it is visible', async () => {
    const file = join(dir(), 'window-state.json');
    await saveWindowState(file, { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
    expect(await loadWindowState(file, screen)).toEqual({ bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
  });

  it('falls back to the default for a missing or damaged file', async () => {
    const d = dir();
    expect(await loadWindowState(join(d, 'none.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(d, 'bad.json'), '{"bounds": {"width": "wide"');
    expect(await loadWindowState(join(d, 'bad.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState({ bounds: { width: 'x', height: 3 } })).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps sizes sane and forgets positions on monitors that are gone', () => {
    expect(parseWindowState({ bounds: { width: 10, height: 10 } }).bounds).toEqual({ width: 640, height: 420 });
    const offscreen = fitToDisplays({ bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: false }, screen);
    expect(offscreen.bounds).toEqual({ width: 1000, height: 700 });
    const huge = fitToDisplays({ bounds: { x: 0, y: 0, width: 5000, height: 4000 }, maximized: false }, screen);
    expect(huge.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    const second = fitToDisplays({ bounds: { x: 2000, y: 100, width: 800, height: 600 }, maximized: false }, [
      ...screen,
      { x: 1920, y: 0, width: 1280, height: 1024 },
    ]);
    expect(second.bounds).toEqual({ x: 2000, y: 100, width: 800, height: 600 });
  });
});

describe('recent files', () => {
  it('keeps the newest first, without duplicates, at most ten', async () => {
    const file = join(dir(), 'recent-files.json');
    const recent = await RecentFiles.load(file);
    for (let i = 0; i < 12; i++) await recent.add(`/rec/${i}.cinema`);
    await recent.add('/rec/5.cinema');
    expect(recent.list()[0]).toBe('/rec/5.cinema');
    expect(recent.list()).toHaveLength(MAX_RECENT);
    expect(new Set(recent.list()).size).toBe(MAX_RECENT);
    expect((await RecentFiles.load(file)).list()).toEqual(recent.list());
    expect(JSON.parse(readFileSync(file, 'utf8')).files[0]).toBe('/rec/5.cinema');
    await recent.clear();
    expect((await RecentFiles.load(file)).list()).toEqual([]);
  });

  it('reads a damaged file as an empty list', () => {
    expect(parseRecent(undefined)).toEqual([]);
    expect(parseRecent({ files: 'x' })).toEqual([]);
    expect(parseRecent({ files: ['/a', 3, '', '/b'] })).toEqual(['/a', '/b']);
    expect(withRecent(['/a', '/b'], '/b')).toEqual(['/b', '/a']);
  });
});

describe('the file argument', () => {
  it('skips the executable, the app folder when started as `electron .`, and flags', () => {
    expect(fileArgument(['/opt/Cinema/cinema', '/home/me/trace.json'], false)).toBe('/home/me/trace.json');
    expect(fileArgument(['/usr/bin/electron', '.', '/home/me/trace.json'], true)).toBe('/home/me/trace.json');
    expect(fileArgument(['/usr/bin/electron', '.'], true)).toBeNull();
    expect(fileArgument(['/opt/Cinema/cinema', '--enable-logging', '/a.cinema', '--no-sandbox'], false)).toBe('/a.cinema');
    expect(fileArgument(['/opt/Cinema/cinema'], false)).toBeNull();
  });

  it('is never a cinema:// link, which is found apart', () => {
    const argv = ['/opt/Cinema/cinema', '--allow-file-access', 'cinema://open#s=s-1&t=5'];
    expect(fileArgument(argv, false)).toBeNull();
    expect(linkArgument(argv)).toBe('cinema://open#s=s-1&t=5');
    expect(linkArgument(['/opt/Cinema/cinema', '/a.cinema'])).toBeNull();
  });
});
