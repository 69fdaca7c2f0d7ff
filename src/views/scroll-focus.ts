// A scroll box the keyboard can reach: while its content overflows it, it takes a place in the
// Tab order (tabindex 0), so a keyboard user can focus it and scroll it with the arrow keys
// (WCAG 2.1.1; axe's scrollable-region-focusable). A box that fits keeps out of the Tab order,
// so an equation or a table that fits is not one more stop. Used as `{@attach keyboardScrollable}`.
import type { Attachment } from 'svelte/attachments';

/** Does the content of `box` overflow it (by more than a rounding pixel)? */
export function overflows(box: Element): boolean {
  return box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
}

export const keyboardScrollable: Attachment<HTMLElement> = (box) => {
  const update = () => {
    if (overflows(box)) box.tabIndex = 0;
    else box.removeAttribute('tabindex');
  };
  // The box's size changes with the window; its content's with what it shows (a new preset, a
  // new equation): watch both.
  const sizes = new ResizeObserver(update);
  const watch = () => {
    sizes.disconnect();
    sizes.observe(box);
    for (const child of box.children) sizes.observe(child);
  };
  const content = new MutationObserver(() => {
    watch();
    update();
  });
  watch();
  content.observe(box, { childList: true, subtree: true, characterData: true });
  update();
  return () => {
    sizes.disconnect();
    content.disconnect();
  };
};
