// "Check my numbers" in the debugger: the panel (drop a file, read the verdict), the
// inspector's card (ours beside yours for the selected unit) and the yours − ours heatmaps.
export { default as CheckPanel } from './CheckPanel.svelte';
export { default as CheckUnitCard } from './CheckUnitCard.svelte';
export { default as DifferenceHeatmaps } from './DifferenceHeatmaps.svelte';
