// The replay behind a link: a fresh network from the link's seed, trained batch by batch
// through the training order up to the link's batch — with the run loop's BatchRunner, the
// same computeStep the frames use, so the weights are bit-identical to stepping there by
// hand — then handed to the debugger as a `load` at that position. In slices, so that a
// link deep into an epoch keeps the page responsive.

import type { MnistData } from '../data/mnist';
import { cloneNet } from '../engine/network';
import { parseTrainingConfig } from '../engine/training-config';
import type { LoadRequest } from './context';
import { initialContext } from './context';
import { batchesPerEpoch, type DebuggerData } from './data-source';
import type { DebuggerLink } from './debugger-link';
import { debuggerDataFor } from './from-training';
import { currentFrame } from './history';
import { BatchRunner } from './run-loop';
import { ruleOf } from './settings';

export class LinkReplay {
  /** Batches to run before the link's batch: epoch · (batches per epoch) + batch. */
  readonly total: number;
  done = 0;
  private readonly runner: BatchRunner;

  constructor(
    private readonly link: DebuggerLink,
    private readonly data: DebuggerData,
  ) {
    const ctx = initialContext({ data, settings: link.settings });
    const frame = currentFrame(ctx.history);
    this.total = link.place.epoch * batchesPerEpoch(data, link.settings.batchSize) + link.place.batch;
    this.runner = new BatchRunner({
      data,
      plan: ctx.plan,
      breakpoints: [],
      // The first frame's network is the session's: the runner only reads it.
      from: { start: { ...frame.start, net: cloneNet(frame.start.net) }, quantities: frame.quantities, stepIndex: frame.stepIndex },
      batchSize: link.settings.batchSize,
      rule: ruleOf(link.settings),
      following: null,
      until: null,
      lastValidationLoss: null,
    });
  }

  /** Runs batches for about `ms`; true while some are left. */
  runFor(ms: number): boolean {
    const t0 = performance.now();
    while (this.done < this.total) {
      this.runner.runBatch();
      this.done++;
      if (performance.now() - t0 >= ms) break;
    }
    return this.done < this.total;
  }

  /** The weights, velocity and position at the link's batch, to load (after every batch has run). */
  load(): LoadRequest {
    if (this.done < this.total) throw new Error(`the replay has ${this.total - this.done} batches left`);
    const p = this.runner.progress();
    return { net: p.net, velocity: p.velocity, settings: this.link.settings, data: this.data, position: { epoch: p.order.epoch, batch: p.order.batch, step: p.stepsDone } };
  }
}

/** The link's MNIST data: its split of the training images, and its training order (seed, shuffling). */
export function linkData(link: DebuggerLink, mnist: MnistData): DebuggerData {
  return debuggerDataFor(parseTrainingConfig({ split: link.data.split, seed: link.data.orderSeed, shuffle: link.data.shuffle }), mnist);
}

/** The whole replay at once (Node, tests). */
export function replayLink(link: DebuggerLink, data: DebuggerData): LoadRequest {
  const replay = new LinkReplay(link, data);
  while (replay.runFor(Infinity));
  return replay.load();
}
