// A learner's file, JSON or npz, told apart by its first bytes (an npz is a zip).

import { fileBudgetProblem } from '../engine/budgets';
import { FormatError } from '../engine/io';
import type { LearnerTrace } from './learner-trace';
import { readLearnerJson } from './learner-json';
import { isZip, readLearnerNpz } from './learner-npz';
import type { LayerShape } from './quantities';

/** The bytes of a learner's trace (JSON text or an .npz) → their arrays. Throws FormatError. */
export function readLearnerTrace(bytes: Uint8Array, shape: LayerShape, source: string): LearnerTrace {
  const tooLarge = fileBudgetProblem(bytes.length);
  if (tooLarge) throw new FormatError(source, '', tooLarge);
  if (isZip(bytes)) return readLearnerNpz(bytes, shape, source);
  return readLearnerJson(new TextDecoder('utf-8').decode(bytes), shape, source);
}
