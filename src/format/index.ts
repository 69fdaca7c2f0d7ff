// The number formatter: one way to write a number, a count, a size or a date, for every
// folder of src/ (engine to views and the CLI). See number.ts for the rule.

export { formatNumber, formatValue, texNumber, texFactor, parseShown, powerOfTen, PLAIN_FROM, PLAIN_BELOW, type NumberFormat, type Formatted } from './number';
export { grouped, plural, noun } from './count';
export { literalNumber, exactLiteral } from './literal';
export { asShown, workedDigits, MAX_WORKED_DIGITS, type WorkedDigits } from './worked';
export { fixed, formatBytes, megabytes, percent, formatDuration, formatWhen } from './units';
