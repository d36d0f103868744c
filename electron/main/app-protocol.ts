// The privileged app:// scheme that serves Cinema's built pages (never file://). Each host serves
// only its own page's folder and the shared assets: app://ui the UI, app://store the store window.
// The origins are fixed in development and production alike, since the store's IndexedDB belongs to
// app://store and a different origin would open an empty database.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_TYPES } from '../../src/node/serve';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';

/** Each host's entry page and the folders (under the built pages' root) it may serve. */
export const APP_HOSTS: Record<string, { entry: string; folders: string[] }> = {
  ui: { entry: 'renderer/electron/index.html', folders: ['renderer/electron/', 'assets/'] },
  store: { entry: 'store/host/window/index.html', folders: ['store/host/window/', 'assets/'] },
};

/** The URL a window loads for a host. */
export function entryUrl(host: 'ui' | 'store'): string {
  return `${APP_SCHEME}://${host}/${APP_HOSTS[host].entry}`;
}

/** Registers the scheme's privileges; must run before the app is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/**
 * The file an app:// URL names under `root`, or null when the host is unknown, the path leaves its
 * host's folders (../, encoded or not) or the URL is not app://.
 */
export function resolveAppUrl(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:`) return null;
  const host = APP_HOSTS[u.host];
  if (!host) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (path === '') path = host.entry;
  if (path.includes('\0')) return null;
  const relative = normalize(path).split(sep).join('/');
  if (relative.startsWith('..') || relative.startsWith('/')) return null;
  if (!host.folders.some((f) => relative.startsWith(f))) return null;
  return join(root, relative);
}

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Answers one app:// request from the built pages under `root`, with the CSP on every response. */
export async function serveApp(url: string, root: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  const path = resolveAppUrl(url, root);
  if (!path) return new Response('not found', { status: 404, headers });
  try {
    const body = await readFile(path);
    return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': contentType(path) } });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}

/** Serves app:// on a session's protocol (each session that loads app:// pages needs it). */
export function handleAppProtocol(protocol: Protocol, root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveApp(request.url, root));
}
