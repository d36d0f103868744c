// The security settings every Cinema window gets (DESIGN.md section 1), as plain values and
// functions so they are tested without starting Electron. Windows load only app:// pages.

/** The origin of Cinema's own pages; never file://. */
export const APP_ORIGIN = 'app://ui';

/** Sent with every app:// response. Styles allow inline attributes because React sets style props. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences for a window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preload?: string): Record<string, unknown> {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    ...(preload ? { preload } : {}),
  };
}

/** True when a window may navigate to `url`: only Cinema's own origins. */
export function isAllowedNavigation(url: string, allowedOrigins: readonly string[] = [APP_ORIGIN, 'app://store']): boolean {
  let origin: string;
  try {
    const u = new URL(url);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    return false;
  }
  return allowedOrigins.includes(origin);
}
