// The File > Open Recent list: the last ten recordings opened from disk, newest first, kept in
// userData/recent-files.json. A damaged file reads as an empty list.
import { readJson, writeJson } from './json-file';

export const MAX_RECENT = 10;

/** The list with `path` moved (or added) to the front, at most MAX_RECENT long. */
export function withRecent(list: readonly string[], path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, MAX_RECENT);
}

export function parseRecent(value: unknown): string[] {
  const files = (value as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files)) return [];
  return files.filter((f): f is string => typeof f === 'string' && f.length > 0).slice(0, MAX_RECENT);
}

export class RecentFiles {
  private constructor(
    private readonly path: string,
    private files: string[],
  ) {}

  static async load(path: string): Promise<RecentFiles> {
    return new RecentFiles(path, parseRecent(await readJson(path)));
  }

  list(): string[] {
    return [...this.files];
  }

  async add(file: string): Promise<void> {
    this.files = withRecent(this.files, file);
    await writeJson(this.path, { files: this.files });
  }

  async remove(file: string): Promise<void> {
    this.files = this.files.filter((f) => f !== file);
    await writeJson(this.path, { files: this.files });
  }

  async clear(): Promise<void> {
    this.files = [];
    await writeJson(this.path, { files: [] });
  }
}
