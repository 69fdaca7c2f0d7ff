// The training loop shared by the CLI and the browser's worker: epochs of mini-batches,
// validation checks, early stopping, divergence detection. It runs in slices
// (`run(maxSteps)`) so a worker can answer messages between them.
//
// The loop does not know where data comes from: the caller hands it the three sets and
// a function giving each epoch's example order (src/data wires both from a config).

import type { LabelledImages } from './dataset';
import { gatherBatch } from './dataset';
import { forward } from './forward';
import { trainingBackendFor, kernelsFor } from './kernels/registry';
import { cloneParams, zeroVelocity } from './network';
import { PortableBackend } from './portable-backend';
import { usesMomentum } from './step';
import type { KeptSlot, TrainingBackend, TrainingBackendOptions } from './training-backend';
import { allocFloat, type Batch, type Net, type SetMetrics, type UpdateRule, type Velocity } from './types';
import type { CheckResult, LoopState, TrainingCheckpoint, TrainingPosition, TrainingSnapshot, TrainingStart } from './training-state';
import type { TrainingConfig } from './training-config';
import { findNonFinite, type NonFiniteReport } from './finite';
import { batchLabel, epochLabel, unitText } from '../notation/indices';
import { formatValue } from '../format';

export type { SetMetrics };
export type { CheckResult, LoopState, TrainingCheckpoint, TrainingPosition, TrainingSnapshot, TrainingStart };

export interface TrainingSets {
  readonly train: LabelledImages;
  readonly validation: LabelledImages;
  readonly test: LabelledImages | null;
}

export type StopReason = 'max-epochs' | 'early-stopping' | 'diverged';

export interface Divergence {
  readonly step: number; // the step (1-based) whose result went non-finite
  readonly epoch: number; // 0-based epoch of that step
  readonly batch: number; // 0-based batch index in that epoch
  readonly loss: number;
  readonly firstNonFinite: NonFiniteReport | null;
  /**
   * When the loss exploded with every value still finite: the largest |z| of each layer in
   * the diverging step's forward pass (index l = layer l + 1), showing where it blew up.
   */
  readonly largestZ: readonly number[] | null;
  /**
   * Where lastGoodSnapshot() starts: the last batch whose loss was finite (and under the
   * limit), before its update. When the diverging step's own loss already failed, the
   * weights it started from were wrecked by the previous update, so this is the step
   * before it; when only the update overflowed, it is the diverging step itself.
   */
  readonly lastGood: TrainingPosition;
  readonly message: string;
}

export interface RunOutcome {
  readonly steps: number;
  readonly check: CheckResult | null;
  readonly stopped: StopReason | null;
}

export type EpochOrder = (epoch: number) => Uint32Array | null;

/** One of the two states the backend keeps (before the current step, before the previous one): where it was. */
interface SavedState {
  readonly slot: KeptSlot;
  position: TrainingPosition;
}

/** The resident backend where the registered kernels offer one for this run, else the portable one. */
export function trainingBackend(options: TrainingBackendOptions): TrainingBackend {
  const precision = options.net.precision;
  return trainingBackendFor(precision)?.(options) ?? new PortableBackend(options, kernelsFor(precision).name);
}

export class Training {
  readonly config: TrainingConfig;
  readonly sets: TrainingSets;
  readonly checks: CheckResult[] = [];
  readonly batchesPerEpoch: number;
  stopReason: StopReason | null = null;
  divergence: Divergence | null = null;
  /** Index into `checks` of the lowest validation loss so far. */
  bestCheck = -1;

  private epoch = 0;
  private batch = 0;
  private step = 0;
  private order: Uint32Array | null = null;
  private orderEpoch = -1;
  private readonly epochOrder: EpochOrder;
  private readonly backend: TrainingBackend;
  private readonly rule: UpdateRule;
  /** The states before the current step and before the previous one, written in turn. */
  private readonly saved: [SavedState, SavedState];
  private current = 0;
  private lastGood: SavedState;
  private readonly trainEvalSet: LabelledImages;
  private runningLoss = 0;
  private runningCorrect = 0;
  private runningCount = 0;
  private trainingMs = 0;

