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

  it('ignores what it cannot read instead of failing', () => {
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'debug' });
    expect(parseRoute('#/lessons/Bad Id/2')).toEqual({ screen: 'lessons' });
    expect(parseRoute('#/lessons/x/0')).toEqual({ screen: 'lessons', lesson: 'x' });
    expect(parseRoute('#/lessons/x/two')).toEqual({ screen: 'lessons', lesson: 'x' });
  });

  it('round-trips', () => {
    for (const hash of ['#/debug', '#/train', '#/lessons', '#/lessons/momentum', '#/lessons/momentum/12']) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
});
