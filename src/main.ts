import { mount } from 'svelte';
import App from './views/App.svelte';
import 'katex/dist/katex.min.css';
import './views/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

// The end-to-end tests' hook (window.__deltascopeTest), only with ?test in the URL.
if (new URLSearchParams(location.search).has('test')) void import('./test-hook').then((hook) => hook.installTestHook());
