import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src,store,renderer,electron,scripts}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
