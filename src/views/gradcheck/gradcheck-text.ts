// The gradient check's words: what each verdict says, and the ε range as the panel writes it
// (its numbers are written by src/format, × 10ⁿ like every other number there).

import { formatValue } from '../../format';
import { EPSILON_MAX, EPSILON_MIN, SWEEP_EPSILONS, type Verdict } from '../../session/gradient-check';

/** The ε slider's ends: "1 × 10⁻¹⁰ … 0.1". */
export const SLIDER_ENDS = `${formatValue(EPSILON_MIN)} … ${formatValue(EPSILON_MAX)}`;

/** The sweep's first and last ε, largest first: 0.1 and 1 × 10⁻¹⁰. */
export const SWEEP_ENDS = { from: formatValue(Math.max(...SWEEP_EPSILONS)), to: formatValue(Math.min(...SWEEP_EPSILONS)) };

/** The verdict on a relative error, in a word. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  agrees: 'agree',
  close: 'close',
  doubtful: 'doubtful',
  wrong: 'disagree',
};
