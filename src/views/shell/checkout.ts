// Where the deltascope checkout this page was built from lives (its absolute path, set by
// vite.config.ts at build time), so the Export panel can print a CLI line that runs from
// any folder. Null when the build did not say.

declare const __DELTASCOPE_CHECKOUT__: string | undefined;

export const CHECKOUT: string | null = typeof __DELTASCOPE_CHECKOUT__ === 'string' && __DELTASCOPE_CHECKOUT__ !== '' ? __DELTASCOPE_CHECKOUT__ : null;
