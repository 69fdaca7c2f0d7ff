// run.continue's engine room: whole batches, fast, into reused buffers, through the
// same computeStep the frames use (so the result stays bit-identical to stepping).
// Breakpoints are checked after every sub-step on the buffers; when one fires, the
// runner stops with that batch's starting state intact, and the machine replays the
// batch frame by frame up to the sub-step where the condition first held.
//
// A run starts at any frame: the first batch reads what that frame has computed and
// runs its remaining sub-steps. Parameters are double-buffered: a batch reads one set
// and its update writes the other, so the state before a batch survives it without a
// copy. Arrays that came from frames are only ever read.

import { cloneParams } from '../engine/network';
import { usesMomentum } from '../engine/step';
import { gatherBatch } from '../engine/dataset';
import { isCheckPoint } from '../engine/training';
import { allocFloat, type Batch, type FloatArray, type Net, type Params, type UpdateRule, type Velocity } from '../engine/types';
import { copySlots, emptyQuantities, type BatchQuantities, type WritableQuantities } from './batch-quantities';
import { batchEndHit, checkStep, validationWatch, type Breakpoint, type BreakpointHit } from './breakpoints';
import { computeStep } from './compute-step';
import { batchesPerEpoch, materialise, trainingOrder, ValidationMeter, type BatchSource, type DebuggerData } from './data-source';
import type { FrameBatch, OrderPosition } from './frame';
import { endsEpoch, orderAfter } from './order';
import type { PlannedStep } from './plan';

export interface ValidationCheck {
  /** Gradient steps taken when the check was made. */
  readonly steps: number;
  readonly loss: number;
}

export interface RunRequest {
  readonly data: DebuggerData;
  readonly plan: readonly PlannedStep[];
  readonly breakpoints: readonly Breakpoint[];
  /** The frame the run starts from: its batch, what it has computed, its sub-step (−1: none yet). */
  readonly from: { readonly start: FrameBatch; readonly quantities: BatchQuantities; readonly stepIndex: number };
  /** Batch size of the training order. */
  readonly batchSize: number;
  /** The rule for the batches after the first. */
  readonly rule: UpdateRule;
  /** A batch chosen for after the first (batch.choose mid-batch); null: the training order's. */
  readonly following: { readonly batch: Batch; readonly source: BatchSource } | null;
  /** Stop after the last batch of an epoch (step.epoch), or run until a breakpoint or a pause. */
  readonly until: 'epoch-end' | null;
  /** The last validation loss measured, for the validation-rise breakpoint. */
  readonly lastValidationLoss: number | null;
}

/** Where a run is, at a batch boundary; its arrays are copies the caller may keep. */
export interface RunProgress {
  readonly net: Net;
  /** v after the last batch (null without momentum). */
  readonly velocity: Velocity | null;
  /** The next batch of the training order. */
  readonly order: OrderPosition;
  /** The batch the run takes next when it is not the order's (a batch chosen before the run). */
  readonly following: { readonly batch: Batch; readonly source: BatchSource } | null;
  readonly stepsDone: number;
  /** C of the last batch run. */
  readonly lastLoss: number | null;
  /** Batches completed by this run (the first counts even if it started mid-way). */
  readonly batchesRun: number;
  readonly validationChecks: readonly ValidationCheck[];
}

export interface RunStop {
  readonly reason: 'breakpoint' | 'until';
  /** The batch to replay frame by frame: its starting state, rule and examples. */
  readonly replay: FrameBatch;
  /** The sub-step to land on. */
  readonly stepIndex: number;
  readonly hit: BreakpointHit | null;
  /** True when `replay` is the batch of the frame the run started from. */
  readonly isFirst: boolean;
  readonly batchesRun: number;
  readonly validationChecks: readonly ValidationCheck[];
}

function allocParams(net: Net): Params {
  return {
    weights: net.params.weights.map((w) => allocFloat(net.precision, w.length)),
    biases: net.params.biases.map((b) => allocFloat(net.precision, b.length)),
  };
}

const COMPUTED = ['z', 'a', 'fprime', 'delta', 'gradW', 'gradB'] as const;

