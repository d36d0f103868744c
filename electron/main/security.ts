// The security settings every Cinema window gets (Electron's security checklist), as plain values and
// functions that take the Electron object they harden, so each is tested with a mocked electron
// module. Windows load only app:// pages; nothing from the network, no Node in any page.
import type { IpcMainEvent, IpcMainInvokeEvent, Session, WebContents } from 'electron';

/** The origin of the UI windows' pages. */
export const APP_ORIGIN = 'app://ui';
/** The origin of the hidden store window: its IndexedDB lives here, so it must never change. */
export const STORE_ORIGIN = 'app://store';

/** Sent with every app:// response. Styles allow inline attributes because React sets style props. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** webPreferences for a window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preload?: string): Record<string, unknown> {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    ...(preload ? { preload } : {}),
  };
}

/** The origin of a URL ("app://ui"), or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** True when a window may navigate to `url`: only Cinema's own origins. */
export function isAllowedNavigation(url: string, allowedOrigins: readonly string[] = [APP_ORIGIN, STORE_ORIGIN]): boolean {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.includes(origin);
}

/**
 * A window's contents: no pop-ups (links do not open windows), no navigation or redirect away from
 * its own origin, no <webview>.
 */
export function hardenContents(contents: WebContents, allowedOrigins: readonly string[]): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, allowedOrigins)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * A session: every permission request (camera, notifications, geolocation...) and check denied,
 * and the content security policy on every response that passes through web requests.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** True when an IPC message comes from the top frame of a page of `origin` (not a sub-frame, not gone). */
export function isTrustedSender(event: Pick<IpcMainEvent | IpcMainInvokeEvent, 'senderFrame'>, origin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return originOf(frame.url) === origin;
}
