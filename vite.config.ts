/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The client lives in client/ and is built into dist/client, which the express server serves.
// JSX is compiled by Vite's built-in transform (automatic runtime); no plugin is needed for a production build.
export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // dist/client/.vite/manifest.json: bench/run.ts reads it to size each page's JavaScript.
    manifest: true,
  },
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    setupFiles: ['tests/setup.ts'],
    globalSetup: ['tests/global-setup.ts'],
  },
});
