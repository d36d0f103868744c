// Where the Electron binary is, if it is installed: the electron package writes the executable's
// path (relative to its dist/ folder) into path.txt once the binary has been fetched. Read directly,
// because require('electron') from Node starts a download when the binary is missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

export function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(p) ? p : null;
  }
  try {
    const rel = readFileSync(join(ELECTRON_PACKAGE, 'path.txt'), 'utf8').trim();
    const bin = join(ELECTRON_PACKAGE, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
