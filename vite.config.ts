import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One Vite config for the web build and the browser test pages. IndexedDB in Chromium needs an
// http origin, and the origin decides which database a page sees, so the host is pinned to
// 127.0.0.1 and the port is chosen by whoever starts the server.
export default defineConfig(({ command }) => ({
  plugins: [react()],
  // The build is the web app alone (dist/web/index.html, relative asset paths so any http origin
  // serves it); the dev server serves the whole tree so test and benchmark pages load too.
  root: command === 'build' ? 'renderer/web' : '.',
  base: command === 'build' ? './' : '/',
  // One bundle for the whole app (vis-timeline alone is ~500 kB); it is served locally, never over a slow network.
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  // CINEMA_NO_WATCH (browser tests): no reloads, so an edit during a run cannot kill a Worker.
  server: process.env.CINEMA_NO_WATCH
    ? { host: '127.0.0.1', strictPort: true, hmr: false, watch: null }
    : { host: '127.0.0.1', strictPort: true },
  worker: { format: 'es' },
  // Pre-bundle idb and React up front: discovering them on first load makes Vite reload the page.
  optimizeDeps: { include: ['idb', 'react', 'react-dom/client'] },
}));
