// Every string of HTML the page shows with {@html} passes through here (a test holds every
// component to it). Lessons are files like any other — shared between teachers, opened
// from anywhere — so their HTML goes through DOMPurify's allow-list: no scripts, event
// handlers, iframes, <style>, forms or javascript: URLs; ids are prefixed so a lesson cannot
// shadow the page's own. KaTeX's output is held to a second allow-list that keeps what
// KaTeX needs (inline styles for its layout, the MathML a screen reader reads) and nothing
// more; author HTML gets no style attributes at all.

import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { MATH_SLOT, type Rendered } from '../lessons/render';

/** Tags DOMPurify would allow that a lesson has no use for and could misuse (restyling or fake forms). */
const FORBID_TAGS = ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'dialog', 'template'];
/** Removed together with what is inside them (the TeX source KaTeX keeps for copy and paste). */
const FORBID_CONTENTS = ['annotation', 'annotation-xml'];

const AUTHOR: Config = {
  FORBID_TAGS,
  FORBID_ATTR: ['style', 'srcset', 'target', 'formaction'],
  ADD_FORBID_CONTENTS: FORBID_CONTENTS,
  SANITIZE_NAMED_PROPS: true,
};

const KATEX: Config = {
  FORBID_TAGS,
  ADD_TAGS: ['semantics'],
  ADD_FORBID_CONTENTS: FORBID_CONTENTS,
  SANITIZE_NAMED_PROPS: true,
};

/** A URL that leaves the page: a scheme other than the page's own relative ones. */
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

let purifier: Purifier | null = null;

function purify(): Purifier {
  if (purifier) return purifier;
  if (typeof window === 'undefined' || !DOMPurify.isSupported) {
    throw new Error('safe-html needs a DOM (the page, or a jsdom test)');
  }
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeAttribute', (node, data) => {
    // Images come from the site itself or are inline data (the CSP would block others anyway).
    if (data.attrName === 'src' && ABSOLUTE_URL.test(data.attrValue) && !/^data:image\//i.test(data.attrValue)) data.keepAttr = false;
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    // A link out of the app opens beside it, so the learner's place is kept.
    if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = instance;
  return instance;
}

/** KaTeX's HTML (or its error, as escaped source), sanitised. */
export function safeTexHtml(html: string): string {
  return purify().sanitize(html, KATEX) as string;
}

/** A lesson text rendered by src/lessons/render.ts, sanitised, with its formulas put back. */
export function safeLessonHtml(rendered: Rendered): string {
  const body = purify().sanitize(rendered.html, AUTHOR) as string;
  // A slot the author forged can only repeat one of this text's own formulas.
  return body.replace(MATH_SLOT, (_, index: string) => {
    const tex = rendered.math[Number(index)];
    return tex === undefined ? '' : safeTexHtml(tex);
  });
}
