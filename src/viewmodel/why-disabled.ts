// Why a machine refuses an event now, in words for the tooltip of the button that would send
// it. The machine decides (snapshot.can); this only reads its state and the checks its guards
// use (checkChoice, checkSettings, checkLoad) to say why — so a greyed-out button explains
// itself and no view re-derives a rule.

import type { DebuggerSnapshot } from '../machine/debugger-machine';
import type { DebuggerEvent } from '../machine/events';
import type { TrainerEvent } from '../machine/trainer-events';
import type { TrainerSnapshot } from '../machine/trainer-machine';
import { checkLoad } from '../session/context';
import { batchesPerEpoch, checkChoice } from '../session/data-source';
import { currentFrame } from '../session/history';
import { checkSettings } from '../session/settings';
import { canStepBack } from '../session/stepping';
import { trainerStatus } from './trainer-selectors';
import { grouped } from '../format';

const RUNNING = 'A run is going: pause it first (Esc or F5).';

/** Why the debugger machine will not take `event` now; null when it will. */
export function debuggerBlocked(snapshot: Pick<DebuggerSnapshot, 'can' | 'context' | 'matches'>, event: DebuggerEvent): string | null {
  if (snapshot.can(event)) return null;
  if (snapshot.matches('running')) return RUNNING;
  const ctx = snapshot.context;
  switch (event.type) {
    case 'step.prev':
      return canStepBack(ctx) ? null : 'Nothing earlier to step back to: the history starts here.';
    case 'step.goto':
      return 'That sub-step is not in the history: it has not been computed in this batch yet, or was dropped to stay within the memory bound.';
    case 'batch.choose': {
      const problem = checkChoice(ctx.data, event.choice, ctx.batchSize);
      if (event.choice.kind === 'order' && problem !== null) {
        const B = batchesPerEpoch(ctx.data, ctx.batchSize);
        return `No such batch: an epoch has batches 1 … ${grouped(B)} (and epochs count from 1).`;
      }
      return problem === null ? null : `Cannot load that batch: ${problem}.`;
    }
    case 'reset':
      return `The settings cannot make a network: ${checkSettings(ctx.settings, ctx.data)}.`;
    case 'settings.change':
      return `Not valid: ${checkSettings({ ...ctx.settings, ...event.settings }, ctx.data)}.`;
    case 'load':
      return `Cannot load it: ${checkLoad(event, ctx.data, ctx.settings)}.`;
    case 'sample.select':
      return `No such example: this batch has ${currentFrame(ctx.history).start.batch.size}.`;
    case 'breakpoints.add':
    case 'breakpoints.set':
    case 'breakpoints.remove':
    case 'breakpoints.toggle':
      return 'That breakpoint does not fit this network.';
    default:
      return 'The debugger cannot take this now.';
  }
}

/** Why the trainer will not take `event` now; null when it will. */
export function trainerBlocked(snapshot: Pick<TrainerSnapshot, 'can' | 'context' | 'value'>, event: TrainerEvent): string | null {
  if (snapshot.can(event)) return null;
  const ctx = snapshot.context;
  const status = trainerStatus(snapshot.value);
  if (status === 'loading') return 'The training worker is still loading MNIST.';
  if (status === 'failed') return `The training worker failed${ctx.error ? `: ${ctx.error}` : ''}. Reload the page to try again.`;
  const busy =
    status === 'fetching'
      ? 'The last good batch is on its way to the debugger.'
      : status === 'stopping'
        ? 'The run is stopping.'
        : status === 'snapshotting'
          ? 'The run is pausing to open the debugger.'
          : status === 'idle'
            ? null
            : 'A run is in progress: stop it (■ Stop) or let it finish first.';
  switch (event.type) {
    case 'run.start':
      return ctx.configError ? `Fix the settings first: ${ctx.configError}.` : (busy ?? 'The trainer cannot start a run now.');
    case 'run.continueFrom':
      return busy ?? 'The trainer cannot take this state now.';
    case 'run.pause':
      return status === 'paused' ? 'Already paused.' : (busy ?? 'No run in progress.');
    case 'run.resume':
      return status === 'running' ? 'Already running.' : (busy ?? 'No run in progress.');
    case 'run.stop':
      return busy ?? 'No run in progress.';
    case 'run.debug':
      return busy ?? 'No run in progress: start one, and this pauses it and opens the debugger on its weights.';
    case 'run.debugLastGood':
      return busy ?? 'The last run did not diverge.';
    default:
      return busy ?? 'The trainer cannot take this now.';
  }
}