export class BatchRunner {
  stopped: RunStop | null = null;
  private readonly request: RunRequest;
  /** Reused outputs of every sub-step but the update. */
  private readonly buffers: WritableQuantities;
  private readonly lossBuffer: Float64Array;
  private readonly inputs: FloatArray;
  private readonly labels: Uint8Array;
  /** Two parameter sets of our own, and two velocities, written alternately. */
  private readonly own: [Params, Params];
  private readonly ownVelocity: [Velocity | null, Velocity | null] = [null, null];
  private slot = 0;
  private readonly batchesPerEpoch: number;
  private readonly perStepChecks: readonly Breakpoint[];
  private readonly meter: ValidationMeter;
  private current: FrameBatch;
  private isFirst = true;
  private lastLoss: number | null;
  private lastValidation: number | null;
  private batchesRun = 0;
  private readonly checks: ValidationCheck[] = [];
  private rule: UpdateRule;

  constructor(request: RunRequest) {
    this.request = request;
    const first = request.from.start;
    const net = first.net;
    const L = net.sizes.length - 1;
    const maxBatch = Math.max(request.batchSize, first.batch.size);
    const alloc = (n: number) => allocFloat(net.precision, n);
    this.buffers = emptyQuantities(L);
    for (let l = 0; l < L; l++) {
      const wide = maxBatch * net.sizes[l + 1];
      this.buffers.z[l] = alloc(wide);
      this.buffers.a[l] = alloc(wide);
      this.buffers.fprime[l] = net.activations[l] === 'softmax' ? null : alloc(wide);
      this.buffers.delta[l] = alloc(wide);
      this.buffers.gradW[l] = alloc(net.params.weights[l].length);
      this.buffers.gradB[l] = alloc(net.params.biases[l].length);
    }
    this.lossBuffer = new Float64Array(maxBatch);
    this.inputs = alloc(maxBatch * net.sizes[0]);
    this.labels = new Uint8Array(maxBatch);
    this.own = [allocParams(net), allocParams(net)];
    this.batchesPerEpoch = batchesPerEpoch(request.data, request.batchSize);
    this.perStepChecks = request.breakpoints.filter((bp) => bp.enabled && bp.kind !== 'validation-rise' && bp.kind !== 'epoch-end');
    this.meter = new ValidationMeter(request.data);
    this.current = first;
    this.rule = request.rule;
    this.lastLoss = first.previousLoss;
    this.lastValidation = request.lastValidationLoss;
  }

  /** A new learning rate or momentum, from the next batch on (the first batch keeps its frame's). */
  setRule(rule: UpdateRule): void {
    this.rule = rule;
    if (this.isFirst) return;
    // The next batch is prepared but not begun: give it the new rule. Switching momentum on
    // starts from v = 0, kept in the set its update does not write.
    const c = this.current;
    const velocity = usesMomentum(rule) ? (c.velocity ?? this.zeroed(1 - this.slot, c.net)) : null;
    this.current = { ...c, rule, velocity };
  }

  private velocitySet(slot: number, net: Net): Velocity {
    return (this.ownVelocity[slot] ??= allocParams(net));
  }

  /** The slots of this batch: what the starting frame computed, then our buffers and update target. */
  private slotsFor(start: FrameBatch): WritableQuantities {
    const L = start.net.sizes.length - 1;
    const q = this.isFirst ? copySlots(this.request.from.quantities) : emptyQuantities(L);
    const target = this.own[this.slot];
    const targetVelocity = usesMomentum(start.rule) ? this.velocitySet(this.slot, start.net) : null;
    for (let l = 0; l < L; l++) {
      for (const name of COMPUTED) q[name][l] ??= this.buffers[name][l];
      if (q.newW[l]) continue; // updated before the run started
      q.newW[l] = target.weights[l];
      q.newB[l] = target.biases[l];
      q.newVW[l] = targetVelocity ? targetVelocity.weights[l] : null;
      q.newVB[l] = targetVelocity ? targetVelocity.biases[l] : null;
    }
    return q;
  }

