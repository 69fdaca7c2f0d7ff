import './platform/zod-jitless';
import { mount } from 'svelte';
import App from './views/App.svelte';
import 'katex/dist/katex.min.css';
import './views/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

// The end-to-end tests' hook (window.__deltascopeTest): only in their build (`vite build --mode e2e`),
// and there only with ?test in the URL. In every other build this is dead code and the hook's
// modules are not bundled at all (tests/e2e/static-build.spec.ts checks the production build).
if (import.meta.env.MODE === 'e2e' && new URLSearchParams(location.search).has('test')) void import('./test-hook').then((hook) => hook.installTestHook());
