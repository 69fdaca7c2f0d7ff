// What one view wrote, for the tests that no symbol means two quantities in one view (the
// debugger's views in one-symbol-one-quantity.test.ts, the lessons' steps in
// tests/lessons/lesson-symbols.test.ts): each rendered symbol with the quantities it was written for.
import type { Meaning, SymbolObserver } from '../../src/notation';

/** What one view wrote: each rendered symbol with the quantities it was written for. */
export class ViewSymbols {
  readonly tex = new Map<string, Set<string>>();
  readonly text = new Map<string, Set<string>>();
  readonly observe: SymbolObserver = (symbol, meaning) => {
    const key = meaningKey(meaning);
    for (const [map, shown] of [
      [this.tex, symbol.tex],
      [this.text, symbol.text],
    ] as const) {
      if (!map.has(shown)) map.set(shown, new Set());
      map.get(shown)!.add(key);
    }
  };
  /** Symbols that mean more than one quantity: "\delta_{1} = δ@1#0 | δ@2#1". */
  collisions(): string[] {
    const out: string[] = [];
    for (const [form, map] of [
      ['tex', this.tex],
      ['text', this.text],
    ] as const) {
      for (const [shown, meanings] of map) if (meanings.size > 1) out.push(`${form} ${shown} = ${[...meanings].sort().join(' | ')}`);
    }
    return out;
  }
}

/** A quantity: what, of which layer, which unit (and source unit), which example, one or a batch. A layer's vector and its generic unit are one quantity. */
export function meaningKey(m: Meaning): string {
  return [
    `${m.quantity}@${m.layer}`,
    m.unit === null ? '' : `#${m.unit}`,
    m.from === null ? '' : `<${m.from}`,
    m.example === null || m.example === 'n' ? '' : ` n${m.example}`,
    m.shape === 'matrix' ? ' batch' : '',
  ].join('');
}

