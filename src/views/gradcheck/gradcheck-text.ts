// The gradient check's words and numbers: ε and relative errors as it prints them (1e−6,
// 2.5e−7 with a true minus, 1), and what each verdict says.

import type { Verdict } from '../../session/gradient-check';

export function epsText(value: number): string {
  if (value === 1) return '1';
  return value.toExponential(value === Number(value.toExponential(0)) ? 0 : 1).replace('-', '−');
}

/** The verdict on a relative error, in a word. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  agrees: 'agree',
  close: 'close',
  doubtful: 'doubtful',
  wrong: 'disagree',
};
