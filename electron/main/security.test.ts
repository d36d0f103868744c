import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isAllowedNavigation,
  isTrustedSender,
  secureWebPreferences,
} from './security';

/** A stand-in for WebContents that records what was registered on it. */
function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => unknown) | null = null;
  const contents = {
    setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void (openHandler = h),
    on: (name: string, h: (...args: unknown[]) => void) => void handlers.set(name, h),
  };
  const fire = (name: string, url?: string) => {
    const event = { preventDefault: vi.fn() };
    handlers.get(name)!(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window security', () => {
  it('isolates and sandboxes every window', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/p.js',
    });
    expect(secureWebPreferences()).not.toHaveProperty('preload');
  });

  it('has a strict content security policy', () => {
    for (const part of ["default-src 'self'", "script-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(part);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('allows navigation only to Cinema origins', () => {
    expect(isAllowedNavigation('app://ui/index.html')).toBe(true);
    expect(isAllowedNavigation('app://store/store/host/window/index.html')).toBe(true);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });

  it('denies pop-ups, outside navigation and redirects, and webviews', () => {
    const f = fakeContents();
    hardenContents(f.contents, ['app://ui']);
    expect(f.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(f.open('app://ui/renderer/electron/index.html')).toEqual({ action: 'deny' });
    expect(f.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///home/me/trace.json')).toBe(true);
    expect(f.fire('will-navigate', 'app://ui/renderer/electron/index.html')).toBe(false);
    expect(f.fire('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(f.fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission and adds the policy header to responses', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: ((...a: unknown[]) => boolean) | null = null;
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => void (request = h),
      setPermissionCheckHandler: (h: typeof check) => void (check = h),
      webRequest: { onHeadersReceived: (h: typeof headers) => void (headers = h) },
    } as unknown as Session;
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      request!(null, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(check!(null, 'media', 'app://ui', {})).toBe(false);
    const cb = vi.fn();
    headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, cb);
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('trusts only the top frame of the named origin', () => {
    const top = (url: string) => ({ senderFrame: { url, parent: null } }) as never;
    expect(isTrustedSender(top('app://ui/renderer/electron/index.html'), 'app://ui')).toBe(true);
    expect(isTrustedSender(top('app://store/store/host/window/index.html'), 'app://ui')).toBe(false);
    expect(isTrustedSender(top('https://evil.example/'), 'app://ui')).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://ui/x', parent: {} } } as never, 'app://ui')).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, 'app://ui')).toBe(false);
  });
});
