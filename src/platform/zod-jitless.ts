// zod without eval: the page's Content-Security-Policy (scripts/content-security-policy.ts)
// refuses eval and new Function, and zod 4 would otherwise probe for them (a CSP violation
// on every load) before compiling its fast object parsers. Imported first by main.ts, so it
// runs before any schema does. (It lives here as the page's adapter to its own CSP.)
import { config } from 'zod';

config({ jitless: true });
