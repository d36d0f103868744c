import { defineConfig } from 'vite';

// One Vite config for the web build and the browser test pages. IndexedDB in Chromium needs an
// http origin, and the origin decides which database a page sees, so the host is pinned to
// 127.0.0.1 and the port is chosen by whoever starts the server.
export default defineConfig({
  root: '.',
  // CINEMA_NO_WATCH (browser tests): no reloads, so an edit during a run cannot kill a Worker.
  server: process.env.CINEMA_NO_WATCH
    ? { host: '127.0.0.1', strictPort: true, hmr: false, watch: null }
    : { host: '127.0.0.1', strictPort: true },
  worker: { format: 'es' },
  // Pre-bundle idb up front: discovering it on first load makes Vite reload the page mid-test.
  optimizeDeps: { include: ['idb'] },
});
