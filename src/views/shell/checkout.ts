// Where the deltascope checkout this page is served from lives (its absolute path, set by
// vite.config.ts for the dev server only), so the Export panel can print a CLI line that calls
// that checkout's launcher from any folder. Null in a build: a hosted page cannot know where its
// visitor keeps deltascope, and must not carry the path of the machine it was built on.

declare const __DELTASCOPE_CHECKOUT__: string | undefined;

export const CHECKOUT: string | null = typeof __DELTASCOPE_CHECKOUT__ === 'string' && __DELTASCOPE_CHECKOUT__ !== '' ? __DELTASCOPE_CHECKOUT__ : null;
