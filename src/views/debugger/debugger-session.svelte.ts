// The Debugger screen's session, apart from its layout: the actor (built once, from the data
// loaded at start; it lives as long as the app), the kernels it waits for, what it sends
// (only what snapshot.can accepts), the hand-overs with the trainer in both directions, and
// your own files. DebuggerScreen.svelte lays out the views of its snapshot.

import type { MnistData } from '../../data/mnist';
import { createDebuggerActor, type DebuggerActor, type DebuggerSnapshot } from '../../machine/debugger-machine';
import type { DebuggerEvent } from '../../machine/events';
import { workerCheckRunner } from '../../platform/check-worker-port';
import { choosePageKernels } from '../../platform/kernels';
import { checkLoad } from '../../session/context';
import { hasValidation } from '../../session/data-source';
import type { FileLoad } from '../../session/file-load';
import { debuggerInputFor, loadFromSnapshot } from '../../session/from-training';
import { currentFrame } from '../../session/history';
import { openingDebuggerConfig, type DebuggerSettings } from '../../session/settings';
import { describeTrainingState, trainingConfigOf, trainingStateOf } from '../../session/to-training';
import { debuggerBlocked } from '../../viewmodel/why-disabled';
import { fitLink, formatLink, linkOfSession, parseLink, type LinkView, type SessionLink } from '../../session/debugger-link';
import { LinkReplay, linkData } from '../../session/link-replay';
import { actorSnapshot } from '../shell/actor-snapshot.svelte';
import type { AppServices, DebuggerHandoff } from '../shell/app-services';
import { defaultBreakpoints } from './breakpoints/breakpoint-kinds';
import { timedStep } from './redraw-timing';

export class DebuggerSession {
  readonly actor: DebuggerActor;
  readonly #live: { readonly current: DebuggerSnapshot };
  /** The float32 kernels' name once they are ready; steps wait for them, so every number is the one the trainer computes. */
  kernels = $state<string | null>(null);
  /** Why the state came from the trainer ("paused at step 1,204"), until something else is loaded. */
  handoffReason = $state<string | null>(null);
  /** The trainer's hand-over this session came from (its run settings), until a reset makes a new network. */
  fromTrainer = $state.raw<DebuggerHandoff | null>(null);
  /** The model file the weights came from, until a reset or another load. */
  weightsFrom = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** A link being opened: batches replayed so far of those before its batch. */
  replaying = $state.raw<{ readonly done: number; readonly total: number } | null>(null);
  /** What "Copy link" last did (copied, or why the link will not rebuild these weights). */
  linkMessage = $state<string | null>(null);
  readonly #kernelsReady: Promise<string>;

