// Colour domains that stay put while the learner steps, so a colour means the same number
// from one step to the next: a quantity's domain is fixed the first time it has values
// (or is its natural range, e.g. [0, 1] for a sigmoid), and changes only on "rescale".

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
