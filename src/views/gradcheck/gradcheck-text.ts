// The gradient check's words: what each verdict says (its numbers are written by src/format).

import type { Verdict } from '../../session/gradient-check';

/** The verdict on a relative error, in a word. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  agrees: 'agree',
  close: 'close',
  doubtful: 'doubtful',
  wrong: 'disagree',
};