  constructor(config: TrainingConfig, net: Net, sets: TrainingSets, epochOrder: EpochOrder, start?: TrainingStart) {
    if (net.sizes[0] !== sets.train.inputSize) throw new RangeError(`the net has ${net.sizes[0]} inputs, the data ${sets.train.inputSize}`);
    this.config = config;
    this.sets = sets;
    this.rule = { learningRate: config.learningRate, momentum: config.momentum };
    const velocity = usesMomentum(this.rule) ? (start?.velocity ?? zeroVelocity(net)) : null;
    this.epochOrder = epochOrder;
    this.batchesPerEpoch = Math.ceil(sets.train.count / config.batchSize);
    if (start) {
      this.epoch = start.position.epoch;
      this.batch = start.position.batch;
      this.step = start.position.step;
    }
    const loop = start?.loop;
    if (loop) {
      this.checks.push(...loop.checks);
      this.bestCheck = loop.bestCheck;
      this.runningLoss = loop.runningLoss;
      this.runningCorrect = loop.runningCorrect;
      this.runningCount = loop.runningCount;
      this.trainingMs = loop.trainingMs;
    }
    this.backend = trainingBackend({
      net,
      velocity,
      rule: this.rule,
      batchSize: config.batchSize,
      train: sets.train,
      keepsBest: config.earlyStopping?.restoreBest ?? false,
      best: loop?.best,
    });
    this.saved = [
      { slot: 0, position: this.position() },
      { slot: 1, position: this.position() },
    ];
    this.lastGood = this.saved[0];
    const trainEvalSize = Math.min(config.trainEvalSize, sets.train.count);
    this.trainEvalSet = {
      images: sets.train.images.subarray(0, trainEvalSize * sets.train.inputSize),
      labels: sets.train.labels.subarray(0, trainEvalSize),
      count: trainEvalSize,
      inputSize: sets.train.inputSize,
    };
  }

  /** Owned by the loop and updated in place by every step; use snapshot() for a stable copy. */
  get net(): Net {
    return this.backend.net;
  }

  get velocity(): Velocity | null {
    return this.backend.velocity;
  }

  /** The kernels training runs on ("wasm-simd", "ts-f64", …). */
  get kernels(): string {
    return this.backend.name;
  }

  /** Frees the backend's memory (the resident one's share of the WebAssembly module); the Training is unusable afterwards. */
  dispose(): void {
    this.backend.dispose();
  }

  position(): TrainingPosition {
    return { epoch: this.epoch, batch: this.batch, step: this.step };
  }

  get finished(): boolean {
    return this.stopReason !== null;
  }

  /** Batch `batch` of `epoch` as fresh arrays (for handing to the debugger). */
  batchAt(epoch: number, batch: number): Batch {
    const order = this.epochOrder(epoch);
    const start = batch * this.config.batchSize;
    const size = Math.min(this.config.batchSize, this.sets.train.count - start);
    const inputs = allocFloat(this.net.precision, size * this.net.sizes[0]);
    const labels = new Uint8Array(size);
    gatherBatch(this.sets.train, order, start, size, inputs, labels);
    return { inputs, labels, size };
  }

  /** Copies of the current weights, velocity and position. */
  snapshot(): TrainingSnapshot {
    return {
      net: { ...this.net, params: cloneParams(this.net.params) },
      velocity: this.velocity ? cloneParams(this.velocity) : null,
      position: this.position(),
    };
  }

  /** A snapshot with the loop's state, from which a new Training resumes exactly (start.loop). */
  checkpoint(): TrainingCheckpoint {
    const loop: LoopState = {
      checks: [...this.checks],
      bestCheck: this.bestCheck,
      best: this.bestCheck >= 0 ? this.backend.bestWeights() : null,
      runningLoss: this.runningLoss,
      runningCorrect: this.runningCorrect,
      runningCount: this.runningCount,
      trainingMs: this.trainingMs,
    };
    return { ...this.snapshot(), loop };
  }

