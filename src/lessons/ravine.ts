// A two-parameter ravine for the momentum lesson: C(θ) = ½(s·θ₁² + g·θ₂²), steep across
// (curvature s) and gentle along (curvature g ≪ s). Gradient descent on it runs the
// engine's own update kernels (src/engine/update.ts), so the toy steps by exactly the
// rule the network uses: θ := θ − α∇C, or v := α∇C + μv, θ := θ − v (report eq. 19).

import { applyMomentum, applySgd } from '../engine/update';

export interface RavineSpec {
  /** Curvature across the ravine (θ₁) and along it (θ₂). */
  readonly steep: number;
  readonly gentle: number;
  /** Where the descent starts. */
  readonly start: readonly [number, number];
}

export interface RavineRun {
  /** θ after 0, 1, …, steps updates. */
  readonly path: readonly (readonly [number, number])[];
  /** C at each point of the path. */
  readonly losses: readonly number[];
}

export function ravineLoss(spec: Pick<RavineSpec, 'steep' | 'gentle'>, theta: readonly [number, number]): number {
  return 0.5 * (spec.steep * theta[0] * theta[0] + spec.gentle * theta[1] * theta[1]);
}

export const MAX_RAVINE_STEPS = 100_000;

function checkSpec(spec: RavineSpec, steps: number, learningRate: number, momentum: number): void {
  if (!(spec.steep > 0 && spec.gentle > 0)) throw new RangeError('the ravine needs positive curvatures');
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_RAVINE_STEPS) throw new RangeError(`steps must be a whole number in 0 … ${MAX_RAVINE_STEPS}`);
  if (!(learningRate > 0)) throw new RangeError('the learning rate must be positive');
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError('the momentum must be in [0, 1)');
}

/** `steps` updates from spec.start with learning rate α and momentum μ (μ = 0: plain SGD). */
export function descend(spec: RavineSpec, steps: number, learningRate: number, momentum: number): RavineRun {
  checkSpec(spec, steps, learningRate, momentum);
  let theta = Float64Array.from(spec.start);
  let velocity = new Float64Array(2);
  const path: (readonly [number, number])[] = [[theta[0], theta[1]]];
  const losses = [ravineLoss(spec, spec.start)];
  const gradient = new Float64Array(2);
  for (let t = 0; t < steps; t++) {
    // ∇C = (s·θ₁, g·θ₂)
    gradient[0] = spec.steep * theta[0];
    gradient[1] = spec.gentle * theta[1];
    const next = new Float64Array(2);
    if (momentum === 0) {
      applySgd(theta, gradient, learningRate, next);
    } else {
      const nextVelocity = new Float64Array(2);
      applyMomentum(theta, velocity, gradient, learningRate, momentum, next, nextVelocity);
      velocity = nextVelocity;
    }
    theta = next;
    path.push([theta[0], theta[1]]);
    losses.push(ravineLoss(spec, [theta[0], theta[1]]));
  }
  return { path, losses };
}

/** The first step count after which C < tolerance, or −1 if `maxSteps` updates do not get there. */
export function stepsToReach(spec: RavineSpec, tolerance: number, learningRate: number, momentum: number, maxSteps = 10_000): number {
  const run = descend(spec, maxSteps, learningRate, momentum);
  return run.losses.findIndex((c) => c < tolerance);
}
