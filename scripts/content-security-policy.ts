// The Content-Security-Policy of the built page, written into index.html as a <meta> by
// the Vite plugin below (a static host need not set any header). Checked against what the
// app does: module scripts and workers from the site itself, the WebAssembly kernels
// compiled from bytes ('wasm-unsafe-eval', not 'unsafe-eval'), KaTeX's inline layout styles
// and its fonts, fetches of the MNIST assets, a service worker, downloads through blob: URLs.
// tests/e2e/security.spec.ts reads it back from the built page and checks that it holds.
import type { Plugin } from 'vite';

export const CONTENT_SECURITY_POLICY_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  // KaTeX positions every glyph with inline style attributes; Svelte's style: directives too.
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'frame-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
};

export const CONTENT_SECURITY_POLICY = Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources}`)
  .join('; ');

/** Adds the policy as the first element of the built page's <head> (not in dev: Vite's client injects inline scripts). */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'deltascope:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
    },
  };
}
