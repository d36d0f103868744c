import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, secureWebPreferences } from './security';

describe('window security', () => {
  it('isolates and sandboxes every window', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/p.js' });
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
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });
});