  /** The state before the last good batch (see Divergence.lastGood); valid after a 'diverged' stop. */
  lastGoodSnapshot(): TrainingSnapshot {
    const { params, velocity } = this.backend.kept(this.lastGood.slot);
    return { net: { ...this.net, params }, velocity, position: this.lastGood.position };
  }

  /** Is the step after `batch` one at which a validation check falls? */
  private isCheckPoint(batchDone: number): boolean {
    return isCheckPoint(batchDone, this.batchesPerEpoch, this.config.checksPerEpoch);
  }

  /** Run up to `maxSteps` batches; returns early after a validation check or a stop. */
  run(maxSteps: number): RunOutcome {
    let steps = 0;
    while (steps < maxSteps && !this.finished) {
      if (this.epoch >= this.config.maxEpochs) {
        this.stopReason = 'max-epochs';
        break;
      }
      if (this.orderEpoch !== this.epoch) {
        this.order = this.epochOrder(this.epoch);
        this.orderEpoch = this.epoch;
      }
      const start = this.batch * this.config.batchSize;
      const size = Math.min(this.config.batchSize, this.sets.train.count - start);

      // Keep the states before this step and before the previous one, so a divergence
      // can be debugged from the last batch that was still good.
      this.current ^= 1;
      const before = this.saved[this.current];
      before.position = this.position();

      const t0 = performance.now();
      const result = this.backend.step(this.order, start, size, before.slot);
      this.trainingMs += performance.now() - t0;
      steps++;
      this.step++;
      this.runningLoss += result.loss * size;
      this.runningCorrect += result.correct;
      this.runningCount += size;

      if (!Number.isFinite(result.loss) || result.loss > this.config.divergenceLoss || !result.finite) {
        this.recordDivergence(result.loss, start, size);
        return { steps, check: null, stopped: this.stopReason };
      }

      this.batch++;
      const batchDone = this.batch;
      if (this.batch >= this.batchesPerEpoch) {
        this.batch = 0;
        this.epoch++;
      }
      if (this.isCheckPoint(batchDone)) {
        const check = this.validationCheck();
        if (this.epoch >= this.config.maxEpochs && !this.finished) this.stopReason = 'max-epochs';
        return { steps, check, stopped: this.stopReason };
      }
    }
    return { steps, check: null, stopped: this.stopReason };
  }

  /** Run to the end (the CLI's loop), calling `onCheck` at every validation check. */
  runToEnd(onCheck?: (check: CheckResult) => void): void {
    while (!this.finished) {
      const outcome = this.run(Number.MAX_SAFE_INTEGER);
      if (outcome.check && onCheck) onCheck(outcome.check);
    }
  }

  private recordDivergence(loss: number, start: number, size: number): void {
    const stepStart = this.saved[this.current];
    const position = stepStart.position;
    const lossFailed = !Number.isFinite(loss) || loss > this.config.divergenceLoss;
    const previous = this.saved[this.current ^ 1];
    // A failed loss means the weights this step started from were already wrecked by the
    // previous update: the last good batch is the previous one (when there was one here).
    this.lastGood = lossFailed && previous.position.step < position.step ? previous : stepStart;
    const report = this.backend.firstNonFinite() ?? findNonFinite(this.net.params, 'W after the update', 'b after the update');
    // Nothing non-finite yet (the loss passed divergenceLoss): say where z grew instead.
    const largestZ = report ? null : largestPreActivations({ ...this.net, params: this.backend.kept(stepStart.slot).params }, this.gather(start, size));
    const where = report
      ? ` — first non-finite: ${report.quantity} of ${unitText(report.neuron, report.layer, this.net.sizes.length - 1)}`
      : largestZ
        ? ` — nothing is non-finite yet; largest |z| per layer: ${largestZ.map((z, l) => `layer ${l + 1} ${formatValue(z, 3)}`).join(', ')}`
        : '';
    const what = Number.isFinite(loss) ? `the loss exploded to ${formatValue(loss)}` : `the loss became ${formatValue(loss)}`;
    this.divergence = {
      step: position.step + 1,
      epoch: position.epoch,
      batch: position.batch,
      loss,
      firstNonFinite: report,
      largestZ,
      lastGood: this.lastGood.position,
      message: `Diverged at step ${position.step + 1} (epoch ${epochLabel(position.epoch)}, batch ${batchLabel(position.batch)}): ${what}${where}.`,
    };
    this.stopReason = 'diverged';
  }

