// The digests src/engine/determinism.ts must produce — in Node (tests/engine/libm.test.ts) AND
// in Chromium's page and Web Worker (tests/e2e/determinism.spec.ts). The SAME values must come
// out everywhere: that is the promise that a seed and a config give bit-identical weights,
// batches and metrics in the CLI and in the browser. Node 20's and Chromium's Math.exp/log/
// tanh/cos differ in the last bit for a few percent of arguments, which is why the engine uses
// src/engine/libm.ts; a mismatch here means some engine number again depends on the platform.
//
// float32 results also depend on the float32 kernels — by design the WebAssembly SIMD ones sum in
// float32 and the TypeScript fallback in float64 (tests/engine/kernels.test.ts) — so each backend
// has its own digests, the same on every platform. The CLI and the browser's trainer both use
// wasm-simd for float32; ts-f32 is the fallback without WebAssembly SIMD.
//
// They change only when the engine's arithmetic does (or the check itself): then take the new
// values from the failing test's output in Node, and check that Chromium agrees
// (npx vite build && npx playwright test tests/e2e/determinism.spec.ts) before pinning them.

export const DETERMINISM_DIGESTS: Readonly<Record<string, string>> = {
  libm: '67763bbaf8332e3e9eb1afaea3c1c7c63cf42bfd56eda39dc84fd329fd0c64ce',
  'float64 sigmoid': '0305fdea4823ce71448fa8db44253f2088f6518cabdb3cebc793af72ef89e10f',
  'float64 improved-sigmoid': '7a751bb581fd8ac54f2470315df61136e78d765a14d0715ad4702cf18e9da58a',
  'float32 sigmoid (ts-f32)': 'aedd8e29f966ebc71aac64b7b40045a932dc73e69da579cc90468d9740acdc90',
  'float32 improved-sigmoid (ts-f32)': '4f0a9cacbf2cd9a23a9633733578487a6b87fdc9b13fe716b5ba04e208f4d7f7',
  'float32 sigmoid (wasm-simd)': '285aed0ead2fc21de7e18a13fb8f6b2625a9e88df5923524cd8db4fd1466cc3f',
  'float32 improved-sigmoid (wasm-simd)': 'cf9ff2a892f80cb1a692f94dbcb16881ddacc24173592ffea894a58ad1d4188b',
};

/** Each result's digest next to the pinned one for its name (undefined: a name nothing pins). */
export function digestMismatches(results: readonly { name: string; sha256: string }[]): string[] {
  return results
    .filter((r) => DETERMINISM_DIGESTS[r.name] !== r.sha256)
    .map((r) => `${r.name}: ${r.sha256}, pinned ${DETERMINISM_DIGESTS[r.name] ?? 'nothing'}`);
}
