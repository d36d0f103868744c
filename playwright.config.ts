import { defineConfig } from '@playwright/test';

// The browser tests run against the Vite dev server on a fixed loopback origin: IndexedDB needs an
// http origin, and a different port would be a different (empty) database.
export const port = Number(process.env.CINEMA_TEST_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  workers: 1,
  reporter: process.env.CI ? 'list' : 'line',
  use: { baseURL: `http://127.0.0.1:${port}` },
  // The web build and the store in Debian's Chromium; the desktop app through Electron where its binary exists.
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  webServer: {
    command: `npx vite --config vite.config.ts --port ${port} --strictPort --clearScreen false`,
    env: { CINEMA_NO_WATCH: '1' },
    url: `http://127.0.0.1:${port}/store/testing/harness.html`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
