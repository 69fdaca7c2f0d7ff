// Rendering the report's equations (their TeX lives in src/notation/report-equations.ts) and
// any lesson TeX with KaTeX. A term a lesson may highlight is wrapped in a macro \T<name>{…};
// renderTex() defines each such macro as a plain group or as a highlighted one, so
// highlighting is data (a term name), never DOM work.

import katex from 'katex';

const TERM_MACRO = /\\T([A-Za-z]+)\{/g;

/** The term names a TeX string marks with \T<name>{…}. */
export function termsOf(tex: string): Set<string> {
  return new Set(Array.from(tex.matchAll(TERM_MACRO), (m) => m[1]));
}

/** Renders TeX to HTML with KaTeX; the listed terms are wrapped in a highlight class. */
export function renderTex(tex: string, options: { displayMode?: boolean; highlight?: readonly string[] } = {}): string {
  const highlight = new Set(options.highlight ?? []);
  const macros: Record<string, string> = {};
  for (const term of termsOf(tex)) macros[`\\T${term}`] = highlight.has(term) ? String.raw`\htmlClass{ds-term-highlight}{#1}` : '{#1}';
  return katex.renderToString(tex, {
    displayMode: options.displayMode ?? false,
    throwOnError: true,
    macros,
    trust: (context) => context.command === '\\htmlClass',
    strict: 'ignore',
    output: 'htmlAndMathml',
  });
}

/** Why this TeX does not render, or null. */
export function texProblem(tex: string): string | null {
  try {
    renderTex(tex);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^KaTeX parse error: /, '');
  }
}
