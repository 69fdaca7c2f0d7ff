// Dev-only page (/dev/matrix.html, served by `npm run dev`; not part of the app's build):
// the matrix views, the gradient check and the drawing pad on a live debugger over MNIST.
//   ?steps=N          step.next N times once loaded
//   ?show=matrix|gradcheck|draw|none   one part only (default all)
//   ?bench            the 784×64 heatmap redraw measurement (scripts/measure-heatmap-redraw.ts)
import { mount } from 'svelte';
import '../views/global.css';
import HeatmapBench from './HeatmapBench.svelte';
import MatrixHarness from './MatrixHarness.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('dev/matrix.html has no #app element');
const params = new URLSearchParams(location.search);
export default params.has('bench') ? mount(HeatmapBench, { target }) : mount(MatrixHarness, { target, props: { steps: Number(params.get('steps') ?? 0), show: params.get('show') ?? 'all' } });