  /** Run one batch (the rest of the first one). Returns false once the runner has stopped. */
  runBatch(): boolean {
    if (this.stopped) return false;
    const start = this.current;
    const { plan } = this.request;
    const q = this.slotsFor(start);
    const from = this.isFirst ? this.request.from.stepIndex + 1 : 0;
    for (let s = from; s < plan.length; s++) {
      computeStep(start, plan[s], q, this.lossBuffer);
      if (this.perStepChecks.length > 0) {
        const hit = checkStep(this.perStepChecks, plan[s], start, q);
        if (hit) return this.stop('breakpoint', start, s, hit);
      }
    }
    const loss = q.loss!.loss;
    const after: Net = { ...start.net, params: { weights: q.newW as FloatArray[], biases: q.newB as FloatArray[] } };
    const velocityAfter: Velocity | null = usesMomentum(start.rule) ? { weights: q.newVW as FloatArray[], biases: q.newVB as FloatArray[] } : null;
    if (from < plan.length) this.batchesRun++;
    const stepsDone = start.stepsBefore + 1;

    // Batch-end checks (not for a batch that was already complete when the run began):
    // validation at the trainer's check points, then the end of an epoch.
    if (from < plan.length) {
      const B = this.batchesPerEpoch;
      const watch = validationWatch(this.request.breakpoints);
      let validation: { loss: number; previous: number | null } | null = null;
      if (watch && start.source.kind === 'order' && isCheckPoint(start.source.batch + 1, B, watch.checksPerEpoch)) {
        const measured = this.meter.loss(after);
        validation = { loss: measured, previous: this.lastValidation };
        this.lastValidation = measured;
        this.checks.push({ steps: stepsDone, loss: measured });
      }
      const last = plan.length - 1;
      const ends = endsEpoch(start.source, B);
      const epoch = start.source.kind === 'order' ? start.source.epoch : null;
      const hit = batchEndHit(this.request.breakpoints, last, { endsEpoch: ends, epoch, validation });
      if (hit) return this.stop('breakpoint', start, last, hit);
      if (ends && this.request.until === 'epoch-end') return this.stop('until', start, last, null);
    }

    // The next batch of the training order, gathered into the reused buffers. v carries
    // over; momentum switched on mid-run starts from v = 0, in the set the next batch reads.
    const following = this.isFirst ? this.request.following : null;
    const inOrder = orderAfter(start.source, start.order, this.batchesPerEpoch);
    const source: BatchSource = following ? following.source : { kind: 'order', ...inOrder };
    const order = source.kind === 'order' ? { epoch: source.epoch, batch: source.batch } : inOrder;
    const velocity = usesMomentum(this.rule) ? (velocityAfter ?? this.zeroed(this.slot, start.net)) : null;
    this.current = {
      net: after,
      velocity,
      rule: this.rule,
      batch: following ? following.batch : this.orderBatch(order),
      source,
      order,
      stepsBefore: stepsDone,
      previousLoss: loss,
    };
    this.lastLoss = loss;
    this.slot = 1 - this.slot;
    this.isFirst = false;
    return true;
  }

  private zeroed(slot: number, net: Net): Velocity {
    const v = this.velocitySet(slot, net);
    for (const array of [...v.weights, ...v.biases]) array.fill(0);
    return v;
  }

  private orderBatch(order: OrderPosition): Batch {
    const data = this.request.data;
    const precision = this.request.from.start.net.precision;
    if (data.kind === 'custom') return materialise(data, { kind: 'order', ...order }, this.request.batchSize, precision).batch;
    const start = order.batch * this.request.batchSize;
    const size = Math.min(this.request.batchSize, data.train.count - start);
    gatherBatch(data.train, trainingOrder(data, order.epoch), start, size, this.inputs, this.labels);
    return { inputs: this.inputs, labels: this.labels, size };
  }

  private stop(reason: RunStop['reason'], start: FrameBatch, stepIndex: number, hit: BreakpointHit | null): false {
    // A replayed batch must own its examples: an order batch sits in our reused buffer.
    const replay: FrameBatch =
      this.isFirst || start.source.kind !== 'order'
        ? start
        : { ...start, batch: materialise(this.request.data, start.source, this.request.batchSize, start.net.precision).batch };
    this.stopped = { reason, replay, stepIndex, hit, isFirst: this.isFirst, batchesRun: this.batchesRun, validationChecks: this.checks.slice() };
    return false;
  }

  /** Batches until `ms` have passed or the runner stops; true while it can go on. */
  runFor(ms: number): boolean {
    const t0 = performance.now();
    while (this.runBatch()) {
      if (performance.now() - t0 >= ms) return true;
    }
    return false;
  }

  /** Copies of where the run is, at the boundary before its next batch. */
  progress(): RunProgress {
    const c = this.current;
    return {
      net: { ...c.net, params: cloneParams(c.net.params) },
      velocity: c.velocity ? cloneParams(c.velocity) : null,
      order: c.order,
      following: c.source.kind === 'order' ? null : { batch: c.batch, source: c.source },
      stepsDone: c.stepsBefore,
      lastLoss: this.lastLoss,
      batchesRun: this.batchesRun,
      validationChecks: this.checks.slice(),
    };
  }
}
