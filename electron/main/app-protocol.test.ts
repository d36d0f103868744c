import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Protocol } from 'electron';
import { contentType, entryUrl, handleAppProtocol, registerAppScheme, resolveAppUrl, serveApp } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './security';

const root = mkdtempSync(join(tmpdir(), 'cinema-pages-'));
mkdirSync(join(root, 'renderer/electron'), { recursive: true });
mkdirSync(join(root, 'store/host/window'), { recursive: true });
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'renderer/electron/index.html'), '<!doctype html><title>ui</title>');
writeFileSync(join(root, 'store/host/window/index.html'), '<!doctype html><title>store</title>');
writeFileSync(join(root, 'assets/ui-1.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'not served');

describe('the app:// scheme', () => {
  it('registers app as a standard, secure scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol as unknown as Protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it("serves each host only its own page's folder and the shared assets", () => {
    expect(resolveAppUrl(entryUrl('ui'), root)).toBe(join(root, 'renderer/electron/index.html'));
    expect(resolveAppUrl('app://ui/', root)).toBe(join(root, 'renderer/electron/index.html'));
    expect(resolveAppUrl('app://ui/assets/ui-1.js', root)).toBe(join(root, 'assets/ui-1.js'));
    expect(resolveAppUrl(entryUrl('store'), root)).toBe(join(root, 'store/host/window/index.html'));
    // The store window starts an import's parser Worker from the shared assets.
    expect(resolveAppUrl('app://store/assets/import-parse-worker-1.js', root)).toBe(join(root, 'assets/import-parse-worker-1.js'));
    // The UI host cannot load the store page (and so never opens the store's database), nor the reverse.
    expect(resolveAppUrl('app://ui/store/host/window/index.html', root)).toBeNull();
    expect(resolveAppUrl('app://store/renderer/electron/index.html', root)).toBeNull();
  });

  it('refuses paths that leave the pages, unknown hosts and other schemes', () => {
    for (const url of [
      'app://ui/../secret.txt',
      'app://ui/assets/../secret.txt',
      'app://ui/assets/..%2f..%2fsecret.txt',
      'app://ui/assets/%2e%2e/secret.txt',
      'app://ui/assets/%00.js',
      'app://ui/%E0%A4%A',
      'app://evil/assets/ui-1.js',
      'file:///etc/passwd',
      'https://ui/assets/ui-1.js',
      'not a url',
    ]) {
      expect(resolveAppUrl(url, root), url).toBeNull();
    }
  });

  it('answers with the file, its type and the security policy, or 404', async () => {
    const ok = await serveApp('app://ui/assets/ui-1.js', root);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toBe('console.log(1)');
    const missing = await serveApp('app://ui/assets/none.js', root);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await serveApp('app://ui/../secret.txt', root)).status).toBe(404);
    expect(contentType('x.css')).toMatch(/text\/css/);
    expect(contentType('x.bin')).toBe('application/octet-stream');
  });

  it('is handled on a session protocol through serveApp', async () => {
    let handler: ((r: { url: string }) => Promise<Response>) | null = null;
    handleAppProtocol({ handle: (scheme: string, h: typeof handler) => scheme === 'app' && (handler = h) } as unknown as Protocol, root);
    const r = await handler!({ url: 'app://store/' });
    expect(await r.text()).toContain('<title>store</title>');
  });
});
