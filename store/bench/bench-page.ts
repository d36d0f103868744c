// Starts the benchmark Worker; scripts/bench.ts evaluates inside it.
new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: 'cinema-bench' });