  /** The examples of a step as an ordinary batch (for the rare diagnostics that rerun it). */
  private gather(start: number, size: number): Batch {
    const inputs = allocFloat(this.net.precision, size * this.net.sizes[0]);
    const labels = new Uint8Array(size);
    gatherBatch(this.sets.train, this.order, start, size, inputs, labels);
    return { inputs, labels, size };
  }

  private validationCheck(): CheckResult {
    const train: SetMetrics =
      this.trainEvalSet.count > 0
        ? this.backend.evaluate(this.trainEvalSet)
        : {
            loss: this.runningLoss / this.runningCount,
            accuracy: this.runningCorrect / this.runningCount,
            correct: this.runningCorrect,
            count: this.runningCount,
          };
    this.runningLoss = 0;
    this.runningCorrect = 0;
    this.runningCount = 0;
    const validation = this.backend.evaluate(this.sets.validation);
    const test = this.config.evaluateTest && this.sets.test ? this.backend.evaluate(this.sets.test) : null;
    const previous = this.checks[this.checks.length - 1];
    const rises = previous && validation.loss > previous.validation.loss ? previous.rises + 1 : 0;
    const check: CheckResult = {
      step: this.step,
      epoch: this.step / this.batchesPerEpoch,
      train,
      validation,
      test,
      rises,
      trainingMs: this.trainingMs,
    };
    this.checks.push(check);
    if (this.bestCheck < 0 || validation.loss < this.checks[this.bestCheck].validation.loss) {
      this.bestCheck = this.checks.length - 1;
      this.backend.keepBest();
    }
    const early = this.config.earlyStopping;
    if (early && early.patience > 0 && rises >= early.patience) {
      this.stopReason = 'early-stopping';
      if (early.restoreBest) this.backend.restoreBest();
    }
    return check;
  }

  /** Loss and accuracy of the current weights on the full train, validation and test sets. */
  finalMetrics(): { train: SetMetrics; validation: SetMetrics; test: SetMetrics | null } {
    return {
      train: this.backend.evaluate(this.sets.train),
      validation: this.backend.evaluate(this.sets.validation),
      test: this.sets.test ? this.backend.evaluate(this.sets.test) : null,
    };
  }
}

/**
 * Does a validation check fall after `batchDone` batches of an epoch of `batchesPerEpoch`?
 * Checks sit at the ends of `checksPerEpoch` near-equal slices of the epoch, the last at its end.
 * (The debugger's validation breakpoint checks at the same points.)
 */
export function isCheckPoint(batchDone: number, batchesPerEpoch: number, checksPerEpoch: number): boolean {
  const B = batchesPerEpoch;
  const checks = Math.max(1, Math.min(checksPerEpoch, B));
  for (let c = 1; c <= checks; c++) if (Math.round((c * B) / checks) === batchDone) return true;
  return false;
}

/** max |z| of each layer when `net` runs forward on `batch`. */
function largestPreActivations(net: Net, batch: Batch): number[] {
  return forward(net, batch).layers.map(({ z }) => {
    let max = 0;
    for (let i = 0; i < z.length; i++) max = Math.max(max, Math.abs(z[i]));
    return max;
  });
}
