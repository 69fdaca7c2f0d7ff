// src/views/safe-html.ts in jsdom: lesson HTML through DOMPurify's allow-list — no script,
// handler, iframe, <style>, form or javascript: URL survives — while KaTeX's output (inline
// styles, MathML, SVG) still renders; and every {@html} in the components goes through it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../src/lessons/compile';
import { renderLessonText, texHtml, type ValueSource } from '../../src/lessons/render';
import { safeLessonHtml, safeTexHtml } from '../../src/views/safe-html';

const ROOT = join(import.meta.dirname, '..', '..');
const HOSTILE = readFileSync(join(ROOT, 'tests', 'e2e', 'fixtures', 'lessons', 'hostile.md'), 'utf8');
const values: ValueSource = () => ({ text: '1.118', tex: '1.118' });

/** A sanitised lesson text, parsed into a detached element to inspect. */
function shown(markdown: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = safeLessonHtml(renderLessonText(markdown, values));
  return host;
}

function expectInert(host: HTMLElement): void {
  for (const element of host.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) expect(attribute, `${element.tagName} ${attribute}`).not.toMatch(/^on/i);
    for (const attribute of element.attributes) expect(attribute.value, `${element.tagName} ${attribute.name}`).not.toMatch(/javascript|__pwned|^\s*data:text/i);
  }
  expect(host.querySelectorAll('script, style, iframe, object, embed, form, input, button, link, meta, base')).toHaveLength(0);
}

describe('safeLessonHtml', () => {
  const lesson = compileLesson({ file: 'lessons/hostile.md', text: HOSTILE });

  it('removes every payload of the hostile lesson’s prose and keeps the harmless content', () => {
    const host = shown(lesson.steps[0].prose);
    expectInert(host);
    // What is left is plain content: the image without its handler, the details, the links' text.
    expect(host.querySelector('img#user-content-payload-img')?.getAttribute('src')).toBe('x');
    expect(host.querySelector('details')?.textContent).toBe('detailsinside');
    expect(host.textContent).toContain('a raw javascript: link');
    const markdownLink = [...host.querySelectorAll('a')].find((a) => a.textContent === 'a markdown javascript: link');
    expect(markdownLink?.hasAttribute('href')).toBe(false); // marked made it a link; its URL is gone
    expect(host.querySelector('img[alt="image"]')?.hasAttribute('src')).toBe(false);
    // Author HTML gets no style attribute (no overlay); ids are prefixed (no second #app).
    expect(host.querySelector('#user-content-payload-inline-style')?.hasAttribute('style')).toBe(false);
    expect(host.querySelector('#app')).toBeNull();
    expect(host.querySelector('#user-content-app')?.textContent).toBe('a second #app');
    // An outside link opens beside the app, without handing it the page.
    const outside = [...host.querySelectorAll('a')].find((a) => a.textContent === 'the KaTeX site')!;
    expect(outside.getAttribute('href')).toBe('https://katex.org/');
    expect(outside.getAttribute('target')).toBe('_blank');
    expect(outside.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('keeps KaTeX rendering: HTML with its inline styles, MathML without the TeX source, SVG for roots', () => {
    const host = shown(lesson.steps[0].prose);
    const formulas = host.querySelectorAll('.katex');
    expect(formulas.length).toBeGreaterThanOrEqual(5);
    const root = formulas[0];
    expect(root.querySelector('.katex-html')?.getAttribute('aria-hidden')).toBe('true');
    expect(root.querySelector('[style*="height"]')).not.toBeNull();
    expect(root.querySelector('svg path')).not.toBeNull(); // the radical sign of \sqrt
    expect(root.querySelector('math mrow')).not.toBeNull();
    expect(root.querySelector('annotation')).toBeNull();
    expect(root.querySelector('.katex-html')?.textContent).toContain('1.118'); // the live value inside TeX
    expect(host.querySelector('.ds-math-display .katex-display')).not.toBeNull();
    // KaTeX's own \href, \url and a quoted \htmlClass stay inert (trust allows \htmlClass only, and escapes it).
    expectInert(host);
  });

  it('removes the payloads of a question’s prompt, choices and worked explanation', () => {
    const question = lesson.steps[1].spec.question!;
    expect(question.kind).toBe('choice');
    const texts = [question.prompt, question.worked, ...(question.kind === 'choice' ? question.choices.map((c) => c.text) : [])];
    expect(texts).toHaveLength(4);
    for (const text of texts) expectInert(shown(text));
    expect(shown(question.prompt).querySelector('.katex')).not.toBeNull();
  });

  it('lets a forged formula slot repeat only the text’s own formulas', () => {
    const host = shown('$a$ <span data-ds-math="0"></span> <span data-ds-math="7"></span>');
    expect(host.querySelectorAll('.katex')).toHaveLength(2);
    expect(host.innerHTML).not.toContain('data-ds-math');
  });
});

describe('safeTexHtml', () => {
  it('keeps a report equation’s highlight class and layout styles', () => {
    const html = safeTexHtml(texHtml('\\Tdelta{\\delta_j} = f\'(z_j) \\sum_k w_{kj}\\delta_k', values, { displayMode: true, highlight: ['delta'] }, []));
    const host = document.createElement('div');
    host.innerHTML = html;
    expect(host.querySelector('.ds-term-highlight')?.textContent).toContain('δ');
    expect(host.querySelector('[style]')).not.toBeNull();
    expect(host.querySelector('.katex-display math')).not.toBeNull();
  });
});

describe('every {@html} of the components', () => {
  it('goes through safeLessonHtml or safeTexHtml', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.svelte')) files.push(join(dir, entry.name));
      }
    };
    walk(join(ROOT, 'src'));
    const sinks = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\{@html\s+([^}]*)\}/g)].map((m) => ({ file: relative(ROOT, file), expression: m[1] })),
    );
    expect(sinks.length).toBeGreaterThanOrEqual(6);
    expect(sinks.filter((s) => !/^safe(Lesson|Tex)Html\(/.test(s.expression))).toEqual([]);
  });
});
