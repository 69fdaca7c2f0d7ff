// The bundle's own rules (bundle.ts), for the lessons deltascope ships only: a teacher's
// shorter lesson beside them is not held to them (own-lesson.test.ts).
import { describe, expect, it } from 'vitest';
import { BUNDLED_LESSONS, bundleProblems } from './bundle';
import { diskCatalog } from './helpers';

describe('the bundled lessons', () => {
  const catalog = diskCatalog();

  it('are all there, at least ten, each of 6–15 steps with at least two questions, each in its own place', () => {
    expect(bundleProblems(catalog.lessons)).toEqual([]);
  });

  it('the check can fail: a bundled lesson cut to three steps, or missing', () => {
    const tiny = catalog.lessons.find((l) => l.id === 'tiny-net')!;
    const cut = { ...tiny, steps: tiny.steps.slice(0, 3), questionCount: 1 };
    expect(bundleProblems([...catalog.lessons.filter((l) => l !== tiny), cut])).toEqual(['tiny-net: 3 steps, not 6–15', 'tiny-net: 1 question, not at least 2']);
    expect(bundleProblems(catalog.lessons.filter((l) => l !== tiny))).toEqual(['tiny-net: missing']);
    // Nine of them left: too few.
    const nine = catalog.lessons.filter((l) => BUNDLED_LESSONS.slice(1, 10).includes(l.id));
    const gone = BUNDLED_LESSONS.filter((id) => !nine.some((l) => l.id === id));
    expect(bundleProblems(nine)).toEqual([...gone.map((id) => `${id}: missing`), '9 bundled lessons, not at least 10']);
  });
});
