// The app's URL, as one typed value: which screen, and for lessons which lesson and step.
// Hash routes (#/debug, #/train, #/lessons/chain-rule/3) work on any static host, and a
// teacher can link straight to a lesson step.

export type Screen = 'debug' | 'train' | 'lessons';

export interface Route {
  readonly screen: Screen;
  /** Lesson id (its file name without .md), on the lessons screen. */
  readonly lesson?: string;
  /** 1-based step of that lesson. */
  readonly step?: number;
}

export const DEFAULT_ROUTE: Route = { screen: 'debug' };

const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'train':
      return { screen: 'train' };
    case 'lessons': {
      const lesson = parts[1] && LESSON_ID.test(parts[1]) ? parts[1] : undefined;
      const step = lesson && parts[2] && /^\d+$/.test(parts[2]) && Number(parts[2]) >= 1 ? Number(parts[2]) : undefined;
      return lesson ? (step ? { screen: 'lessons', lesson, step } : { screen: 'lessons', lesson }) : { screen: 'lessons' };
    }
    case 'debug':
    default:
      return DEFAULT_ROUTE;
  }
}

export function formatRoute(route: Route): string {
  if (route.screen !== 'lessons' || !route.lesson) return `#/${route.screen}`;
  return route.step ? `#/lessons/${encodeURIComponent(route.lesson)}/${route.step}` : `#/lessons/${encodeURIComponent(route.lesson)}`;
}
