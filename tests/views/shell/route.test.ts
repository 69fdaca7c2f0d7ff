import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../src/views/shell/route';

describe('routes', () => {
  it('parses every screen and lesson steps', () => {
    expect(parseRoute('')).toEqual({ screen: 'debug' });
    expect(parseRoute('#/train')).toEqual({ screen: 'train' });
    expect(parseRoute('#/lessons')).toEqual({ screen: 'lessons' });
    expect(parseRoute('#/lessons/chain-rule')).toEqual({ screen: 'lessons', lesson: 'chain-rule' });
    expect(parseRoute('#/lessons/chain-rule/4')).toEqual({ screen: 'lessons', lesson: 'chain-rule', step: 4 });
  });

  it("keeps a debugger link's query as written (session/debugger-link.ts reads it); other screens take none", () => {
    expect(parseRoute('#/debug?v=1&epoch=2')).toEqual({ screen: 'debug', link: 'v=1&epoch=2' });
    expect(parseRoute('#/debug?')).toEqual({ screen: 'debug' });
    expect(parseRoute('#/train?v=1')).toEqual({ screen: 'train' });
  });

  it('ignores what it cannot read instead of failing', () => {
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'debug' });
    expect(parseRoute('#/lessons/Bad Id/2')).toEqual({ screen: 'lessons' });
    expect(parseRoute('#/lessons/x/0')).toEqual({ screen: 'lessons', lesson: 'x' });
    expect(parseRoute('#/lessons/x/two')).toEqual({ screen: 'lessons', lesson: 'x' });
  });

  it('round-trips', () => {
    for (const hash of ['#/debug', '#/debug?v=1&epoch=2&unit=1.6&tab=%zz', '#/train', '#/lessons', '#/lessons/momentum', '#/lessons/momentum/12']) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
});

describe('addresses the app cannot read', () => {
  it('a malformed %-escape is left out and named, never thrown', () => {
    for (const [hash, screen] of [
      ['#/%', 'debug'],
      ['#/lessons/%E0%A4%A', 'lessons'],
      ['#/train/%zz', 'train'],
    ] as const) {
      const route = parseRoute(hash);
      expect(route.screen).toBe(screen);
      expect(route.problems).toHaveLength(1);
      expect(route.problems![0]).toContain('malformed %-escape');
    }
    expect(parseRoute('#/lessons/%E0%A4%A')).toEqual({ screen: 'lessons', problems: [expect.stringContaining('“%E0%A4%A”')] });
  });

  it('a well-formed escape still decodes', () => {
    expect(parseRoute('#/lessons/chain%2Drule/2')).toEqual({ screen: 'lessons', lesson: 'chain-rule', step: 2 });
  });
});
