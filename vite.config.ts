/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy } from './scripts/content-security-policy.ts';
import { fileURLToPath } from 'node:url';

// `static/` holds what the page fetches at run time (the MNIST assets built by
// scripts/build-mnist-assets.mjs), served as-is at the site root.
//
// Modes: `vite build` makes the site to host (`--base /sub/path/` for a sub-path). The
// end-to-end tests build with `--mode e2e` into dist-e2e/: the same site plus the ?test hook
// (src/test-hook.ts) and the hostile fixture lessons, which no other build contains.
export default defineConfig(({ mode, command }) => ({
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    // A service worker that precaches the app shell (HTML, JS with the lessons and the
    // WebAssembly kernels inside, CSS, KaTeX's woff2 fonts) and the MNIST manifest, so a
    // reload without network works after one visit. The MNIST files themselves stay out of
    // it: the loader keeps them in IndexedDB (src/data/browser.ts).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,woff2,svg}', 'data/manifest.json'],
        globIgnores: ['data/*.gzip', '**/*.map'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Its source map would quote the builder's absolute paths (the generated entry imports workbox by them).
        sourcemap: false,
      },
    }),
  ],
  // The dev server's checkout (its absolute path): the Export panel's CLI line calls its bin/deltascope.mjs. A build
  // is hosted for others, so it carries no path of the machine it was built on (src/views/shell/checkout.ts).
  define: { __DELTASCOPE_CHECKOUT__: JSON.stringify(command === 'serve' ? fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '') : '') },
  publicDir: 'static',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, outDir: mode === 'e2e' ? 'dist-e2e' : 'dist' },
  server: { port: 5173, strictPort: false },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/views/**', 'tests/e2e/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'views',
          environment: 'jsdom',
          include: ['tests/views/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
}));
