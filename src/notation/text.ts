// Sub- and superscript digits and letters for plain-text symbols (the status line, the
// phase ribbon, tooltips, the CLI): the text twin of TeX's _{…} and ^{…}.

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** The letters the notation puts in subscripts: units i, j, k and the example n. */
const SUBSCRIPT_LETTERS: Readonly<Record<string, string>> = { i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ' };

/** 12 → "₁₂"; "kj" → "ₖⱼ". */
export function subscript(n: number | string): string {
  return String(n).replace(/[0-9ijkn]/g, (c) => (c >= '0' && c <= '9' ? SUBSCRIPT_DIGITS[Number(c)] : SUBSCRIPT_LETTERS[c]));
}

/** 12 → "¹²". */
export function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)]);
}
