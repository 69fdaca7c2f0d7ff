// The debugger's place in the address bar: a link in the address (opened, pasted, or the
// page reloaded) is replayed into the session; from then on every step, unit, example and
// tab is written back (replaceState: no history entry per step), so a reload or a copied
// address opens the same state. A session a link cannot rebuild (weights from a file or the
// trainer, batches out of order) leaves the address at #/debug rather than lie.

import { formatLink, type LinkView } from '../../session/debugger-link';
import type { Route } from '../shell/route';
import type { DebuggerSession } from './debugger-session.svelte';

export function keepAddress(session: DebuggerSession, read: () => { readonly route: Route; readonly active: boolean; readonly view: LinkView }, opened: (view: LinkView) => void): void {
  let written: string | null = null;
  let opening = $state(false);

  $effect(() => {
    // Only the route and whether the screen is shown are read here (`view` is a getter, read by the
    // effect below): were the unit or tab tracked too, a click on a tab after opening a link would
    // re-run this with the link still in the route, and replay the old link over the click.
    const { route, active } = read();
    const link = route.link;
    if (!active || !link || link === written) return;
    written = link;
    opening = true;
    void session.openLink(link).then((view) => {
      opening = false;
      if (view) opened(view);
    });
  });

  $effect(() => {
    const { active, view } = read();
    const made = session.linkNow(view); // read every time: the effect follows the snapshot
    if (!active || opening || session.replaying) return;
    const link = made && !made.inexact ? formatLink(made.link) : null;
    written = link;
    const hash = link ? `#/debug?${link}` : '#/debug';
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  });
}
