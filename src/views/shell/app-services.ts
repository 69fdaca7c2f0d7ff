// What the app shell gives every screen: the loaded data, navigation, and the hand-over
// between the trainer and the debugger ("pause and debug", "debug the last good batch").
// Screens talk to each other only through this object, never through global stores.

import type { MnistData } from '../../data/mnist';
import type { TrainingSnapshot } from '../../engine/training';
import type { TrainingConfig } from '../../engine/training-config';
import type { Route } from './route';

/** A trainer state handed to the debugger: the weights, velocity and position to resume from. */
export interface DebuggerHandoff {
  readonly snapshot: TrainingSnapshot;
  readonly config: TrainingConfig;
  /** Why the hand-over happened, shown to the learner ("paused at step 1,204", "last good batch before divergence"). */
  readonly reason: string;
}

export interface AppServices {
  readonly mnist: MnistData;
  navigate(route: Route): void;
  /** Say something in the app's notice bar (a record set aside, a field of a link replaced …), once. */
  notify(message: string): void;
  /** Switch to the debugger and load this state into it. */
  debugFrom(handoff: DebuggerHandoff): void;
  /** The hand-over waiting for the debugger, taken (and cleared) by the debugger screen. */
  takeHandoff(): DebuggerHandoff | null;
  /** The way back: switch to the training screen and offer to train on from this state. */
  trainFrom(handoff: DebuggerHandoff): void;
  /** The state waiting for the training screen, taken (and cleared) by it. */
  takeTrainingHandoff(): DebuggerHandoff | null;
}
