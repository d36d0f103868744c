// Starts the store harness Worker; the browser tests evaluate inside it.
new Worker(new URL('./harness-worker.ts', import.meta.url), { type: 'module', name: 'cinema-store-harness' });
