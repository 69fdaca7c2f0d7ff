// A whole step's own numbers read as a learner's trace: every quantity given, under the
// trace format's names. A bug-hunt lesson's debugger runs a step with a planted mistake;
// "Check my numbers" then compares that step's numbers with deltascope's, exactly as it
// compares a learner's file.

import type { Trace } from '../engine/io';
import type { GivenArray, LearnerTrace } from './learner-trace';
import { referenceQuantities } from './quantities';

/**
 * `trace.step` (any step's result on the trace's net and batch) as a LearnerTrace named
 * `source`; its numbers are the lesson's (a planted step), not a learner's, and the diagnosis says so.
 */
export function stepAsLearnerTrace(trace: Trace, source: string): LearnerTrace {
  const arrays = new Map<string, GivenArray>();
  for (const q of referenceQuantities(trace)) {
    arrays.set(q.name, { label: q.name, shape: q.shape, values: Float64Array.from(q.values) });
  }
  return {
    source,
    owner: 'lesson',
    format: 'json',
    arrays,
    settings: { learningRate: trace.rule.learningRate, momentum: trace.rule.momentum, precision: trace.net.precision },
    labels: Array.from(trace.batch.labels, Number),
    examples: trace.batch.size,
  };
}
