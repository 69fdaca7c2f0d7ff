// A screen's colour domains, shared by all of its drawings (network, inspector, before/after,
// matrices; in a lesson also the tiny net): fixed per quantity the first time it is seen,
// refitted when a new session arrives (a reset, a loaded file, a trainer's hand-over — see
// SessionDomains in src/render/domains.ts) and together on "Rescale colours".

import type { ColourLut, Domain } from '../../render/colour';
import { SessionDomains } from '../../render/domains';
import type { ScaleChoice } from '../../render/quantity-colours';

export class ColourDomains {
  /** Bumped on rescale: views that read a domain re-derive. */
  version = $state(0);
  private readonly domains = new SessionDomains();

  /** The fixed domain of a quantity of `session` (the machine's plan); null until it has values. */
  domainOf(choice: ScaleChoice, session: unknown): Domain | null {
    void this.version;
    return this.domains.domainOf(choice.request, session);
  }

  /** The LUT and fixed domain of a quantity that has values (or a natural range). */
  colours(choice: ScaleChoice, session: unknown): { lut: ColourLut; domain: Domain } {
    const domain = this.domainOf(choice, session);
    if (!domain) throw new RangeError(`no colour domain for ${choice.request.key}: it has no values yet`);
    return { lut: choice.lut, domain };
  }

  /** Refit every domain to the values current at its next use. */
  rescale(): void {
    this.domains.rescale();
    this.version++;
  }
}
