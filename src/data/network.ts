// Network failures named as such. fetch() rejects with a bare TypeError ("Failed to fetch")
// when no answer comes at all — offline, DNS, a refused connection — which says nothing to
// a learner; these helpers turn it into a sentence that names the network. No DOM use:
// they run in the page and in module workers alike.

/** A request that got no answer from the server (as opposed to an HTTP error status). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** True when the browser itself says it has no network (false where it cannot tell). */
export function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** One sentence on why `what` could not be fetched when no answer came. */
export function networkProblem(what: string): string {
  return browserOffline()
    ? `${what} could not be downloaded: this browser is offline. Reconnect to the network and reload.`
    : `${what} could not be downloaded: the network did not answer (no connection to the server). Check the connection and reload.`;
}

/** fetch(), with "no answer at all" rethrown as a NetworkError that names the network and the URL. */
export async function fetchOrExplain(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    if (cause instanceof TypeError) throw new NetworkError(networkProblem(url), { cause });
    throw cause;
  }
}

/**
 * Whether the site's own server is out of reach: the browser says it is offline, or a
 * HEAD request for the site's root gets no answer. Used to explain a failure that came
 * without a reason (a module worker whose script could not be fetched reports none).
 */
export async function serverUnreachable(baseUrl: string): Promise<boolean> {
  if (browserOffline()) return true;
  try {
    await fetch(baseUrl, { method: 'HEAD', cache: 'no-store' });
    return false;
  } catch {
    return true;
  }
}
