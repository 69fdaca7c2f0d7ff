// The app's URL, as one typed value: which screen, and for lessons which lesson and step.
// Hash routes (#/debug, #/train, #/lessons/chain-rule/3) work on any static host, and a
// teacher can link straight to a lesson step. An address the app cannot read opens what it
// can make out of it, and says what it left out (`problems`): a link never blanks the page.

export type Screen = 'debug' | 'train' | 'lessons';

export interface Route {
  readonly screen: Screen;
  /** Lesson id (its file name without .md), on the lessons screen. */
  readonly lesson?: string;
  /** 1-based step of that lesson. */
  readonly step?: number;
  /** On the debugger: the state it links to, as a query (`v=1&net=…`: session/debugger-link.ts), kept undecoded. */
  readonly link?: string;
  /** What the address held that could not be read, one sentence each (shown as notices). */
  readonly problems?: readonly string[];
}

export const DEFAULT_ROUTE: Route = { screen: 'debug' };

const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;

/** decodeURIComponent, or null (with the problem named) for a malformed %-escape such as "%zz" or a cut-off UTF-8 sequence. */
export function decodePart(part: string, problems: string[]): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    problems.push(`The address has a malformed %-escape in “${part}”; that part was left out.`);
    return null;
  }
}

function withProblems(route: Route, problems: readonly string[]): Route {
  return problems.length ? { ...route, problems } : route;
}

export function parseRoute(hash: string): Route {
  const problems: string[] = [];
  const [path, ...query] = hash.replace(/^#\/?/, '').split('?');
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((part) => decodePart(part, problems));
  switch (parts[0]) {
    case 'train':
      return withProblems({ screen: 'train' }, problems);
    case 'lessons': {
      const id = parts[1];
      const lesson = id && LESSON_ID.test(id) ? id : undefined;
      const step = lesson && parts[2] && /^\d+$/.test(parts[2]) && Number(parts[2]) >= 1 ? Number(parts[2]) : undefined;
      const route: Route = lesson ? (step ? { screen: 'lessons', lesson, step } : { screen: 'lessons', lesson }) : { screen: 'lessons' };
      return withProblems(route, problems);
    }
    case 'debug':
      return withProblems(query.join('?') && parts.length === 1 ? { screen: 'debug', link: query.join('?') } : DEFAULT_ROUTE, problems);
    default:
      return withProblems(DEFAULT_ROUTE, problems);
  }
}

export function formatRoute(route: Route): string {
  if (route.screen === 'debug' && route.link) return `#/debug?${route.link}`;
  if (route.screen !== 'lessons' || !route.lesson) return `#/${route.screen}`;
  return route.step ? `#/lessons/${encodeURIComponent(route.lesson)}/${route.step}` : `#/lessons/${encodeURIComponent(route.lesson)}`;
}
