// The debugger screen's colour domains, shared by its views: fixed per quantity the first
// time it is seen (src/render/domains.ts), forgotten when a new session starts (a reset or
// a load makes a new plan), and refitted together on "Rescale colours".

import type { ColourLut, Domain } from '../../render/colour';
import { DomainMemory, type DomainRequest } from '../../render/domains';

export interface ScaleChoice {
  readonly lut: ColourLut;
  readonly request: DomainRequest;
}

export class ColourDomains {
  /** Bumped on rescale: views that read a domain re-derive. */
  version = $state(0);
  private readonly memory = new DomainMemory();
  private session: unknown = null;

  /** The LUT and fixed domain of a quantity of `session` (the machine's plan). */
  colours(choice: ScaleChoice, session: unknown): { lut: ColourLut; domain: Domain } {
    void this.version;
    if (session !== this.session) {
      this.memory.forget();
      this.session = session;
    }
    return { lut: choice.lut, domain: this.memory.domainOf(choice.request)! };
  }

  /** Refit every domain to the values current at its next use. */
  rescale(): void {
    this.memory.forget();
    this.version++;
  }
}