  /** Call while the screen initialises (it subscribes for the screen's lifetime). */
  constructor(private readonly app: AppServices) {
    // "Check my numbers" runs in a worker: a 784-64-10 step of 128 examples takes about a second.
    this.actor = createDebuggerActor(debuggerInputFor(openingDebuggerConfig(), app.mnist), { checkRunner: workerCheckRunner() });
    this.#live = actorSnapshot(this.actor, () => {
      // A teacher's breakpoints: stop on NaN or ±∞; the other kinds listed, switched off.
      const started = this.actor.getSnapshot().context;
      const sizes = currentFrame(started.history).start.net.sizes;
      this.actor.send({ type: 'breakpoints.set', breakpoints: defaultBreakpoints(sizes, hasValidation(started.data), { layer: 0, neuron: 0 }) });
    });
    this.#kernelsReady = choosePageKernels().then((name) => (this.kernels = name));
  }

  get snapshot(): DebuggerSnapshot {
    return this.#live.current;
  }

  can(event: DebuggerEvent): boolean {
    return this.kernels !== null && this.snapshot.can(event);
  }

  /** Can the machine take a learner's file to check now? */
  canCheckFile(): boolean {
    return this.can({ type: 'check.file', name: 'file', bytes: new Uint8Array(0) });
  }

  /** Why a button that would send `event` is greyed out (its tooltip); null when it is not. */
  why(event: DebuggerEvent): string | null {
    return this.kernels === null ? 'The WebAssembly kernels are still loading.' : debuggerBlocked(this.snapshot, event);
  }

  /** Sends the event if the machine takes it; step.next is timed from the send to the views' redraw (the e2e test reads the measures). */
  send(event: DebuggerEvent): boolean {
    if (!this.can(event)) return false;
    if (event.type === 'step.next') timedStep(() => this.actor.send(event));
    else this.actor.send(event);
    if (event.type === 'reset' || event.type === 'load') {
      this.fromTrainer = null;
      this.weightsFrom = null;
    }
    return true;
  }

  /** A trainer hand-over waiting for this screen: load it, or say why not. */
  takeHandoff(mnist: MnistData): void {
    const handoff = this.app.takeHandoff();
    if (!handoff) return;
    const event: DebuggerEvent = { type: 'load', ...loadFromSnapshot(handoff.config, handoff.snapshot, mnist) };
    if (this.actor.getSnapshot().can(event)) {
      this.actor.send(event);
      this.handoffReason = handoff.reason;
      this.fromTrainer = handoff;
      this.weightsFrom = null;
      this.problem = null;
    } else {
      this.problem = `Could not load the trainer's state (${handoff.reason}).`;
    }
  }

  /** Hand the weights, velocity and position to the trainer and switch to the training screen. */
  backToTraining(): void {
    if (!this.fromTrainer || this.snapshot.matches('running')) return;
    const current = this.actor.getSnapshot().context;
    const state = trainingStateOf(current);
    this.app.trainFrom({ snapshot: state.snapshot, config: trainingConfigOf(this.fromTrainer.config, current), reason: describeTrainingState(state) });
  }

  /** The link to where the session stands (null on custom data), with why it is not exact, if it is not. */
  linkNow(view: LinkView): SessionLink | null {
    const made = linkOfSession(this.snapshot.context, view);
    if (!made || made.inexact) return made;
    const from = this.weightsFrom ? `the weights came from ${this.weightsFrom}` : this.fromTrainer ? 'the weights came from the trainer' : null;
    return from ? { ...made, inexact: from } : made;
  }

  /** "Copy link": the address of this state on the clipboard, and a line saying so (or why it will differ). */
  async copyLink(view: LinkView): Promise<void> {
    const made = this.linkNow(view);
    if (!made) {
      this.linkMessage = 'A link replays MNIST: custom data cannot be linked to.';
      return;
    }
    const address = `${location.origin}${location.pathname}${location.search}#/debug?${formatLink(made.link)}`;
    try {
      await navigator.clipboard.writeText(address);
      this.linkMessage = made.inexact
        ? `Link copied — but ${made.inexact}: it rebuilds these settings trained in order from the seed, so its numbers differ from these.`
        : 'Link copied: it opens this batch, sub-step, unit and example with the same numbers.';
    } catch {
      this.linkMessage = `The clipboard refused; the link is: ${address}`;
    }
  }

  /**
   * Opens a link: each field it gets wrong is named in a notice (and takes its default), the
   * network is rebuilt by replaying the training order to its batch, then stepped to its
   * sub-step and example. Returns the unit and tab for the screen, or null if it could not.
   */
  async openLink(query: string): Promise<LinkView | null> {
    const data = this.snapshot.context.data;
    if (data.kind !== 'mnist') return null;
    const parsed = parseLink(query);
    const { link, problems } = fitLink(parsed, linkData(parsed.link, this.app.mnist));
    problems.forEach((problem) => this.app.notify(problem));
    await this.#kernelsReady;
    const replay = new LinkReplay(link, linkData(link, this.app.mnist));
    this.replaying = { done: 0, total: replay.total };
    while (replay.runFor(40)) {
      this.replaying = { done: replay.done, total: replay.total };
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.replaying = null;
    const event: DebuggerEvent = { type: 'load', ...replay.load() };
    if (!this.send(event)) {
      this.problem = `Could not open the link${this.snapshot.matches('running') ? ' while a run is going: pause, then open it again' : ''}.`;
      return null;
    }
    for (let k = 0; k < link.place.step; k++) this.send({ type: 'step.next' });
    this.send({ type: 'sample.select', index: link.view.example });
    return link.view;
  }

  applyAndReset(settings: Partial<DebuggerSettings>): void {
    if (this.send({ type: 'settings.change', settings })) this.send({ type: 'reset' });
  }

  /**
   * Your own files: load the weights, then the batch; the reason when the machine refuses. The
   * batch is chosen in a task of its own (a file's batch may be thousands of examples), so that
   * the page draws in between and neither half holds its main thread for long.
   */
  async openFiles({ load, choice }: FileLoad, modelName: string): Promise<string | null> {
    const event: DebuggerEvent = { type: 'load', ...load };
    const { context } = this.snapshot;
    if (!this.can(event)) return this.snapshot.matches('running') ? 'pause first' : (checkLoad(load, context.data, context.settings) ?? 'the machine refused it');
    this.send(event);
    this.weightsFrom = modelName;
    this.handoffReason = null;
    if (!choice) return null;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.send({ type: 'batch.choose', choice }) ? null : 'the batch does not fit the data';
  }
}
