// Counts with their nouns, and the units of sizes, durations and percentages.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, grouped, megabytes, noun, percent, plural } from '../../src/format';

describe('counts', () => {
  it('grouped writes an exact integer with separators, never m × 10ᵉ', () => {
    expect(grouped(6422528)).toBe('6,422,528');
    expect(grouped(0)).toBe('0');
    expect(grouped(1204.4)).toBe('1,204');
  });
  it('plural takes the singular for one and only one', () => {
    expect(plural(1, 'frame')).toBe('1 frame');
    expect(plural(0, 'frame')).toBe('0 frames');
    expect(plural(2, 'question')).toBe('2 questions');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(45000, 'example')).toBe('45,000 examples');
    expect(noun(1, 'try', 'tries')).toBe('try');
    expect(noun(2, 'try', 'tries')).toBe('tries');
  });
});

describe('units', () => {
  it('sizes in binary (memory) and decimal (files) units', () => {
    expect(formatBytes(3 * 2 ** 20)).toBe('3.0 MiB');
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.50 GiB');
    expect(megabytes(216_000_000)).toBe('216 MB');
    expect(megabytes(1_500_000)).toBe('1.5 MB');
  });
  it('durations and percentages', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(65)).toBe('1 min 05 s');
    expect(percent(0.98765)).toBe('98.77 %');
    expect(percent(0.5, 1)).toBe('50.0 %');
  });
});
