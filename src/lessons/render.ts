// Lesson text to HTML: Markdown by marked, with two extensions — TeX between $…$ (or a
// $$…$$ block) rendered by KaTeX, and live values {{ … }} filled in from the machine.
// A live value inside TeX is printed as TeX. Problems (a value that cannot be read, TeX
// that does not parse) are collected and shown in place, never thrown at the page.
// The HTML is not yet safe to show: a lesson is a file like any other, and its raw HTML
// passes through marked. The views sanitise it (src/views/safe-html.ts); each formula's
// KaTeX output is kept apart (`math`, marked in the text by MATH_SLOT) so that the author's
// HTML and KaTeX's are each held to their own allow-list.

import { Marked, type Tokens } from 'marked';
import { renderTex } from './tex';
import type { Formatted } from '../format';
import { parsePlaceholder, PLACEHOLDER, type Placeholder } from './template';

/** Gives the live value of a placeholder; throws when it cannot be read. */
export type ValueSource = (placeholder: Placeholder) => Formatted;

export interface Rendered {
  /** The author's Markdown as HTML, unsanitised; formula i stands where `mathSlot(i)` is. */
  readonly html: string;
  /** KaTeX's HTML of each formula, in order. */
  readonly math: readonly string[];
  readonly problems: readonly string[];
}

/** The element that holds the place of formula `index` in Rendered.html. */
export const mathSlot = (index: number) => `<span data-ds-math="${index}"></span>`;
/** Finds every mathSlot in (sanitised) HTML. */
export const MATH_SLOT = /<span data-ds-math="(\d+)"><\/span>/g;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Replaces every {{ … }} in TeX by its value as TeX; unreadable values become a red "?". */
export function fillTex(tex: string, values: ValueSource, problems: string[]): string {
  return tex.replace(PLACEHOLDER, (raw, inner: string) => {
    try {
      return `{${values(parsePlaceholder(raw, inner)).tex}}`;
    } catch (error) {
      problems.push(`${raw}: ${(error as Error).message}`);
      return String.raw`\textcolor{#b91c1c}{?}`;
    }
  });
}

/** TeX (with live values) to HTML; a TeX error is shown as the source in red. */
export function texHtml(tex: string, values: ValueSource, options: { displayMode: boolean; highlight?: readonly string[] }, problems: string[]): string {
  const filled = fillTex(tex, values, problems);
  try {
    return renderTex(filled, options);
  } catch (error) {
    problems.push(`TeX: ${(error as Error).message}`);
    return `<code class="ds-tex-error">${escapeHtml(tex)}</code>`;
  }
}

/** Renders lesson Markdown with its TeX and live values. */
export function renderLessonText(markdown: string, values: ValueSource, highlight: readonly string[] = []): Rendered {
  const problems: string[] = [];
  const math: string[] = [];
  const slot = (html: string) => mathSlot(math.push(html) - 1);
  const marked = new Marked({
    gfm: true,
    async: false,
    extensions: [
      {
        name: 'displayMath',
        level: 'block',
        start: (src: string) => src.match(/^\$\$/m)?.index,
        tokenizer(src: string) {
          const match = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/.exec(src);
          return match ? { type: 'displayMath', raw: match[0], text: match[1].trim() } : undefined;
        },
        renderer: (token: Tokens.Generic) => `<div class="ds-math-display">${slot(texHtml(token.text as string, values, { displayMode: true, highlight }, problems))}</div>\n`,
      },
      {
        name: 'inlineMath',
        level: 'inline',
        start: (src: string) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
        tokenizer(src: string) {
          const match = /^\$((?:\\.|[^\\$\n])+?)\$/.exec(src);
          return match ? { type: 'inlineMath', raw: match[0], text: match[1] } : undefined;
        },
        renderer: (token: Tokens.Generic) => slot(texHtml(token.text as string, values, { displayMode: false, highlight }, problems)),
      },
      {
        name: 'liveValue',
        level: 'inline',
        start: (src: string) => src.indexOf('{{') >= 0 ? src.indexOf('{{') : undefined,
        tokenizer(src: string) {
          const match = /^\{\{([\s\S]*?)\}\}/.exec(src);
          return match ? { type: 'liveValue', raw: match[0], text: match[1] } : undefined;
        },
        renderer(token: Tokens.Generic) {
          try {
            const placeholder = parsePlaceholder(token.raw, token.text as string);
            const value = values(placeholder);
            // A symbol in running text is set as TeX, like the same symbol between $…$.
            if (placeholder.symbol) return slot(renderTex(value.tex, { displayMode: false, highlight }));
            return `<span class="ds-live">${escapeHtml(value.text)}</span>`;
          } catch (error) {
            problems.push(`${token.raw}: ${(error as Error).message}`);
            return `<span class="ds-live ds-live-error" title="${escapeHtml((error as Error).message)}">?</span>`;
          }
        },
      },
    ],
  });
  const html = marked.parse(markdown) as string;
  return { html, math, problems };
}
