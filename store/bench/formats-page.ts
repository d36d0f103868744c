// Starts the formats benchmark Worker; scripts/bench-formats.ts evaluates inside it.
new Worker(new URL('./formats-worker.ts', import.meta.url), { type: 'module', name: 'cinema-formats-bench' });
