/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { fileURLToPath } from 'node:url';

// `static/` holds what the page fetches at run time (the MNIST assets built by
// scripts/build-mnist-assets.mjs), served as-is at the site root.
export default defineConfig({
  plugins: [svelte()],
  // The checkout's absolute path: the Export panel's CLI line calls its bin/deltascope.mjs (src/views/shell/checkout.ts).
  define: { __DELTASCOPE_CHECKOUT__: JSON.stringify(fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '')) },
  publicDir: 'static',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
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
});
