// The app's secondary text colour (--muted, global.css: its one home) reads at WCAG AA — 4.5:1
// for normal text — on white and on every tint it is set on. The selected training preset's
// #fef3c7 is where the old #64748b fell short (4.27:1, axe's color-contrast on the training screen).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(__dirname, '../../src/views/global.css'), 'utf8');
const token = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css)?.[1];

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(colour: string): number {
  const { r, g, b } = rgb(colour);
  const [R, G, B] = [r, g, b].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Where muted text sits: the page and panels, the selected preset, banners, hints, the answer feedback.
const TINTS = { white: '#ffffff', 'selected preset': '#fef3c7', 'code and hover': '#f1f5f9', banner: '#eff6ff', 'lesson card': '#f5f7ff', 'correct answer': '#ccfbf1', 'lesson hint': '#fffbeb' };

describe('secondary text contrast', () => {
  it('the WCAG formula gives the known ratios (black on white 21, #777 on white 4.48)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('--muted is at least 4.5:1 on the page, the panels and every tint', () => {
    const muted = token('muted')!;
    const backgrounds = { ...TINTS, '--bg': token('bg')!, '--panel': token('panel')! };
    const low = Object.entries(backgrounds)
      .map(([where, background]) => ({ where, ratio: Number(contrast(muted, background).toFixed(2)) }))
      .filter(({ ratio }) => ratio < 4.5);
    expect(low).toEqual([]);
  });
});

// A colour token is written once, in global.css. A component that repeats it as a fallback —
// var(--muted, #64748b) — writes a second colour that silently disagrees with the checked one
// the day the token changes (37 such copies still carried the old, too-light #64748b).
describe('the colour tokens have one home', () => {
  const tokens = [...css.matchAll(/^\s*--([a-z-]+):/gm)].map((m) => m[1]);

  it('global.css defines the tokens the components use', () => {
    expect(tokens).toEqual(expect.arrayContaining(['bg', 'panel', 'ink', 'muted', 'line', 'accent', 'focus']));
  });

  it('no component repeats a token with a fallback colour', () => {
    const root = resolve(__dirname, '../../src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(svelte|css|ts)$/.test(f));
    const fallback = new RegExp(`var\\(--(${tokens.join('|')}),`, 'g');
    const copies = files.flatMap((f) => [...readFileSync(resolve(root, f), 'utf8').matchAll(fallback)].map((m) => `${f}: ${m[0]}`));
    expect(copies).toEqual([]);
  });
});
