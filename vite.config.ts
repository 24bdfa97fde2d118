/// <reference types="vitest/config" />
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { writeCompressedTwins } from './server/http/precompressed.ts';

/**
 * V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136+; a plain comment elsewhere) on the
 * chunk of the analysis charts (chart.js): its functions are compiled while the file streams in, off the main
 * thread, instead of one by one on the main thread when the dashboard's first chart is drawn. Added after
 * minification, as the file's first line (where V8 looks for it).
 */
function compileHints(chunks: RegExp): Plugin {
  return {
    name: 'icc-compile-hints',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.facadeModuleId && chunks.test(file.facadeModuleId)) file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
      }
    },
  };
}

/**
 * Brotli and gzip twins of the built scripts and styles, written once here rather than compressed on every request
 * (server/http/precompressed.ts serves them).
 */
function compressedTwins(): Plugin {
  let outDir = '';
  return {
    name: 'icc-compressed-twins',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const assets = path.join(outDir, 'assets');
      if (fs.existsSync(assets)) await writeCompressedTwins(assets);
    },
  };
}

// The client lives in client/ and is built into dist/client, which the express server serves.
// JSX is compiled by Vite's built-in transform (automatic runtime); no plugin is needed for a production build.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [compileHints(/[\\/]client[\\/]pages[\\/]analysis[\\/]figure\.tsx$/), compressedTwins()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // survey-core + survey-react-ui are one lazy chunk of 1.6 MB (loaded by the respondent's page and the builder only).
    chunkSizeWarningLimit: 1700,
    // dist/client/.vite/manifest.json: bench/run.ts reads it to size each page's JavaScript.
    manifest: true,
  },
  oxc: {
    // Never the development transform: the build is always production (React's prod build has no jsxDEV).
    jsx: { runtime: 'automatic', development: false },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    globalSetup: ['tests/global-setup.ts'],
    // Two groups run one after the other: unit and API tests in parallel, then the browser tests alone,
    // so that Chromium's timings are not starved by CPU-heavy tests on a 2-core machine.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit+api',
          include: ['tests/unit/**/*.test.ts', 'tests/api/**/*.test.ts'],
          setupFiles: ['tests/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          setupFiles: ['tests/setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
