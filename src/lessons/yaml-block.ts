// A lesson's ```lesson or ```step block read with `yaml`, keeping where each entry stands,
// so that a problem found in a field — by the YAML parser, by zod or by the compiler — is
// reported at its line in the .md file, not at the block's.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export type YamlPath = readonly PropertyKey[];

export interface YamlBlock {
  /** The block's value ({} for an empty block); undefined when it does not parse. */
  readonly value: unknown;
  /** The first YAML error (later ones usually follow from it), at its line of the .md file. */
  readonly error: { readonly message: string; readonly line: number } | null;
  /** Line of the entry at `path`: its key for a map entry, its first line for a list item; the nearest ancestor's when absent. */
  line(path: YamlPath): number;
  /** Line of the first `needle` inside the text at `path` (e.g. a `{{ … }}` in `question.worked`), else the entry's line. */
  lineOf(path: YamlPath, needle: string): number;
}

/**
 * Where a YAML error is: yaml reports an unclosed quote where the text runs out; the
 * author's mistake is where the quote opened (the last such quote before: any later one
 * would have closed it).
 */
function errorOffset(source: string, error: { code: string; message: string; pos: [number, number] }): number {
  const quote = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
  const opened = quote ? source.lastIndexOf(quote, error.pos[0] - 1) : -1;
  return opened >= 0 ? opened : error.pos[0];
}

/** yaml's message, its first line; for TeX's backslash in a "…" string (\delta, \ln), the way out too. */
function yamlMessage(error: { code: string; message: string }): string {
  const message = error.message.split('\n')[0];
  return error.code === 'BAD_DQ_ESCAPE' ? `${message} (in a "…" string write TeX's \\ as \\\\, or use '…' or a | block)` : message;
}

/** Reads the text of a fenced block whose opening fence is on line `fenceLine` of the file. */
export function readYamlBlock(source: string, fenceLine: number): YamlBlock {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  // The block's first line is the one after the fence.
  const lineAt = (offset: number) => fenceLine + counter.linePos(offset).line;
  const first = doc.errors[0];
  const error = first ? { message: yamlMessage(first), line: lineAt(errorOffset(source, first)) } : null;

  /** The node at `path` (null when some part is missing) and the line of the deepest part found. */
  const find = (path: YamlPath): { node: Node | null; line: number } => {
    let node: unknown = doc.contents;
    let line = fenceLine;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) return { node: null, line };
        if (isScalar(pair.key) && pair.key.range) line = lineAt(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
        node = node.items[key];
        const range = (node as Node).range;
        if (range) line = lineAt(range[0]);
      } else {
        return { node: null, line };
      }
    }
    return { node: (node as Node | null) ?? null, line };
  };

  return {
    value: error ? undefined : (doc.toJS() ?? {}),
    error,
    line: (path) => find(path).line,
    lineOf: (path, needle) => {
      const { node, line } = find(path);
      const range = node?.range;
      if (!range) return line;
      const at = source.slice(range[0], range[1]).indexOf(needle);
      return at < 0 ? line : lineAt(range[0] + at);
    },
  };
}
