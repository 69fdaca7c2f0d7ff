// Colour domains that stay put while the learner steps, so a colour means the same number
// from one step to the next: a quantity's domain is fixed the first time it has values
// (or is its natural range, e.g. [0, 1] for a sigmoid), and changes only on "rescale" —
// or when a new session arrives (a reset, a loaded file, a trainer's hand-over), whose
// numbers may have another range altogether (SessionDomains).

import { checkDomain, sequentialDomain, symmetricDomain, type Domain } from './colour';

export interface DomainRequest {
  /** Identifies the quantity across frames (MatrixData.key). */
  readonly key: string;
  readonly values: ArrayLike<number> | null;
  readonly scale: 'diverging' | 'sequential';
  /** Used instead of the data when the quantity has a natural range. */
  readonly naturalDomain?: Domain | null;
}

/** The domain the values call for: the natural range, or nice [−m, m] / [0, m] from the data. */
export function domainFromValues(request: DomainRequest): Domain {
  if (request.naturalDomain) {
    checkDomain(request.naturalDomain);
    return request.naturalDomain;
  }
  const values = request.values ?? [];
  return request.scale === 'diverging' ? symmetricDomain(values) : sequentialDomain(values);
}

/** Remembers one domain per key; a quantity without values yet has no domain (null). */
export class DomainMemory {
  private readonly fixed = new Map<string, Domain>();

  /** The fixed domain of `request.key`, fixing it from the values on first sight. */
  domainOf(request: DomainRequest): Domain | null {
    const known = this.fixed.get(request.key);
    if (known) return known;
    if (!request.values && !request.naturalDomain) return null;
    const domain = domainFromValues(request);
    this.fixed.set(request.key, domain);
    return domain;
  }

  /** Refit these quantities to their current values (natural ranges stay); others keep theirs. */
  rescale(requests: readonly DomainRequest[]): void {
    for (const request of requests) {
      if (request.values || request.naturalDomain) this.fixed.set(request.key, domainFromValues(request));
      else this.fixed.delete(request.key);
    }
  }

  forget(): void {
    this.fixed.clear();
  }

  get size(): number {
    return this.fixed.size;
  }
}

/**
 * The domains of one screen: fixed per quantity while the learner steps, forgotten when the
 * session changes — `session` is any value that is the same object for the whole of a session
 * and a new one for the next (the debugger machine's plan: a step keeps it, a reset or a load,
 * e.g. "pause and debug", makes a new one) — and refitted together on rescale().
 */
export class SessionDomains {
  private readonly memory = new DomainMemory();
  private session: unknown = undefined;

  /** The fixed domain of the request's quantity in `session`; null until it has values. */
  domainOf(request: DomainRequest, session: unknown): Domain | null {
    if (session !== this.session) {
      this.memory.forget();
      this.session = session;
    }
    return this.memory.domainOf(request);
  }

  /** Refit every domain to the values current at its next use. */
  rescale(): void {
    this.memory.forget();
  }
}
